// The card's offline approvals (8A Y1, financial-exchange.ts) go to the host as IC offline uploads (0320, 60.3
// 205, field 55 with the TC; Q/CUP 006 IC卡脱机交易上送): the next time the terminal talks to the host — before
// any online request, after the reversal gate, as the reversal and advice queues are worked — and, for what is
// left, before the 0500. The acknowledgement's field 37 (and 38 when the host gives one) is the host's
// reference for the sale, journaled with it: a refund names the sale by it (docs/app-journal-points.md).
//
// Journal points: the upload's STAN before it leaves (nextStan); the entry `uploaded` with its reference in one
// record once the 0330 says 00. A power cut before that record sends it again (the host acknowledges the
// duplicate with the same reference and does not book it twice); after it, never.

import { err, ok, type Result } from "../../hal/result.js";
import { textField, type IsoMessage } from "../iso8583/iso-message.js";
import { buildIcBatchUpload, type TerminalContext } from "../iso8583/requests.js";
import { NETWORK_CODE, TRANSACTIONS } from "../iso8583/transaction-matrix.js";
import { uploadOwed, type TxnEntry } from "../journal/journal-entries.js";
import type { OnlineParts } from "./host-channel.js";
import type { JournalFailure, JournalReader } from "./journal-writer.js";
import type { OnlineFailure } from "./online-failure.js";

/** 60.3 of a chip transaction's 0320: 203 approved online, 205 approved offline by the card. */
export type IcUploadCode = typeof NETWORK_CODE.batchUploadIcOnline | typeof NETWORK_CODE.batchUploadIcOffline;

/** What the host's acknowledgement of an offline upload names the sale by: 37 an12, and 38 an6 when it gave one. */
export interface HostReference {
	readonly rrn: string;
	readonly authCode: string;
}

/** The PAN sealed in the journal, "0" when the vault cannot open it (the record still counts). */
export function journalPan(parts: OnlineParts, t: TxnEntry): string {
	const card = parts.vault.openCard(t.cardData);
	return card.ok ? card.value.pan : "0";
}

/** One chip transaction's 0320 (IC卡批上送): the sale's card, amount, entry mode, PSN, its field 55 and 61 = batch + STAN. */
export function icUploadRequest(
	parts: OnlineParts,
	context: TerminalContext,
	stan: number,
	t: TxnEntry,
	icc: Uint8Array,
	code: IcUploadCode,
): IsoMessage {
	const record = {
		pan: journalPan(parts, t),
		amount: t.amountFen,
		processingCode: TRANSACTIONS.sale.processingCode,
		entryMode: t.entryMode === "tap" ? ("contactless" as const) : ("contact" as const),
		...(t.ic?.psn ? { sequence: t.ic.psn.padStart(3, "0") } : {}),
		icc,
		batch: t.batch,
		stan: t.stan,
	};
	return buildIcBatchUpload(context, stan, record, code);
}

/**
 * One 0320, up to `tries` times, each try with its own STAN: the acknowledgement (39 = 00), or undefined when
 * every try went unanswered or was refused.
 */
export async function sendUpload(
	parts: OnlineParts,
	build: (stan: number) => IsoMessage,
	tries: number,
): Promise<Result<IsoMessage | undefined, JournalFailure>> {
	const { channel, writer } = parts;
	for (let attempt = 0; attempt < tries; attempt++) {
		const stan = writer.nextStan();
		if (!stan.ok) return stan;
		const answer = await channel.link().exchange(build(stan.value));
		if (answer.ok && textField(answer.value.response, 39) === "00") return ok(answer.value.response);
	}
	return ok(undefined);
}

/** 37 and 38 of an acknowledgement, each kept only when it has its field's length (an12, an6). */
function referenceOf(answer: IsoMessage): HostReference {
	const field = (n: number, length: number) => {
		const value = textField(answer, n) ?? "";
		return value.length === length && value.trim() !== "" ? value : "";
	};
	return { rrn: field(37, 12), authCode: field(38, 6) };
}

/** The offline approvals whose upload is owed, as the journal's index marks them (no pass over the batch on flash). */
export function owedByIndex(journal: JournalReader): TxnEntry[] {
	const owed: TxnEntry[] = [];
	for (const stan of journal.uploadsOwed) {
		const txn = journal.txn(stan);
		if (txn && uploadOwed(txn)) owed.push(txn);
	}
	return owed;
}

export class OfflineUpload {
	readonly #parts: OnlineParts;

	constructor(parts: OnlineParts) {
		this.#parts = parts;
	}

	/**
	 * Before an online request (financial-exchange.ts): each offline approval not yet acknowledged, oldest first,
	 * one try each. The first that is not acknowledged (the host down, no answer, a refusal) ends the pass and the
	 * request goes on all the same: an offline sale never holds up the next cardholder; it stays owed and goes
	 * before the next request, and settlement sends what is left with the upload retries. Only a journal failure
	 * is an error.
	 */
	async beforeOnline(operator: string): Promise<Result<void, JournalFailure>> {
		for (const txn of owedByIndex(this.#parts.journal)) {
			const sent = await this.#send(txn, operator, 1);
			if (!sent.ok) return sent;
			if (!sent.value) return ok();
		}
		return ok();
	}

	/**
	 * Before the 0500 (settlement.ts), so the host's totals hold them: each one still owed, up to the upload retry
	 * parameter; one never acknowledged refuses the settlement (离线交易上送失败) and stays owed.
	 */
	async beforeSettlement(operator: string): Promise<Result<void, OnlineFailure>> {
		// A pass over the batch, not the index's marks: it also finds one journaled before the marks existed.
		const owed = [...this.#parts.journal.state.txns.values()].filter(uploadOwed);
		for (const txn of owed) {
			const sent = await this.#send(txn, operator, this.#parts.channel.params.batchUploadRetries);
			if (!sent.ok) return sent;
			if (!sent.value) return err({ kind: "advice-unsent", stan: txn.stan });
		}
		return ok();
	}

	/** `txn`'s upload; once acknowledged, journaled uploaded with the host's reference in one record. Whether it was. */
	async #send(txn: TxnEntry, operator: string, tries: number): Promise<Result<boolean, JournalFailure>> {
		const parts = this.#parts;
		const context = { ...parts.channel.context(operator), batch: txn.batch };
		const code = NETWORK_CODE.batchUploadIcOffline;
		const answer = await sendUpload(parts, (stan) => icUploadRequest(parts, context, stan, txn, txn.ic!.tcUploadField55, code), tries);
		if (!answer.ok || !answer.value) return answer.ok ? ok(false) : answer;
		const marked = parts.writer.offlineUploaded(txn.stan, referenceOf(answer.value));
		return marked.ok ? ok(true) : marked;
	}
}
