// A virtual PBOC 3.0 / EMV card: answers command APDUs as a card's operating system and payment application
// would (EMV 4.3 Book 1 §11, Book 3 §6.5; JR/T 0025.5 for the PBOC debit/credit application, JR/T 0025.12 for
// qPBOC). It holds the directory (PSE over contact, PPSE over contactless), the applications of its profile
// with their FCI, PDOL, AIP, AFL and records, and an ATC; GENERATE AC (and a qPBOC GPO) computes an ARQC
// under the session key of its own ICC master key, derived from the issuer master key it was personalised
// with (Book 2 A1.4.1 option A; the PBOC session key of JR/T 0025), so an issuer simulator can check it.
// Offline data authentication is card-signer.ts's: certificate records, INTERNAL AUTHENTICATE, CDA and fDDA.
// Transport behaviour (T=0 procedure bytes, removal, muteness) is the virtual readers'. Platform-free.
//
// Public API: CardFaults, VirtualCard.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import { concatBytes } from "../../src/crypto/bytes.js";
import { directoryName } from "../../src/emv/commands.js";
import { applicationCryptogram } from "../../src/emv/cryptograms.js";
import type { DolEntry } from "../../src/emv/dol.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";
import { encodeTlv, type Tag, type Tlv } from "../../src/emv/tlv.js";
import type { CardApplication, CardProfile } from "./card-profile.js";
import { CardSigner, certificateRecords, type OdaFault } from "./card-signer.js";

/** Ways this card misbehaves, set by a test or the simulator. */
export interface CardFaults {
	/** No ATR after reset / no ATS after RATS. */
	readonly mute?: boolean;
	/** The ATR loses its last byte. */
	readonly wrongAtr?: boolean;
	/** The card does not answer a PPS request (ISO/IEC 7816-3 §9.3), so a rate its TA1 offers cannot be had. */
	readonly refusePps?: boolean;
	/** Taken out of the reader (or the field) after this many exchanges since activation (TPDUs at T=0). */
	readonly removeAfterExchanges?: number;
	/** The card is blocked: every SELECT answers 6A81 (Book 1 §12.3.2). */
	readonly cardBlocked?: boolean;
	/** The PSE and PPSE are missing (6A82), so the terminal must use its list of AIDs. */
	readonly noDirectory?: boolean;
	/** The authentication data spoilt (card-signer.ts): a corrupt or expired certificate, an unknown CA, a bad signature. */
	readonly oda?: OdaFault;
}

/** The SFI of the PSE directory file this card uses. */
const DIRECTORY_SFI = 1;
/** The data objects a PBOC cryptogram covers ahead of AIP ‖ ATC ‖ CVR (JR/T 0025.5: CDOL1's usual list). */
const AC_TAGS: readonly Tag[] = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37];

const EMPTY = new Uint8Array(0);
const PSE = directoryName("PSE");
const PPSE = directoryName("PPSE");

function answer(sw: number, data: Uint8Array = EMPTY): ResponseApdu {
	return { data, sw1: sw >> 8, sw2: sw & 0xff };
}

function tlv(tag: Tag, value: Uint8Array | string): Tlv {
	return { tag, value: typeof value === "string" ? Uint8Array.from(value, (c) => c.charCodeAt(0)) : value };
}

function template(tag: Tag, children: readonly Tlv[]): Tlv {
	return { tag, value: EMPTY, children };
}

function startsWith(long: Uint8Array, prefix: Uint8Array): boolean {
	return prefix.length > 0 && long.length >= prefix.length && prefix.every((x, i) => x === long[i]);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && startsWith(a, b);
}

/** The DOL data cut into values by tag. */
function splitDol(entries: readonly DolEntry[], data: Uint8Array): Map<Tag, Uint8Array> {
	const out = new Map<Tag, Uint8Array>();
	let at = 0;
	for (const e of entries) {
		out.set(e.tag, data.subarray(at, at + e.length));
		at += e.length;
	}
	return out;
}

function dolLength(entries: readonly DolEntry[]): number {
	return entries.reduce((n, e) => n + e.length, 0);
}

type Selected =
	| { readonly kind: "none" }
	| { readonly kind: "directory"; readonly name: "PSE" | "PPSE" }
	| { readonly kind: "application"; readonly index: number };

export class VirtualCard {
	readonly profile: CardProfile;
	faults: CardFaults;
	readonly #imk: Uint8Array;
	readonly #atc: number[];
	#selected: Selected = { kind: "none" };
	/** The application a partial SELECT last found, for P2 = 02 (next occurrence). */
	#lastOccurrence = -1;
	#processing = false;
	#acDone = false;
	/** The PDOL data of this transaction's GPO, which CDA's transaction data hash covers. */
	#pdolData: Uint8Array = EMPTY;

	/** `imk`: the issuer's AC master key the card's keys are derived from (16 bytes). */
	constructor(profile: CardProfile, imk: Uint8Array, faults: CardFaults = {}) {
		this.profile = profile;
		this.#imk = imk;
		this.faults = faults;
		this.#atc = profile.applications.map((a) => a.atc);
	}

	/** The ATR after a reset (contact), which also ends any transaction. */
	reset(): Uint8Array | undefined {
		this.#selected = { kind: "none" };
		this.#processing = false;
		const atr = this.profile.contact?.atr;
		if (atr === undefined) return undefined;
		return this.faults.wrongAtr ? atr.subarray(0, atr.length - 1) : atr;
	}

	answer(command: CommandApdu): ResponseApdu {
		const { cla, ins } = command;
		if (cla === 0x00 && ins === 0xa4) return this.#select(command);
		if (cla === 0x00 && ins === 0xb2) return this.#readRecord(command);
		if (cla === 0x80 && ins === 0xa8) return this.#gpo(command);
		if (cla === 0x80 && ins === 0xca) return this.#getData(command);
		if (cla === 0x80 && ins === 0xae) return this.#generateAc(command);
		if (cla === 0x00 && ins === 0x88) return this.#internalAuthenticate(command);
		if (cla !== 0x00 && cla !== 0x80) return answer(0x6e00);
		return answer(0x6d00);
	}

	#app(): { app: CardApplication; index: number } | undefined {
		const s = this.#selected;
		return s.kind === "application" ? { app: this.profile.applications[s.index]!, index: s.index } : undefined;
	}

	#select(c: CommandApdu): ResponseApdu {
		if (c.p1 !== 0x04 || (c.p2 !== 0x00 && c.p2 !== 0x02)) return answer(0x6a86);
		if (this.faults.cardBlocked) return answer(0x6a81);
		this.#processing = false;
		this.#acDone = false;
		if (equal(c.data, PSE) || equal(c.data, PPSE)) {
			const pse = equal(c.data, PSE);
			const has = !this.faults.noDirectory && (pse ? this.profile.contact?.pse === true : this.profile.contactless !== undefined);
			if (!has) return answer(0x6a82);
			this.#selected = { kind: "directory", name: pse ? "PSE" : "PPSE" };
			// Book 1 §11.3.4 Table 43 (PSE: SFI of the directory); Book B §3.3.2 (PPSE: entries in BF0C).
			const proprietary = pse
				? [tlv(0x88, Uint8Array.of(DIRECTORY_SFI)), tlv(0x5f2d, "zhen")]
				: [
						template(
							0xbf0c,
							this.profile.applications.map((a) => this.#entry(a)),
						),
					];
			return answer(0x9000, encodeTlv([template(0x6f, [tlv(0x84, c.data), template(0xa5, proprietary)])]));
		}
		const apps = this.profile.applications;
		const from = c.p2 === 0x02 ? this.#lastOccurrence + 1 : 0;
		let index = -1;
		for (let i = from; i < apps.length; i++)
			if (startsWith(apps[i]!.aid, c.data)) {
				index = i;
				break;
			}
		if (index < 0) return answer(0x6a82);
		this.#lastOccurrence = index;
		const app = apps[index]!;
		const fci = encodeTlv([template(0x6f, [tlv(0x84, app.aid), template(0xa5, this.#fciProprietary(app))])]);
		if (app.blocked) {
			this.#selected = { kind: "none" };
			return answer(0x6283, fci);
		}
		this.#selected = { kind: "application", index };
		return answer(0x9000, fci);
	}

	/** A directory entry (61): ADF name, label, priority (Book 1 §12.2.3 Table 46). */
	#entry(app: CardApplication): Tlv {
		return template(0x61, [tlv(0x4f, app.aid), tlv(0x50, app.label), tlv(0x87, Uint8Array.of(app.priority))]);
	}

	/** The A5 of an application's FCI (Book 1 §11.3.4 Table 45). */
	#fciProprietary(app: CardApplication): Tlv[] {
		const out = [tlv(0x50, app.label), tlv(0x87, Uint8Array.of(app.priority))];
		if (app.pdolBytes) out.push(tlv(0x9f38, app.pdolBytes));
		out.push(tlv(0x5f2d, "zhen"));
		if (app.preferredName !== undefined) out.push(tlv(0x9f11, Uint8Array.of(1)), tlv(0x9f12, app.preferredName));
		return out;
	}

	#readRecord(c: CommandApdu): ResponseApdu {
		if ((c.p2 & 0x07) !== 0x04) return answer(0x6a86);
		const sfi = c.p2 >> 3;
		const record = c.p1;
		const s = this.#selected;
		if (s.kind === "directory" && s.name === "PSE" && sfi === DIRECTORY_SFI) {
			// One application per directory record (Book 1 §12.2.3: 70 holding 61 entries).
			const app = this.profile.applications[record - 1];
			return app === undefined ? answer(0x6a83) : answer(0x9000, encodeTlv([template(0x70, [this.#entry(app)])]));
		}
		const selected = this.#app();
		if (selected === undefined) return answer(0x6985);
		const objects = selected.app.records.get(`${sfi}:${record}`) ?? this.#certificateRecord(selected.app, sfi, record);
		return objects === undefined ? answer(0x6a83) : answer(0x9000, encodeTlv([template(0x70, objects)]));
	}

	#gpo(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		if (selected === undefined || this.#processing) return answer(0x6985);
		const { app, index } = selected;
		const pdolData = c.data.subarray(2);
		if (c.data[0] !== 0x83 || c.data[1] !== pdolData.length || pdolData.length !== dolLength(app.pdol)) return answer(0x6700);
		this.#processing = true;
		this.#pdolData = pdolData;
		this.#atc[index] = (this.#atc[index]! + 1) & 0xffff;
		if (app.gpo === "format 1") return answer(0x9000, encodeTlv([tlv(0x80, concatBytes(app.aip, app.afl))]));
		const objects = [tlv(0x82, app.aip), tlv(0x94, app.afl)];
		if (app.gpo === "qpboc") {
			// qPBOC online (JR/T 0025.12): the ARQC comes with GPO, over the PDOL's values of the AC data objects.
			const values = splitDol(app.pdol, pdolData);
			const acData = concatBytes(...AC_TAGS.map((t) => values.get(t) ?? EMPTY));
			objects.push(...this.#cryptogram(index, "ARQC", acData), ...this.#fdda(index, values));
			this.#acDone = true;
		}
		return answer(0x9000, encodeTlv([template(0x77, objects)]));
	}

	#getData(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		const tag = c.p1 * 256 + c.p2;
		if (selected === undefined) return answer(0x6985);
		const atc = this.#atc[selected.index]!;
		if (tag === 0x9f36) return answer(0x9000, encodeTlv([tlv(0x9f36, Uint8Array.of(atc >> 8, atc & 0xff))]));
		if (tag === 0x9f17) return answer(0x9000, encodeTlv([tlv(0x9f17, Uint8Array.of(selected.app.pinTries))]));
		return answer(0x6a88);
	}

	#generateAc(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		// Book 3 §6.5.5: after GPO, and only once here (the second GENERATE AC is the next part's).
		if (selected === undefined || !this.#processing || this.#acDone) return answer(0x6985);
		if (c.data.length !== dolLength(selected.app.cdol1)) return answer(0x6700);
		const requested = c.p1 & 0xc0;
		const type = requested === 0x00 ? "AAC" : "ARQC";
		this.#acDone = true;
		const cdol = splitDol(selected.app.cdol1, c.data);
		const acData = concatBytes(...AC_TAGS.map((t) => cdol.get(t) ?? EMPTY));
		const objects = this.#cryptogram(selected.index, type, acData);
		// Book 3 §6.5.5.4: CDA when P1 b5 asks for it, for a TC or an ARQC (an AAC is never signed).
		const signer = this.#signer(selected.app);
		const cda = (c.p1 & 0x10) !== 0 && type !== "AAC" && signer !== undefined;
		return answer(
			0x9000,
			encodeTlv([template(0x77, cda ? signer.cda(objects, this.#pdolData, c.data, cdol.get(0x9f37) ?? EMPTY) : objects)]),
		);
	}

	/**
	 * 9F27, 9F36, 9F26, 9F10: the AC over `acData` ‖ AIP ‖ ATC ‖ CVR (JR/T 0025.5, as the PBOC worked example of
	 * the tests) under the PBOC session key on the ATC. CVR byte 1 (JR/T 0025.5 Table): b8–b7 10 (second
	 * GENERATE AC not requested), b6–b5 the AC type (00 AAC, 10 ARQC). This card goes online always, so a TC
	 * request also gets an ARQC.
	 */
	#cryptogram(index: number, type: "AAC" | "ARQC", acData: Uint8Array): Tlv[] {
		const app = this.profile.applications[index]!;
		const atcValue = this.#atc[index]!;
		const atc = Uint8Array.of(atcValue >> 8, atcValue & 0xff);
		const cvr = concatBytes(Uint8Array.of(0x03, type === "ARQC" ? 0xa0 : 0x80), app.iad.cvrTail);
		const mk = iccMasterKey(this.#imk, app.pan, app.psn, "a");
		if (!mk.ok) throw new Error(`profile ${this.profile.name}: PAN or PSN unusable for key derivation`);
		const ac = applicationCryptogram(pbocSessionKey(mk.value, atc), concatBytes(acData, app.aip, atc, cvr));
		const iadHead = concatBytes(Uint8Array.of(app.iad.dki, app.iad.cvn), cvr);
		// Byte 1 counts DKI, CVN, the CVR and the algorithm identifier that opens `tail` (JR/T 0025.5).
		const iad = concatBytes(Uint8Array.of(iadHead.length + 1), iadHead, app.iad.tail);
		return [tlv(0x9f27, Uint8Array.of(type === "ARQC" ? 0x80 : 0x00)), tlv(0x9f36, atc), tlv(0x9f26, ac), tlv(0x9f10, iad)];
	}

	// Offline data authentication (card-signer.ts).

	#signer(app: CardApplication): CardSigner | undefined {
		return app.oda === undefined ? undefined : new CardSigner(app.oda.keys, this.faults.oda);
	}

	/** Records 1–3 of the application's certificate SFI. */
	#certificateRecord(app: CardApplication, sfi: number, record: number): readonly Tlv[] | undefined {
		if (app.oda === undefined || sfi !== app.oda.sfi) return undefined;
		return certificateRecords(app, app.oda.keys, this.faults.oda)[record - 1];
	}

	/** INTERNAL AUTHENTICATE (Book 3 §6.5.9): after GPO, the SDAD over the DDOL data in template 80. */
	#internalAuthenticate(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		if (selected === undefined || !this.#processing) return answer(0x6985);
		const signer = this.#signer(selected.app);
		if (signer === undefined) return answer(0x6d00);
		const atc = this.#atc[selected.index]!;
		const sdad = signer.internalAuthenticate(Uint8Array.of(atc >> 8, atc & 0xff), c.data);
		return sdad === undefined ? answer(0x6700) : answer(0x9000, encodeTlv([tlv(0x80, sdad)]));
	}

	/** qPBOC fDDA: 9F69 and 9F4B in the GPO answer, when the profile says so. */
	#fdda(index: number, values: ReadonlyMap<Tag, Uint8Array>): Tlv[] {
		const app = this.profile.applications[index]!;
		const signer = this.#signer(app);
		if (signer === undefined || !app.oda?.fdda) return [];
		const atc = this.#atc[index]!;
		const [un, amount, currency] = [0x9f37, 0x9f02, 0x5f2a].map((t) => values.get(t) ?? EMPTY) as [Uint8Array, Uint8Array, Uint8Array];
		return signer.fdda(Uint8Array.of(atc >> 8, atc & 0xff), un, amount, currency);
	}
}
