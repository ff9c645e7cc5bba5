// The OS CSPRNG, standing in for the ESP32 TRNG in the interactive simulator.

import { randomFillSync } from "node:crypto";
import type { RandomSource } from "../../hal/random.js";

export const nodeRandom: RandomSource = {
	fill(bytes: Uint8Array): void {
		randomFillSync(bytes);
	},
};
