// A simulated unit for secure-element tests: the sim HAL on virtual time with the sim secure element,
// plus the test's handles (injection side, vault) and helpers to type keys and build a request.

import type { KeyCode } from "../../hal/keypad.js";
import type { KeyRef, PinEntryRequest, SecureElement } from "../../hal/secure-element.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { wrapSignInKeys } from "../../src/keys/unionpay-working-keys.js";
import { assert } from "./assert.js";
import { hex } from "./hex.js";
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

/** Working keys the secure-element tests sign in with. */
export const PIK = hex("0123456789ABCDEFFEDCBA9876543210");
export const MAK = hex("2222222222222222");
export const TDK = hex("89ABCDEF0123456776543210FEDCBA98");

/** Loads working keys through the element's sign-in path, wrapped under the default TMK; returns its result. */
export function signIn(
	secure: SecureElement,
	keys: { pik: Uint8Array; mak: Uint8Array; tdk?: Uint8Array } = { pik: PIK, mak: MAK, tdk: TDK },
) {
	const tmk = secure.key("tmk", "kek");
	assert.ok(tmk.ok);
	return secure.loadWorkingKeys(tmk.value, wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), keys));
}

/** The element's reference to a slot, which must exist. */
export function ref<U extends "pin" | "mac" | "data" | "kek">(secure: SecureElement, slot: string, usage: U): KeyRef<U> {
	const r = secure.key(slot, usage);
	assert.ok(r.ok, JSON.stringify(r));
	return r.value;
}
