// A deterministic random source for reproducible tests (xoshiro128**, Blackman & Vigna 2018).
// Never for real keys. Platform-free.

import type { RandomSource } from "../../hal/random.js";

export class SeededRandom implements RandomSource {
	readonly #s = new Uint32Array(4);

	constructor(seed: number) {
		// SplitMix32 expands the seed into the 128-bit state.
		let x = seed >>> 0;
		for (let i = 0; i < 4; i++) {
			x = (x + 0x9e3779b9) >>> 0;
			let z = x;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
			this.#s[i] = (z ^ (z >>> 16)) >>> 0;
		}
	}

	/** The next 32 random bits. */
	next(): number {
		const s = this.#s;
		const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
		const t = (s[1]! << 9) >>> 0;
		s[2]! ^= s[0]!;
		s[3]! ^= s[1]!;
		s[1]! ^= s[2]!;
		s[0]! ^= s[3]!;
		s[2]! ^= t;
		s[3] = rotl(s[3]!, 11);
		return result;
	}

	fill(bytes: Uint8Array): void {
		for (let i = 0; i < bytes.length; i += 4) {
			const r = this.next();
			for (let j = 0; j < 4 && i + j < bytes.length; j++) bytes[i + j] = (r >>> (8 * j)) & 0xff;
		}
	}
}

function rotl(x: number, k: number): number {
	return ((x << k) | (x >>> (32 - k))) >>> 0;
}
