// Salted password hashes for operator passwords: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2).
// 1,000 iterations cost about 2,000 SHA-256 compressions, a fraction of a second under XS on a 240 MHz
// ESP32 (see `npm run bench -- operators`): slow enough to make guessing a stolen flash image costly,
// fast enough for a sign-on.

import type { RandomSource } from "../../hal/random.js";
import { pbkdf2Sha256 } from "../crypto/pbkdf2-sha256.js";
import { utf8Encode } from "../text/utf8.js";

export const PASSWORD_ITERATIONS = 1000;
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
