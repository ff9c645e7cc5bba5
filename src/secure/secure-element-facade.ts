// The secure element as the Hal carries it: a frozen object with the contract's methods only, each calling
// the core, so nothing of the core (its key store, its injection side, its private state) is reachable from it.

import type { KeyRef, KeyUsage, PinEntryRequest, SecureElement } from "../../hal/secure-element.js";

/** The contract's methods only, frozen: what the application (and its Compartment) is given. */
export function secureElementFacade(core: SecureElement): SecureElement {
	return Object.freeze({
		selfTest: () => core.selfTest(),
		get tampered() {
			return core.tampered;
		},
		zeroise: () => core.zeroise(),
		startPinEntry: (request: PinEntryRequest) => core.startPinEntry(request),
		mac: (key: KeyRef<"mac">, data: Uint8Array) => core.mac(key, data),
		verifyMac: (key: KeyRef<"mac">, data: Uint8Array, mac: Uint8Array) => core.verifyMac(key, data, mac),
		encryptData: (key: KeyRef<"data">, data: Uint8Array) => core.encryptData(key, data),
		decryptData: (key: KeyRef<"data">, data: Uint8Array) => core.decryptData(key, data),
		encryptTrack: (key: KeyRef<"data">, packedTrack: Uint8Array) => core.encryptTrack(key, packedTrack),
		loadWorkingKeys: (kek: KeyRef<"kek">, wrapped: Uint8Array) => core.loadWorkingKeys(kek, wrapped),
		startDukptTransaction: (slot: string) => core.startDukptTransaction(slot),
		key: <U extends KeyUsage>(slot: string, usage: U) => core.key(slot, usage),
		passwordHash: (password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number) =>
			core.passwordHash(password, salt, iterations, keyBytes),
	});
}
