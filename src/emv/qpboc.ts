// The quick-pass path (qPBOC, JR/T 0025.12 §6–7; the contactless counterpart of EMV 4.3 Book 3 §10): the
// terminal's limits decide its Terminal Transaction Qualifiers 9F66 before the tap, the card answers GET
// PROCESSING OPTIONS with its cryptogram (9F27: ARQC online, TC offline approval, AAC decline), the records
// are read while the card is in the field, and an offline approval needs the processing restrictions
// (tap-restrictions.ts: dates, usage control, exception file) and fDDA. Cardholder verification is the card's CTQ 9F6C against the terminal's TTQ: no
// PIN and no signature at or under the no-CVM limit (免密免签). After an online approval whose answer carries 91
// or scripts, a card and terminal that support issuer update processing take a second tap (issuer-update.ts).
//
// Public API: QpbocRefusal, contactlessTtq, startQpboc, QpbocTransaction.

import { err, ok, type Result } from "../../hal/result.js";
import type { AcAnswer } from "./action-analysis.js";
import { applicationName, ChipData, chipCard } from "./chip-data.js";
import { isApproval, type HostAnswer, type OnlineResult } from "./completion.js";
import { issuerUpdate, issuerUpdateWanted, notPerformed, type FirstTap, type OtherCard } from "./issuer-update.js";
import type { CvmOutcome } from "./cvm.js";
import { buildField55, REVERSAL_TAGS, SALE_TAGS, TC_UPLOAD_TAGS } from "./field55.js";
import type { KernelError } from "./kernel-error.js";
import type { KernelContext } from "./contact-kernel.js";
import { performOda } from "./oda-selection.js";
import type { ChipCard, ChipResult, FirstDecision } from "./outcome.js";
import { initiateProcessing, readApplicationData } from "./processing.js";
import type { SelectedApplication } from "./selection.js";
import { tapRestrictions } from "./tap-restrictions.js";
import { terminalValue, type TerminalParameters, type Transaction } from "./terminal-parameters.js";
import type { CardChannel } from "./transport.js";

/** Why the terminal does not take the tap: the card goes in the slot instead. */
export type QpbocRefusal =
	| { readonly kind: "over-contactless-limit"; readonly limit: number }
	/** The card asks for its contact interface (Book C-3 §5.5.1.3–5.5.1.4, §5.6.1.2): insert it. */
	| { readonly kind: "switch-interface" };

/**
 * JR/T 0025.12 §6.2 (pre-processing): the configured TTQ with byte 2 b8 "online cryptogram required" above
 * the contactless floor limit, for a zero amount (EMV Contactless Book B §3.1.1.4 and §3.1.1.11: an
 * online-capable reader asks an online cryptogram when 9F02 is 0) or when the merchant forces the transaction
 * online (a pre-authorisation, a balance inquiry), and b7 "CVM required" above the no-CVM limit or when the
 * acquirer requires the PIN (a balance inquiry): then byte 1 b2 "signature supported" is cleared, online PIN
 * being the only CVM offered.
 */
export function contactlessTtq(
	params: TerminalParameters,
	txn: Pick<Transaction, "amount" | "merchantForcedOnline" | "pinRequired">,
): Uint8Array {
	const ttq = params.contactless.ttq.slice();
	const { amount } = txn;
	if (amount > params.contactless.floorLimit || amount === 0 || txn.merchantForcedOnline) ttq[1]! |= 0x80;
	if (amount > params.contactless.noCvmLimit || txn.pinRequired) ttq[1]! |= 0x40;
	if (txn.pinRequired) ttq[0]! &= ~0x02;
	return ttq;
}

/** The CVM qPBOC asks for (JR/T 0025.12 §7.6): none unless TTQ b7; then the CTQ's, else the terminal's own. */
function requiredCvm(ttq: Uint8Array, ctq: Uint8Array | undefined, online: boolean): CvmOutcome {
	if ((ttq[1]! & 0x40) === 0) return "no-cvm";
	const pin = online && (ttq[0]! & 0x04) !== 0;
	const signature = (ttq[0]! & 0x02) !== 0;
	if (ctq !== undefined) {
		if (ctq[0]! & 0x80 && pin) return "online-pin";
		if (ctq[0]! & 0x40 && signature) return "signature";
		return "failed";
	}
	return pin ? "online-pin" : signature ? "signature" : "failed";
}

/** 9F34 for the field 55 of a tap (Book 3 Annex C3 codes; result 00 unknown, 02 successful). */
function cvmResults(cvm: CvmOutcome): Uint8Array {
	if (cvm === "online-pin") return Uint8Array.of(0x02, 0x00, 0x00);
	if (cvm === "signature") return Uint8Array.of(0x1e, 0x00, 0x00);
	if (cvm === "no-cvm") return Uint8Array.of(0x1f, 0x00, 0x02);
	return Uint8Array.of(0x3f, 0x00, 0x01);
}

/**
 * The tap: GPO with the qPBOC TTQ, the records, then the card's decision checked (§7.3–7.8). Refused before
 * any command above the contactless transaction limit.
 */
export async function startQpboc(
	ctx: KernelContext,
	application: SelectedApplication,
	label = "",
): Promise<Result<QpbocTransaction, KernelError | QpbocRefusal>> {
	const { params, txn } = ctx;
	if (txn.amount > params.contactless.transactionLimit)
		return err({ kind: "over-contactless-limit", limit: params.contactless.transactionLimit });
	const ttq = contactlessTtq(params, txn);
	const terminal = (tag: number) => (tag === 0x9f66 ? ttq : terminalValue(params, txn, tag));
	const options = await initiateProcessing(ctx.channel, application.pdol, terminal);
	if (!options.ok) return options;
	// §7.4: what a qPBOC card must have given with GPO and the records.
	const read = await readApplicationData(ctx.channel, options.value, [0x57, 0x9f26, 0x9f27, 0x9f36, 0x9f10]);
	if (!read.ok) return read;
	const card = read.value.data;
	if (card.get(0x9f27)!.length !== 1 || card.get(0x9f26)!.length !== 8 || card.get(0x9f36)!.length !== 2)
		return err({ kind: "bad-answer", step: "GET PROCESSING OPTIONS", detail: "9F27, 9F26 or 9F36 of the wrong length" });
	const data = new ChipData(card, application.aid, options.value.aip, params, txn);
	const cid = card.get(0x9f27)![0]!;
	data.ac = {
		type: cid >> 6 === 2 ? "ARQC" : cid >> 6 === 1 ? "TC" : "AAC",
		cid,
		advice: (cid & 0x08) !== 0,
		reason: cid & 0x07,
		atc: card.get(0x9f36)!,
		cryptogram: card.get(0x9f26)!,
		iad: card.get(0x9f10)!,
	};
	const name = applicationName(application.fci, label);
	const chip = chipCard(card, application.aid, name, "contactless");
	const ctq = card.get(0x9f6c);
	const verdict = tapRestrictions(card, chip.pan, data.ac.type, params, txn, data.v);
	if (verdict === "insert") return err({ kind: "switch-interface" });
	let online = data.ac.type === "ARQC" || verdict === "online";
	let declined = data.ac.type === "AAC" || verdict === "decline";
	if (data.ac.type === "TC" && verdict === "stands") {
		// §7.8: an offline approval stands only with fDDA (the restrictions passed: tap-restrictions.ts).
		const session = await performOda(
			{
				aid: application.aid,
				aip: options.value.aip,
				capabilities: params.capabilities,
				card,
				records: read.value.odaRecords,
				channel: ctx.channel,
				terminal,
				method: "fDDA",
			},
			ctx.authenticator,
			data.v,
		);
		// Book C-3 §5.6.1.2: CTQ byte 1 b6 online when the terminal can; b5 the card in the slot (TTQ byte 1 b5).
		if (session === undefined) {
			if (ctq !== undefined && ctq[0]! & 0x20 && params.onlineCapable) online = true;
			else if (ctq !== undefined && ctq[0]! & 0x10 && ttq[0]! & 0x10) return err({ kind: "switch-interface" });
			else declined = true;
		}
	}
	const cvm = requiredCvm(ttq, ctq, online);
	data.cvmResults = cvmResults(cvm);
	if (cvm === "failed") declined = true;
	const update: FirstTap = { aid: application.aid, aip: options.value.aip, afl: options.value.afl, ttq, ctq, card: chip };
	return ok(new QpbocTransaction(data, chip, cvm, online && !declined, declined, update));
}

export class QpbocTransaction {
	readonly card: ChipCard;
	/** What the flow does before going online or approving: enter an online PIN, get a signature, or nothing. */
	readonly cvm: CvmOutcome;
	readonly decision: FirstDecision;
	readonly #data: ChipData;
	readonly #first: FirstTap;
	/** The host's approval whose 91 and scripts wait for a second tap (issuer-update.ts). */
	#pending?: HostAnswer;

	constructor(data: ChipData, card: ChipCard, cvm: CvmOutcome, online: boolean, declined: boolean, first: FirstTap) {
		this.#data = data;
		this.card = card;
		this.cvm = cvm;
		this.#first = first;
		const ac = data.ac!;
		this.decision = online
			? { kind: "online", field55: buildField55(SALE_TAGS, data.value), arqc: ac.cryptogram }
			: { kind: "offline", result: this.#result(declined ? "Z1" : "Y1", !declined) };
	}

	/**
	 * After an online tap: the host's answer decides (no second GENERATE AC; the card has gone). Scripts it sent
	 * are recorded as not performed (DF31) until a second tap performs them.
	 */
	complete(online: OnlineResult): ChipResult {
		if (online.kind === "unable-to-go-online") return this.#result("Z3", false);
		const { answer } = online;
		const approved = isApproval(answer.responseCode);
		this.#data.scriptResults = notPerformed(answer.scripts ?? []);
		this.#pending = approved && issuerUpdateWanted(this.#first, answer) ? answer : undefined;
		return this.#result(answer.responseCode, approved);
	}

	/** Whether the approval asks the cashier for a second tap: 91 or scripts came and card and terminal support it. */
	get wantsSecondTap(): boolean {
		return this.#pending !== undefined;
	}

	/**
	 * The second tap (issuer update processing): the same application re-selected, the same card checked, then
	 * EXTERNAL AUTHENTICATE and the scripts; the approval stands whatever the card answers. An error leaves the
	 * scripts "not performed" and the tap may be tried again.
	 */
	async secondTap(channel: CardChannel): Promise<Result<ChipResult, KernelError | OtherCard>> {
		const answer = this.#pending;
		if (answer === undefined) return err({ kind: "out-of-order", detail: "secondTap() without an approval asking for it" });
		const done = await issuerUpdate(channel, this.#first, answer, this.#data);
		if (!done.ok) return done;
		this.#pending = undefined;
		return ok(this.#result(answer.responseCode, true));
	}

	#result(arc: string, approved: boolean): ChipResult {
		const data = this.#data;
		data.arc = Uint8Array.from(arc, (c) => c.charCodeAt(0));
		const ac: AcAnswer = data.ac!;
		return {
			decision: approved ? "approved" : "declined",
			cryptogramType: approved ? (ac.type === "TC" ? "TC" : "ARQC") : "AAC",
			cryptogram: ac.cryptogram,
			authorisationCode: arc,
			tvr: data.v.tvr.slice(),
			tsi: data.v.tsi.slice(),
			atc: ac.atc,
			cvm: this.cvm,
			advice: ac.advice,
			reverse: false,
			reversalField55: buildField55(REVERSAL_TAGS, data.value),
			...(approved ? { tcUploadField55: buildField55(TC_UPLOAD_TAGS, data.value) } : {}),
			...(data.scriptResults === undefined ? {} : { scriptResults: data.scriptResults }),
		};
	}
}
