// What the key-injection facility accepts, as the slot material the key store keeps: a TMK (double or triple
// length, proven by its check value, ANSI X9.24-1), a TDES DUKPT IPEK with its initial KSN (counter 0,
// X9.24-1 A.1) or an AES DUKPT initial key with its 8-byte initial key ID (X9.24-3). The inputs are copied.

import { err, ok, type Result } from "../../hal/result.js";
import { KEY_SLOTS, type SecureError } from "../../hal/secure-element.js";
import { constantTimeEqual } from "../crypto/bytes.js";
import type { CryptoPrimitives } from "../crypto/primitives.js";
import { aesDukptScheme } from "../keys/aes-dukpt.js";
import { desCheckValue } from "../keys/check-value.js";
import { DukptRegisters } from "../keys/dukpt-registers.js";
import { tdesDukptScheme } from "../keys/tdes-dukpt.js";
import type { SlotMaterial } from "./key-store.js";

export function tmkMaterial(key: Uint8Array, checkValue: Uint8Array, crypto: CryptoPrimitives): Result<SlotMaterial, SecureError> {
	const slot = KEY_SLOTS.tmk;
	if (key.length !== 16 && key.length !== 24) return err({ kind: "bad-key", slot, detail: `TMK of ${key.length} bytes` });
	if (checkValue.length < 3 || !constantTimeEqual(desCheckValue(key, checkValue.length, crypto), checkValue))
		return err({ kind: "check-value", slot });
	return ok({ kind: "key", usage: "kek", key: key.slice() });
}

export function tdesDukptMaterial(ipek: Uint8Array, initialKsn: Uint8Array, crypto: CryptoPrimitives): Result<SlotMaterial, SecureError> {
	const slot = KEY_SLOTS.dukptTdes;
	if (ipek.length !== 16) return err({ kind: "bad-key", slot, detail: `IPEK of ${ipek.length} bytes` });
	if (initialKsn.length !== 10 || (initialKsn[7]! & 0x1f) !== 0 || initialKsn[8] !== 0 || initialKsn[9] !== 0)
		return err({ kind: "bad-key", slot, detail: "initial KSN must be 10 bytes with counter 0" });
	return ok({
		kind: "dukpt-tdes",
		initialKsn: initialKsn.slice(),
		registers: DukptRegisters.load(tdesDukptScheme(initialKsn, crypto), ipek),
	});
}

export function aesDukptMaterial(
	initialKey: Uint8Array,
	initialKeyId: Uint8Array,
	crypto: CryptoPrimitives,
): Result<SlotMaterial, SecureError> {
	const slot = KEY_SLOTS.dukptAes;
	if (initialKey.length !== 16 && initialKey.length !== 32)
		return err({ kind: "bad-key", slot, detail: `initial key of ${initialKey.length} bytes` });
	if (initialKeyId.length !== 8) return err({ kind: "bad-key", slot, detail: "initial key ID must be 8 bytes" });
	return ok({
		kind: "dukpt-aes",
		initialKeyId: initialKeyId.slice(),
		keyBytes: initialKey.length,
		registers: DukptRegisters.load(aesDukptScheme(initialKeyId, initialKey.length, crypto), initialKey),
	});
}
