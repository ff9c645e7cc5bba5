// The RSA public-key operation X^e mod n (RSA PKCS #1 v2.2 §5.2.2, RSAVP1; EMV 4.3 Book 2 Annex A2.1), over
// BigInt so it runs in Node and XS alike. EMV's exponents are 3 and 2^16 + 1 (Book 2 §5.1, §11.2): e = 3 is two
// multiplications and two reductions; any other exponent goes by left-to-right square-and-multiply, 16
// squarings and one multiplication for 65537. Also the private operation for simulated cards (host-sim), by the
// Chinese remainder theorem (PKCS #1 §5.1.2, RSADP 2.b).
//
// Public API: bytesToBigInt, bigIntToBytes, modPow, rsaPublic, RsaPrivateKey, rsaPrivate.

/** A big-endian unsigned integer (0 for no bytes), taken 32 bits at a time (no string round trip: XS parses slowly). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
	let x = 0n;
	let at = bytes.length % 4;
	let word = 0;
	for (let i = 0; i < at; i++) word = word * 256 + bytes[i]!;
	if (at > 0) x = BigInt(word);
	for (; at < bytes.length; at += 4) {
		word = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
		x = (x << 32n) | BigInt(word);
	}
	return x;
}

/** `x` as `length` big-endian bytes, 32 bits at a time; undefined when it does not fit. */
export function bigIntToBytes(x: bigint, length: number): Uint8Array | undefined {
	const out = new Uint8Array(length);
	let rest = x;
	let at = length;
	while (at > 0 && rest > 0n) {
		let word = Number(rest & 0xffffffffn);
		rest >>= 32n;
		for (let i = 0; i < 4 && at > 0; i++, word = Math.floor(word / 256)) out[--at] = word & 0xff;
		if (at === 0 && word !== 0) return undefined;
	}
	return rest === 0n ? out : undefined;
}

/** base^exponent mod modulus, left to right over the exponent's bits. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
	const b = base % modulus;
	if (exponent === 3n) return (((b * b) % modulus) * b) % modulus;
	const bits = exponent.toString(2);
	let result = b;
	for (let i = 1; i < bits.length; i++) {
		result = (result * result) % modulus;
		if (bits.charCodeAt(i) === 0x31) result = (result * b) % modulus;
	}
	return exponent === 0n ? 1n % modulus : result;
}

/**
 * `input`^e mod n as many bytes as the modulus has; undefined when the input is not shorter than or as long as
 * the modulus, or is not less than it (RSAVP1 step 1: "signature representative out of range").
 */
export function rsaPublic(modulus: Uint8Array, exponent: Uint8Array, input: Uint8Array): Uint8Array | undefined {
	const n = bytesToBigInt(modulus);
	const x = bytesToBigInt(input);
	if (input.length > modulus.length || x >= n || n === 0n) return undefined;
	return bigIntToBytes(modPow(x, bytesToBigInt(exponent), n), modulus.length);
}

/** The CRT form of a private key (PKCS #1 §3.2 second representation), big-endian byte strings. */
export interface RsaPrivateKey {
	readonly modulus: Uint8Array;
	readonly p: Uint8Array;
	readonly q: Uint8Array;
	/** d mod (p − 1). */
	readonly dp: Uint8Array;
	/** d mod (q − 1). */
	readonly dq: Uint8Array;
	/** q^−1 mod p. */
	readonly qInv: Uint8Array;
}

/** `input`^d mod n by the CRT (RSADP 2.b); undefined when the input is not less than the modulus. */
export function rsaPrivate(key: RsaPrivateKey, input: Uint8Array): Uint8Array | undefined {
	const n = bytesToBigInt(key.modulus);
	const c = bytesToBigInt(input);
	if (c >= n) return undefined;
	const p = bytesToBigInt(key.p);
	const q = bytesToBigInt(key.q);
	const m1 = modPow(c, bytesToBigInt(key.dp), p);
	const m2 = modPow(c, bytesToBigInt(key.dq), q);
	const h = ((((m1 - m2) % p) + p) * bytesToBigInt(key.qInv)) % p;
	return bigIntToBytes(m2 + h * q, key.modulus.length);
}
