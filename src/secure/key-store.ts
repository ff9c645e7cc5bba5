// The secure element's key store: every slot with its usage and material, kept in a record store that
// belongs to the element alone (never the application's `hal.storage`). Changes are staged and committed
// as one unit, so a working-key set replaces the old one entirely or not at all.
//
// Record layout (one record per slot, "key.<slot>"):
//   1 ‖ usage ‖ key                          plain key (TMK, PIK, MAK, TDK)
//   2 ‖ initial KSN(10) ‖ registers          TDES DUKPT future-key registers
//   3 ‖ key bytes(1) ‖ IK ID(8) ‖ registers  AES DUKPT intermediate derivation-key registers
// and "zeroised" (1 byte) while the element is zeroised.
//
// Public API: SlotMaterial, KeyStore.

import { err, ok, type Result } from "../../hal/result.js";
import type { KeyUsage, SecureError } from "../../hal/secure-element.js";
import type { RecordStore } from "../../hal/storage.js";
import { DukptRegisters } from "../keys/dukpt-registers.js";
import { tdesDukptScheme } from "../keys/tdes-dukpt.js";
import { aesDukptScheme } from "../keys/aes-dukpt.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";

export type SlotMaterial =
	| { readonly kind: "key"; readonly usage: KeyUsage; readonly key: Uint8Array }
	| { readonly kind: "dukpt-tdes"; readonly initialKsn: Uint8Array; readonly registers: DukptRegisters }
	| { readonly kind: "dukpt-aes"; readonly initialKeyId: Uint8Array; readonly keyBytes: number; readonly registers: DukptRegisters };

const USAGES: readonly KeyUsage[] = ["pin", "mac", "data", "kek"];
const DUKPT_USAGES: readonly KeyUsage[] = ["pin", "mac", "data"];
const PREFIX = "key.";
const ZEROISED = "zeroised";

function encode(material: SlotMaterial): Uint8Array {
	if (material.kind === "key") {
		const out = new Uint8Array(2 + material.key.length);
		out[0] = 1;
		out[1] = USAGES.indexOf(material.usage);
		out.set(material.key, 2);
		return out;
	}
	const saved = material.registers.save();
	if (material.kind === "dukpt-tdes") {
		const out = new Uint8Array(11 + saved.length);
		out[0] = 2;
		out.set(material.initialKsn, 1);
		out.set(saved, 11);
		saved.fill(0);
		return out;
	}
	const out = new Uint8Array(10 + saved.length);
	out[0] = 3;
	out[1] = material.keyBytes;
	out.set(material.initialKeyId, 2);
	out.set(saved, 10);
	saved.fill(0);
	return out;
}

function decode(bytes: Uint8Array, crypto: CryptoPrimitives): SlotMaterial | undefined {
	if (bytes[0] === 1 && bytes.length > 2 && bytes[1]! < USAGES.length)
		return { kind: "key", usage: USAGES[bytes[1]!]!, key: bytes.slice(2) };
	if (bytes[0] === 2 && bytes.length > 11) {
		const initialKsn = bytes.slice(1, 11);
		const registers = DukptRegisters.restore(tdesDukptScheme(initialKsn, crypto), bytes.subarray(11));
		return registers && { kind: "dukpt-tdes", initialKsn, registers };
	}
	if (bytes[0] === 3 && bytes.length > 10 && (bytes[1] === 16 || bytes[1] === 32)) {
		const keyBytes = bytes[1]!;
		const initialKeyId = bytes.slice(2, 10);
		const registers = DukptRegisters.restore(aesDukptScheme(initialKeyId, keyBytes, crypto), bytes.subarray(10));
		return registers && { kind: "dukpt-aes", initialKeyId, keyBytes, registers };
	}
	return undefined;
}

function wipeMaterial(material: SlotMaterial | undefined): void {
	if (material === undefined) return;
	if (material.kind === "key") material.key.fill(0);
	else material.registers.wipe();
}

export class KeyStore {
	readonly #records: RecordStore;
	readonly #slots = new Map<string, SlotMaterial>();
	#zeroised: boolean;

	/** `crypto` computes the DUKPT register derivations of the slots it restores. */
	constructor(records: RecordStore, crypto: CryptoPrimitives = JS_PRIMITIVES) {
		this.#records = records;
		for (const name of records.names()) {
			if (!name.startsWith(PREFIX)) continue;
			const bytes = records.get(name);
			const material = bytes && decode(bytes, crypto);
			bytes?.fill(0);
			if (material) this.#slots.set(name.slice(PREFIX.length), material);
		}
		this.#zeroised = records.get(ZEROISED) !== undefined;
	}

	get zeroised(): boolean {
		return this.#zeroised;
	}

	get(slot: string): SlotMaterial | undefined {
		return this.#slots.get(slot);
	}

	/** The usages a slot serves: one for a plain key, PIN/MAC/data for a DUKPT slot. */
	usagesOf(slot: string): readonly KeyUsage[] {
		const material = this.#slots.get(slot);
		if (material === undefined) return [];
		return material.kind === "key" ? [material.usage] : DUKPT_USAGES;
	}

	/**
	 * Sets (material) or removes (undefined) several slots as one durable unit, and clears the zeroised
	 * state when `injection` is set. On a storage failure nothing changes, in memory or on flash.
	 */
	replace(changes: ReadonlyMap<string, SlotMaterial | undefined>, injection = false): Result<void, SecureError> {
		for (const [slot, material] of changes) {
			if (material === undefined) this.#records.delete(PREFIX + slot);
			else {
				const encoded = encode(material);
				const staged = this.#records.set(PREFIX + slot, encoded);
				encoded.fill(0);
				if (!staged.ok) {
					this.#records.rollback();
					return err({ kind: "storage", detail: staged.error.kind });
				}
			}
		}
		if (injection) this.#records.delete(ZEROISED);
		const committed = this.#records.commit();
		if (!committed.ok) {
			this.#records.rollback();
			return err({ kind: "storage", detail: committed.error.kind });
		}
		for (const [slot, material] of changes) {
			const old = this.#slots.get(slot);
			if (old !== material) wipeMaterial(old);
			if (material === undefined) this.#slots.delete(slot);
			else this.#slots.set(slot, material);
		}
		if (injection) this.#zeroised = false;
		return ok();
	}

	/** Writes a DUKPT slot's registers after its counter moved on. */
	persist(slot: string): Result<void, SecureError> {
		const material = this.#slots.get(slot);
		if (material === undefined) return ok();
		return this.replace(new Map([[slot, material]]));
	}

	/** Erases every key, in memory and in the store, and marks the element zeroised. */
	zeroise(): void {
		for (const material of this.#slots.values()) wipeMaterial(material);
		this.#slots.clear();
		this.#records.rollback();
		for (const name of this.#records.names()) if (name.startsWith(PREFIX)) this.#records.delete(name);
		this.#records.set(ZEROISED, Uint8Array.of(1));
		this.#records.commit();
		this.#zeroised = true;
	}
}
