// ISO 8583 field 55 (ICC system related data) for the UnionPay acquirer: the data objects of the chip
// transaction as BER-TLV, in the order of UnionPay's POS terminal specification (the list UnionPay terminals
// send with a sale, as public terminal code names it: e.g. bitian123/HandSetWisdomCashier EmvTagKey.java).
// A tag the transaction has no value for is left out.
//
// Public API: SALE_TAGS, REVERSAL_TAGS, TC_UPLOAD_TAGS, buildField55.

import { encodeTlv, type Tag } from "./tlv.js";
import type { DolValueSource } from "./dol.js";

/** A sale or pre-auth request (and qPBOC online): cryptogram, counters, terminal and card context; 9F63 optional. */
export const SALE_TAGS: readonly Tag[] = Object.freeze([
	0x9f26, 0x9f27, 0x9f10, 0x9f37, 0x9f36, 0x95, 0x9a, 0x9c, 0x9f02, 0x5f2a, 0x82, 0x9f1a, 0x9f03, 0x9f33, 0x9f34, 0x9f35, 0x9f1e, 0x84,
	0x9f09, 0x9f41, 0x9f63,
]);

/** A reversal (0400): the TVR after completion, the IFD serial, the IAD and ATC, the script results. */
export const REVERSAL_TAGS: readonly Tag[] = Object.freeze([0x95, 0x9f1e, 0x9f10, 0x9f36, 0xdf31]);

/** TC upload at settlement: the sale's list with the final cryptogram (TC), the authorisation response code and the script results. */
export const TC_UPLOAD_TAGS: readonly Tag[] = Object.freeze([...SALE_TAGS, 0x8a, 0xdf31]);

/** The TLV of the tags in order, values from `source` (kernel data first, then the terminal's). */
export function buildField55(tags: readonly Tag[], source: DolValueSource): Uint8Array {
	const objects = [];
	for (const tag of tags) {
		const value = source(tag);
		if (value !== undefined) objects.push({ tag, value });
	}
	return encodeTlv(objects);
}
