// The card's offline approvals (8A Y1, financial-exchange.ts) go to the host one by one as IC offline sales
// (IC卡脱机消费上送: 0200, 3 = 000000, 60.1 = 36, 60.3 = 000, field 55 with the TC and 8A Y1, 63 = CUP; the shape
// public UnionPay terminal code sends, README "Offline approval"): between transactions — at most
// `offlineUploadsPerRequest` before an online request, after the reversal gate — and, for what is left, before the
// 0500. It notifies an approved sale: no reversal, an unanswered one is simply sent again later (the host books it
// once). 39 = 00, or 94 (the host already has it), books it, and its 37 (and 38 when the host gives one) is journaled
// with it: a refund names the sale by it (docs/app-journal-points.md). Any other code in a signed answer is a
// refusal: journaled with the code, never sent again, the sale kept in the totals (the card approved it and the goods
// are gone; the money is the acquirer's question), printed on the settlement slip, and sent again only as its IC
// notification in the batch upload after an unbalanced 0510 (settlement.ts).
//
// Journal points: none before the upload (it carries the sale's own STAN, so a resend is the same message); the
// entry's answer with the reference in one record. A power cut before that record sends it again; after it, never.

import { err, ok, type Result } from "../../hal/result.js";
import { decodeTlv, findTlv } from "../emv/tlv.js";
import { textField, type IsoMessage } from "../iso8583/iso-message.js";
import { buildIcOfflineSale, type TerminalContext } from "../iso8583/requests.js";
import { uploadBooked, uploadOwed, type TxnEntry } from "../journal/journal-entries.js";
import type { OnlineParts } from "./host-channel.js";
import type { JournalFailure, JournalReader } from "./journal-writer.js";
import type { OnlineFailure } from "./online-failure.js";

/** What the host's acknowledgement of an offline upload names the sale by: 37 an12, and 38 an6 when it gave one. */
export interface HostReference {
	readonly rrn: string;
	readonly authCode: string;
}

/** How an upload went: booked (00, 94), refused (any other code, signed), or no usable answer (sent again later). */
export type UploadResult = "booked" | "refused" | "unanswered";

/** The PAN sealed in the journal, "0" when the vault cannot open it (the record still counts). */
export function journalPan(parts: OnlineParts, t: TxnEntry): string {
	const card = parts.vault.openCard(t.cardData);
	return card.ok ? card.value.pan : "0";
}

/** 8A = "Y1" (EMV 4.3 Book 4 Annex A6, offline approved), appended to a field 55 that lacks 8A. */
const OFFLINE_ARC = Uint8Array.of(0x8a, 0x02, 0x59, 0x31);

function withOfflineArc(icc: Uint8Array): Uint8Array {
	const objects = decodeTlv(icc);
	if (objects.ok && findTlv(objects.value, 0x8a)) return icc;
	const out = new Uint8Array(icc.length + OFFLINE_ARC.length);
	out.set(icc);
	out.set(OFFLINE_ARC, icc.length);
	return out;
}

/** The IC offline sale's 0200: the sale's STAN, card (2, 14 when kept, 22, 23), amount and field 55 with 8A Y1. */
export function icOfflineSaleRequest(parts: OnlineParts, context: TerminalContext, t: TxnEntry): IsoMessage {
	const card = parts.vault.openCard(t.cardData);
	const expiry = card.ok && card.value.expiry ? { expiry: card.value.expiry } : {};
	const psn = t.ic?.psn ? { sequence: t.ic.psn.padStart(3, "0") } : {};
	return buildIcOfflineSale(context, {
		stan: t.stan,
		amount: t.amountFen,
		card: {
			entryMode: t.entryMode === "tap" ? "contactless" : "contact",
			pan: card.ok ? card.value.pan : "0",
			...expiry,
			...psn,
			icc: withOfflineArc(t.ic!.tcUploadField55),
		},
	});
}

/** 37 and 38 of an acknowledgement, each kept only when it has its field's length (an12, an6). */
function referenceOf(answer: IsoMessage): HostReference {
	const field = (n: number, length: number) => {
		const value = textField(answer, n) ?? "";
		return value.length === length && value.trim() !== "" ? value : "";
	};
	return { rrn: field(37, 12), authCode: field(38, 6) };
}

/**
 * The offline approvals whose upload is owed, oldest first, as the journal's index marks them (no pass over the
 * batch on flash): each entry is read only when the caller asks for the next.
 */
export function* owedByIndex(journal: JournalReader): Generator<TxnEntry> {
	for (const stan of journal.uploadsOwed) {
		const txn = journal.txn(stan);
		if (txn && uploadOwed(txn)) yield txn;
	}
}

export class OfflineUpload {
	readonly #parts: OnlineParts;

	constructor(parts: OnlineParts) {
		this.#parts = parts;
	}

	/**
	 * Before an online request (financial-exchange.ts): the oldest owed offline approvals, at most
	 * `offlineUploadsPerRequest`, one try each, so the cashier's wait stays bounded. One without an answer (the host
	 * down) ends the pass and the request goes on all the same: an offline sale never holds up the next cardholder;
	 * it stays owed for a later request or the settlement. Only a journal failure is an error.
	 */
	async beforeOnline(operator: string): Promise<Result<void, JournalFailure>> {
		let left = this.#parts.channel.params.offlineUploadsPerRequest;
		for (const txn of owedByIndex(this.#parts.journal)) {
			if (left === 0) break;
			left--;
			const sent = await this.#send(txn, operator, 1);
			if (!sent.ok) return sent;
			if (sent.value === "unanswered") return ok();
		}
		return ok();
	}

	/**
	 * Before the 0500 (settlement.ts), so the host's totals hold them: each one still owed, up to the upload retry
	 * parameter. A refusal does not stop the settlement (the slip lists it); one never answered refuses the
	 * settlement (离线交易上送失败) and stays owed.
	 */
	async beforeSettlement(operator: string): Promise<Result<void, OnlineFailure>> {
		// A pass over the batch, not the index's marks: it also finds one journaled before the marks existed.
		const owed = [...this.#parts.journal.state.txns.values()].filter(uploadOwed);
		for (const txn of owed) {
			const sent = await this.#send(txn, operator, this.#parts.channel.params.batchUploadRetries);
			if (!sent.ok) return sent;
			if (sent.value === "unanswered") return err({ kind: "advice-unsent", stan: txn.stan });
		}
		return ok();
	}

	/**
	 * `txn`'s upload, up to `tries` times, the same message each time. An answer is taken only MAC-verified (a 94
	 * or a refusal unsigned could be anyone's): journaled with its code and the host's reference in one record.
	 */
	async #send(txn: TxnEntry, operator: string, tries: number): Promise<Result<UploadResult, JournalFailure>> {
		const { channel, writer } = this.#parts;
		const mac = channel.mac();
		if (!mac) return ok("unanswered");
		const message = icOfflineSaleRequest(this.#parts, { ...channel.context(operator), batch: txn.batch }, txn);
		for (let attempt = 0; attempt < tries; attempt++) {
			const answer = await channel.link().exchange(message, { mac });
			if (!answer.ok || !answer.value.signed) continue;
			const response = answer.value.response;
			const code = textField(response, 39) ?? "";
			if (code.length !== 2) continue;
			const booked = uploadBooked(code);
			const marked = writer.offlineAnswered(txn.stan, code, booked ? referenceOf(response) : { rrn: "", authCode: "" });
			if (!marked.ok) return marked;
			return ok(booked ? "booked" : "refused");
		}
		return ok("unanswered");
	}
}
