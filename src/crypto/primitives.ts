// The block ciphers and the keyed hash the secure element computes with, as one set it is given: the
// JavaScript implementations of this folder (host-sim, tests, and the known-answer reference) or Moddable's
// native ones on the device (device/moddable/native-crypto.ts). Everything above takes the set and never asks
// which it has. SM4 has no native implementation in Moddable and stays JavaScript (sm4.ts).
//
// Public API: KeyedHash, CryptoPrimitives, JS_PRIMITIVES.

import { aesCipher } from "./aes.js";
import type { BlockCipher } from "./block-cipher.js";
import { desCipher, tdesCipher } from "./des.js";
import { HmacSha256, pbkdf2Sha256 } from "./pbkdf2-sha256.js";

/** A MAC under a key fixed at construction, for repeated use: HMAC-SHA256 (RFC 2104) here. */
export interface KeyedHash {
	/** The MAC of the parts concatenated. */
	mac(...parts: readonly Uint8Array[]): Uint8Array;
}

export interface CryptoPrimitives {
	/** Single DES, 8-byte key (FIPS 46-3). */
	des(key: Uint8Array): BlockCipher;
	/** TDEA EDE (SP 800-67): 16-byte (K3 = K1) or 24-byte key; 8 bytes give single DES. */
	tdes(key: Uint8Array): BlockCipher;
	/** AES (FIPS 197), 16-, 24- or 32-byte key. */
	aes(key: Uint8Array): BlockCipher;
	/** HMAC-SHA256 (RFC 2104, FIPS 180-4) under `key`. */
	hmacSha256(key: Uint8Array): KeyedHash;
	/** PBKDF2-HMAC-SHA256 (RFC 8018 §5.2); RangeError unless `iterations` and `keyBytes` are ≥ 1. */
	pbkdf2Sha256(password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number): Uint8Array;
}

/** The JavaScript implementations: what host-sim runs, and the reference the native ones are checked against. */
export const JS_PRIMITIVES: CryptoPrimitives = Object.freeze({
	des: desCipher,
	tdes: tdesCipher,
	aes: aesCipher,
	hmacSha256: (key: Uint8Array): KeyedHash => new HmacSha256(key),
	pbkdf2Sha256: (password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number) =>
		pbkdf2Sha256(password, salt, iterations, keyBytes),
});
