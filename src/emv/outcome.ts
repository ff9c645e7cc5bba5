// What the kernel gives the terminal's flow (EMV 4.3 Book 4 §6.3; the UnionPay chip slip): the card as read,
// the first decision (offline approved or declined, or online with field 55), and the transaction's end for
// the slip, the journal, the reversal and the TC upload. Same shape for insert (contact) and tap (qPBOC).
//
// Public API: EntryMode, ChipCard, FirstDecision, ChipResult.

import type { CvmOutcome } from "./cvm.js";

/** 插卡 (field 22 05) or 挥卡 (07). */
export type EntryMode = "contact" | "contactless";

/** The chosen application and the card's identity, as the flow and the slip need them. */
export interface ChipCard {
	readonly entryMode: EntryMode;
	/** 84 / 4F. */
	readonly aid: Uint8Array;
	/** 50 (or the preferred name shown at selection). */
	readonly label: string;
	/** 5A as digits (from 57 when 5A is absent). */
	readonly pan: string;
	/** 57, for field 35 (kept only until authorisation). */
	readonly track2?: Uint8Array;
	/** 5F24 as YYMM, for field 14. */
	readonly expiry: string;
	/** 5F34 as two digits, for field 23; undefined when the card has none. */
	readonly psn?: string;
}

/** The end of a chip transaction (after GENERATE AC 1 offline, or the second GENERATE AC / the host's answer). */
export interface ChipResult {
	readonly decision: "approved" | "declined";
	/**
	 * The final cryptogram: a TC when approved (for TC upload), an AAC when declined; a quick-pass online
	 * transaction ends with the ARQC of its GPO answer (the card has left the field; JR/T 0025.12).
	 */
	readonly cryptogramType: "TC" | "AAC" | "ARQC";
	readonly cryptogram: Uint8Array;
	/** 8A: the host's code, or Y1/Z1 (offline), Y3/Z3 (unable to go online) (Book 4 Annex A6). */
	readonly authorisationCode: string;
	readonly tvr: Uint8Array;
	readonly tsi: Uint8Array;
	readonly atc: Uint8Array;
	readonly cvm: CvmOutcome;
	/** 9F27 b4: the card asks for an advice. */
	readonly advice: boolean;
	/** The host approved but the card declined or went away: the flow must reverse (field 55: `reversalField55`). */
	readonly reverse: boolean;
	/** Field 55 of the reversal (95, 9F1E, 9F10, 9F36, DF31). */
	readonly reversalField55: Uint8Array;
	/** Field 55 for the TC upload at settlement; present when approved. */
	readonly tcUploadField55?: Uint8Array;
	/** DF31 when the host sent scripts. */
	readonly scriptResults?: Uint8Array;
}

export type FirstDecision =
	| { readonly kind: "offline"; readonly result: ChipResult }
	/** Go online: the request's field 55 and the ARQC; then `complete` with the host's answer. */
	| { readonly kind: "online"; readonly field55: Uint8Array; readonly arqc: Uint8Array };
