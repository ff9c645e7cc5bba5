// The UnionPay POS "ECB" MAC of field 64 (UnionPay terminal specification Q/CUP 006, 中国银联直联POS终端规范): XOR the zero-padded MAB
// into 8 bytes, expand to 16 ASCII hex characters, encrypt the first half, XOR in the second, encrypt
// again, and send the first 8 hex characters of the result as ASCII.
//
// Public API: unionPayMac(mak, mab) → 8 ASCII bytes (field 64); unionPayMacVerify(mak, mab, field64).

import type { BlockCipher } from "../crypto/block-cipher.js";
import { constantTimeEqual } from "../crypto/bytes.js";

const HEX_UPPER = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46];

/** Upper-case ASCII hex of `bytes[from, from+4)` into `out[at, at+8)`. */
function asciiHex(bytes: Uint8Array, from: number, out: Uint8Array, at: number): void {
	for (let i = 0; i < 4; i++) {
		const b = bytes[from + i]!;
		out[at + 2 * i] = HEX_UPPER[b >> 4]!;
		out[at + 2 * i + 1] = HEX_UPPER[b & 15]!;
	}
}

/** `mak` is single DES (8-byte MAK) or TDES (double-length MAK), as the acquirer uses. */
export function unionPayMac(mak: BlockCipher, mab: Uint8Array): Uint8Array {
	if (mak.blockSize !== 8) throw new RangeError("the UnionPay MAC needs a DES/TDES key");
	// XOR the 8-byte blocks as pairs of 32-bit words: a quarter of the element accesses, which XS pays for dearly.
	// The view's byte order does not matter, since the same view reads the blocks and writes the result.
	const padded = new Uint8Array(Math.ceil(mab.length / 8) * 8);
	padded.set(mab);
	const words = new Uint32Array(padded.buffer);
	let left = 0;
	let right = 0;
	for (let i = 0; i < words.length; i += 2) {
		left ^= words[i]!;
		right ^= words[i + 1]!;
	}
	const r = new Uint8Array(Uint32Array.of(left, right).buffer);
	const block = new Uint8Array(8);
	asciiHex(r, 0, block, 0);
	mak.encryptBlock(block, 0, block, 0);
	const h2 = new Uint8Array(8);
	asciiHex(r, 4, h2, 0);
	for (let i = 0; i < 8; i++) block[i]! ^= h2[i]!;
	mak.encryptBlock(block, 0, block, 0);
	const field64 = new Uint8Array(8);
	asciiHex(block, 0, field64, 0);
	return field64;
}

/** true when `field64` (8 ASCII bytes) is the MAC of `mab`. */
export function unionPayMacVerify(mak: BlockCipher, mab: Uint8Array, field64: Uint8Array): boolean {
	return constantTimeEqual(unionPayMac(mak, mab), field64);
}
