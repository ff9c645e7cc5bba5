// Cardholder data at rest (PCI DSS 3.4/3.5): what the journal must keep about a card (PAN and expiry, for
// voids, refunds, batch upload) and the stored reversal message are encrypted under the secure element's
// device data key — the unit's own key, generated inside the element, untouched by sign-in, so what is
// sealed stays readable across sign-ins and reboots. Only the masked PAN (first 6, last 4) is ever kept in
// clear. Tamper erases the key with every other: what was sealed before can no longer be opened.

import { KEY_SLOTS, type KeyRef, type SecureElement, type SecureError } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";
import { packDigits, unpackDigits } from "../iso8583/bcd.js";

/** The AES block. */
const PAD_BLOCK = 16;
const PAN_DIGITS = /^[0-9]{12,19}$/;
const EXPIRY_DIGITS = /^([0-9]{4})?$/;

/**
 * "PAN=YYMM" (or "PAN=") as a stored card, else undefined. Split by hand rather than by a RegExp's captures: on
 * the device this module is preloaded, and XS's exec of a preloaded RegExp with captures crashed Moddable's mcsim
 * once (segmentation fault in fx_RegExp_prototype_exec, xsRegExp.c, reading its match data during the void).
 */
function parseCard(digits: string): StoredCard | undefined {
	const equals = digits.indexOf("=");
	if (equals < 0) return undefined;
	const pan = digits.slice(0, equals);
	const expiry = digits.slice(equals + 1);
	return PAN_DIGITS.test(pan) && EXPIRY_DIGITS.test(expiry) ? { pan, expiry } : undefined;
}

export type VaultError =
	/** The element cannot use its data key (tampered, locked by a failed self-test, store not writable). */
	| { readonly kind: "no-data-key"; readonly error: SecureError }
	/** Not sealed data, or sealed under a data key the element no longer holds (erased by tamper). */
	| { readonly kind: "damaged" };

/** PAN and expiry as the journal needs them for a later void or batch upload. */
export interface StoredCard {
	readonly pan: string;
	/** YYMM, "" when unknown. */
	readonly expiry: string;
}

export class CardVault {
	readonly #secure: SecureElement;

	constructor(secure: SecureElement) {
		this.#secure = secure;
	}

	#key(): Result<KeyRef<"data">, VaultError> {
		const key = this.#secure.key(KEY_SLOTS.deviceData, "data");
		return key.ok ? key : err({ kind: "no-data-key", error: key.error });
	}

	seal(plain: Uint8Array): Result<Uint8Array, VaultError> {
		const key = this.#key();
		if (!key.ok) return key;
		// Length prefix, then zero fill to whole blocks.
		const padded = new Uint8Array(Math.ceil((plain.length + 2) / PAD_BLOCK) * PAD_BLOCK);
		padded[0] = plain.length >> 8;
		padded[1] = plain.length & 0xff;
		padded.set(plain, 2);
		const sealed = this.#secure.encryptData(key.value, padded);
		padded.fill(0);
		return sealed.ok ? sealed : err({ kind: "no-data-key", error: sealed.error });
	}

	open(sealed: Uint8Array): Result<Uint8Array, VaultError> {
		const key = this.#key();
		if (!key.ok) return key;
		const plain = this.#secure.decryptData(key.value, sealed);
		if (!plain.ok) return err({ kind: "damaged" });
		const length = (plain.value[0]! << 8) | plain.value[1]!;
		const opened = length + 2 <= plain.value.length ? ok(plain.value.slice(2, 2 + length)) : err({ kind: "damaged" as const });
		plain.value.fill(0);
		return opened;
	}

	/** Packed like track 2 (digits, D for '=') behind a digit count: a 19-digit PAN and expiry fit one AES block. */
	sealCard(card: StoredCard): Result<Uint8Array, VaultError> {
		const digits = `${card.pan}=${card.expiry}`;
		const packed = packDigits(digits, true, true);
		if (packed === undefined || parseCard(digits) === undefined)
			throw new RangeError("a stored card is a 12–19 digit PAN and an empty or 4-digit expiry");
		const plain = new Uint8Array(1 + packed.length);
		plain[0] = digits.length;
		plain.set(packed, 1);
		const sealed = this.seal(plain);
		plain.fill(0);
		return sealed;
	}

	openCard(sealed: Uint8Array): Result<StoredCard, VaultError> {
		const plain = this.open(sealed);
		if (!plain.ok) return plain;
		const count = plain.value[0] ?? 0;
		const unpacked = plain.value.length === 1 + ((count + 1) >> 1) ? unpackDigits(plain.value, 1, count, true, true) : undefined;
		plain.value.fill(0);
		const card = unpacked?.ok ? parseCard(unpacked.value) : undefined;
		return card ? ok(card) : err({ kind: "damaged" });
	}
}
