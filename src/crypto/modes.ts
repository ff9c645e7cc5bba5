// ECB and CBC over any BlockCipher (NIST SP 800-38A §6.1, §6.2). No padding: the data must be whole
// blocks (MAC padding is ISO 9797-1's job, in src/mac/iso9797-padding.ts).
//
// Public API: ecbEncrypt, ecbDecrypt, cbcEncrypt, cbcDecrypt.

import type { BlockCipher } from "./block-cipher.js";

function checkWhole(cipher: BlockCipher, data: Uint8Array): void {
	if (data.length % cipher.blockSize !== 0)
		throw new RangeError(`${data.length} bytes is not a whole number of ${cipher.blockSize}-byte blocks`);
}

export function ecbEncrypt(cipher: BlockCipher, data: Uint8Array): Uint8Array {
	checkWhole(cipher, data);
	const out = new Uint8Array(data.length);
	for (let at = 0; at < data.length; at += cipher.blockSize) cipher.encryptBlock(data, at, out, at);
	return out;
}

export function ecbDecrypt(cipher: BlockCipher, data: Uint8Array): Uint8Array {
	checkWhole(cipher, data);
	const out = new Uint8Array(data.length);
	for (let at = 0; at < data.length; at += cipher.blockSize) cipher.decryptBlock(data, at, out, at);
	return out;
}

export function cbcEncrypt(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
	checkWhole(cipher, data);
	const n = cipher.blockSize;
	if (iv.length !== n) throw new RangeError(`IV must be ${n} bytes`);
	const out = new Uint8Array(data.length);
	let chain = iv;
	let chainAt = 0;
	for (let at = 0; at < data.length; at += n) {
		for (let i = 0; i < n; i++) out[at + i] = data[at + i]! ^ chain[chainAt + i]!;
		cipher.encryptBlock(out, at, out, at);
		chain = out;
		chainAt = at;
	}
	return out;
}

export function cbcDecrypt(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
	checkWhole(cipher, data);
	const n = cipher.blockSize;
	if (iv.length !== n) throw new RangeError(`IV must be ${n} bytes`);
	const out = new Uint8Array(data.length);
	for (let at = 0; at < data.length; at += n) {
		cipher.decryptBlock(data, at, out, at);
		const chain = at === 0 ? iv : data;
		const chainAt = at === 0 ? 0 : at - n;
		for (let i = 0; i < n; i++) out[at + i]! ^= chain[chainAt + i]!;
	}
	return out;
}
