// A secure element with no keys and no algorithms yet: what a unit looks like before key injection.
// Stands in until the secure PIN element of issue 4 (host-sim/hal/secure-element.ts) replaces it.
// Platform-free.

import type { KeyRef, KeyUsage, PinEntryRequest, PinEntrySession, SecureElement, SecureError } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";

export class EmptySecureElement implements SecureElement {
	#tampered = false;

	get tampered(): boolean {
		return this.#tampered;
	}

	selfTest(): Result<void, SecureError> {
		return ok();
	}

	zeroise(): void {
		this.#tampered = true;
	}

	startPinEntry(request: PinEntryRequest): Result<PinEntrySession, SecureError> {
		return this.#missing(request.key.slot);
	}

	mac(key: KeyRef): Result<Uint8Array, SecureError> {
		return this.#missing(key.slot);
	}

	encryptData(key: KeyRef): Result<Uint8Array, SecureError> {
		return this.#missing(key.slot);
	}

	decryptData(key: KeyRef): Result<Uint8Array, SecureError> {
		return this.#missing(key.slot);
	}

	loadWorkingKeys(kek: KeyRef): Result<readonly KeyRef[], SecureError> {
		return this.#missing(kek.slot);
	}

	key(slot: string, _usage: KeyUsage): Result<KeyRef, SecureError> {
		return this.#missing(slot);
	}

	#missing(slot: string): Result<never, SecureError> {
		return this.#tampered ? err({ kind: "tampered" }) : err({ kind: "key-missing", slot });
	}
}
