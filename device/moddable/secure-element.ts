// The device's secure PIN element: the firmware's secure core (src/secure) on the matrix keypad's secure
// port, the tamper GPIO (through GpioPower), the ESP32 hardware RNG and an NVS namespace of its own
// ("posterm-se" by default, never the application's "posterm" namespace). That namespace also holds the
// device data key (drawn from the hardware RNG on first use) and the PIN rate-limit window, so neither a
// sign-in nor a reboot resets them.
//
// At rest the keys are protected by ESP32 flash encryption with NVS encryption (CONFIG_NVS_ENCRYPTION,
// keys in the nvs_keys partition, itself flash-encrypted); in the running firmware they are reachable only
// from this module's closure. The application runs in an XS Compartment (device/moddable/main.ts) that is given the
// application Hal (with the frozen facade below) but neither this module nor `preference`, so it cannot read
// them back.
// The element computes with the primitives it is given: Moddable's native DES, TDES, AES and SHA-256
// (native-crypto.ts) from the entries. Zeroisation of the native key schedules, and of clear PINs, still
// belongs in a native module of our own (PCI PTS POI Modular Security Requirements; native-crypto.ts says
// what Moddable's classes leave behind); the contract stays the same so that can happen behind it.
//
// Public API: ModdableSecureElementOptions, createModdableSecureElement.

import type { SecureElement, SecureElementIo, SecureKeyInjection } from "../../hal/secure-element.js";
import type { CryptoPrimitives } from "../../src/crypto/primitives.js";
import { SecureCore, type SecurePolicy } from "../../src/secure/secure-core.js";
import { secureElementFacade } from "../../src/secure/secure-element-facade.js";
import type { PreferenceModule } from "./io.js";
import { PreferenceRecordStore } from "./storage.js";

export interface ModdableSecureElementOptions extends SecureElementIo {
	readonly Preference: PreferenceModule;
	/** NVS namespace of the key store (1..15 characters). Default "posterm-se". */
	readonly domain?: string;
	readonly policy?: Partial<SecurePolicy>;
	/** What the element computes with: `moddablePrimitives(…)` (native-crypto.ts) on the device. */
	readonly primitives: CryptoPrimitives;
}

export interface ModdableSecureElement {
	/** What goes into the Hal: the contract's methods, frozen. */
	readonly element: SecureElement;
	/** For the key-injection menu / facility only. */
	readonly injection: SecureKeyInjection;
}

export function createModdableSecureElement(options: ModdableSecureElementOptions): ModdableSecureElement {
	const vault = new PreferenceRecordStore({ Preference: options.Preference, domain: options.domain ?? "posterm-se" });
	const core = new SecureCore({
		clock: options.clock,
		keypad: options.keypad,
		random: options.random,
		vault,
		primitives: options.primitives,
		...(options.policy ? { policy: options.policy } : {}),
	});
	// Tamper response on the element's side, whatever the application does (PCI PTS A1).
	options.power.onTamper(() => core.zeroise());
	if (options.power.tamperLine) core.zeroise();
	return { element: secureElementFacade(core), injection: core.injection };
}
