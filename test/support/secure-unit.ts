// A simulated unit for secure-element tests: the sim HAL on virtual time with the sim secure element,
// plus the test's handles (injection side, vault) and helpers to type keys and build a request.

import type { KeyCode } from "../../hal/keypad.js";
import type { KeyRef, PinEntryRequest } from "../../hal/secure-element.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { SimSecureElement, type SimSecureElementOptions } from "../../host-sim/hal/secure-element.js";
import { createSimHal, type SimHal } from "../../host-sim/hal/sim-hal.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { TEST_BOARD } from "./test-board.js";

export interface SecureUnit {
	readonly hal: SimHal<VirtualClock>;
	readonly sim: SimSecureElement;
}

/** `wallMs`: the wall clock at power-up (a reboot on the same vault comes up later). */
export function secureUnit(options: SimSecureElementOptions = {}, seed = 11, wallMs = 0): SecureUnit {
	let sim: SimSecureElement | undefined;
	const hal = createSimHal(TEST_BOARD, {
		clock: new VirtualClock(wallMs),
		network: offlineNetwork,
		random: new SeededRandom(seed),
		secure: (io) => (sim = new SimSecureElement(io, options)).element,
	});
	return { hal, sim: sim! };
}

export function typeKeys(hal: SimHal<VirtualClock>, keys: readonly KeyCode[]): void {
	for (const key of keys) hal.keypad.press(key);
}

/** The request most tests use: format 0 under the PIK, 4–12 digits, no bypass. */
export function pinRequest(key: KeyRef<"pin">, changes: Partial<PinEntryRequest> = {}): PinEntryRequest {
	return { pan: "6228480402564890018", format: 0, key, minLength: 4, maxLength: 12, allowBypass: false, ...changes };
}
