// The simulator's secure PIN element: the firmware's secure core (src/secure) on the simulator's clock,
// keypad, power (tamper line) and random source. Keys live in a record store of the element's own — a
// separate MemoryRecordStore, never `hal.storage` — so application code cannot read them back; pass the
// same store again to keep keys — the device data key and the PIN rate-limit window included — across a
// simulated reboot. The Hal gets the frozen facade only; the key-injection side stays with whoever built
// the element. Platform-free.
//
// Public API: SimSecureElement, SimSecureElementOptions, injectDefaultKeys.

import type { Result } from "../../hal/result.js";
import type { SecureElement, SecureElementIo, SecureError, SecureKeyInjection } from "../../hal/secure-element.js";
import type { CryptoPrimitives } from "../../src/crypto/primitives.js";
import { SecureCore, type SecurePolicy } from "../../src/secure/secure-core.js";
import { secureElementFacade } from "../../src/secure/secure-element-facade.js";
import type { KnownAnswerTest } from "../../src/secure/known-answer-tests.js";
import { DEFAULT_TERMINAL_KEYS } from "../keys/default-keys.js";
import { MemoryRecordStore } from "./memory-storage.js";
import { PowerCutPlan } from "./power-cut.js";

export interface SimSecureElementOptions {
	/** The element's key store; a fresh empty one by default. */
	readonly vault?: MemoryRecordStore;
	/** Inject the default test keys (TMK, TDES and AES DUKPT) when the store holds none. Default true. */
	readonly defaultKeys?: boolean;
	readonly policy?: Partial<SecurePolicy>;
	readonly knownAnswerTests?: readonly KnownAnswerTest[];
	/** What the element computes with; the JavaScript primitives by default. */
	readonly primitives?: CryptoPrimitives;
}

export class SimSecureElement {
	/** What goes into the Hal: the contract's methods, frozen. */
	readonly element: SecureElement;
	/** The key-injection facility's side. */
	readonly injection: SecureKeyInjection;
	readonly vault: MemoryRecordStore;

	constructor(io: SecureElementIo, options: SimSecureElementOptions = {}) {
		this.vault = options.vault ?? new MemoryRecordStore(new PowerCutPlan());
		const core = new SecureCore({
			clock: io.clock,
			keypad: io.keypad,
			random: io.random,
			vault: this.vault,
			...(options.policy ? { policy: options.policy } : {}),
			...(options.knownAnswerTests ? { knownAnswerTests: options.knownAnswerTests } : {}),
			...(options.primitives ? { primitives: options.primitives } : {}),
		});
		this.element = secureElementFacade(core);
		this.injection = core.injection;
		// The tamper line zeroises on the element's side, whatever the application does.
		io.power.onTamper(() => core.zeroise());
		if (io.power.tamperLine) core.zeroise();
		else if ((options.defaultKeys ?? true) && this.vault.names().length === 0) injectDefaultKeys(this.injection);
	}
}

/** The simulator's factory key injection: the default terminal's TEST keys (host-sim/keys/default-keys.ts). */
export function injectDefaultKeys(injection: SecureKeyInjection): Result<void, SecureError> {
	const keys = DEFAULT_TERMINAL_KEYS;
	const tmk = injection.injectTmk(keys.tmk, keys.tmkCheckValue);
	if (!tmk.ok) return tmk;
	const tdes = keys.tdesDukpt;
	const dukpt = injection.injectTdesDukpt(tdes.ipek, tdes.initialKsn);
	if (!dukpt.ok) return dukpt;
	const aes = keys.aesDukpt;
	return injection.injectAesDukpt(aes.initialKey, aes.initialKeyId);
}
