// Reed–Solomon error-correction codewords for QR Code (ISO/IEC 18004 §7.5.2): arithmetic in GF(2^8) with the
// primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D); the generator of degree n is ∏ (x − α^i), i = 0..n−1.

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
	let x = 1;
	for (let i = 0; i < 255; i++) {
		EXP[i] = x;
		LOG[x] = i;
		x <<= 1;
		if (x & 0x100) x ^= 0x11d;
	}
	for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

export function gfMultiply(a: number, b: number): number {
	return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** Generator polynomial coefficients, highest degree first, leading 1 omitted: `degree` values. */
export function generatorPolynomial(degree: number): Uint8Array {
	let poly = Uint8Array.of(1);
	for (let i = 0; i < degree; i++) {
		const next = new Uint8Array(poly.length + 1);
		for (let j = 0; j < poly.length; j++) {
			next[j] = next[j]! ^ poly[j]!;
			next[j + 1] = next[j + 1]! ^ gfMultiply(poly[j]!, EXP[i]!);
		}
		poly = next;
	}
	return poly.subarray(1);
}

/** The `degree` error-correction codewords of `data`: the remainder of data·x^degree divided by the generator. */
export function reedSolomonRemainder(data: Uint8Array, degree: number): Uint8Array {
	const generator = generatorPolynomial(degree);
	const remainder = new Uint8Array(degree);
	for (const byte of data) {
		const factor = byte ^ remainder[0]!;
		remainder.copyWithin(0, 1);
		remainder[degree - 1] = 0;
		for (let i = 0; i < degree; i++) remainder[i] = remainder[i]! ^ gfMultiply(generator[i]!, factor);
	}
	return remainder;
}
