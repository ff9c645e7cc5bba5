// Field 62 of the 0810 sign-in response: working keys wrapped under the TMK, each with a 4-byte check value
// (the UnionPay terminal specification Q/CUP 006). The terminal hands the whole field to the secure element; this
// module only knows the layouts.

import { err, ok, type Result } from "../../hal/result.js";
import type { FieldFormatError } from "./composite-fields.js";

/** 60.3 of the sign-in request picks the key set. */
export type SignInKeySet = "001" | "003" | "004";

export interface WrappedKey {
	/** The key encrypted under the TMK (8 or 16 bytes). */
	readonly wrapped: Uint8Array;
	/** First 4 bytes of E_key(8 × 00). */
	readonly checkValue: Uint8Array;
}

export interface SignInKeys {
	readonly pik: WrappedKey;
	readonly mak: WrappedKey;
	/** Track-data key, only in a 60-byte field (key set 004). */
	readonly tdk?: WrappedKey;
}

const CV_BYTES = 4;

/** Field 62 length for each key set. */
export const SIGN_IN_KEY_BYTES: Readonly<Record<SignInKeySet, number>> = { "001": 24, "003": 40, "004": 60 };

export function parseSignInKeys(field62: Uint8Array): Result<SignInKeys, FieldFormatError> {
	const keyBytes = field62.length === 24 ? 8 : field62.length === 40 || field62.length === 60 ? 16 : 0;
	if (keyBytes === 0) return err({ field: 62, detail: `key data of ${field62.length} bytes is not 24, 40 or 60` });
	const take = (index: number): WrappedKey => {
		const at = index * (keyBytes + CV_BYTES);
		return { wrapped: field62.slice(at, at + keyBytes), checkValue: field62.slice(at + keyBytes, at + keyBytes + CV_BYTES) };
	};
	return ok({ pik: take(0), mak: take(1), ...(field62.length === 60 ? { tdk: take(2) } : {}) });
}

export function formatSignInKeys(keys: SignInKeys): Uint8Array {
	const parts = [keys.pik, keys.mak, ...(keys.tdk ? [keys.tdk] : [])];
	const size = parts.reduce((n, k) => n + k.wrapped.length + k.checkValue.length, 0);
	const out = new Uint8Array(size);
	let at = 0;
	for (const k of parts) {
		if (k.checkValue.length !== CV_BYTES) throw new RangeError("a check value is 4 bytes");
		out.set(k.wrapped, at);
		out.set(k.checkValue, at + k.wrapped.length);
		at += k.wrapped.length + k.checkValue.length;
	}
	return out;
}
