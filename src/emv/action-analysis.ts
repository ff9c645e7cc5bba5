// Terminal action analysis and the GENERATE AC exchange (EMV 4.3 Book 3 §10.7, §10.8, §6.5.5; Book 2 §6.6
// for CDA): the TVR against the issuer (IAC 9F0D/9F0E/9F0F) and terminal action codes decides the cryptogram
// asked for; the card answers with the one it chooses (never a higher one than asked: AAC < ARQC < TC) in
// its Cryptogram Information Data 9F27, which may also ask for an advice.
//
// Public API: Cryptogram, AcAnswer, firstCryptogram, defaultCryptogram, generateCryptogram.

import { err, ok, type Result } from "../../hal/result.js";
import type { CardData } from "./card-data.js";
import { generateAc, sw, SW_OK, type AcType } from "./commands.js";
import { buildDolData, type DolEntry, type DolValueSource } from "./dol.js";
import type { KernelError } from "./kernel-error.js";
import type { OdaSession, OfflineAuthenticator } from "./offline-authentication.js";
import type { TerminalParameters } from "./terminal-parameters.js";
import { decodeTlv, findTlv, type Tlv } from "./tlv.js";
import type { CardChannel } from "./transport.js";
import type { Verification } from "./tvr.js";

/** 9F27 b8–b7 (Book 3 §6.5.5.4 Table 14): 00 AAC, 01 TC, 10 ARQC; 11 (AAR, referral) was EMV 4.1's. */
export type Cryptogram = AcType | "AAR";

const TYPES: readonly Cryptogram[] = ["AAC", "TC", "ARQC", "AAR"];
/** Book 3 §6.5.5.4: the order a card may go down but not up. */
const RANK: Readonly<Record<Cryptogram, number>> = Object.freeze({ AAC: 0, ARQC: 1, AAR: 1, TC: 2 });

export interface AcAnswer {
	readonly type: Cryptogram;
	/** 9F27 as received. */
	readonly cid: number;
	/** 9F27 b4: the card asks for an advice. */
	readonly advice: boolean;
	/** 9F27 b3–b1: 1 service not allowed, 2 PIN try limit exceeded, 3 issuer authentication failed. */
	readonly reason: number;
	/** 9F36. */
	readonly atc: Uint8Array;
	/** 9F26 (from the signed dynamic data under CDA). */
	readonly cryptogram: Uint8Array;
	/** 9F10, when given. */
	readonly iad?: Uint8Array;
}

/** The IAC, or its default when the card has none (Book 3 §10.7: denial zeros, online and default FF). */
function iac(card: CardData, tag: number, absent: number): Uint8Array {
	return card.get(tag) ?? new Uint8Array(5).fill(absent);
}

function hits(tvr: Uint8Array, ...codes: Uint8Array[]): boolean {
	return tvr.some((b, i) => codes.some((c) => (b & (c[i] ?? 0)) !== 0));
}

/**
 * Book 3 §10.7: denial codes → AAC; an online-capable terminal asks ARQC when the online codes hit and TC
 * otherwise; an offline-only one decides by the default codes.
 */
export function firstCryptogram(tvr: Uint8Array, card: CardData, params: TerminalParameters): AcType {
	if (hits(tvr, params.tacDenial, iac(card, 0x9f0e, 0x00))) return "AAC";
	if (params.onlineCapable) return hits(tvr, params.tacOnline, iac(card, 0x9f0f, 0xff)) ? "ARQC" : "TC";
	return defaultCryptogram(tvr, card, params);
}

/** Book 3 §10.7 (default action codes): what a terminal unable to go online does (TC for Y3, AAC for Z3). */
export function defaultCryptogram(tvr: Uint8Array, card: CardData, params: TerminalParameters): "TC" | "AAC" {
	return hits(tvr, params.tacDefault, iac(card, 0x9f0d, 0xff)) ? "AAC" : "TC";
}

export interface CdaRequest {
	readonly session: OdaSession;
	readonly authenticator: OfflineAuthenticator;
	readonly pdolData: Uint8Array;
	readonly unpredictableNumber: Uint8Array;
}

/** The answer's objects: format 1 (80: CID ‖ ATC ‖ AC ‖ IAD) as objects, or format 2's children (Book 3 §6.5.5.4). */
function answerObjects(data: Uint8Array): Result<readonly Tlv[], KernelError> {
	const tlv = decodeTlv(data);
	if (!tlv.ok) return err({ kind: "malformed", step: "GENERATE AC", error: tlv.error });
	const top = tlv.value[0];
	if (top?.tag === 0x77) return ok(top.children ?? []);
	if (top?.tag === 0x80 && top.value.length >= 11) {
		const v = top.value;
		const objects: Tlv[] = [
			{ tag: 0x9f27, value: v.subarray(0, 1) },
			{ tag: 0x9f36, value: v.subarray(1, 3) },
			{ tag: 0x9f26, value: v.subarray(3, 11) },
		];
		if (v.length > 11) objects.push({ tag: 0x9f10, value: v.subarray(11) });
		return ok(objects);
	}
	return err({ kind: "bad-answer", step: "GENERATE AC", detail: "neither 80 with CID, ATC and AC nor 77" });
}

/**
 * GENERATE AC (Book 3 §6.5.5) asking `requested` with the CDOL data from `source`; with `cda` (and TC or
 * ARQC asked) the CDA signature is requested and checked (Book 2 §6.6.2): a failed check sets "CDA failed"
 * and the answer counts as an AAC (Book 3 §10.8: the terminal declines).
 */
export async function generateCryptogram(
	channel: CardChannel,
	requested: AcType,
	cdol: readonly DolEntry[],
	source: DolValueSource,
	v: Verification,
	cda?: CdaRequest,
): Promise<Result<AcAnswer, KernelError>> {
	const step = "GENERATE AC";
	const cdolData = buildDolData(cdol, source);
	const signed = cda !== undefined && requested !== "AAC";
	const r = await channel.exchange(generateAc(requested, cdolData, signed));
	if (!r.ok) return err({ kind: "transport", step, error: r.error });
	const status = sw(r.value);
	if (status !== SW_OK) return err({ kind: "status", step, sw: status });
	const objects = answerObjects(r.value.data);
	if (!objects.ok) return objects;
	const cidObject = findTlv(objects.value, 0x9f27);
	const atc = findTlv(objects.value, 0x9f36)?.value;
	if (cidObject?.value.length !== 1 || atc?.length !== 2)
		return err({ kind: "bad-answer", step, detail: "9F27 or 9F36 missing or of the wrong length" });
	const cid = cidObject.value[0]!;
	const type = TYPES[cid >> 6]!;
	if (RANK[type] > RANK[requested]) return err({ kind: "bad-answer", step, detail: `${type} returned for ${requested} requested` });
	let cryptogram = findTlv(objects.value, 0x9f26)?.value;
	let declinedByCda = false;
	if (signed && type !== "AAC") {
		const checked = cda.authenticator.verifyCda({
			session: cda.session,
			answer: objects.value,
			pdolData: cda.pdolData,
			cdolData,
			unpredictableNumber: cda.unpredictableNumber,
		});
		if (checked.ok) cryptogram = checked.value.cryptogram;
		else {
			v.set("cdaFailed");
			declinedByCda = true;
		}
	}
	if (cryptogram === undefined || cryptogram.length !== 8) {
		if (!declinedByCda) return err({ kind: "bad-answer", step, detail: "no 8-byte application cryptogram" });
		cryptogram = new Uint8Array(8);
	}
	const iad = findTlv(objects.value, 0x9f10)?.value;
	return ok({
		type: declinedByCda ? "AAC" : type,
		cid,
		advice: (cid & 0x08) !== 0,
		reason: cid & 0x07,
		atc,
		cryptogram,
		...(iad === undefined ? {} : { iad }),
	});
}
