// Small byte helpers the crypto core shares. Everything works on Uint8Array; no strings of hex here.
//
// Public API: xorInto, xorBytes, concatBytes, constantTimeEqual, zeroise, readWord, writeWord.

/** dst[dstOffset + i] ^= src[srcOffset + i] for i < length. */
export function xorInto(dst: Uint8Array, dstOffset: number, src: Uint8Array, srcOffset: number, length: number): void {
	for (let i = 0; i < length; i++) dst[dstOffset + i]! ^= src[srcOffset + i]!;
}

/** A new array a XOR b (same length). */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length !== b.length) throw new RangeError(`xor of ${a.length} and ${b.length} bytes`);
	const out = a.slice();
	xorInto(out, 0, b, 0, b.length);
	return out;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
	let length = 0;
	for (const p of parts) length += p.length;
	const out = new Uint8Array(length);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Equality whose running time does not depend on where the arrays differ (MAC and check-value checks). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

/** Overwrites each array with zeros (keys, clear PIN digits, intermediate blocks). */
export function zeroise(...arrays: readonly (Uint8Array | undefined)[]): void {
	for (const a of arrays) a?.fill(0);
}

/** The big-endian 32-bit word at `offset` (as a signed int32; use >>> 0 for unsigned). */
export function readWord(bytes: Uint8Array, offset: number): number {
	return (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
}

export function writeWord(bytes: Uint8Array, offset: number, word: number): void {
	bytes[offset] = word >>> 24;
	bytes[offset + 1] = word >>> 16;
	bytes[offset + 2] = word >>> 8;
	bytes[offset + 3] = word;
}
