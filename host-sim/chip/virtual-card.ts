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
import { applicationCryptogram, arpcMethod1 } from "../../src/emv/cryptograms.js";
import type { DolEntry } from "../../src/emv/dol.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";
import { decodeTlv, encodeTlv, type Tag, type Tlv } from "../../src/emv/tlv.js";
import type { CardApplication, CardProfile } from "./card-profile.js";
import { CardSigner, certificateRecords, type OdaFault } from "./card-signer.js";
import { SCRIPT_MAC_LENGTH, scriptMac, scriptSessionKey } from "./issuer-script.js";

/** The issuer's master keys of the card's range: the AC key set and the secure-messaging MAC key set. */
export interface IssuerKeys {
	readonly ac: Uint8Array;
	readonly mac: Uint8Array;
}

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
	/** The card's own risk management declines offline: an AAC for a TC asked (Book 3 §10.8, card action analysis). */
	readonly declineOffline?: boolean;
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

/** CTQ 9F6C in the records with byte 2 b7 "card supports issuer update processing" (EMV Contactless Book C-7 Annex A). */
function supportsIssuerUpdate(app: CardApplication): boolean {
	for (const objects of app.records.values()) {
		const ctq = objects.find((o) => o.tag === 0x9f6c)?.value;
		if (ctq !== undefined) return ((ctq[1] ?? 0) & 0x40) !== 0;
	}
	return false;
}

/** The cryptogram a GENERATE AC (or a qPBOC GPO) answers with. */
type AcKind = "AAC" | "TC" | "ARQC";

/** 9F27 b8–b7 per type (Book 3 §6.5.5.4). */
const CID: Readonly<Record<AcKind, number>> = Object.freeze({ AAC: 0x00, TC: 0x40, ARQC: 0x80 });

/** CVR byte 1 (JR/T 0025.5): b8–b7 the second AC (10: not requested), b6–b5 the first. */
function cvrByte1(first: AcKind, second?: "AAC" | "TC"): number {
	const code = { AAC: 0, TC: 1, ARQC: 2 } as const;
	return ((second === undefined ? 2 : code[second]) << 6) | (code[first] << 4);
}

/** What this transaction's completion side has seen: the first AC, its cryptogram, issuer authentication. */
interface OnlineState {
	readonly first: AcKind | undefined;
	readonly cryptogram: Uint8Array;
	readonly issuerAuthentication: "none" | "passed" | "failed";
	readonly secondDone: boolean;
}

type Selected =
	| { readonly kind: "none" }
	| { readonly kind: "directory"; readonly name: "PSE" | "PPSE" }
	| { readonly kind: "application"; readonly index: number };

export class VirtualCard {
	readonly profile: CardProfile;
	faults: CardFaults;
	readonly #keys: IssuerKeys;
	readonly #atc: number[];
	#selected: Selected = { kind: "none" };
	/** The application a partial SELECT last found, for P2 = 02 (next occurrence). */
	#lastOccurrence = -1;
	#processing = false;
	#acDone = false;
	/** The PDOL data of this transaction's GPO, which CDA's transaction data hash covers. */
	#pdolData: Uint8Array = EMPTY;
	/** The completion side (second GENERATE AC, EXTERNAL AUTHENTICATE, scripts): this transaction's state. */
	#online: OnlineState = { first: undefined, cryptogram: EMPTY, issuerAuthentication: "none", secondDone: false };
	/** 9F13 per application; applications blocked by an APPLICATION BLOCK script; records an UPDATE RECORD wrote. */
	readonly #lastOnlineAtc: number[];
	readonly #blockedByScript = new Set<number>();
	readonly #updatedRecords = new Map<string, readonly Tlv[]>();
	/** The ARQC of the last qPBOC GPO per application, for a card that supports issuer update processing. */
	readonly #tappedArqc = new Map<number, Uint8Array>();

	/** `keys`: the issuer master keys the card's own are derived from (EMV 4.3 Book 2 A1.4). */
	constructor(profile: CardProfile, keys: IssuerKeys, faults: CardFaults = {}) {
		this.profile = profile;
		this.#keys = keys;
		this.faults = faults;
		this.#atc = profile.applications.map((a) => a.atc);
		this.#lastOnlineAtc = profile.applications.map((a) => a.lastOnlineAtc);
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
		if (cla === 0x00 && ins === 0x82) return this.#externalAuthenticate(command);
		if (cla === 0x84) return this.#script(command);
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
		this.#online = { first: undefined, cryptogram: EMPTY, issuerAuthentication: "none", secondDone: false };
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
		if (app.blocked || this.#blockedByScript.has(index)) {
			this.#selected = { kind: "none" };
			return answer(0x6283, fci);
		}
		this.#selected = { kind: "application", index };
		// A second tap: EXTERNAL AUTHENTICATE and the scripts answer for the tap's ARQC (issuer update processing).
		const arqc = this.#tappedArqc.get(index);
		if (arqc !== undefined) this.#online = { first: "ARQC", cryptogram: arqc, issuerAuthentication: "none", secondDone: false };
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
		const objects =
			this.#updatedRecords.get(`${selected.index}:${sfi}:${record}`) ??
			selected.app.records.get(`${sfi}:${record}`) ??
			this.#certificateRecord(selected.app, sfi, record);
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
			const decision = this.#qpbocDecision(index, values);
			const cryptogram = this.#cryptogram(index, decision, acData);
			objects.push(...cryptogram, ...this.#fdda(index, values));
			this.#acDone = true;
			// Kept past the field's loss for a second tap (issuer update processing, CTQ byte 2 b7).
			if (decision === "ARQC" && supportsIssuerUpdate(app)) this.#tappedArqc.set(index, cryptogram[2]!.value);
			else this.#tappedArqc.delete(index);
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
		if (tag === 0x9f13) return this.#lastOnline(selected.index);
		return answer(0x6a88);
	}

	#generateAc(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		// Book 3 §6.5.5: after GPO; the second one is the completion side's.
		if (selected !== undefined && this.#processing && this.#acDone) return this.#secondAc(c, selected.app, selected.index);
		if (selected === undefined || !this.#processing || this.#acDone) return answer(0x6985);
		if (c.data.length !== dolLength(selected.app.cdol1)) return answer(0x6700);
		const type = this.#firstDecision(selected.index, c.p1 & 0xc0);
		this.#acDone = true;
		const cdol = splitDol(selected.app.cdol1, c.data);
		const acData = concatBytes(...AC_TAGS.map((t) => cdol.get(t) ?? EMPTY));
		const objects = this.#cryptogram(selected.index, type, acData);
		this.#online = { first: type, cryptogram: objects[2]!.value, issuerAuthentication: "none", secondDone: false };
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
	 * the tests) under the PBOC session key on the ATC. CVR byte 1 (JR/T 0025.5 Table): b8–b7 the second
	 * GENERATE AC's type (00 AAC, 01 TC, 10 not requested), b6–b5 the first's (00 AAC, 01 TC, 10 ARQC).
	 */
	#cryptogram(index: number, type: AcKind, acData: Uint8Array, second?: "AAC" | "TC"): Tlv[] {
		const app = this.profile.applications[index]!;
		const atcValue = this.#atc[index]!;
		const atc = Uint8Array.of(atcValue >> 8, atcValue & 0xff);
		const cvr = concatBytes(Uint8Array.of(0x03, cvrByte1(second === undefined ? type : "ARQC", second)), app.iad.cvrTail);
		const mk = iccMasterKey(this.#keys.ac, app.pan, app.psn, "a");
		if (!mk.ok) throw new Error(`profile ${this.profile.name}: PAN or PSN unusable for key derivation`);
		const ac = applicationCryptogram(pbocSessionKey(mk.value, atc), concatBytes(acData, app.aip, atc, cvr));
		const iadHead = concatBytes(Uint8Array.of(app.iad.dki, app.iad.cvn), cvr);
		// Byte 1 counts DKI, CVN, the CVR and the algorithm identifier that opens `tail` (JR/T 0025.5).
		const iad = concatBytes(Uint8Array.of(iadHead.length + 1), iadHead, app.iad.tail);
		return [tlv(0x9f27, Uint8Array.of(CID[second ?? type])), tlv(0x9f36, atc), tlv(0x9f26, ac), tlv(0x9f10, iad)];
	}

	// The completion side: the card's own decisions, the second GENERATE AC, EXTERNAL AUTHENTICATE, scripts.

	/**
	 * Card action analysis (Book 3 §10.8, simplified): AAC when asked, blocked or declining offline; TC only for an
	 * offline card asked TC.
	 */
	#firstDecision(index: number, requested: number): AcKind {
		if (requested === 0x00 || this.#blockedByScript.has(index)) return "AAC";
		if (requested === 0x40 && this.faults.declineOffline) return "AAC";
		return requested === 0x40 && this.profile.applications[index]!.offline ? "TC" : "ARQC";
	}

	/** qPBOC (JR/T 0025.12 §7.3): TC for an offline card when the TTQ (byte 2 b8) does not require online. */
	#qpbocDecision(index: number, values: ReadonlyMap<Tag, Uint8Array>): AcKind {
		if (this.#blockedByScript.has(index)) return "AAC";
		const ttq = values.get(0x9f66);
		const onlineRequired = ttq === undefined || (ttq[1]! & 0x80) !== 0;
		return this.profile.applications[index]!.offline && !onlineRequired ? "TC" : "ARQC";
	}

	#lastOnline(index: number): ResponseApdu {
		const v = this.#lastOnlineAtc[index]!;
		return answer(0x9000, encodeTlv([tlv(0x9f13, Uint8Array.of(v >> 8, v & 0xff))]));
	}

	/** The session key on the current ATC of the AC key set (the ARPC check) or the MAC key set (script MACs). */
	#sessionKey(index: number, set: keyof IssuerKeys): Uint8Array {
		const app = this.profile.applications[index]!;
		const atc = this.#atc[index]!;
		return scriptSessionKey(this.#keys[set], app.pan, app.psn, Uint8Array.of(atc >> 8, atc & 0xff));
	}

	/** ARPC method 1 (Book 2 A1.2.1) over this transaction's ARQC: 91 is ARPC ‖ ARC. */
	#arpcGood(index: number, data: Uint8Array): boolean {
		if (data.length !== 10) return false;
		return equal(arpcMethod1(this.#sessionKey(index, "ac"), this.#online.cryptogram, data.subarray(8, 10)), data.subarray(0, 8));
	}

	/** EXTERNAL AUTHENTICATE (Book 3 §6.5.4): once, after an ARQC and before the second GENERATE AC; 6300 when the ARPC is wrong. */
	#externalAuthenticate(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		const o = this.#online;
		if (selected === undefined || o.first !== "ARQC" || o.issuerAuthentication !== "none" || o.secondDone) return answer(0x6985);
		if (c.data.length !== 10) return answer(0x6700);
		const good = this.#arpcGood(selected.index, c.data);
		this.#online = { ...o, issuerAuthentication: good ? "passed" : "failed" };
		return answer(good ? 0x9000 : 0x6300);
	}

	/**
	 * GENERATE AC 2 (Book 3 §6.5.5; JR/T 0025.5 §7.11): once, after an ARQC; 91 in CDOL2 is checked when
	 * EXTERNAL AUTHENTICATE was not used; a TC when asked, unless blocked or the issuer failed authentication.
	 * An approval with the issuer authenticated makes the ATC the last online ATC (9F13).
	 */
	#secondAc(c: CommandApdu, app: CardApplication, index: number): ResponseApdu {
		const o = this.#online;
		if (o.first !== "ARQC" || o.secondDone) return answer(0x6985);
		if (c.data.length !== dolLength(app.cdol2)) return answer(0x6700);
		const requested = c.p1 & 0xc0;
		if (requested === 0x80) return answer(0x6a86);
		const values = splitDol(app.cdol2, c.data);
		let auth = o.issuerAuthentication;
		const data91 = values.get(0x91);
		if (auth === "none" && data91 !== undefined && data91.some((b) => b !== 0))
			auth = this.#arpcGood(index, data91) ? "passed" : "failed";
		const type = requested === 0x40 && !this.#blockedByScript.has(index) && auth !== "failed" ? "TC" : "AAC";
		this.#online = { ...o, issuerAuthentication: auth, secondDone: true };
		if (type === "TC" && auth === "passed") this.#lastOnlineAtc[index] = this.#atc[index]!;
		const acData = concatBytes(...AC_TAGS.map((t) => values.get(t) ?? EMPTY));
		return answer(0x9000, encodeTlv([template(0x77, this.#cryptogram(index, "ARQC", acData, type))]));
	}

	/**
	 * An issuer script command with secure messaging (CLA 84; Book 3 §10.10, Book 2 §9.2), after an ARQC in this
	 * transaction; 6988 for a wrong MAC. APPLICATION BLOCK (1E) makes every later AC an AAC and SELECT 6283;
	 * UPDATE RECORD (DC) replaces a record (a 70 template); PIN CHANGE/UNBLOCK (24) is accepted.
	 */
	#script(c: CommandApdu): ResponseApdu {
		const selected = this.#app();
		if (selected === undefined || this.#online.first !== "ARQC") return answer(0x6985);
		if (c.data.length < SCRIPT_MAC_LENGTH) return answer(0x6700);
		const { index } = selected;
		const data = c.data.subarray(0, c.data.length - SCRIPT_MAC_LENGTH);
		const atc = this.#atc[index]!;
		const mac = scriptMac(
			this.#sessionKey(index, "mac"),
			Uint8Array.of(c.cla, c.ins, c.p1, c.p2),
			Uint8Array.of(atc >> 8, atc & 0xff),
			this.#online.cryptogram,
			data,
		);
		if (!equal(mac, c.data.subarray(data.length))) return answer(0x6988);
		if (c.ins === 0x1e) {
			this.#blockedByScript.add(index);
			return answer(0x9000);
		}
		if (c.ins === 0xdc) {
			const record = decodeTlv(data);
			if ((c.p2 & 0x07) !== 0x04) return answer(0x6a86);
			if (!record.ok || record.value.length !== 1 || record.value[0]!.tag !== 0x70) return answer(0x6a80);
			this.#updatedRecords.set(`${index}:${c.p2 >> 3}:${c.p1}`, record.value[0]!.children ?? []);
			return answer(0x9000);
		}
		return c.ins === 0x24 ? answer(0x9000) : answer(0x6d00);
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
