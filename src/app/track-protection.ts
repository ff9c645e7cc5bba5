// Tracks 2 and 3 of a swiped card leave the terminal encrypted under the TDK (UnionPay track encryption,
// 53.3 = 1) when the acquirer parameters ask for it: the secure element encrypts each packed track by
// reference to the TDK, and the request carries only the ciphertext (as digits and the nibble letters
// A, B, C, E, F). Nothing here keeps the clear tracks.
//
// Public API: OnlineCard, protectTracks(secure, card, encrypt).

import { ok, type Result } from "../../hal/result.js";
import { KEY_SLOTS, type SecureElement, type SecureError } from "../../hal/secure-element.js";
import { packDigits, unpackDigits } from "../iso8583/bcd.js";
import type { CardRead } from "../iso8583/requests.js";

export interface OnlineCard {
	readonly card: CardRead;
	/** 53.3: the tracks in `card` are TDK ciphertext. */
	readonly tracksEncrypted: boolean;
}

/** The card as the request carries it: tracks encrypted when `encrypt` is set and the card has any. */
export function protectTracks(secure: SecureElement, card: CardRead, encrypt: boolean): Result<OnlineCard, SecureError> {
	if (!encrypt || (card.track2 === undefined && card.track3 === undefined)) return ok({ card, tracksEncrypted: false });
	const tdk = secure.key(KEY_SLOTS.tdk, "data");
	if (!tdk.ok) return tdk;
	const encryptOne = (track: string | undefined): Result<string | undefined, SecureError> => {
		if (track === undefined) return ok(undefined);
		const packed = packDigits(track, true, true);
		if (packed === undefined) throw new RangeError("a track is digits and '='");
		const sealed = secure.encryptTrack(tdk.value, packed);
		packed.fill(0);
		if (!sealed.ok) return sealed;
		// The last byte, which holds the pad nibble, is never encrypted: the unpacking cannot fail.
		const text = unpackDigits(sealed.value, 0, track.length, true, true);
		if (!text.ok) throw new RangeError(text.error.detail);
		return ok(text.value);
	};
	const track2 = encryptOne(card.track2);
	if (!track2.ok) return track2;
	const track3 = encryptOne(card.track3);
	if (!track3.ok) return track3;
	const { track2: _clear2, track3: _clear3, ...rest } = card;
	return ok({
		card: { ...rest, ...(track2.value ? { track2: track2.value } : {}), ...(track3.value ? { track3: track3.value } : {}) },
		tracksEncrypted: true,
	});
}
