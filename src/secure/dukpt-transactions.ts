// The element's open DUKPT transactions, one per DUKPT slot: the transaction key taken from the registers
// and its KSN (ANSI X9.24-1 A.2 for TDES, X9.24-3 for AES), zeroed when the next one opens or the slot is
// re-injected or the element is zeroised. Working keys are derived per use and zeroed by the caller.

import { err, ok, type Result } from "../../hal/result.js";
import type { SecureError } from "../../hal/secure-element.js";
import type { CryptoPrimitives } from "../crypto/primitives.js";
import { aesDukptKsn, aesDukptWorkingKey, type AesDukptUsage } from "../keys/aes-dukpt.js";
import { tdesDukptKsnWithCounter, tdesDukptWorkingKey, type TdesDukptVariant } from "../keys/tdes-dukpt.js";
import type { SlotMaterial } from "./key-store.js";

/** The material of a DUKPT slot. */
export type DukptMaterial = Exclude<SlotMaterial, { kind: "key" }>;

/** An open DUKPT transaction: its KSN and transaction key. */
export interface DukptTransaction {
	readonly ksn: Uint8Array;
	readonly key: Uint8Array;
}

export class DukptTransactions {
	readonly #open = new Map<string, DukptTransaction>();

	/**
	 * Takes the current DUKPT key as the slot's new transaction and moves the counter on; `persist` saves the
	 * registers with the key marked taken before it is used, so a power cut never reuses a transaction key. The
	 * keys that follow are derived later (`DukptRegisters.settle`, which the element schedules), off the PIN's path.
	 */
	open(slot: string, material: DukptMaterial, persist: () => Result<void, SecureError>): Result<DukptTransaction, SecureError> {
		const registers = material.registers;
		const counter = registers.counter;
		const key = registers.take();
		if (key === undefined) return err({ kind: "exhausted", slot });
		const ksn =
			material.kind === "dukpt-tdes"
				? tdesDukptKsnWithCounter(material.initialKsn, counter)
				: aesDukptKsn(material.initialKeyId, counter);
		const saved = persist();
		if (!saved.ok) {
			key.fill(0);
			return saved;
		}
		this.close(slot);
		const transaction = { ksn, key };
		this.#open.set(slot, transaction);
		return ok(transaction);
	}

	get(slot: string): Result<DukptTransaction, SecureError> {
		const transaction = this.#open.get(slot);
		return transaction ? ok(transaction) : err({ kind: "no-transaction", slot });
	}

	close(slot: string): void {
		this.#open.get(slot)?.key.fill(0);
		this.#open.delete(slot);
	}

	closeAll(): void {
		for (const slot of [...this.#open.keys()]) this.close(slot);
	}
}

/** The working key of one use (PIN, MAC or data, by direction) under an open transaction. */
export function dukptWorkingKey(
	material: DukptMaterial,
	transaction: DukptTransaction,
	purpose: TdesDukptVariant | AesDukptUsage,
	crypto: CryptoPrimitives,
): Uint8Array {
	if (material.kind === "dukpt-tdes") return tdesDukptWorkingKey(transaction.key, purpose as TdesDukptVariant, crypto);
	const type = material.keyBytes === 32 ? "aes256" : "aes128";
	return aesDukptWorkingKey(transaction.key, transaction.ksn, purpose as AesDukptUsage, type, crypto);
}
