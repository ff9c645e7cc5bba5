// The issuer's side of a chip card's online request, as the simulated acquirer plays it: field 55 read back
// into its data objects, the card's keys derived from the issuer master keys of its card range (EMV 4.3 Book 2
// A1.4 option A or B; the PBOC session key of JR/T 0025.5 or the common one of A1.3.1), the ARQC recomputed
// over the data the card MACed (CDOL1 values of 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 ‖ AIP ‖ ATC ‖ CVR, as
// JR/T 0025.5 and the virtual cards do), and the answer's field 55: 91 with the ARPC (Book 2 §8.2, A1.2.1
// method 1: ARPC ‖ ARC; A1.2.2 method 2: ARPC ‖ CSU) and issuer scripts 71/72 (Book 3 §10.10, Annex A:
// 9F18 script identifier, 86 commands) whose commands carry a secure-messaging MAC (Book 2 §9.2.1) under
// the card's MAC session key. Platform-free.
//
// Public API: IssuerKeyRange, ChipIssuerConfig, IssuerScriptSpec, ScriptCommand, ChipRequest, readChipRequest,
// issuerKeysFor, verifyArqc, issuerAnswer, scriptCommand.

import { concatBytes } from "../../src/crypto/bytes.js";
import { applicationCryptogram, arpcMethod1, arpcMethod2 } from "../../src/emv/cryptograms.js";
import { atcDiversifier, commonSessionKey, iccMasterKey, pbocSessionKey, type MasterKeyOption } from "../../src/emv/icc-keys.js";
import { decodeTlv, encodeTlv, findTlv, type Tag, type Tlv } from "../../src/emv/tlv.js";
import { hexBytes } from "./request-checks.js";

/** The issuer master keys of one card range (the PANs starting with `panPrefix`). */
export interface IssuerKeyRange {
	readonly panPrefix: string;
	/** Issuer master key for application cryptograms (MK-AC), 16 bytes. */
	readonly acKey: Uint8Array;
	/** Issuer master key for secure messaging integrity (MK-SMI), 16 bytes. */
	readonly macKey: Uint8Array;
	/** ICC master key derivation, Book 2 A1.4.1 (a) or A1.4.2 (b). */
	readonly derivation: MasterKeyOption;
	/** Session key: PBOC (JR/T 0025.5, what UnionPay cards use) or the common derivation of A1.3.1. */
	readonly session: "pboc" | "common";
}

export type ScriptCommand = "application-block" | "application-unblock" | "card-block" | "pin-unblock" | "update-record";

/** One issuer script the issuer sends with its answer: template 71 (before the second GENERATE AC) or 72 (after). */
export interface IssuerScriptSpec {
	readonly template: 0x71 | 0x72;
	readonly command: ScriptCommand;
	/** UPDATE RECORD: the record's SFI and number, and its new contents (a 70 template). */
	readonly sfi?: number;
	readonly record?: number;
	readonly data?: Uint8Array;
	/** Only for requests of this entry (field 22 05x inserted, 07x tapped); absent: both. */
	readonly entry?: "insert" | "tap";
}

export interface ChipIssuerConfig {
	readonly keys: readonly IssuerKeyRange[];
	/** ARPC method of Book 2 A1.2.1 (1) or A1.2.2 (2). */
	readonly arpcMethod: 1 | 2;
	/** The ARPC under the session key (PBOC) or the ICC master key itself. */
	readonly arpcKey: "session" | "icc-mk";
}

/** The data objects of a chip request the issuer needs. */
export interface ChipRequest {
	readonly arqc: Uint8Array;
	readonly atc: Uint8Array;
	/** 9F27. */
	readonly cid: number;
	/** The bytes the card MACed. */
	readonly acData: Uint8Array;
	readonly objects: readonly Tlv[];
}

/** The CDOL1 objects whose values a PBOC cryptogram covers, in order (JR/T 0025.5; the virtual cards' AC_TAGS). */
const AC_TAGS: readonly Tag[] = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37];
const AC_LENGTHS: Readonly<Record<number, number>> = {
	0x9f02: 6,
	0x9f03: 6,
	0x9f1a: 2,
	0x95: 5,
	0x5f2a: 2,
	0x9a: 3,
	0x9c: 1,
	0x9f37: 4,
	0x82: 2,
	0x9f36: 2,
	0x9f26: 8,
};

/**
 * Field 55 (hex) read into the request's objects; the reason when it does not decode or lacks a data object
 * the cryptogram covers (9F03 may be absent: zeros, as a DOL fills a missing object, Book 3 §5.4).
 */
export function readChipRequest(field55: string): ChipRequest | string {
	const decoded = decodeTlv(hexBytes(field55));
	if (!decoded.ok) return `field 55 is not BER-TLV (${decoded.error.kind} at byte ${decoded.error.offset})`;
	const objects = decoded.value;
	const value = (tag: Tag): Uint8Array | undefined => {
		const found = findTlv(objects, tag)?.value;
		return found === undefined && tag === 0x9f03 ? new Uint8Array(6) : found;
	};
	for (const tag of [...AC_TAGS, 0x82, 0x9f36, 0x9f26, 0x9f10]) {
		const v = value(tag);
		if (v === undefined) return `field 55 has no ${tag.toString(16).toUpperCase()}`;
		const length = AC_LENGTHS[tag];
		if (length !== undefined && v.length !== length)
			return `field 55: ${tag.toString(16).toUpperCase()} is ${v.length} bytes, not ${length}`;
	}
	// JR/T 0025.5 issuer application data: length, DKI, CVN, then the CVR (its own length byte 03 and 3 bytes).
	const iad = value(0x9f10)!;
	if (iad.length < 7 || iad[3] !== 0x03) return "field 55: 9F10 does not hold a PBOC CVR";
	const cvr = iad.subarray(3, 7);
	const atc = value(0x9f36)!;
	return {
		arqc: value(0x9f26)!,
		atc,
		cid: value(0x9f27)?.[0] ?? 0x80,
		acData: concatBytes(...AC_TAGS.map((t) => value(t)!), value(0x82)!, atc, cvr),
		objects,
	};
}

/** The key range of the PAN: the longest prefix that matches. */
export function issuerKeysFor(config: ChipIssuerConfig, pan: string): IssuerKeyRange | undefined {
	let best: IssuerKeyRange | undefined;
	for (const range of config.keys)
		if (pan.startsWith(range.panPrefix) && (!best || range.panPrefix.length > best.panPrefix.length)) best = range;
	return best;
}

/** The card's keys for this transaction, as its personalisation and its ATC make them. */
export interface CardKeys {
	readonly acMaster: Uint8Array;
	readonly acSession: Uint8Array;
	readonly macSession: Uint8Array;
}

function session(range: IssuerKeyRange, master: Uint8Array, atc: Uint8Array): Uint8Array {
	return range.session === "pboc" ? pbocSessionKey(master, atc) : commonSessionKey(master, atcDiversifier(atc));
}

/** Derives the card's keys; undefined when the PAN or PSN cannot be used (A1.4). */
export function cardKeys(range: IssuerKeyRange, pan: string, psn: string, atc: Uint8Array): CardKeys | undefined {
	const ac = iccMasterKey(range.acKey, pan, psn, range.derivation);
	const mac = iccMasterKey(range.macKey, pan, psn, range.derivation);
	if (!ac.ok || !mac.ok) return undefined;
	return { acMaster: ac.value, acSession: session(range, ac.value, atc), macSession: session(range, mac.value, atc) };
}

/** Whether the ARQC is the one the card's AC session key gives over its data. */
export function verifyArqc(keys: CardKeys, request: ChipRequest): boolean {
	const expected = applicationCryptogram(keys.acSession, request.acData);
	return expected.every((b, i) => b === request.arqc[i]);
}

const SM_MAC_BYTES = 4;

const COMMAND_HEADERS: Readonly<Record<ScriptCommand, readonly [number, number, number, number]>> = {
	// EMV 4.3 Book 3 §6.5: CLA 84 with secure messaging; PBOC's UPDATE RECORD (JR/T 0025.5) is CLA 04.
	"application-block": [0x84, 0x1e, 0x00, 0x00],
	"application-unblock": [0x84, 0x18, 0x00, 0x00],
	"card-block": [0x84, 0x16, 0x00, 0x00],
	// PIN CHANGE/UNBLOCK with P2 00: reset the PIN try counter, the PIN unchanged.
	"pin-unblock": [0x84, 0x24, 0x00, 0x00],
	"update-record": [0x04, 0xdc, 0x00, 0x00],
};

/**
 * One script command with its secure-messaging MAC (Book 2 §9.2.1): the MAC of ISO/IEC 9797-1 algorithm 3,
 * padding method 2, under the MAC session key, over CLA INS P1 P2 Lc ‖ ATC ‖ ARQC ‖ the command's data; its
 * leftmost 4 bytes end the data field (Lc counts them).
 */
export function scriptCommand(spec: IssuerScriptSpec, macSession: Uint8Array, atc: Uint8Array, arqc: Uint8Array): Uint8Array {
	const [cla, ins, p1, p2] = COMMAND_HEADERS[spec.command];
	const update = spec.command === "update-record";
	const data = update ? (spec.data ?? new Uint8Array(0)) : new Uint8Array(0);
	// UPDATE RECORD: P1 the record number, P2 the SFI in b8–b4 with b3–b1 = 100 (ISO/IEC 7816-4).
	const header = Uint8Array.of(
		cla,
		ins,
		update ? (spec.record ?? 1) : p1,
		update ? ((spec.sfi ?? 1) << 3) | 0x04 : p2,
		data.length + SM_MAC_BYTES,
	);
	const mac = applicationCryptogram(macSession, concatBytes(header, atc, arqc, data)).subarray(0, SM_MAC_BYTES);
	return concatBytes(header, data, mac);
}

/** Card Status Update of ARPC method 2 (Book 2 A1.2.2): byte 2 b8 issuer approves, b6 application block. */
function cardStatusUpdate(approved: boolean, scripts: readonly IssuerScriptSpec[]): Uint8Array {
	const block = scripts.some((s) => s.command === "application-block");
	return Uint8Array.of(0x00, (approved ? 0x80 : 0) | (block ? 0x20 : 0), 0x00, 0x00);
}

/**
 * The answer's field 55: 91 (issuer authentication data) and the scripts, each template with its 9F18
 * identifier (the script's position, 4 bytes). `code` is field 39 (the ARC is its two characters);
 * `corruptArpc` spoils the ARPC (the fault plan's bad-arpc).
 */
export function issuerAnswer(
	config: ChipIssuerConfig,
	keys: CardKeys,
	request: ChipRequest,
	code: string,
	scripts: readonly IssuerScriptSpec[],
	corruptArpc = false,
): Uint8Array {
	const approved = code === "00" || code === "10" || code === "11";
	const arc = Uint8Array.of(code.charCodeAt(0), code.charCodeAt(1));
	const key = config.arpcKey === "session" ? keys.acSession : keys.acMaster;
	const authData =
		config.arpcMethod === 1
			? concatBytes(arpcMethod1(key, request.arqc, arc), arc)
			: (() => {
					const csu = cardStatusUpdate(approved, scripts);
					return concatBytes(arpcMethod2(key, request.arqc, csu), csu);
				})();
	if (corruptArpc) authData[0]! ^= 0x01;
	const objects: Tlv[] = [{ tag: 0x91, value: authData }];
	scripts.forEach((spec, i) =>
		objects.push({
			tag: spec.template,
			value: new Uint8Array(0),
			children: [
				{ tag: 0x9f18, value: Uint8Array.of(0, 0, 0, i + 1) },
				{ tag: 0x86, value: scriptCommand(spec, keys.macSession, request.atc, request.arqc) },
			],
		}),
	);
	return encodeTlv(objects);
}
