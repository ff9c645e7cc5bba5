// Offline data authentication as a terminal performs it (EMV 4.3 Book 2 §5–6, Book 3 §10.3; JR/T 0025.12
// for qPBOC's fDDA): the OfflineAuthenticator of offline-authentication.ts over the recoveries of
// certificates.ts. The CA key comes from the terminal's list by the AID's RID and 8F; the transaction date (9A)
// for the certificates' expiry from the terminal's data; a revocation list (Book 2 §5.3 step 10) is a
// parameter, empty unless the acquirer sends one.
//
// SDA: issuer key, then 93 over the static data → 9F45. DDA: issuer and ICC keys, INTERNAL AUTHENTICATE with
// the DDOL data (9F49, or the terminal's default DDOL, which must hold 9F37: Book 2 §6.5.1), then 9F4B over it →
// 9F4C. CDA: the keys before GENERATE AC, then verifyCda on its answer (§6.6.2). fDDA: the keys, then the 9F4B
// the card gave with GPO or in its records, over 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69 (9F69 when the card has one).
//
// Public API: OdaOptions, EmvOfflineAuthenticator, caKeyList.

import { err, ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";
import { sha1 } from "../crypto/sha1.js";
import { internalAuthenticate, sw, SW_OK } from "./commands.js";
import { buildDolData, parseDol } from "./dol.js";
import {
	recoverIccKey,
	recoverIssuerKey,
	recoverSignedDynamicData,
	recoverSignedStaticData,
	type RecoveredIccKey,
	type RecoveredIssuerKey,
} from "./certificates.js";
import type { CardData } from "./card-data.js";
import type {
	CaPublicKey,
	CaPublicKeys,
	CdaInput,
	CdaResult,
	OdaFailure,
	OdaInput,
	OdaSession,
	OfflineAuthenticator,
} from "./offline-authentication.js";
import { decodeTlv, encodeTlv, findTlv, type Tag } from "./tlv.js";

export interface OdaOptions {
	readonly caKeys: CaPublicKeys;
	/** The terminal's default DDOL (Book 3 §10.3), for a card without 9F49; 9F37 04 when not given. */
	readonly defaultDdol?: Uint8Array;
	/** Book 2 §5.3 step 10: RID ‖ CA index ‖ issuer certificate serial on the revocation list. */
	readonly revoked?: (rid: Uint8Array, index: number, serial: Uint8Array) => boolean;
}

/** The CA keys as a list (what a parameter download or a CAPK file gives). */
export function caKeyList(keys: readonly CaPublicKey[]): CaPublicKeys {
	return {
		find(rid, index) {
			return keys.find((k) => k.index === index && k.rid.length === rid.length && k.rid.every((b, i) => b === rid[i]));
		},
	};
}

function need(data: CardData, tags: readonly Tag[]): Result<Uint8Array[], OdaFailure> {
	const missing = tags.filter((t) => !data.has(t));
	if (missing.length > 0) return err({ kind: "missing-data", tags: missing });
	return ok(tags.map((t) => data.get(t)!));
}

/** The ICC dynamic number from the ICC dynamic data (L ‖ IDN ‖ …), Book 2 §6.5.2 Table 15. */
function dynamicNumber(iccDynamicData: Uint8Array): Result<Uint8Array, OdaFailure> {
	const n = iccDynamicData[0];
	if (n === undefined || n < 2 || n > 8 || 1 + n > iccDynamicData.length)
		return err({ kind: "signature", step: 5, detail: `ICC dynamic number length ${n ?? "absent"}` });
	return ok(iccDynamicData.slice(1, 1 + n));
}

export class EmvOfflineAuthenticator implements OfflineAuthenticator {
	readonly #options: OdaOptions;

	constructor(options: OdaOptions) {
		this.#options = options;
	}

	/** Book 2 §5.3 / §6.3: the CA key by RID and 8F, then the issuer key from 90, 92, 9F32 and 5A. */
	issuerKey(aid: Uint8Array, data: CardData, transactionDate: Uint8Array): Result<RecoveredIssuerKey, OdaFailure> {
		const got = need(data, [0x8f, 0x90, 0x9f32, 0x5a]);
		if (!got.ok) return got;
		const [index, certificate, exponent, pan] = got.value as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
		// 8F is one byte (Book 3 Annex A); an empty one names no key at all.
		if (index.length === 0) return err({ kind: "missing-data", tags: [0x8f] });
		const ca = index.length === 1 ? this.#options.caKeys.find(aid.subarray(0, 5), index[0]!) : undefined;
		if (ca === undefined) return err({ kind: "ca-key-unknown", index: index[0]! });
		const checks = { transactionDate, ...(this.#options.revoked ? { revoked: this.#options.revoked } : {}) };
		return recoverIssuerKey(ca, certificate, data.get(0x92), exponent, pan, checks);
	}

	/** Book 2 §6.4: the ICC key from 9F46, 9F48, 9F47 under the issuer key, its hash over the static data too. */
	iccKey(
		issuer: RecoveredIssuerKey,
		data: CardData,
		staticData: Uint8Array,
		transactionDate: Uint8Array,
	): Result<RecoveredIccKey, OdaFailure> {
		const got = need(data, [0x9f46, 0x9f47]);
		if (!got.ok) return got;
		const [certificate, exponent] = got.value as [Uint8Array, Uint8Array];
		return recoverIccKey(issuer, certificate, data.get(0x9f48), exponent, data.get(0x5a)!, staticData, transactionDate);
	}

	async authenticate(input: OdaInput): Promise<Result<OdaSession, OdaFailure>> {
		const date = input.terminal(0x9a);
		if (date === undefined) return err({ kind: "issuer-certificate", step: 9, detail: "no transaction date (9A)" });
		const issuer = this.issuerKey(input.aid, input.data, date);
		if (!issuer.ok) return issuer;
		if (input.method === "SDA") {
			const ssad = input.data.get(0x93);
			if (ssad === undefined) return err({ kind: "missing-data", tags: [0x93] });
			const dac = recoverSignedStaticData(issuer.value, ssad, input.staticData);
			if (!dac.ok) return dac;
			return ok({ method: "SDA", dataAuthenticationCode: dac.value });
		}
		const icc = this.iccKey(issuer.value, input.data, input.staticData, date);
		if (!icc.ok) return icc;
		const iccKey = { modulus: icc.value.modulus, exponent: icc.value.exponent };
		if (input.method === "CDA") return ok({ method: "CDA", iccKey });
		const signed = input.method === "DDA" ? await this.#internalAuthenticate(input) : this.#fddaData(input);
		if (!signed.ok) return signed;
		const dynamic = recoverSignedDynamicData(iccKey, signed.value.sdad, signed.value.terminalData);
		if (!dynamic.ok) return dynamic;
		const idn = dynamicNumber(dynamic.value);
		if (!idn.ok) return idn;
		return ok({ method: input.method, iccKey, iccDynamicNumber: idn.value });
	}

	/**
	 * Book 2 §6.5.1: the DDOL data, INTERNAL AUTHENTICATE, its answer (80: the SDAD; 77 holding 9F4B). A DDOL
	 * that does not parse or lacks 9F37 fails before §6.5.2's steps begin (step 0).
	 */
	async #internalAuthenticate(input: OdaInput): Promise<Result<{ sdad: Uint8Array; terminalData: Uint8Array }, OdaFailure>> {
		const ddol = parseDol(input.data.get(0x9f49) ?? this.#options.defaultDdol ?? Uint8Array.of(0x9f, 0x37, 0x04));
		if (!ddol.ok) return err({ kind: "signature", step: 0, detail: `DDOL does not parse (${ddol.error.kind})` });
		if (!ddol.value.some((e) => e.tag === 0x9f37)) return err({ kind: "signature", step: 0, detail: "the DDOL lacks 9F37" });
		const terminalData = buildDolData(ddol.value, input.terminal);
		const step = "INTERNAL AUTHENTICATE";
		const r = await input.channel.exchange(internalAuthenticate(terminalData));
		if (!r.ok) return err({ kind: "card", error: { kind: "transport", step, error: r.error } });
		const status = sw(r.value);
		if (status !== SW_OK) return err({ kind: "card", error: { kind: "status", step, sw: status } });
		const tlv = decodeTlv(r.value.data);
		if (!tlv.ok) return err({ kind: "card", error: { kind: "malformed", step, error: tlv.error } });
		const top = tlv.value[0];
		const sdad = top?.tag === 0x80 ? top.value : top?.tag === 0x77 ? findTlv(top.children ?? [], 0x9f4b)?.value : undefined;
		if (sdad === undefined) return err({ kind: "card", error: { kind: "bad-answer", step, detail: "neither 80 nor 77 with 9F4B" } });
		return ok({ sdad, terminalData });
	}

	/** fDDA: 9F4B from the card, the terminal's 9F37, 9F02, 5F2A and the card's 9F69 (JR/T 0025.12). */
	#fddaData(input: OdaInput): Result<{ sdad: Uint8Array; terminalData: Uint8Array }, OdaFailure> {
		const sdad = input.data.get(0x9f4b);
		if (sdad === undefined) return err({ kind: "missing-data", tags: [0x9f4b] });
		const terminal = [0x9f37, 0x9f02, 0x5f2a].map((t) => input.terminal(t));
		if (terminal.some((v) => v === undefined))
			return err({ kind: "signature", step: 5, detail: "the terminal lacks 9F37, 9F02 or 5F2A" });
		const cardData = input.data.get(0x9f69) ?? new Uint8Array(0);
		return ok({ sdad, terminalData: concatBytes(...(terminal as Uint8Array[]), cardData) });
	}

	/** Book 2 §6.6.2: 9F4B of the GENERATE AC answer under the session's ICC key; 9F27 must match; the TDHC too. */
	verifyCda(input: CdaInput): Result<CdaResult, OdaFailure> {
		const key = input.session.iccKey;
		if (key === undefined) return err({ kind: "signature", step: 1, detail: "no ICC key: CDA's key recovery did not run" });
		const sdad = findTlv(input.answer, 0x9f4b)?.value;
		const cid = findTlv(input.answer, 0x9f27)?.value;
		if (sdad === undefined || cid === undefined) {
			const missing = [...(sdad === undefined ? [0x9f4b] : []), ...(cid === undefined ? [0x9f27] : [])];
			return err({ kind: "missing-data", tags: missing });
		}
		const dynamic = recoverSignedDynamicData(key, sdad, input.unpredictableNumber);
		if (!dynamic.ok) return dynamic;
		const idn = dynamicNumber(dynamic.value);
		if (!idn.ok) return idn;
		// Table 17: IDN length ‖ IDN ‖ CID ‖ AC (8) ‖ transaction data hash code (20).
		const d = dynamic.value;
		const at = 1 + idn.value.length;
		if (d.length < at + 1 + 8 + 20)
			return err({ kind: "signature", step: 5, detail: `ICC dynamic data of ${d.length} bytes too short for CDA` });
		if (d[at] !== cid[0] || cid.length !== 1) return err({ kind: "signature", step: 5, detail: "9F27 differs from the signed CID" });
		const others = encodeTlv(input.answer.filter((o) => o.tag !== 0x9f4b));
		const hash = sha1(concatBytes(input.pdolData, input.cdolData, others));
		const signedHash = d.subarray(at + 9, at + 29);
		if (!hash.every((b, i) => b === signedHash[i]))
			return err({ kind: "signature", step: 9, detail: "transaction data hash code differs" });
		return ok({ cryptogram: d.slice(at + 1, at + 9), cryptogramInformation: d[at]!, iccDynamicNumber: idn.value });
	}
}
