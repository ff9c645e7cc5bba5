// SHA-1 (FIPS 180-4 §6.1), one-shot. Only where a standard still prescribes it: the EMV ICC master key
// derivation option B (EMV 4.3 Book 2 Annex A1.4.2) hashes the PAN with it. Not for new designs.
//
// Public API: sha1(data) → 20 bytes.

import { readWord, writeWord } from "./bytes.js";

/** FIPS 180-4 §5.3.1: initial hash value. */
const H0: readonly number[] = Object.freeze([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);

export function sha1(data: Uint8Array): Uint8Array {
	// §5.1.1: 0x80, zeros, then the length in bits as a 64-bit big-endian integer, to a multiple of 64 bytes.
	const blocks = Math.floor((data.length + 8) / 64) + 1;
	const padded = new Uint8Array(blocks * 64);
	padded.set(data);
	padded[data.length] = 0x80;
	const bits = data.length * 8;
	writeWord(padded, padded.length - 8, Math.floor(bits / 0x100000000));
	writeWord(padded, padded.length - 4, bits >>> 0);

	const h = H0.slice();
	// A plain array for the schedule: on XS each typed-array element access is a host call.
	const w: number[] = new Array(80).fill(0);
	for (let at = 0; at < padded.length; at += 64) {
		for (let t = 0; t < 16; t++) w[t] = readWord(padded, at + 4 * t);
		for (let t = 16; t < 80; t++) {
			const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
			w[t] = (x << 1) | (x >>> 31);
		}
		let a = h[0]!;
		let b = h[1]!;
		let c = h[2]!;
		let d = h[3]!;
		let e = h[4]!;
		// §4.1.1 f_t and §4.2.1 K_t by round, a loop for each twenty rounds.
		for (let t = 0; t < 20; t++) {
			const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]!) | 0;
			e = d;
			d = c;
			c = (b << 30) | (b >>> 2);
			b = a;
			a = temp;
		}
		for (let t = 20; t < 40; t++) {
			const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]!) | 0;
			e = d;
			d = c;
			c = (b << 30) | (b >>> 2);
			b = a;
			a = temp;
		}
		for (let t = 40; t < 60; t++) {
			const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[t]!) | 0;
			e = d;
			d = c;
			c = (b << 30) | (b >>> 2);
			b = a;
			a = temp;
		}
		for (let t = 60; t < 80; t++) {
			const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[t]!) | 0;
			e = d;
			d = c;
			c = (b << 30) | (b >>> 2);
			b = a;
			a = temp;
		}
		h[0] = (h[0]! + a) | 0;
		h[1] = (h[1]! + b) | 0;
		h[2] = (h[2]! + c) | 0;
		h[3] = (h[3]! + d) | 0;
		h[4] = (h[4]! + e) | 0;
	}
	const out = new Uint8Array(20);
	for (let i = 0; i < 5; i++) writeWord(out, 4 * i, h[i]!);
	return out;
}
