// CBC-MACs of ISO/IEC 9797-1:2011: MAC algorithm 1 (plain CBC-MAC) and MAC algorithm 3 (the ANSI X9.19
// "retail MAC": single-DES CBC-MAC under K, then decrypt under K′ and encrypt under K on the last block).
//
// Public API: cbcMac(cipher, data, padding), retailMac(key16, data, padding), x919Mac(key16, data).

import type { BlockCipher } from "../crypto/block-cipher.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { padIso9797, type PaddingMethod } from "./iso9797-padding.js";

function chain(cipher: BlockCipher, padded: Uint8Array): Uint8Array {
	const n = cipher.blockSize;
	const state = new Uint8Array(n);
	for (let at = 0; at < padded.length; at += n) {
		for (let i = 0; i < n; i++) state[i]! ^= padded[at + i]!;
		cipher.encryptBlock(state, 0, state, 0);
	}
	return state;
}

/** ISO 9797-1 MAC algorithm 1: the last CBC block (IV zero), untruncated. */
export function cbcMac(cipher: BlockCipher, data: Uint8Array, padding: PaddingMethod): Uint8Array {
	return chain(cipher, padIso9797(data, padding, cipher.blockSize));
}

/** ISO 9797-1 MAC algorithm 3 with DES and a 16-byte key K‖K′ (8 bytes: K′ = K, i.e. plain DES CBC-MAC). */
export function retailMac(key: Uint8Array, data: Uint8Array, padding: PaddingMethod, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	if (key.length !== 16 && key.length !== 8) throw new RangeError(`retail MAC key must be 8 or 16 bytes, got ${key.length}`);
	const left = crypto.des(key.subarray(0, 8));
	const right = key.length === 16 ? crypto.des(key.subarray(8, 16)) : left;
	const state = chain(left, padIso9797(data, padding, 8));
	if (right !== left) {
		right.decryptBlock(state, 0, state, 0);
		left.encryptBlock(state, 0, state, 0);
	}
	left.wipe();
	right.wipe();
	return state;
}

/** ANSI X9.19 retail MAC: algorithm 3 with padding method 1; 8 bytes (callers keep the leftmost 4 as needed). */
export function x919Mac(key: Uint8Array, data: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	return retailMac(key, data, 1, crypto);
}
