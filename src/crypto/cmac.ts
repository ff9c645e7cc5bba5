// CMAC (NIST SP 800-38B; RFC 4493 for AES; ISO 9797-1 MAC algorithm 5) over any BlockCipher.
//
// Public API: cmac(cipher, data) → full block; truncate with subarray.

import type { BlockCipher } from "./block-cipher.js";

/** Doubling in GF(2^b): shift left one bit, XOR Rb (0x87 for 128-bit, 0x1B for 64-bit blocks) on carry (§5.3). */
function double(block: Uint8Array): void {
	const carry = block[0]! >> 7;
	for (let i = 0; i < block.length - 1; i++) block[i] = ((block[i]! << 1) | (block[i + 1]! >> 7)) & 0xff;
	block[block.length - 1] = ((block[block.length - 1]! << 1) & 0xff) ^ (carry ? (block.length === 16 ? 0x87 : 0x1b) : 0);
}

export function cmac(cipher: BlockCipher, data: Uint8Array): Uint8Array {
	const n = cipher.blockSize;
	const subkey = new Uint8Array(n);
	cipher.encryptBlock(subkey, 0, subkey, 0);
	double(subkey);
	const complete = data.length > 0 && data.length % n === 0;
	if (!complete) double(subkey);
	const blocks = data.length === 0 ? 1 : Math.ceil(data.length / n);
	const state = new Uint8Array(n);
	const lastAt = (blocks - 1) * n;
	for (let at = 0; at < lastAt; at += n) {
		for (let i = 0; i < n; i++) state[i]! ^= data[at + i]!;
		cipher.encryptBlock(state, 0, state, 0);
	}
	// Last block: K1 if complete, else padded with 10…0 and K2.
	for (let i = 0; i < n; i++) {
		const at = lastAt + i;
		const byte = at < data.length ? data[at]! : at === data.length ? 0x80 : 0;
		state[i]! ^= byte ^ subkey[i]!;
	}
	cipher.encryptBlock(state, 0, state, 0);
	subkey.fill(0);
	return state;
}
