// The random source on the chip's hardware RNG, through a minimal native module (native/hardware-random.c).

import type { RandomSource } from "../../hal/random.js";

export interface HardwareRandomOptions {
	/** native/hardware-random.js on the device and in Moddable's simulator; injected so a test can replace it. */
	readonly fillRandom: (buffer: Uint8Array) => void;
}

export class HardwareRandom implements RandomSource {
	readonly #fillRandom: (buffer: Uint8Array) => void;

	constructor(options: HardwareRandomOptions) {
		this.#fillRandom = options.fillRandom;
	}

	fill(bytes: Uint8Array): void {
		if (bytes.length > 0) this.#fillRandom(bytes);
	}
}
