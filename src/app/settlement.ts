// Settlement (0500, UnionPay Q/CUP 006 批结算), with its journal points (docs/app-journal-points.md): the
// reversal gate, the advices resent, the card's offline approvals still owed uploaded (offline-upload.ts), the 0500 with the journal's
// totals; when the host is not balanced, the batch upload (0320) of the approved transactions and its end
// message; then the batch is closed. The settlement is journaled before the 0500 and after every acknowledged
// upload chunk, so one a power cut interrupted resumes; until it is done every settlement message carries the
// settlement's batch (a sign-in never renumbers a batch that holds transactions).

import { err, ok, type Result } from "../../hal/result.js";
import { buildIcBatchUpload, type TerminalContext } from "../iso8583/requests.js";
import { textField, type IsoMessage } from "../iso8583/iso-message.js";
import { NETWORK_CODE, TRANSACTIONS } from "../iso8583/transaction-matrix.js";
import { parseFinancialResponse, parseSettlementResponse, type FinancialResponse } from "../iso8583/responses.js";
import { MAX_UPLOAD_RECORDS, type BatchUploadRecord } from "../iso8583/settlement-fields.js";
import { OFFLINE_APPROVED, type SettlementProgress, type TxnEntry, type TxnKind } from "../journal/journal-entries.js";
import { isDomestic } from "../journal/journal-totals.js";
import { adviceRequest, settlementRequest, uploadEndRequest, uploadRequest } from "./draft-request.js";
import { badResponse, linkFailure, type OnlineParts } from "./host-channel.js";
import { journalPan, type OfflineUpload } from "./offline-upload.js";
import { declined, type Declined, type OnlineFailure } from "./online-failure.js";
import type { ReversalGate } from "./reversal-gate.js";

export interface SettlementOutcome {
	readonly summary: SettlementProgress;
	readonly uploaded: number;
	/** The closed batch's transactions, declined and reversed ones too (the day's result, the transaction list). */
	readonly closed: readonly TxnEntry[];
}

/** 60.3 of a chip transaction's IC notification in the batch upload: 203 approved online, 205 approved offline by the card. */
type IcUploadCode = typeof NETWORK_CODE.batchUploadIcOnline | typeof NETWORK_CODE.batchUploadIcOffline;

/** One chip transaction's 0320 (IC卡批上送): the sale's card, amount, entry mode, PSN, its field 55 and 61 = batch + STAN. */
function icUploadRequest(parts: OnlineParts, context: TerminalContext, stan: number, t: TxnEntry, icc: Uint8Array): IsoMessage {
	const code: IcUploadCode = t.responseCode === OFFLINE_APPROVED ? NETWORK_CODE.batchUploadIcOffline : NETWORK_CODE.batchUploadIcOnline;
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

/** One 0320, up to `tries` times, each try with its own STAN: whether it was acknowledged (39 = 00). */
async function sendUpload(parts: OnlineParts, build: (stan: number) => IsoMessage, tries: number): Promise<Result<boolean, OnlineFailure>> {
	const { channel, writer } = parts;
	for (let attempt = 0; attempt < tries; attempt++) {
		const stan = writer.nextStan();
		if (!stan.ok) return stan;
		const answer = await channel.link().exchange(build(stan.value));
		if (answer.ok && textField(answer.value.response, 39) === "00") return ok(true);
	}
	return ok(false);
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
	readonly #offline: OfflineUpload;

	constructor(parts: OnlineParts, gate: ReversalGate, offline: OfflineUpload) {
		this.#parts = parts;
		this.#gate = gate;
		this.#offline = offline;
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
			const offline = await this.#offline.beforeSettlement(operator);
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
		// The magstripe records first, 8 to a 0320 (60.3 201), then each chip sale alone with its TC as its IC
		// notification (IC卡批上送): 203 approved online, 205 approved offline by the card (uploaded or refused on its
		// own before: the host reconciles the batch from these).
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
				const sent = await sendUpload(
					this.#parts,
					(stan) =>
						pass.chip
							? icUploadRequest(this.#parts, context, stan, chunk[0]!, tcOf(chunk[0]!)!)
							: this.#magstripeUpload(context, stan, chunk),
					channel.params.batchUploadRetries,
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
			pan: journalPan(this.#parts, t),
			amount: t.amountFen,
		}));
		return uploadRequest(context, stan, records);
	}
}
