// HMAC-SHA256 (RFC 2104, FIPS 198-1) and PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), for salted password hashes.

import { SHA256_BLOCK_BYTES, SHA256_DIGEST_BYTES, Sha256, sha256 } from "./sha256.js";

/** HMAC-SHA256 with the keyed inner/outer pad blocks hashed once, for repeated use (PBKDF2 iterations). */
export class HmacSha256 {
	readonly #inner: Sha256;
	readonly #outer: Sha256;

	constructor(key: Uint8Array) {
		const k = key.length > SHA256_BLOCK_BYTES ? sha256(key) : key;
		const inner = new Uint8Array(SHA256_BLOCK_BYTES);
		const outer = new Uint8Array(SHA256_BLOCK_BYTES);
		for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
			const b = k[i] ?? 0;
			inner[i] = b ^ 0x36;
			outer[i] = b ^ 0x5c;
		}
		this.#inner = new Sha256().update(inner);
		this.#outer = new Sha256().update(outer);
	}

	mac(...parts: readonly Uint8Array[]): Uint8Array {
		const inner = this.#inner.clone();
		for (const part of parts) inner.update(part);
		return this.#outer.clone().update(inner.digest()).digest();
	}
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
	return new HmacSha256(key).mac(data);
}

/** T ⊕= U in place (the JavaScript default of `pbkdf2Sha256`'s `xor`). */
function xorInPlace(t: Uint8Array, u: Uint8Array): Uint8Array {
	for (let j = 0; j < SHA256_DIGEST_BYTES; j++) t[j]! ^= u[j]!;
	return t;
}

/**
 * PBKDF2 with HMAC-SHA256 as the PRF (RFC 8018 §5.2). `hmac` gives the PRF and `xor` returns T ⊕ U (in place or
 * new): the JavaScript ones by default, native ones on the device.
 */
export function pbkdf2Sha256(
	password: Uint8Array,
	salt: Uint8Array,
	iterations: number,
	keyBytes: number,
	hmac: (key: Uint8Array) => { mac(...parts: readonly Uint8Array[]): Uint8Array } = (key) => new HmacSha256(key),
	xor: (t: Uint8Array, u: Uint8Array) => Uint8Array = xorInPlace,
): Uint8Array {
	if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`PBKDF2 iterations must be >= 1, got ${iterations}`);
	if (!Number.isInteger(keyBytes) || keyBytes < 1) throw new RangeError(`PBKDF2 key length must be >= 1, got ${keyBytes}`);
	const prf = hmac(password);
	const out = new Uint8Array(keyBytes);
	const index = new Uint8Array(4);
	for (let block = 1, at = 0; at < keyBytes; block++, at += SHA256_DIGEST_BYTES) {
		new DataView(index.buffer).setUint32(0, block);
		let u = prf.mac(salt, index);
		let t: Uint8Array = u.slice();
		for (let i = 1; i < iterations; i++) {
			u = prf.mac(u);
			t = xor(t, u);
		}
		out.set(t.subarray(0, Math.min(SHA256_DIGEST_BYTES, keyBytes - at)), at);
	}
	return out;
}
