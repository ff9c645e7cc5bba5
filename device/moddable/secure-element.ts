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
// TDES and the zeroisation of clear PINs and keys belong in a native module on the device (the ESP32 has no
// hardware DES, and a native module controls timing and zeroisation: PCI PTS POI Modular Security
// Requirements); this implementation keeps the same contract so that can happen behind it.
//
// Public API: ModdableSecureElementOptions, createModdableSecureElement.

import type { SecureElement, SecureElementIo, SecureKeyInjection } from "../../hal/secure-element.js";
import { SecureCore, type SecurePolicy } from "../../src/secure/secure-core.js";
import { secureElementFacade } from "../../src/secure/secure-element-facade.js";
import type { PreferenceModule } from "./io.js";
import { PreferenceRecordStore } from "./storage.js";

export interface ModdableSecureElementOptions extends SecureElementIo {
	readonly Preference: PreferenceModule;
	/** NVS namespace of the key store (1..15 characters). Default "posterm-se". */
	readonly domain?: string;
	readonly policy?: Partial<SecurePolicy>;
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
		...(options.policy ? { policy: options.policy } : {}),
	});
	// Tamper response on the element's side, whatever the application does (PCI PTS A1).
	options.power.onTamper(() => core.zeroise());
	if (options.power.tamperLine) core.zeroise();
	return { element: secureElementFacade(core), injection: core.injection };
}
