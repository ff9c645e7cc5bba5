// A virtual chip card as JSON: what it answers over which interface, written in hex strings so a profile can
// sit in a file and be edited by hand. `parseCardProfile` checks an untrusted value (a JSON.parse result) and
// gives a typed profile or the first field that is wrong. Platform-free.
//
// Public API: CardProfileJson, ApplicationJson, CardProfile, CardApplication, ProfileError, parseCardProfile.

import { err, ok, type Result } from "../../hal/result.js";
import { hexToBytes } from "../../src/factory/hex-text.js";
import { parseDol, type DolEntry } from "../../src/emv/dol.js";
import { decodeTlv, findTlv, type Tlv } from "../../src/emv/tlv.js";

/** One application on the card, as written in the profile. */
export interface ApplicationJson {
	/** The ADF name (AID), hex. */
	readonly aid: string;
	/** 50, shown to the cardholder (ASCII). */
	readonly label: string;
	/** 87: priority 1–15 (0: none), plus 128 when the cardholder must confirm. */
	readonly priority: number;
	/** 9F12 in the code table of 9F11 = 01 (ISO 8859-1), ASCII here; absent: none. */
	readonly preferredName?: string;
	/** 9F38, hex; absent: the card has no PDOL (GPO data 83 00). */
	readonly pdol?: string;
	/** 82, 2 bytes hex. */
	readonly aip: string;
	/** 94, hex, 4 bytes per entry. */
	readonly afl: string;
	/** The answer to GET PROCESSING OPTIONS: format 1 (80) or format 2 (77); "qpboc" is format 2 with the ARQC in it. */
	readonly gpo: "format 1" | "format 2" | "qpboc";
	/** The records, "SFI:record" → the TLV inside the 70 template, hex. */
	readonly records: Readonly<Record<string, string>>;
	/** 9F36 before the first transaction, 2 bytes hex; GPO adds one. */
	readonly atc: string;
	/** 9F17. */
	readonly pinTries: number;
	/**
	 * The issuer application data (9F10) as JR/T 0025 lays it out: DKI, CVN, CVR bytes 2–3 (byte 1 is the AC
	 * type), then `tail`: the algorithm identifier and the issuer discretionary data.
	 */
	readonly iad: { readonly dki: string; readonly cvn: string; readonly cvrTail: string; readonly tail: string };
	/** SELECT of this application answers 6283 (blocked) when true. */
	readonly blocked?: boolean;
	/** The card may approve offline: a TC for a TC request (contact), a TC when the TTQ does not ask online (qPBOC). */
	readonly offline?: boolean;
	/** 9F13 before the first transaction, 2 bytes hex; absent: the ATC (no offline transactions yet). */
	readonly lastOnlineAtc?: string;
}

export interface CardProfileJson {
	readonly name: string;
	/** Contact (ATR, PSE) and/or contactless (UID, ATS, PPSE). */
	readonly contact?: { readonly atr: string; readonly pse: boolean };
	readonly contactless?: { readonly uid: string; readonly ats: string };
	readonly applications: readonly ApplicationJson[];
}

/** An application with its hex turned into bytes and its data checked. */
export interface CardApplication {
	readonly aid: Uint8Array;
	readonly label: string;
	readonly priority: number;
	readonly preferredName?: string;
	readonly pdol: readonly DolEntry[];
	readonly pdolBytes?: Uint8Array;
	readonly aip: Uint8Array;
	readonly afl: Uint8Array;
	readonly gpo: ApplicationJson["gpo"];
	/** "SFI:record" → the record's objects. */
	readonly records: ReadonlyMap<string, readonly Tlv[]>;
	/** 5A as digits (F padding dropped) and 5F34 as two digits ("00" when the card has none). */
	readonly pan: string;
	readonly psn: string;
	/** 8C from the records, parsed (empty for a qPBOC-only card that has none). */
	readonly cdol1: readonly DolEntry[];
	readonly atc: number;
	readonly pinTries: number;
	readonly iad: { readonly dki: number; readonly cvn: number; readonly cvrTail: Uint8Array; readonly tail: Uint8Array };
	readonly blocked: boolean;
	readonly offline: boolean;
	readonly lastOnlineAtc: number;
	/** 8D from the records, parsed (empty when the card has none). */
	readonly cdol2: readonly DolEntry[];
}

export interface CardProfile {
	readonly name: string;
	readonly contact?: { readonly atr: Uint8Array; readonly pse: boolean };
	readonly contactless?: { readonly uid: Uint8Array; readonly ats: Uint8Array };
	readonly applications: readonly CardApplication[];
}

/** The first field that is wrong, as a path ("applications[1].records.1:2"), and why. */
export interface ProfileError {
	readonly field: string;
	readonly reason: string;
}

class Bad {
	constructor(readonly error: ProfileError) {}
}

function fail(field: string, reason: string): never {
	throw new Bad({ field, reason });
}

function field<T>(value: unknown, name: string, kind: "string" | "number" | "boolean" | "object"): T {
	if (typeof value !== kind || value === null) fail(name, `not a ${kind}`);
	return value as T;
}

function hexField(value: unknown, name: string, length?: number): Uint8Array {
	const bytes = hexToBytes(field<string>(value, name, "string"));
	if (bytes === undefined) fail(name, "not hex");
	if (length !== undefined && bytes.length !== length) fail(name, `not ${length} bytes`);
	return bytes;
}

function dol(bytes: Uint8Array, name: string): DolEntry[] {
	const parsed = parseDol(bytes);
	if (!parsed.ok) fail(name, `not a DOL (${parsed.error.kind})`);
	return parsed.value;
}

function digits(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b >> 4).toString(16) + (b & 15).toString(16);
	return s.replace(/f+$/, "");
}

function application(value: unknown, at: string): CardApplication {
	const a = field<Record<string, unknown>>(value, at, "object");
	const records = new Map<string, readonly Tlv[]>();
	const recordsJson = field<Record<string, unknown>>(a.records, `${at}.records`, "object");
	for (const key of Object.keys(recordsJson)) {
		const name = `${at}.records.${key}`;
		if (!/^[0-9]{1,2}:[0-9]{1,3}$/.test(key)) fail(name, "not SFI:record");
		const tlv = decodeTlv(hexField(recordsJson[key], name));
		if (!tlv.ok) fail(name, `not TLV (${tlv.error.kind})`);
		records.set(key, tlv.value);
	}
	const all = [...records.values()].flat();
	const pan = findTlv(all, 0x5a);
	if (pan === undefined) fail(`${at}.records`, "no 5A (PAN)");
	const psn = findTlv(all, 0x5f34);
	const cdol1 = findTlv(all, 0x8c);
	const gpo = field<string>(a.gpo, `${at}.gpo`, "string");
	if (gpo !== "format 1" && gpo !== "format 2" && gpo !== "qpboc") fail(`${at}.gpo`, "not format 1, format 2 or qpboc");
	const iad = field<Record<string, unknown>>(a.iad, `${at}.iad`, "object");
	const priority = field<number>(a.priority, `${at}.priority`, "number");
	if (!Number.isInteger(priority) || priority < 0 || priority > 0x8f) fail(`${at}.priority`, "not 0–15 (+128)");
	const pdolBytes = a.pdol === undefined ? undefined : hexField(a.pdol, `${at}.pdol`);
	const atc = hexField(a.atc, `${at}.atc`, 2);
	const preferredName = a.preferredName === undefined ? undefined : field<string>(a.preferredName, `${at}.preferredName`, "string");
	return {
		aid: hexField(a.aid, `${at}.aid`),
		label: field<string>(a.label, `${at}.label`, "string"),
		priority,
		...(preferredName === undefined ? {} : { preferredName }),
		pdol: pdolBytes === undefined ? [] : dol(pdolBytes, `${at}.pdol`),
		...(pdolBytes === undefined ? {} : { pdolBytes }),
		aip: hexField(a.aip, `${at}.aip`, 2),
		afl: hexField(a.afl, `${at}.afl`),
		gpo,
		records,
		pan: digits(pan.value),
		psn: psn === undefined ? "00" : digits(psn.value).padStart(2, "0"),
		cdol1: cdol1 === undefined ? [] : dol(cdol1.value, `${at}.records (8C)`),
		atc: atc[0]! * 256 + atc[1]!,
		pinTries: field<number>(a.pinTries, `${at}.pinTries`, "number"),
		iad: {
			dki: hexField(iad.dki, `${at}.iad.dki`, 1)[0]!,
			cvn: hexField(iad.cvn, `${at}.iad.cvn`, 1)[0]!,
			cvrTail: hexField(iad.cvrTail, `${at}.iad.cvrTail`, 2),
			tail: hexField(iad.tail, `${at}.iad.tail`),
		},
		blocked: a.blocked === undefined ? false : field<boolean>(a.blocked, `${at}.blocked`, "boolean"),
		...completionFields(a, at, atc, all),
	};
}

/** The fields the card's completion side reads (offline approval, 9F13). */
function completionFields(
	a: Record<string, unknown>,
	at: string,
	atc: Uint8Array,
	records: readonly Tlv[],
): Pick<CardApplication, "offline" | "lastOnlineAtc" | "cdol2"> {
	const last = a.lastOnlineAtc === undefined ? atc : hexField(a.lastOnlineAtc, `${at}.lastOnlineAtc`, 2);
	const cdol2 = findTlv(records, 0x8d);
	return {
		cdol2: cdol2 === undefined ? [] : dol(cdol2.value, `${at}.records (8D)`),
		offline: a.offline === undefined ? false : field<boolean>(a.offline, `${at}.offline`, "boolean"),
		lastOnlineAtc: last[0]! * 256 + last[1]!,
	};
}

/** A profile from a JSON value, or the first field that is wrong. */
export function parseCardProfile(json: unknown): Result<CardProfile, ProfileError> {
	try {
		const p = field<Record<string, unknown>>(json, "profile", "object");
		const apps = p.applications;
		if (!Array.isArray(apps) || apps.length === 0) fail("applications", "not a non-empty array");
		let contact: CardProfile["contact"];
		if (p.contact !== undefined) {
			const c = field<Record<string, unknown>>(p.contact, "contact", "object");
			contact = { atr: hexField(c.atr, "contact.atr"), pse: field<boolean>(c.pse, "contact.pse", "boolean") };
		}
		let contactless: CardProfile["contactless"];
		if (p.contactless !== undefined) {
			const c = field<Record<string, unknown>>(p.contactless, "contactless", "object");
			contactless = { uid: hexField(c.uid, "contactless.uid"), ats: hexField(c.ats, "contactless.ats") };
		}
		if (contact === undefined && contactless === undefined) fail("profile", "neither contact nor contactless");
		return ok({
			name: field<string>(p.name, "name", "string"),
			...(contact === undefined ? {} : { contact }),
			...(contactless === undefined ? {} : { contactless }),
			applications: apps.map((a, i) => application(a, `applications[${i}]`)),
		});
	} catch (e) {
		if (e instanceof Bad) return err(e.error);
		throw e;
	}
}
