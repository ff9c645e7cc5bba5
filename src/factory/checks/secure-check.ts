// The secure element and the crypto it relies on (docs/factory-mode.md §4, "secure"): the element's own
// known-answer tests, an AES-CMAC known answer, an RNG health test, the tamper state, and empty payment
// key slots on a new unit. Test vectors only; no payment key is used.

import { KEY_SLOTS, type KeyUsage } from "../../../hal/secure-element.js";
import { aesCipher } from "../../crypto/aes.js";
import { constantTimeEqual } from "../../crypto/bytes.js";
import { cmac } from "../../crypto/cmac.js";
import type { FactoryTest } from "../factory-test.js";

/** The payment key slots that must be empty before shipping (docs/factory-mode.md §1): MK/SK and both DUKPT slots. */
export const PAYMENT_KEY_SLOTS: readonly (readonly [string, KeyUsage])[] = [
	[KEY_SLOTS.tmk, "kek"],
	[KEY_SLOTS.pik, "pin"],
	[KEY_SLOTS.mak, "mac"],
	[KEY_SLOTS.tdk, "data"],
	[KEY_SLOTS.dukptTdes, "pin"],
	[KEY_SLOTS.dukptAes, "pin"],
];

// RFC 4493 §4, example 2 (AES-128, one block).
const CMAC_KEY = Uint8Array.of(0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c);
const CMAC_MESSAGE = Uint8Array.of(0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a);
const CMAC_TAG = Uint8Array.of(0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44, 0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c);

// FIPS 140-2 §4.9.1 monobit test: the ones in 20 000 bits lie strictly between 9 725 and 10 275.
const RNG_BITS = 20000;
const RNG_ONES = { low: 9726, high: 10274 };

/** Payment key slots that hold a key. */
export function loadedPaymentSlots(secure: { key(slot: string, usage: KeyUsage): { ok: boolean } }): string[] {
	return PAYMENT_KEY_SLOTS.filter(([slot, usage]) => secure.key(slot, usage).ok).map(([slot]) => slot);
}

function ones(bytes: Uint8Array): number {
	let n = 0;
	for (let b of bytes) for (; b; b &= b - 1) n++;
	return n;
}

export const secureCheck: FactoryTest = {
	id: "secure",
	description: "secure element self-test, AES-CMAC known answer, RNG health, tamper state, empty key slots",
	params: {},
	timeoutMs: 5000,
	async run({ hal, outcome }) {
		const selfTest = hal.secure.selfTest();
		const failedAlgorithm = selfTest.ok
			? undefined
			: selfTest.error.kind === "self-test"
				? selfTest.error.algorithm
				: selfTest.error.kind;
		outcome.measure("kat_self_test", selfTest.ok ? 1 : 0, "bool", 1, 1, "SELF_TEST", failedAlgorithm);
		outcome.measure("kat_mac", constantTimeEqual(cmac(aesCipher(CMAC_KEY), CMAC_MESSAGE), CMAC_TAG) ? 1 : 0, "bool", 1, 1, "KAT_MAC");
		const sample = new Uint8Array(RNG_BITS / 8);
		hal.random.fill(sample);
		outcome.measure("rng_ones", ones(sample), "bits", RNG_ONES.low, RNG_ONES.high, "RNG_HEALTH");
		const tampered = hal.power.tamperLine || hal.secure.tampered;
		outcome.measure(
			"tamper",
			tampered ? 1 : 0,
			"bool",
			0,
			0,
			"TAMPER",
			hal.power.tamperLine ? "tamper line set" : "secure element tampered",
		);
		const loaded = loadedPaymentSlots(hal.secure);
		outcome.measure("key_slots_loaded", loaded.length, "slots", 0, 0, "KEYS_PRESENT", loaded.join(","));
	},
};
