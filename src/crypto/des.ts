// DES (FIPS 46-3) and TDEA (NIST SP 800-67: 2-key K1‖K2‖K1 and 3-key), table-driven: the S-boxes and the
// P permutation are merged into eight 64-entry tables at load, IP/FP are done with delta swaps, and each
// key schedule is 16 × 8 six-bit subkey chunks computed once (PC-1 and PC-2 by table).
//
// Public API: desCipher(key8), tdesCipher(key16|24), isDesKeyLength(n).

import type { BlockCipher } from "./block-cipher.js";
import { readWord, writeWord } from "./bytes.js";

// FIPS 46-3 S1..S8, row-major (row = b1b6, column = b2b3b4b5).
const S_BOXES = [
	"e4d12fb83a6c5907" + "0f74e2d1a6cb9538" + "41e8d62bfc973a50" + "fc8249175b3ea06d",
	"f18e6b34972dc05a" + "3d47f28ec01a69b5" + "0e7ba4d158c6932f" + "d8a13f42b67c05e9",
	"a09e63f51dc7b428" + "d709346a285ecbf1" + "d6498f30b12c5ae7" + "1ad069874fe3b52c",
	"7de3069a1285bc4f" + "d8b56f03472c1ae9" + "a690cb7df13e5284" + "3f06a1d8945bc72e",
	"2c417ab6853fd0e9" + "eb2c47d150fa3986" + "421bad78f9c5630e" + "b8c71e2d6f09a453",
	"c1af92680d34e75b" + "af427c9561de0b38" + "9ef528c3704a1db6" + "432c95fabe17608d",
	"4b2ef08d3c975a61" + "d0b7491ae35c2f86" + "14bdc37eaf680592" + "6bd814a7950fe23c",
	"d2846fb1a93e50c7" + "1fd8a374c56b0e92" + "7b419ce206adf358" + "21e74a8dfc90356b",
];

// FIPS 46-3 P: output bit i (1-based) is input bit P[i].
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];

// FIPS 46-3 PC-1 (C then D) and PC-2, bit numbers 1-based from the most significant bit.
const PC1 = [
	57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15,
	7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
	14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
	44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/** SP[box * 64 + six-bit input] = P(S_box(input) placed at its nibble). */
const SP = buildSpTable();

function buildSpTable(): Uint32Array {
	const table = new Uint32Array(8 * 64);
	for (let box = 0; box < 8; box++) {
		for (let v = 0; v < 64; v++) {
			const row = ((v >> 4) & 2) | (v & 1);
			const column = (v >> 1) & 15;
			const s = parseInt(S_BOXES[box]![row * 16 + column]!, 16);
			const beforeP = s << (28 - 4 * box);
			let afterP = 0;
			for (let i = 0; i < 32; i++) if ((beforeP >>> (32 - P[i]!)) & 1) afterP |= 1 << (31 - i);
			table[box * 64 + v] = afterP >>> 0;
		}
	}
	return table;
}

/**
 * PC-2 as lookup tables: C (28 bits) and D (28 bits) each read as four 7-bit groups; each entry is the
 * group's contribution to the 24 subkey bits that come from that half (PC-2 takes bits 1–24 from C and
 * 25–48 from D).
 */
const PC2_C = new Int32Array(4 * 128);
const PC2_D = new Int32Array(4 * 128);
for (let group = 0; group < 4; group++) {
	for (let v = 0; v < 128; v++) {
		let c = 0,
			d = 0;
		for (let i = 0; i < 24; i++) {
			const fromC = PC2[i]! - 1; // 0..27
			if (fromC >= 7 * group && fromC < 7 * group + 7 && (v >> (6 - (fromC - 7 * group))) & 1) c |= 1 << (23 - i);
			const fromD = PC2[24 + i]! - 29; // 0..27
			if (fromD >= 7 * group && fromD < 7 * group + 7 && (v >> (6 - (fromD - 7 * group))) & 1) d |= 1 << (23 - i);
		}
		PC2_C[group * 128 + v] = c;
		PC2_D[group * 128 + v] = d;
	}
}

/** PC-1 by key nibble: PC1_C/PC1_D[nibble index (0–15) × 16 + value] = that nibble's bits of C and D. */
const PC1_C = new Int32Array(16 * 16);
const PC1_D = new Int32Array(16 * 16);
for (let i = 0; i < 56; i++) {
	const bit = PC1[i]! - 1; // key bit 0..63, MSB first
	const nibble = bit >> 2;
	for (let v = 0; v < 16; v++) {
		if (((v >> (3 - (bit & 3))) & 1) === 0) continue;
		if (i < 28) PC1_C[nibble * 16 + v]! |= 1 << (27 - i);
		else PC1_D[nibble * 16 + v]! |= 1 << (55 - i);
	}
}

/** Writes the 16 round subkeys of an 8-byte key as 8 six-bit chunks each into `out` at `offset`. */
function scheduleKey(key: Uint8Array, keyOffset: number, out: Uint8Array, offset: number): void {
	let c = 0;
	let d = 0;
	for (let n = 0; n < 16; n++) {
		const byte = key[keyOffset + (n >> 1)]!;
		const v = n & 1 ? byte & 15 : byte >> 4;
		c |= PC1_C[n * 16 + v]!;
		d |= PC1_D[n * 16 + v]!;
	}
	for (let round = 0; round < 16; round++) {
		const s = SHIFTS[round]!;
		c = ((c << s) | (c >>> (28 - s))) & 0x0fffffff;
		d = ((d << s) | (d >>> (28 - s))) & 0x0fffffff;
		const left =
			PC2_C[(c >>> 21) & 127]! | PC2_C[128 + ((c >>> 14) & 127)]! | PC2_C[256 + ((c >>> 7) & 127)]! | PC2_C[384 + (c & 127)]!;
		const right =
			PC2_D[(d >>> 21) & 127]! | PC2_D[128 + ((d >>> 14) & 127)]! | PC2_D[256 + ((d >>> 7) & 127)]! | PC2_D[384 + (d & 127)]!;
		const base = offset + round * 8;
		out[base] = left >>> 18;
		out[base + 1] = (left >>> 12) & 63;
		out[base + 2] = (left >>> 6) & 63;
		out[base + 3] = left & 63;
		out[base + 4] = right >>> 18;
		out[base + 5] = (right >>> 12) & 63;
		out[base + 6] = (right >>> 6) & 63;
		out[base + 7] = right & 63;
	}
}

/** The Feistel network over (l, r) after IP; `direction` 1 walks subkeys forward, -1 backward. */
function rounds(l: number, r: number, subkeys: Uint8Array, offset: number, direction: 1 | -1, out: Uint32Array): void {
	let k = direction === 1 ? offset : offset + 15 * 8;
	const step = direction * 8;
	for (let round = 0; round < 16; round++) {
		// E expansion: chunk j is R bits 4j..4j+5 (1-based, wrapping), read from R rotated right by one.
		const rr = (r >>> 1) | (r << 31);
		const rl = (r << 1) | (r >>> 31);
		const f =
			SP[((rr >>> 26) & 63) ^ subkeys[k]!]! ^
			SP[64 + (((rr >>> 22) & 63) ^ subkeys[k + 1]!)]! ^
			SP[128 + (((rr >>> 18) & 63) ^ subkeys[k + 2]!)]! ^
			SP[192 + (((rr >>> 14) & 63) ^ subkeys[k + 3]!)]! ^
			SP[256 + (((rr >>> 10) & 63) ^ subkeys[k + 4]!)]! ^
			SP[320 + (((rr >>> 6) & 63) ^ subkeys[k + 5]!)]! ^
			SP[384 + (((rr >>> 2) & 63) ^ subkeys[k + 6]!)]! ^
			SP[448 + ((rl & 63) ^ subkeys[k + 7]!)]!;
		const next = l ^ f;
		l = r;
		r = next;
		k += step;
	}
	out[0] = r;
	out[1] = l;
}

/**
 * One DES pass per schedule in `passes` (offset, direction), with IP once before and FP once after. `work`
 * holds the halves between passes: the cipher's own, since a module-level buffer is read-only once
 * Moddable's linker has preloaded the module.
 */
function crypt(
	input: Uint8Array,
	inOffset: number,
	output: Uint8Array,
	outOffset: number,
	subkeys: Uint8Array,
	passes: readonly number[],
	work: Uint32Array,
): void {
	let l = readWord(input, inOffset);
	let r = readWord(input, inOffset + 4);
	let t: number;
	// IP as five delta swaps.
	t = ((l >>> 4) ^ r) & 0x0f0f0f0f;
	r ^= t;
	l ^= t << 4;
	t = ((l >>> 16) ^ r) & 0x0000ffff;
	r ^= t;
	l ^= t << 16;
	t = ((r >>> 2) ^ l) & 0x33333333;
	l ^= t;
	r ^= t << 2;
	t = ((r >>> 8) ^ l) & 0x00ff00ff;
	l ^= t;
	r ^= t << 8;
	t = ((l >>> 1) ^ r) & 0x55555555;
	r ^= t;
	l ^= t << 1;
	for (let p = 0; p < passes.length; p += 2) {
		// FP followed by IP cancels out between the passes of TDEA, so the halves go straight on.
		rounds(l, r, subkeys, passes[p]!, passes[p + 1] as 1 | -1, work);
		l = work[0]!;
		r = work[1]!;
	}
	// FP: the same swaps in reverse order.
	t = ((l >>> 1) ^ r) & 0x55555555;
	r ^= t;
	l ^= t << 1;
	t = ((r >>> 8) ^ l) & 0x00ff00ff;
	l ^= t;
	r ^= t << 8;
	t = ((r >>> 2) ^ l) & 0x33333333;
	l ^= t;
	r ^= t << 2;
	t = ((l >>> 16) ^ r) & 0x0000ffff;
	r ^= t;
	l ^= t << 16;
	t = ((l >>> 4) ^ r) & 0x0f0f0f0f;
	r ^= t;
	l ^= t << 4;
	writeWord(output, outOffset, l);
	writeWord(output, outOffset + 4, r);
}

class DesFamilyCipher implements BlockCipher {
	readonly blockSize = 8;
	readonly #subkeys: Uint8Array;
	readonly #encryptPasses: readonly number[];
	readonly #decryptPasses: readonly number[];
	readonly #work = new Uint32Array(2);

	constructor(key: Uint8Array) {
		const parts = key.length / 8;
		this.#subkeys = new Uint8Array(parts * 128);
		for (let i = 0; i < parts; i++) scheduleKey(key, i * 8, this.#subkeys, i * 128);
		if (parts === 1) {
			this.#encryptPasses = [0, 1];
			this.#decryptPasses = [0, -1];
		} else {
			// TDEA: E_K3(D_K2(E_K1(x))); 2-key option uses K3 = K1 (SP 800-67 §3.2).
			const k3 = parts === 3 ? 256 : 0;
			this.#encryptPasses = [0, 1, 128, -1, k3, 1];
			this.#decryptPasses = [k3, -1, 128, 1, 0, -1];
		}
	}

	encryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		crypt(input, inOffset, output, outOffset, this.#subkeys, this.#encryptPasses, this.#work);
	}

	decryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		crypt(input, inOffset, output, outOffset, this.#subkeys, this.#decryptPasses, this.#work);
	}

	wipe(): void {
		this.#subkeys.fill(0);
	}
}

/** true for 8 (DES), 16 (2-key TDES) and 24 (3-key TDES). */
export function isDesKeyLength(length: number): boolean {
	return length === 8 || length === 16 || length === 24;
}

/** Single DES with an 8-byte key (parity bits ignored). */
export function desCipher(key: Uint8Array): BlockCipher {
	if (key.length !== 8) throw new RangeError(`DES key must be 8 bytes, got ${key.length}`);
	return new DesFamilyCipher(key);
}

/** TDEA with a 16-byte (K1‖K2, K3 = K1) or 24-byte key; an 8-byte key gives single DES (K1 = K2 = K3). */
export function tdesCipher(key: Uint8Array): BlockCipher {
	if (!isDesKeyLength(key.length)) throw new RangeError(`TDES key must be 8, 16 or 24 bytes, got ${key.length}`);
	return new DesFamilyCipher(key);
}
