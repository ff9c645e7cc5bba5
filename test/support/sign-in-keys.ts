// Builds a sign-in field 62 the way an acquirer does (working keys wrapped under the TMK, 4-byte check
// values), so tests can install known working keys into the real secure element. Platform-free.

import { tdesCipher } from "../../src/crypto/des.js";
import { ecbEncrypt } from "../../src/crypto/modes.js";
import { desCheckValue } from "../../src/keys/check-value.js";
import { formatSignInKeys } from "../../src/iso8583/sign-in-keys.js";
import type { SecureElement, KeyRef } from "../../hal/secure-element.js";
import { KEY_SLOTS } from "../../hal/secure-element.js";

export function wrappedKeySet(tmk: Uint8Array, pik: Uint8Array, mak: Uint8Array): Uint8Array {
	const wrap = (key: Uint8Array) => ({ wrapped: ecbEncrypt(tdesCipher(tmk), key), checkValue: desCheckValue(key, 4) });
	return formatSignInKeys({ pik: wrap(pik), mak: wrap(mak) });
}

/** Installs PIK and MAK through `loadWorkingKeys` under the element's TMK; returns the MAK reference. */
export function installWorkingKeys(secure: SecureElement, tmk: Uint8Array, pik: Uint8Array, mak: Uint8Array): KeyRef<"mac"> {
	const kek = secure.key(KEY_SLOTS.tmk, "kek");
	if (!kek.ok) throw new Error(`no TMK: ${kek.error.kind}`);
	const loaded = secure.loadWorkingKeys(kek.value, wrappedKeySet(tmk, pik, mak));
	if (!loaded.ok) throw new Error(`key set refused: ${loaded.error.kind}`);
	const ref = secure.key(KEY_SLOTS.mak, "mac");
	if (!ref.ok) throw new Error("no MAK after sign-in");
	return ref.value;
}
