// Salted password hashes for operator passwords: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2).
// Sized for the device's native SHA-256 (the secure element's `passwordHash`, device/moddable/native-crypto.ts):
// 600 iterations are estimated at about 135 ms on an ESP32-S3, inside the 150 ms a check may take
// (`npm run bench -- --instructions native`). A stored record keeps its own count, so hashes made with the
// earlier 256 still verify and are rewritten with 600 at the operator's next sign-on. 4–8 digit passwords cannot be made unguessable by iteration counts alone; the salt defeats
// precomputed tables, the lockout limits online guessing, and the flash sits inside the tamper-responsive
// enclosure.

import type { RandomSource } from "../../hal/random.js";
import { pbkdf2Sha256 } from "../crypto/pbkdf2-sha256.js";
import { utf8Encode } from "../text/utf8.js";

export const PASSWORD_ITERATIONS = 600;
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;

export interface PasswordHash {
	readonly salt: Uint8Array;
	readonly iterations: number;
	readonly hash: Uint8Array;
}

/**
 * PBKDF2-HMAC-SHA256 as the unit computes it: the secure element's `passwordHash` (native SHA-256 on the
 * device), or the JavaScript one. Either gives the same bytes, so a stored hash verifies on both.
 */
export type PasswordKdf = (password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number) => Uint8Array;

export function hashPassword(
	password: string,
	random: RandomSource,
	iterations = PASSWORD_ITERATIONS,
	kdf: PasswordKdf = pbkdf2Sha256,
): PasswordHash {
	const salt = new Uint8Array(SALT_BYTES);
	random.fill(salt);
	return { salt, iterations, hash: kdf(utf8Encode(password), salt, iterations, HASH_BYTES) };
}

/** Compares in time independent of where the bytes differ. */
export function passwordMatches(password: string, stored: PasswordHash, kdf: PasswordKdf = pbkdf2Sha256): boolean {
	const candidate = kdf(utf8Encode(password), stored.salt, stored.iterations, HASH_BYTES);
	let diff = candidate.length ^ stored.hash.length;
	for (let i = 0; i < candidate.length; i++) diff |= candidate[i]! ^ (stored.hash[i] ?? 0);
	return diff === 0;
}
