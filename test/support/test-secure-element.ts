// A secure element for link and simulator tests, built on the firmware's crypto primitives: it holds a TMK,
// installs the sign-in key set (field 62) with check values, MACs with the UnionPay POS MAC, and makes
// format 0 PIN blocks under the PIK for a PIN the test names. Platform-free.

import type { KeyRef, KeyUsage, PinEntryRequest, PinEntrySession, SecureElement, SecureError } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { ecbDecrypt } from "../../src/crypto/modes.js";
import { desCheckValue } from "../../src/keys/check-value.js";
import { unionPayMac } from "../../src/mac/unionpay-mac.js";
import { encryptPinBlock, pinDigitsOf } from "../../src/pin/pin-block.js";
import { parseSignInKeys } from "../../src/iso8583/sign-in-keys.js";
import type { RandomSource } from "../../hal/random.js";

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export class TestSecureElement implements SecureElement {
	readonly tampered = false;
	readonly #keys = new Map<string, { usage: KeyUsage; key: Uint8Array }>();
	readonly #random: RandomSource;

	constructor(tmk: Uint8Array, random: RandomSource) {
		this.#keys.set("tmk", { usage: "kek", key: tmk });
		this.#random = random;
	}

	selfTest(): Result<void, SecureError> {
		return ok();
	}

	zeroise(): void {
		this.#keys.clear();
	}

	startPinEntry(request: PinEntryRequest): Result<PinEntrySession, SecureError> {
		return err({ kind: "key-missing", slot: request.key.slot });
	}

	/** Installs a MAC key directly (tests of the link without a sign-in). */
	installMak(mak: Uint8Array): KeyRef {
		this.#keys.set("mak", { usage: "mac", key: mak });
		return { slot: "mak", usage: "mac" };
	}

	mac(ref: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError> {
		const key = this.#get(ref, "mac");
		return key.ok ? ok(unionPayMac(tdesCipher(key.value), data)) : key;
	}

	encryptData(ref: KeyRef): Result<Uint8Array, SecureError> {
		return err({ kind: "key-missing", slot: ref.slot });
	}

	decryptData(ref: KeyRef): Result<Uint8Array, SecureError> {
		return err({ kind: "key-missing", slot: ref.slot });
	}

	loadWorkingKeys(kek: KeyRef, wrapped: Uint8Array): Result<readonly KeyRef[], SecureError> {
		const tmk = this.#get(kek, "kek");
		if (!tmk.ok) return tmk;
		const keys = parseSignInKeys(wrapped);
		if (!keys.ok) return err({ kind: "check-value", slot: "pik" });
		const unwrap = (slot: string, w: { wrapped: Uint8Array; checkValue: Uint8Array }) => {
			const key = ecbDecrypt(tdesCipher(tmk.value), w.wrapped);
			return sameBytes(desCheckValue(key, 4), w.checkValue) ? ok(key) : err<SecureError>({ kind: "check-value", slot });
		};
		const pik = unwrap("pik", keys.value.pik);
		if (!pik.ok) return pik;
		const mak = unwrap("mak", keys.value.mak);
		if (!mak.ok) return mak;
		this.#keys.set("pik", { usage: "pin", key: pik.value });
		this.#keys.set("mak", { usage: "mac", key: mak.value });
		return ok([{ slot: "pik", usage: "pin" }, { slot: "mak", usage: "mac" }]);
	}

	key(slot: string, usage: KeyUsage): Result<KeyRef, SecureError> {
		const entry = this.#keys.get(slot);
		if (!entry) return err({ kind: "key-missing", slot });
		return entry.usage === usage ? ok({ slot, usage }) : err({ kind: "wrong-usage", slot, usage });
	}

	/** Test-only: the encrypted format 0 block of `pin` for `pan` under the installed PIK. */
	pinBlock(pin: string, pan: string): Uint8Array {
		const pik = this.#keys.get("pik");
		const digits = pinDigitsOf(pin);
		if (!pik || !digits.ok) throw new Error("no PIK installed, or a bad test PIN");
		const block = encryptPinBlock(tdesCipher(pik.key), 0, digits.value, pan, this.#random);
		if (!block.ok) throw new Error(`PIN block: ${block.error.kind}`);
		return block.value;
	}

	#get(ref: KeyRef, usage: KeyUsage): Result<Uint8Array, SecureError> {
		const entry = this.#keys.get(ref.slot);
		if (!entry) return err({ kind: "key-missing", slot: ref.slot });
		if (entry.usage !== usage) return err({ kind: "wrong-usage", slot: ref.slot, usage });
		return ok(entry.key);
	}
}
