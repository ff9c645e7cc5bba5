// Settlement (0500, UnionPay Q/CUP 006 批结算), with its journal points (docs/app-journal-points.md): the
// reversal gate, the advices resent, the card's offline approvals uploaded, the 0500 with the journal's
// totals; when the host is not balanced, the batch upload (0320) of the approved transactions and its end
// message; then the batch is closed. The settlement is journaled before the 0500 and after every acknowledged
// upload chunk, so one a power cut interrupted resumes; until it is done every settlement message carries the
// settlement's batch (a sign-in never renumbers a batch that holds transactions).

import { err, ok, type Result } from "../../hal/result.js";
import { textField } from "../iso8583/iso-message.js";
import { buildIcBatchUpload, type TerminalContext } from "../iso8583/requests.js";
import type { IsoMessage } from "../iso8583/iso-message.js";
import { NETWORK_CODE, TRANSACTIONS } from "../iso8583/transaction-matrix.js";
import { parseFinancialResponse, parseSettlementResponse, type FinancialResponse } from "../iso8583/responses.js";
import { MAX_UPLOAD_RECORDS, type BatchUploadRecord } from "../iso8583/settlement-fields.js";
import type { SettlementProgress, TxnEntry, TxnKind } from "../journal/journal-entries.js";
import { isDomestic } from "../journal/journal-totals.js";
import { adviceRequest, settlementRequest, uploadEndRequest, uploadRequest } from "./draft-request.js";
import { OFFLINE_APPROVED } from "./financial-exchange.js";
import { badResponse, linkFailure, type OnlineParts } from "./host-channel.js";
import { declined, type Declined, type OnlineFailure } from "./online-failure.js";
import type { ReversalGate } from "./reversal-gate.js";

export interface SettlementOutcome {
	readonly summary: SettlementProgress;
	readonly uploaded: number;
	/** The closed batch's transactions, declined and reversed ones too (the day's result, the transaction list). */
	readonly closed: readonly TxnEntry[];
}

/** 60.3 of a chip transaction's 0320: 203 approved online, 205 approved offline by the card. */
type IcUploadCode = typeof NETWORK_CODE.batchUploadIcOnline | typeof NETWORK_CODE.batchUploadIcOffline;

/** A sale the card approved offline (8A Y1, financial-exchange.ts): the host learns of it by its upload alone. */
function isOfflineApproval(t: TxnEntry): boolean {
	return t.status === "approved" && t.responseCode === OFFLINE_APPROVED && t.ic !== undefined;
}

function isAdvice(kind: TxnKind): boolean {
	return kind === "refund" || kind === "completion-advice";
}

/** Pre-authorisations hold funds but are not in the batch totals or the upload. */
function batchCounts(kind: TxnKind): boolean {
	return kind !== "preauth" && kind !== "preauth-void";
}

export class Settlement {
	readonly #parts: OnlineParts;
	readonly #gate: ReversalGate;

	constructor(parts: OnlineParts, gate: ReversalGate) {
		this.#parts = parts;
		this.#gate = gate;
	}

	/** Settles the batch, or resumes a settlement the journal says was interrupted. */
	async settle(
		operator: string,
		onProgress: (done: number, total: number) => void,
	): Promise<Result<SettlementOutcome, OnlineFailure | Declined>> {
		const { channel, journal, writer } = this.#parts;
		const gate = await this.#gate.pass();
		if (!gate.ok) return gate;
		if (!journal.state.settlement) {
			const advices = await this.#sendAdvices();
			if (!advices.ok) return advices;
			const offline = await this.#uploadOffline(operator);
			if (!offline.ok) return offline;
		}
		let progress = journal.state.settlement;
		// A resumed settlement keeps its batch, whatever the counters say now.
		const batch = progress?.batch ?? journal.counters.batch;
		const context = { ...channel.context(operator), batch };
		if (!progress || progress.phase === "started") {
			const totals = journal.totals;
			const vouchers = journal.vouchers;
			progress = {
				phase: "started",
				batch,
				totals,
				domestic: "0",
				foreign: "0",
				operator,
				requestMs: channel.hal.clock.nowMs(),
				byType: journal.typeTotals,
				...(vouchers ? { vouchers } : {}),
			};
			const stan = writer.settlementStarted(progress);
			if (!stan.ok) return stan;
			const answer = await channel.link().exchange(settlementRequest(context, stan.value, totals));
			if (!answer.ok) return err(linkFailure(answer.error));
			const parsed = parseSettlementResponse(answer.value.response);
			if (!parsed.ok) return err(badResponse(parsed.error.detail));
			if (parsed.value.responseCode !== "00") return err(declined(parsed.value.responseCode));
			const domestic = String(parsed.value.totals.domestic.reconciliation) as SettlementProgress["domestic"];
			const foreign = String(parsed.value.totals.foreign.reconciliation) as SettlementProgress["foreign"];
			const balanced = domestic === "1" && foreign === "1";
			progress = { ...progress, phase: balanced ? "printing" : "uploading", domestic, foreign };
			const saved = writer.settlementProgress(progress);
			if (!saved.ok) return saved;
		}
		let uploaded = 0;
		if (progress.phase === "uploading") {
			const upload = await this.#batchUpload(context, onProgress);
			if (!upload.ok) return upload;
			uploaded = upload.value;
			progress = { ...progress, phase: "printing" };
		}
		const batchTxns = [...journal.state.txns.values()];
		const closed = writer.batchClosed(progress);
		return closed.ok ? ok({ summary: progress, uploaded, closed: batchTxns }) : closed;
	}

	/**
	 * Offline upload before settlement: every advice without an answer — "unsent", or "sent" when a power
	 * cut came before its answer was journaled — goes again with its own STAN, up to the upload retry
	 * parameter. Nothing is journaled before a resend, so a cut during it just resends it after the reboot;
	 * 00, or 94 (the host already has it: a duplicate), makes it approved, any other code declined, each in
	 * one record. One that still gets no answer refuses the settlement.
	 */
	async #sendAdvices(): Promise<Result<void, OnlineFailure>> {
		const { channel, journal, writer, vault } = this.#parts;
		const owed = [...journal.state.txns.values()].filter((t) => isAdvice(t.kind) && (t.status === "unsent" || t.status === "sent"));
		for (const txn of owed) {
			const card = vault.openCard(txn.cardData);
			if (!card.ok) return err({ kind: "vault" });
			const message = adviceRequest(txn, { ...channel.context(txn.operator), batch: txn.batch }, card.value);
			let answered: FinancialResponse | undefined;
			for (let attempt = 0; attempt < channel.params.batchUploadRetries && !answered; attempt++) {
				const mac = channel.mac();
				const answer = await channel.link().exchange(message, mac ? { mac } : {});
				const parsed = answer.ok ? parseFinancialResponse(answer.value.response) : undefined;
				// 94 (the host already has it) is taken as approved, so it too must be signed.
				if (parsed?.ok && (parsed.value.responseCode !== "94" || (answer.ok && answer.value.signed))) answered = parsed.value;
			}
			if (!answered) return err({ kind: "advice-unsent", stan: txn.stan });
			const code = answered.responseCode;
			const accepted = code === "00" || code === "94";
			const saved = writer.adviceAnswered({
				...txn,
				status: accepted ? "approved" : "declined",
				responseCode: code,
				rrn: answered.rrn ?? txn.rrn,
				authCode: answered.authCode ?? txn.authCode,
				hostDate: answered.date ?? txn.hostDate,
				hostTime: answered.time ?? txn.hostTime,
				cardOrg: answered.cardOrganisation?.organisation ?? txn.cardOrg,
				cardData: accepted ? txn.cardData : new Uint8Array(0),
			});
			if (!saved.ok) return saved;
		}
		return ok();
	}

	/**
	 * The card's offline approvals the host has not acknowledged, before the 0500 so the host's totals hold them:
	 * each one's 0320 IC offline upload (60.3 205, field 55 with the TC and 8A Y1), up to the upload retry
	 * parameter, each try with its own STAN. Marked uploaded once acknowledged, so a power cut before the mark
	 * sends it again after the reboot (the host answers a duplicate 00 without booking it twice) and once
	 * acknowledged never again; one never acknowledged refuses the settlement, as an advice does.
	 */
	async #uploadOffline(operator: string): Promise<Result<void, OnlineFailure>> {
		const { channel, journal, writer } = this.#parts;
		const owed = [...journal.state.txns.values()].filter((t) => isOfflineApproval(t) && !t.uploaded);
		for (const txn of owed) {
			const context = { ...channel.context(operator), batch: txn.batch };
			const sent = await this.#upload((stan) =>
				this.#icUpload(context, stan, txn, txn.ic!.tcUploadField55, NETWORK_CODE.batchUploadIcOffline),
			);
			if (!sent.ok) return sent;
			if (!sent.value) return err({ kind: "advice-unsent", stan: txn.stan });
			const marked = writer.uploaded([txn]);
			if (!marked.ok) return marked;
		}
		return ok();
	}

	/** 0320 chunks of up to 8 approved transactions, each chunk's records marked uploaded once acknowledged, then 207. */
	async #batchUpload(
		context: TerminalContext,
		onProgress: (done: number, total: number) => void,
	): Promise<Result<number, OnlineFailure | Declined>> {
		const { channel, journal, writer } = this.#parts;
		const uploadable = (t: TxnEntry) => t.status === "approved" && batchCounts(t.kind);
		// The transactions are read from flash: one pass to count them, one to send them, 8 at a time in RAM.
		let total = 0;
		let done = 0;
		for (const t of journal.state.txns.values()) {
			if (!uploadable(t)) continue;
			total++;
			if (t.uploaded) done++;
		}
		// The magstripe records first, 8 to a 0320 (60.3 201), then each chip sale alone with its TC (203, IC卡批上送).
		const tcOf = (t: TxnEntry) => (t.kind === "sale" && t.ic?.tcUploadField55.length ? t.ic.tcUploadField55 : undefined);
		const passes: Array<{ chip: boolean; size: number }> = [
			{ chip: false, size: MAX_UPLOAD_RECORDS },
			{ chip: true, size: 1 },
		];
		for (const pass of passes) {
			const stans = journal.state.txns.keys();
			for (;;) {
				const chunk: TxnEntry[] = [];
				for (let next = stans.next(); !next.done; next = stans.next()) {
					const t = journal.txn(next.value);
					if (t && uploadable(t) && !t.uploaded && (tcOf(t) !== undefined) === pass.chip) chunk.push(t);
					if (chunk.length === pass.size) break;
				}
				if (chunk.length === 0) break;
				const sent = await this.#upload((stan) =>
					pass.chip
						? this.#icUpload(context, stan, chunk[0]!, tcOf(chunk[0]!)!, NETWORK_CODE.batchUploadIcOnline)
						: this.#magstripeUpload(context, stan, chunk),
				);
				if (!sent.ok) return sent;
				// Acknowledged or skipped after its retries: either way the chunk is not sent again.
				const marked = writer.uploaded(chunk);
				if (!marked.ok) return marked;
				done += chunk.length;
				onProgress(done, total);
			}
		}
		const stan = writer.nextStan();
		if (!stan.ok) return stan;
		const end = await channel.link().exchange(uploadEndRequest(context, stan.value, total));
		if (!end.ok) return err(linkFailure(end.error));
		return ok(total);
	}

	#magstripeUpload(context: TerminalContext, stan: number, chunk: readonly TxnEntry[]): IsoMessage {
		const records: BatchUploadRecord[] = chunk.map((t) => ({
			domestic: isDomestic(t.cardOrg),
			stan: t.stan,
			pan: this.#pan(t),
			amount: t.amountFen,
		}));
		return uploadRequest(context, stan, records);
	}

	#icUpload(context: TerminalContext, stan: number, t: TxnEntry, icc: Uint8Array, code: IcUploadCode): IsoMessage {
		const record = {
			pan: this.#pan(t),
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

	/** The PAN sealed in the journal, "0" when the vault cannot open it (the record still counts). */
	#pan(t: TxnEntry): string {
		const card = this.#parts.vault.openCard(t.cardData);
		return card.ok ? card.value.pan : "0";
	}

	/** One 0320, up to the upload retry parameter, each try with its own STAN: whether the host acknowledged it (39 = 00). */
	async #upload(build: (stan: number) => IsoMessage): Promise<Result<boolean, OnlineFailure>> {
		const { channel, writer } = this.#parts;
		for (let attempt = 0; attempt < channel.params.batchUploadRetries; attempt++) {
			const stan = writer.nextStan();
			if (!stan.ok) return stan;
			const answer = await channel.link().exchange(build(stan.value));
			if (answer.ok && textField(answer.value.response, 39) === "00") return ok(true);
		}
		return ok(false);
	}
}
