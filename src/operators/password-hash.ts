// Salted password hashes for operator passwords: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2).
// Sized for XS on a 240 MHz ESP32: 256 iterations are 512 SHA-256 compressions, under 0.15 s in desktop
// xsnap (`npm run bench -- operators`), several times that on the device: a sign-on stays under a couple
// of seconds. 4–8 digit passwords cannot be made unguessable by iteration counts alone; the salt defeats
// precomputed tables, the lockout limits online guessing, and the flash sits inside the tamper-responsive
// enclosure.

import type { RandomSource } from "../../hal/random.js";
import { pbkdf2Sha256 } from "../crypto/pbkdf2-sha256.js";
import { utf8Encode } from "../text/utf8.js";

export const PASSWORD_ITERATIONS = 256;
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;

export interface PasswordHash {
	readonly salt: Uint8Array;
	readonly iterations: number;
	readonly hash: Uint8Array;
}

export function hashPassword(password: string, random: RandomSource, iterations = PASSWORD_ITERATIONS): PasswordHash {
	const salt = new Uint8Array(SALT_BYTES);
	random.fill(salt);
	return { salt, iterations, hash: pbkdf2Sha256(utf8Encode(password), salt, iterations, HASH_BYTES) };
}

/** Compares in time independent of where the bytes differ. */
export function passwordMatches(password: string, stored: PasswordHash): boolean {
	const candidate = pbkdf2Sha256(utf8Encode(password), stored.salt, stored.iterations, HASH_BYTES);
	let diff = candidate.length ^ stored.hash.length;
	for (let i = 0; i < candidate.length; i++) diff |= candidate[i]! ^ (stored.hash[i] ?? 0);
	return diff === 0;
}
