// Key check values (ANSI X9.24-1:2017 / PCI PIN 15-1): DES/TDES and SM4 encrypt a zero
// block; AES uses the CMAC of a zero block. UnionPay compares the leftmost 4 bytes, Western practice 3,
// AES up to 5.
//
// Public API: desCheckValue(key, length=4), aesCheckValue(key, length=5), sm4CheckValue(key, length=4).

import type { BlockCipher } from "../crypto/block-cipher.js";
import { aesCipher } from "../crypto/aes.js";
import { cmac } from "../crypto/cmac.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { sm4Cipher } from "../crypto/sm4.js";

function encryptZeros(cipher: BlockCipher, length: number): Uint8Array {
	const block = new Uint8Array(cipher.blockSize);
	cipher.encryptBlock(block, 0, block, 0);
	cipher.wipe();
	return block.slice(0, length);
}

/** DES (8-byte key) or TDES (16/24-byte key) check value. */
export function desCheckValue(key: Uint8Array, length = 4, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	return encryptZeros(crypto.tdes(key), length);
}

export function sm4CheckValue(key: Uint8Array, length = 4): Uint8Array {
	return encryptZeros(sm4Cipher(key), length);
}

/** CMAC-based check value for AES keys. */
export function aesCheckValue(key: Uint8Array, length = 5): Uint8Array {
	const cipher = aesCipher(key);
	const mac = cmac(cipher, new Uint8Array(16));
	cipher.wipe();
	return mac.slice(0, length);
}
