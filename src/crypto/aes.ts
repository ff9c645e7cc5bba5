// AES-128/192/256 (FIPS 197), table-driven: the S-box and four encryption and four decryption round
// tables (8 KiB in all) are computed at load from the GF(2^8) definition, not typed in.
//
// Public API: aesCipher(key16|24|32), isAesKeyLength(n).

import type { BlockCipher } from "./block-cipher.js";
import { readWord, writeWord } from "./bytes.js";

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
const TE0 = new Uint32Array(256),
	TE1 = new Uint32Array(256),
	TE2 = new Uint32Array(256),
	TE3 = new Uint32Array(256);
const TD0 = new Uint32Array(256),
	TD1 = new Uint32Array(256),
	TD2 = new Uint32Array(256),
	TD3 = new Uint32Array(256);

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS 197 §4.2). */
function gmul(a: number, b: number): number {
	let p = 0;
	while (b !== 0) {
		if (b & 1) p ^= a;
		a = (a << 1) ^ (a & 0x80 ? 0x11b : 0);
		b >>= 1;
	}
	return p;
}

function buildTables(): void {
	// Multiplicative inverse by exponentiation with generator 3, then the affine map (FIPS 197 §5.1.1).
	const exp = new Uint8Array(256);
	const log = new Uint8Array(256);
	for (let i = 0, x = 1; i < 255; i++) {
		exp[i] = x;
		log[x] = i;
		x = gmul(x, 3);
	}
	for (let v = 0; v < 256; v++) {
		const inv = v === 0 ? 0 : exp[(255 - log[v]!) % 255]!;
		let s = inv;
		for (let r = 1; r < 5; r++) s ^= ((inv << r) | (inv >> (8 - r))) & 0xff;
		s ^= 0x63;
		SBOX[v] = s;
		INV_SBOX[s] = v;
	}
	for (let v = 0; v < 256; v++) {
		const s = SBOX[v]!;
		const e = ((gmul(s, 2) << 24) | (s << 16) | (s << 8) | gmul(s, 3)) >>> 0;
		TE0[v] = e;
		TE1[v] = ((e >>> 8) | (e << 24)) >>> 0;
		TE2[v] = ((e >>> 16) | (e << 16)) >>> 0;
		TE3[v] = ((e >>> 24) | (e << 8)) >>> 0;
		const i = INV_SBOX[v]!;
		const d = ((gmul(i, 14) << 24) | (gmul(i, 9) << 16) | (gmul(i, 13) << 8) | gmul(i, 11)) >>> 0;
		TD0[v] = d;
		TD1[v] = ((d >>> 8) | (d << 24)) >>> 0;
		TD2[v] = ((d >>> 16) | (d << 16)) >>> 0;
		TD3[v] = ((d >>> 24) | (d << 8)) >>> 0;
	}
}
buildTables();

function subWord(w: number): number {
	return (SBOX[w >>> 24]! << 24) | (SBOX[(w >>> 16) & 0xff]! << 16) | (SBOX[(w >>> 8) & 0xff]! << 8) | SBOX[w & 0xff]!;
}

class Aes implements BlockCipher {
	readonly blockSize = 16;
	readonly #rounds: number;
	readonly #enc: Uint32Array;
	/** The decryption schedule, made on first use: DUKPT and CMAC only ever encrypt. */
	#dec: Uint32Array | undefined;

	constructor(key: Uint8Array) {
		const nk = key.length / 4;
		const rounds = nk + 6;
		const total = 4 * (rounds + 1);
		const enc = new Uint32Array(total);
		for (let i = 0; i < nk; i++) enc[i] = readWord(key, 4 * i);
		// Key expansion (FIPS 197 §5.2).
		let rcon = 1;
		for (let i = nk; i < total; i++) {
			let t = enc[i - 1]!;
			if (i % nk === 0) {
				t = subWord((t << 8) | (t >>> 24)) ^ (rcon << 24);
				rcon = gmul(rcon, 2);
			} else if (nk > 6 && i % nk === 4) {
				t = subWord(t);
			}
			enc[i] = enc[i - nk]! ^ t;
		}
		this.#rounds = rounds;
		this.#enc = enc;
	}

	/** Equivalent inverse cipher (FIPS 197 §5.3.5): reversed round keys, InvMixColumns on the inner ones. */
	#decryptionSchedule(): Uint32Array {
		const rounds = this.#rounds;
		const enc = this.#enc;
		const dec = new Uint32Array(enc.length);
		for (let r = 0; r <= rounds; r++) {
			for (let c = 0; c < 4; c++) {
				const w = enc[4 * (rounds - r) + c]!;
				dec[4 * r + c] =
					r === 0 || r === rounds
						? w
						: TD0[SBOX[w >>> 24]!]! ^ TD1[SBOX[(w >>> 16) & 0xff]!]! ^ TD2[SBOX[(w >>> 8) & 0xff]!]! ^ TD3[SBOX[w & 0xff]!]!;
			}
		}
		this.#dec = dec;
		return dec;
	}

	encryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		const k = this.#enc;
		let s0 = readWord(input, inOffset) ^ k[0]!;
		let s1 = readWord(input, inOffset + 4) ^ k[1]!;
		let s2 = readWord(input, inOffset + 8) ^ k[2]!;
		let s3 = readWord(input, inOffset + 12) ^ k[3]!;
		let ki = 4;
		for (let r = 1; r < this.#rounds; r++) {
			const t0 = TE0[s0 >>> 24]! ^ TE1[(s1 >>> 16) & 0xff]! ^ TE2[(s2 >>> 8) & 0xff]! ^ TE3[s3 & 0xff]! ^ k[ki]!;
			const t1 = TE0[s1 >>> 24]! ^ TE1[(s2 >>> 16) & 0xff]! ^ TE2[(s3 >>> 8) & 0xff]! ^ TE3[s0 & 0xff]! ^ k[ki + 1]!;
			const t2 = TE0[s2 >>> 24]! ^ TE1[(s3 >>> 16) & 0xff]! ^ TE2[(s0 >>> 8) & 0xff]! ^ TE3[s1 & 0xff]! ^ k[ki + 2]!;
			const t3 = TE0[s3 >>> 24]! ^ TE1[(s0 >>> 16) & 0xff]! ^ TE2[(s1 >>> 8) & 0xff]! ^ TE3[s2 & 0xff]! ^ k[ki + 3]!;
			s0 = t0;
			s1 = t1;
			s2 = t2;
			s3 = t3;
			ki += 4;
		}
		const S = SBOX;
		writeWord(
			output,
			outOffset,
			((S[s0 >>> 24]! << 24) | (S[(s1 >>> 16) & 0xff]! << 16) | (S[(s2 >>> 8) & 0xff]! << 8) | S[s3 & 0xff]!) ^ k[ki]!,
		);
		writeWord(
			output,
			outOffset + 4,
			((S[s1 >>> 24]! << 24) | (S[(s2 >>> 16) & 0xff]! << 16) | (S[(s3 >>> 8) & 0xff]! << 8) | S[s0 & 0xff]!) ^ k[ki + 1]!,
		);
		writeWord(
			output,
			outOffset + 8,
			((S[s2 >>> 24]! << 24) | (S[(s3 >>> 16) & 0xff]! << 16) | (S[(s0 >>> 8) & 0xff]! << 8) | S[s1 & 0xff]!) ^ k[ki + 2]!,
		);
		writeWord(
			output,
			outOffset + 12,
			((S[s3 >>> 24]! << 24) | (S[(s0 >>> 16) & 0xff]! << 16) | (S[(s1 >>> 8) & 0xff]! << 8) | S[s2 & 0xff]!) ^ k[ki + 3]!,
		);
	}

	decryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		const k = this.#dec ?? this.#decryptionSchedule();
		let s0 = readWord(input, inOffset) ^ k[0]!;
		let s1 = readWord(input, inOffset + 4) ^ k[1]!;
		let s2 = readWord(input, inOffset + 8) ^ k[2]!;
		let s3 = readWord(input, inOffset + 12) ^ k[3]!;
		let ki = 4;
		for (let r = 1; r < this.#rounds; r++) {
			const t0 = TD0[s0 >>> 24]! ^ TD1[(s3 >>> 16) & 0xff]! ^ TD2[(s2 >>> 8) & 0xff]! ^ TD3[s1 & 0xff]! ^ k[ki]!;
			const t1 = TD0[s1 >>> 24]! ^ TD1[(s0 >>> 16) & 0xff]! ^ TD2[(s3 >>> 8) & 0xff]! ^ TD3[s2 & 0xff]! ^ k[ki + 1]!;
			const t2 = TD0[s2 >>> 24]! ^ TD1[(s1 >>> 16) & 0xff]! ^ TD2[(s0 >>> 8) & 0xff]! ^ TD3[s3 & 0xff]! ^ k[ki + 2]!;
			const t3 = TD0[s3 >>> 24]! ^ TD1[(s2 >>> 16) & 0xff]! ^ TD2[(s1 >>> 8) & 0xff]! ^ TD3[s0 & 0xff]! ^ k[ki + 3]!;
			s0 = t0;
			s1 = t1;
			s2 = t2;
			s3 = t3;
			ki += 4;
		}
		const S = INV_SBOX;
		writeWord(
			output,
			outOffset,
			((S[s0 >>> 24]! << 24) | (S[(s3 >>> 16) & 0xff]! << 16) | (S[(s2 >>> 8) & 0xff]! << 8) | S[s1 & 0xff]!) ^ k[ki]!,
		);
		writeWord(
			output,
			outOffset + 4,
			((S[s1 >>> 24]! << 24) | (S[(s0 >>> 16) & 0xff]! << 16) | (S[(s3 >>> 8) & 0xff]! << 8) | S[s2 & 0xff]!) ^ k[ki + 1]!,
		);
		writeWord(
			output,
			outOffset + 8,
			((S[s2 >>> 24]! << 24) | (S[(s1 >>> 16) & 0xff]! << 16) | (S[(s0 >>> 8) & 0xff]! << 8) | S[s3 & 0xff]!) ^ k[ki + 2]!,
		);
		writeWord(
			output,
			outOffset + 12,
			((S[s3 >>> 24]! << 24) | (S[(s2 >>> 16) & 0xff]! << 16) | (S[(s1 >>> 8) & 0xff]! << 8) | S[s0 & 0xff]!) ^ k[ki + 3]!,
		);
	}

	wipe(): void {
		this.#enc.fill(0);
		this.#dec?.fill(0);
	}
}

export function isAesKeyLength(length: number): boolean {
	return length === 16 || length === 24 || length === 32;
}

/** AES with a 16-, 24- or 32-byte key. */
export function aesCipher(key: Uint8Array): BlockCipher {
	if (!isAesKeyLength(key.length)) throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
	return new Aes(key);
}
