// A random source that hands out given bytes in order (then repeats them): deterministic PIN-block fill
// for the published format-1/3/4 vectors.

import type { RandomSource } from "../../hal/random.js";

export class FixedRandom implements RandomSource {
	readonly #bytes: Uint8Array;
	#at = 0;

	constructor(bytes: Uint8Array) {
		this.#bytes = bytes;
	}

	fill(out: Uint8Array): void {
		for (let i = 0; i < out.length; i++) {
			out[i] = this.#bytes[this.#at]!;
			this.#at = (this.#at + 1) % this.#bytes.length;
		}
	}
}
