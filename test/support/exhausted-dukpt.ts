// Puts the default TDES DUKPT slot of an element's key store at a given counter, as a unit near the end
// of its life would have it (a million transactions are too many to run in a test).

import type { RecordStore } from "../../hal/storage.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { DukptRegisters } from "../../src/keys/dukpt-registers.js";
import { tdesDukptScheme } from "../../src/keys/tdes-dukpt.js";
import { KeyStore } from "../../src/secure/key-store.js";

export function placeTdesRegistersAt(vault: RecordStore, counter: number): void {
	const { ipek, initialKsn } = DEFAULT_TERMINAL_KEYS.tdesDukpt;
	const registers = DukptRegisters.at(tdesDukptScheme(initialKsn), ipek, counter);
	const stored = new KeyStore(vault).replace(new Map([["dukpt-tdes", { kind: "dukpt-tdes", initialKsn, registers }]]));
	if (!stored.ok) throw new Error(`cannot store the registers: ${stored.error.kind}`);
}
