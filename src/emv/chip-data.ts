// The data of one chip transaction as the kernel's steps share it (EMV 4.3 Book 3 Annex A: which side each
// object comes from): what the card gave, the terminal's objects, and what the kernel itself produced (TVR,
// TSI, CVM results, the latest cryptogram answer, 8A, script results). DOLs and field 55 read one source.
//
// Public API: ChipData, applicationName, chipCard, bcdDigits.

import type { AcAnswer } from "./action-analysis.js";
import type { CardData } from "./card-data.js";
import type { DolValueSource } from "./dol.js";
import type { ChipCard, EntryMode } from "./outcome.js";
import { terminalValue, type TerminalParameters, type Transaction } from "./terminal-parameters.js";
import { findTlv, type Tag, type Tlv } from "./tlv.js";
import { Verification } from "./tvr.js";

/** BCD digits, F padding and anything after a D separator (track 2) dropped. */
export function bcdDigits(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b >> 4).toString(16) + (b & 15).toString(16);
	// No regular expression: on XS one is compiled at each use.
	const separator = s.indexOf("d");
	let end = separator < 0 ? s.length : separator;
	while (end > 0 && s.charCodeAt(end - 1) === 0x66) end--;
	return s.slice(0, end);
}

/** The card as the flow needs it (5A, else the PAN of 57; 5F24 as YYMM; 5F34). */
/** The application's name: the one the cardholder chose (the candidate's label), else the FCI's 50. */
export function applicationName(fci: readonly Tlv[], label: string): string {
	if (label !== "") return label;
	const fciLabel = findTlv(fci, 0x50)?.value;
	return fciLabel === undefined ? "" : String.fromCharCode(...fciLabel);
}

export function chipCard(card: CardData, aid: Uint8Array, label: string, entryMode: EntryMode): ChipCard {
	const track2 = card.get(0x57);
	const pan = card.get(0x5a);
	const expiry = card.get(0x5f24);
	const psn = card.get(0x5f34);
	return {
		entryMode,
		aid,
		label,
		pan: pan !== undefined ? bcdDigits(pan) : track2 !== undefined ? bcdDigits(track2) : "",
		...(track2 === undefined ? {} : { track2 }),
		expiry: expiry !== undefined ? bcdDigits(expiry).slice(0, 4) : "",
		...(psn === undefined ? {} : { psn: bcdDigits(psn).padStart(2, "0") }),
	};
}

export class ChipData {
	readonly v = new Verification();
	/** 9F34, set by cardholder verification. */
	cvmResults: Uint8Array = Uint8Array.of(0x3f, 0x00, 0x00);
	/** The latest GENERATE AC (or qPBOC GPO) answer's objects. */
	ac?: AcAnswer;
	/** 8A as sent in CDOL2 (the host's code, or Y3/Z3). */
	arc?: Uint8Array;
	/** 91 from the host, for a CDOL2 that asks for it. */
	issuerAuthenticationData?: Uint8Array;
	/** DF31 / 9F5B. */
	scriptResults?: Uint8Array;

	constructor(
		readonly card: CardData,
		readonly aid: Uint8Array,
		readonly aip: Uint8Array,
		readonly params: TerminalParameters,
		readonly txn: Transaction,
	) {}

	/** The kernel's own objects first, then the terminal's, then the card's. */
	readonly value: DolValueSource = (tag: Tag) => this.#own(tag) ?? terminalValue(this.params, this.txn, tag) ?? this.card.get(tag);

	#own(tag: Tag): Uint8Array | undefined {
		switch (tag) {
			case 0x95:
				return this.v.tvr.slice();
			case 0x9b:
				return this.v.tsi.slice();
			case 0x9f34:
				return this.cvmResults;
			case 0x84:
				return this.aid;
			case 0x82:
				return this.aip;
			case 0x8a:
				return this.arc;
			case 0x91:
				return this.issuerAuthenticationData;
			case 0xdf31:
			case 0x9f5b:
				return this.scriptResults;
			case 0x9f26:
				return this.ac?.cryptogram;
			case 0x9f27:
				return this.ac === undefined ? undefined : Uint8Array.of(this.ac.cid);
			case 0x9f36:
				return this.ac?.atc;
			case 0x9f10:
				return this.ac?.iad;
			default:
				return undefined;
		}
	}
}
