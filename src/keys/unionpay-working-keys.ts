// UnionPay sign-in working keys (the UnionPay terminal specification Q/CUP 006): field 62 of the 0810 carries PIK,
// MAK (and TDK) encrypted under the TMK, each followed by a 4-byte check value. All or nothing: one bad check
// value, or equal keys, rejects the whole set.
//
// Public API: SignInKeyLayout, WorkingKeyName, WorkingKeySet, SignInKeyError, signInKeyLayout,
// unwrapSignInKeys(tmk, field62), wrapSignInKeys(tmk, keys) (the acquirer side, for the host simulator).

import { err, ok, type Result } from "../../hal/result.js";
import type { BlockCipher } from "../crypto/block-cipher.js";
import { constantTimeEqual, zeroise } from "../crypto/bytes.js";
import { ecbDecrypt, ecbEncrypt } from "../crypto/modes.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { desCheckValue } from "./check-value.js";

/** The 60.3 network-management code that fixes the field-62 layout. */
export type SignInKeyLayout = "001" | "003" | "004";

export type WorkingKeyName = "pik" | "mak" | "tdk";

export interface WorkingKeySet {
	readonly layout: SignInKeyLayout;
	/** 8 (layout 001) or 16 bytes. */
	readonly pik: Uint8Array;
	/** 8 bytes when single-length (layout 001, a 16-byte slot holding E(K) ‖ 00…00, or K ‖ 00…00), else 16. */
	readonly mak: Uint8Array;
	readonly tdk?: Uint8Array;
}

export type SignInKeyError =
	| { readonly kind: "field62-length"; readonly length: number }
	| { readonly kind: "check-value"; readonly key: WorkingKeyName }
	| { readonly kind: "equal-keys" };

const CHECK_VALUE_BYTES = 4;

/** Layout by field-62 length: 24 → 001, 40 → 003, 60 → 004 (60.3 of the sign-in). */
export function signInKeyLayout(length: number): SignInKeyLayout | undefined {
	return length === 24 ? "001" : length === 40 ? "003" : length === 60 ? "004" : undefined;
}

const SLOT_NAMES: readonly WorkingKeyName[] = ["pik", "mak", "tdk"];

function isZero(bytes: Uint8Array): boolean {
	let acc = 0;
	for (const b of bytes) acc |= b;
	return acc === 0;
}

/** Unwraps (TDES-ECB decrypt under the TMK) and verifies every key; the caller zeroes the keys after use. */
export function unwrapSignInKeys(
	tmk: BlockCipher,
	field62: Uint8Array,
	crypto: CryptoPrimitives = JS_PRIMITIVES,
): Result<WorkingKeySet, SignInKeyError> {
	const layout = signInKeyLayout(field62.length);
	if (layout === undefined) return err({ kind: "field62-length", length: field62.length });
	const keyBytes = layout === "001" ? 8 : 16;
	const slots = layout === "004" ? 3 : 2;
	const keys: Uint8Array[] = [];
	const fail = (error: SignInKeyError) => {
		zeroise(...keys);
		return err(error);
	};
	for (let s = 0; s < slots; s++) {
		const at = s * (keyBytes + CHECK_VALUE_BYTES);
		const slot = field62.subarray(at, at + keyBytes);
		// Acquirers send a single-length MAK in the 16-byte slot either as E(K ‖ K) or as E(K) ‖ 00…00 with
		// the single-DES check value of K (the public field-62 example of code 003 does the latter).
		const singleWrapped = keyBytes === 16 && SLOT_NAMES[s] === "mak" && isZero(slot.subarray(8));
		let key = ecbDecrypt(tmk, singleWrapped ? slot.subarray(0, 8) : slot);
		const expected = field62.subarray(at + keyBytes, at + keyBytes + CHECK_VALUE_BYTES);
		let good = constantTimeEqual(desCheckValue(key, 4, crypto), expected);
		// A single-length key in a 16-byte slot (K ‖ 00…00) may carry the DES check value of K.
		if (!good && key.length === 16 && isZero(key.subarray(8))) {
			const single = key.slice(0, 8);
			if (constantTimeEqual(desCheckValue(single, 4, crypto), expected)) {
				key.fill(0);
				key = single;
				good = true;
			} else single.fill(0);
		} else if (good && SLOT_NAMES[s] === "mak" && key.length === 16 && isZero(key.subarray(8))) {
			const single = key.slice(0, 8);
			key.fill(0);
			key = single;
		}
		keys.push(key);
		if (!good) return fail({ kind: "check-value", key: SLOT_NAMES[s]! });
	}
	for (let i = 0; i < keys.length; i++) {
		for (let j = i + 1; j < keys.length; j++) if (constantTimeEqual(keys[i]!, keys[j]!)) return fail({ kind: "equal-keys" });
	}
	return ok({ layout, pik: keys[0]!, mak: keys[1]!, ...(keys[2] ? { tdk: keys[2] } : {}) });
}

/**
 * The acquirer side: field 62 for a key set (layout from the key lengths: 8-byte keys → 001; 16-byte
 * PIK with a TDK → 004, without → 003). An 8-byte MAK in a 16-byte layout is sent as K ‖ 00…00.
 */
export function wrapSignInKeys(
	tmk: BlockCipher,
	keys: { readonly pik: Uint8Array; readonly mak: Uint8Array; readonly tdk?: Uint8Array },
): Uint8Array {
	const keyBytes = keys.pik.length;
	if (keyBytes !== 8 && keyBytes !== 16) throw new RangeError(`PIK must be 8 or 16 bytes, got ${keyBytes}`);
	if (keyBytes === 8 && keys.tdk) throw new RangeError("layout 001 carries no TDK");
	const list = keys.tdk ? [keys.pik, keys.mak, keys.tdk] : [keys.pik, keys.mak];
	const out = new Uint8Array(list.length * (keyBytes + CHECK_VALUE_BYTES));
	list.forEach((key, s) => {
		if (key.length !== keyBytes && !(key.length === 8 && keyBytes === 16))
			throw new RangeError(`working key ${SLOT_NAMES[s]} must be ${keyBytes} bytes`);
		const slot = new Uint8Array(keyBytes);
		slot.set(key);
		const at = s * (keyBytes + CHECK_VALUE_BYTES);
		out.set(ecbEncrypt(tmk, slot), at);
		out.set(desCheckValue(key), at + keyBytes);
		slot.fill(0);
	});
	return out;
}
