// Cardholder data at rest (PCI DSS 3.4/3.5): what the journal must keep about a card (PAN and expiry, for
// voids, refunds, batch upload) and the stored reversal message are encrypted under the secure element's
// data key. Only the masked PAN (first 6, last 4) is ever kept in clear.
//
// The contract's only data key is the TDK that arrives with each sign-in (60.3 = 004), so the key changes
// at every sign-in: OnlineService re-seals what the journal holds under the new key in the same step.

import { KEY_SLOTS, type SecureElement } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";
import { utf8Decode, utf8Encode } from "../text/utf8.js";

/** The secure element's slot for the data key. */
export const DATA_KEY_SLOT = KEY_SLOTS.tdk;

/** Block size both TDES (8) and AES/SM4 (16) divide. */
const PAD_BLOCK = 16;

export type VaultError = { readonly kind: "no-data-key" } | { readonly kind: "damaged" };

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

	seal(plain: Uint8Array): Result<Uint8Array, VaultError> {
		const key = this.#secure.key(DATA_KEY_SLOT, "data");
		if (!key.ok) return err({ kind: "no-data-key" });
		// Length prefix, then zero fill to whole blocks.
		const padded = new Uint8Array(Math.ceil((plain.length + 2) / PAD_BLOCK) * PAD_BLOCK);
		padded[0] = plain.length >> 8;
		padded[1] = plain.length & 0xff;
		padded.set(plain, 2);
		const sealed = this.#secure.encryptData(key.value, padded);
		return sealed.ok ? ok(sealed.value) : err({ kind: "no-data-key" });
	}

	open(sealed: Uint8Array): Result<Uint8Array, VaultError> {
		const key = this.#secure.key(DATA_KEY_SLOT, "data");
		if (!key.ok) return err({ kind: "no-data-key" });
		const plain = this.#secure.decryptData(key.value, sealed);
		if (!plain.ok) return err({ kind: "damaged" });
		const length = (plain.value[0]! << 8) | plain.value[1]!;
		return length + 2 <= plain.value.length ? ok(plain.value.slice(2, 2 + length)) : err({ kind: "damaged" });
	}

	sealCard(card: StoredCard): Result<Uint8Array, VaultError> {
		return this.seal(utf8Encode(`${card.pan}=${card.expiry}`));
	}

	openCard(sealed: Uint8Array): Result<StoredCard, VaultError> {
		const plain = this.open(sealed);
		if (!plain.ok) return plain;
		const text = utf8Decode(plain.value);
		const match = text === undefined ? null : /^([0-9]{12,19})=([0-9]{4})?$/.exec(text);
		return match ? ok({ pan: match[1]!, expiry: match[2] ?? "" }) : err({ kind: "damaged" });
	}
}
