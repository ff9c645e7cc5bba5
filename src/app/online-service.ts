// Everything the terminal does online, with the journal points around each exchange (factory-test.md §12,
// unionpay-8583.md §8, §10, §11):
//   - the STAN is advanced and persisted before a message is built;
//   - a reversal-eligible request is journaled as "sent" together with its reversal (39 = 98) before it
//     leaves; a valid response (any code) clears the reversal in the same record that stores the outcome;
//   - an owed reversal goes out before any other online message (the reversal gate), up to the retry
//     parameter, then is dropped and reported;
//   - an advice (0220) is not reversed: one without an answer stays "unsent" and is resent, same STAN,
//     before the 0500; the answer (00, or 94 when the host already has it) is journaled in one record;
//   - settlement is journaled before the 0500 and after every acknowledged batch-upload chunk; the batch is
//     closed and its number advanced only when everything is done.

import type { Hal } from "../../hal/hal.js";
import { KEY_SLOTS, type KeyRef, type SecureError } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";
import { HostLink, reversalReasonFor, type LinkFailure } from "../host-link/host-link.js";
import { decodeMessage, encodeMessage } from "../iso8583/message-codec.js";
import { textField, type IsoMessage } from "../iso8583/iso-message.js";
import {
	buildBatchUpload, buildBatchUploadEnd, buildEcho, buildPreAuthCompletionAdvice, buildRefund, buildReversal, buildSettlement, buildSignIn, buildSignOff,
	type TerminalContext,
} from "../iso8583/requests.js";
import { parseFinancialResponse, parseManagementResponse, parseSettlementResponse, parseSignInResponse, type FinancialResponse } from "../iso8583/responses.js";
import { MAX_UPLOAD_RECORDS, type BatchUploadRecord } from "../iso8583/settlement-fields.js";
import { carriesMac } from "../iso8583/transaction-matrix.js";
import type { JournalOp, ReversalReason, SettlementProgress, Stan, TxnEntry, TxnKind } from "../journal/journal-entries.js";
import { stanAfter, type Journal, type JournalError } from "../journal/journal.js";
import type { Params } from "../params/schema.js";
import { localDateTime } from "../ui/local-time.js";
import { batchTotals, isDomestic, toIsoTotals } from "./batch-totals.js";
import type { CardVault, StoredCard } from "./card-vault.js";

export const TMK_SLOT = KEY_SLOTS.tmk;
export const PIK_SLOT = KEY_SLOTS.pik;
export const MAK_SLOT = KEY_SLOTS.mak;

export type OnlineFailure =
	/** The request never left the terminal (no connection): nothing is owed. */
	| { readonly kind: "not-sent"; readonly failure: LinkFailure }
	/** Sent, no valid answer: a reversal is owed (reason 98 / 06 / A0). */
	| { readonly kind: "no-answer"; readonly reason: ReversalReason; readonly failure: LinkFailure }
	/** An owed reversal could not be delivered; the new request was not sent. */
	| { readonly kind: "reversal-pending"; readonly stan: Stan }
	/** Retries used up: the reversal was dropped and must be reported (冲正不成功). */
	| { readonly kind: "reversal-given-up"; readonly stan: Stan }
	/** An advice (0220) could not be delivered before settlement: it stays unsent, settlement is refused. */
	| { readonly kind: "advice-unsent"; readonly stan: Stan }
	| { readonly kind: "journal"; readonly error: JournalError }
	| { readonly kind: "keys"; readonly error: SecureError }
	/** The host's answer does not parse (already matched and MAC-checked). */
	| { readonly kind: "bad-response"; readonly detail: string }
	/** Card data could not be protected (no data key): nothing was sent. */
	| { readonly kind: "vault" };

export interface FinancialRequest {
	readonly kind: TxnKind;
	readonly amountFen: number;
	readonly operator: string;
	readonly panMasked: string;
	/** Sealed PAN and expiry for the journal; empty when not needed. */
	readonly cardData: Uint8Array;
	readonly entryMode: TxnEntry["entryMode"];
	readonly original: TxnEntry["original"];
	/** Builds the request with the STAN the journal assigned. */
	readonly build: (context: TerminalContext, stan: Stan) => IsoMessage;
	/** Reversal-eligible (§6). */
	readonly reversible: boolean;
	/** The journal entry this one voids or completes: marked in the same record as the approval. */
	readonly closes?: Stan;
}

export interface FinancialOutcome {
	readonly txn: TxnEntry;
	readonly response: FinancialResponse;
}

export interface SettlementOutcome {
	readonly summary: SettlementProgress;
	readonly uploaded: number;
}

export interface OnlineDeps {
	readonly hal: Hal;
	readonly journal: Journal;
	readonly vault: CardVault;
	readonly params: () => Params;
}

function tpduOf(hex: string): { destination: number; source: number } {
	return { destination: parseInt(hex.slice(2, 6), 16), source: parseInt(hex.slice(6, 10), 16) };
}

/** YYYYMMDD in the terminal's time zone. */
export function localDay(ms: number, offsetMinutes: number): string {
	const t = localDateTime(ms, offsetMinutes);
	return `${t.year}${String(t.month).padStart(2, "0")}${String(t.day).padStart(2, "0")}`;
}

export class OnlineService {
	readonly #deps: OnlineDeps;

	constructor(deps: OnlineDeps) {
		this.#deps = deps;
	}

	get #params(): Params {
		return this.#deps.params();
	}

	#link(): HostLink {
		const p = this.#params;
		const { network, clock, secure } = this.#deps.hal;
		return new HostLink({ network, clock, secure }, {
			host: p.acquirerHost, port: p.acquirerPort, connectTimeoutMs: p.connectTimeoutMs, responseTimeoutMs: p.responseTimeoutMs, tpdu: tpduOf(p.tpdu), header: p.header,
		});
	}

	#context(operator: string): TerminalContext {
		const p = this.#params;
		return { terminalId: p.terminalId, merchantId: p.merchantId, batch: this.#deps.journal.counters.batch, operator, readCapability: "2" };
	}

	#commit(ops: readonly JournalOp[]): Result<void, OnlineFailure> {
		const done = this.#deps.journal.commit(ops);
		return done.ok ? done : err({ kind: "journal", error: done.error });
	}

	/** Advances and persists the STAN before any message is built (§11). */
	#nextStan(extra: readonly JournalOp[] = [], financial = false): Result<Stan, OnlineFailure> {
		const counters = this.#deps.journal.counters;
		const stan = stanAfter(counters.stan);
		const done = this.#commit([{ op: "counters", counters: { ...counters, stan, ...(financial ? { lastStan: stan } : {}) } }, ...extra]);
		return done.ok ? ok(stan) : done;
	}

	#mac(): KeyRef<"mac"> | undefined {
		const key = this.#deps.hal.secure.key(MAK_SLOT, "mac");
		return key.ok ? key.value : undefined;
	}

	/** The reversal gate (factory-test.md §11): sends an owed reversal before anything else goes online. */
	async reversalGate(): Promise<Result<void, OnlineFailure>> {
		const limit = this.#params.reversalRetries;
		for (;;) {
			const owed = this.#deps.journal.state.reversal;
			if (!owed) return ok();
			if (owed.tries >= limit) {
				const dropped = this.#commit([{ op: "reversal", reversal: undefined }]);
				return dropped.ok ? err({ kind: "reversal-given-up", stan: owed.stan }) : dropped;
			}
			const opened = this.#deps.vault.open(owed.message);
			const decoded = opened.ok ? decodeMessage(opened.value) : undefined;
			if (!decoded?.ok) {
				const dropped = this.#commit([{ op: "reversal", reversal: undefined }]);
				return dropped.ok ? err({ kind: "reversal-given-up", stan: owed.stan }) : dropped;
			}
			const fields = new Map(decoded.value.message.fields);
			fields.set(39, owed.reason);
			fields.delete(64);
			const counted = this.#commit([{ op: "reversal", reversal: { ...owed, tries: owed.tries + 1 } }]);
			if (!counted.ok) return counted;
			const answer = await this.#link().exchange({ mti: "0400", fields }, { mac: this.#mac() });
			if (answer.ok) {
				const txn = this.#deps.journal.txn(owed.stan);
				const done = this.#commit([...(txn ? [{ op: "txn" as const, txn: { ...txn, status: "reversed" as const } }] : []), { op: "reversal", reversal: undefined }]);
				if (!done.ok) return done;
				continue;
			}
			if (owed.tries + 1 >= limit) continue;
			return err({ kind: "reversal-pending", stan: owed.stan });
		}
	}

	/** 0800 sign-in: working keys into the secure element, host date/time into the clock, the batch number. */
	async signIn(operator: string): Promise<Result<{ batch: number }, OnlineFailure | { kind: "declined"; code: string }>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		const stan = this.#nextStan();
		if (!stan.ok) return stan;
		// 003: double-length PIK and MAK; 004 adds the TDK that encrypts tracks 2 and 3 (§4).
		const answer = await this.#link().exchange(buildSignIn(this.#context(operator), stan.value, this.#params.trackEncryption ? "004" : "003"));
		if (!answer.ok) return err(this.#noAnswer(answer.error));
		const response = parseSignInResponse(answer.value.response);
		if (!response.ok) return err({ kind: "bad-response", detail: response.error.detail });
		if (response.value.responseCode !== "00") return err({ kind: "declined", code: response.value.responseCode });
		const { secure, clock } = this.#deps.hal;
		const tmk = secure.key(TMK_SLOT, "kek");
		if (!tmk.ok) return err({ kind: "keys", error: tmk.error });
		const field62 = answer.value.response.fields.get(62);
		if (!(field62 instanceof Uint8Array)) return err({ kind: "bad-response", detail: "field 62 missing" });
		const loaded = secure.loadWorkingKeys(tmk.value, field62);
		if (!loaded.ok) return err({ kind: "keys", error: loaded.error });
		const offset = this.#params.utcOffsetMinutes;
		if (response.value.date && response.value.time) clock.setNowMs(hostTimeMs(clock.nowMs(), response.value.date, response.value.time, offset));
		const counters = this.#deps.journal.counters;
		const batch = response.value.batch > 0 ? response.value.batch : counters.batch;
		const saved = this.#commit([{ op: "counters", counters: { ...counters, batch, signInDay: localDay(clock.nowMs(), offset) } }]);
		return saved.ok ? ok({ batch }) : saved;
	}

	async signOff(operator: string): Promise<Result<void, OnlineFailure | { kind: "declined"; code: string }>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		const answer = await this.#management(operator, (c, stan) => buildSignOff(c, stan));
		if (!answer.ok) return answer;
		const saved = this.#commit([{ op: "counters", counters: { ...this.#deps.journal.counters, signInDay: "" } }]);
		return saved.ok ? ok() : saved;
	}

	async echo(operator: string): Promise<Result<void, OnlineFailure | { kind: "declined"; code: string }>> {
		return this.#management(operator, (c, stan) => buildEcho(c, stan));
	}

	async #management(operator: string, build: (c: TerminalContext, stan: Stan) => IsoMessage): Promise<Result<void, OnlineFailure | { kind: "declined"; code: string }>> {
		const stan = this.#nextStan();
		if (!stan.ok) return stan;
		const answer = await this.#link().exchange(build(this.#context(operator), stan.value));
		if (!answer.ok) return err(this.#noAnswer(answer.error));
		const response = parseManagementResponse(answer.value.response);
		if (!response.ok) return err({ kind: "bad-response", detail: response.error.detail });
		return response.value.responseCode === "00" ? ok() : err({ kind: "declined", code: response.value.responseCode });
	}

	/** A balance inquiry (0200, not reversal-eligible, not in the batch): STAN, exchange with MAC, answer. */
	async inquiry(operator: string, build: (context: TerminalContext, stan: Stan) => IsoMessage): Promise<Result<FinancialResponse, OnlineFailure>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		const stan = this.#nextStan();
		if (!stan.ok) return stan;
		const mac = this.#mac();
		const answer = await this.#link().exchange(build(this.#context(operator), stan.value), mac ? { mac } : {});
		if (!answer.ok) return err(this.#noAnswer(answer.error));
		const parsed = parseFinancialResponse(answer.value.response);
		return parsed.ok ? parsed : err({ kind: "bad-response", detail: parsed.error.detail });
	}

	#noAnswer(failure: LinkFailure): OnlineFailure {
		const reason = reversalReasonFor(failure);
		return reason === undefined ? { kind: "not-sent", failure } : { kind: "no-answer", reason, failure };
	}

	/**
	 * One financial exchange: gate, STAN + "sent" (+ reversal) journaled, send, outcome journaled with the
	 * reversal cleared; on no valid answer the reversal reason is recorded and the reversal sent at once.
	 */
	async financial(request: FinancialRequest): Promise<Result<FinancialOutcome, OnlineFailure>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		const { journal, vault, hal } = this.#deps;
		const counters = journal.counters;
		const stan = stanAfter(counters.stan);
		const context = this.#context(request.operator);
		const message = request.build(context, stan);
		const offset = this.#params.utcOffsetMinutes;
		const txn: TxnEntry = {
			kind: request.kind, status: "sent", stan, batch: counters.batch, amountFen: request.amountFen, operator: request.operator,
			panMasked: request.panMasked, cardData: request.cardData, entryMode: request.entryMode, requestMs: hal.clock.nowMs(),
			responseCode: "", rrn: "", authCode: "", hostDate: "", hostTime: "", cardOrg: "", original: request.original,
			voided: false, uploaded: false, printedCopies: 0,
		};
		const ops: JournalOp[] = [
			{ op: "counters", counters: { ...counters, stan, lastStan: stan, batchDay: counters.batchDay || localDay(hal.clock.nowMs(), offset) } },
			{ op: "txn", txn },
		];
		if (request.reversible) {
			const reversal = encodeMessage(buildReversal(message, "98"));
			if (!reversal.ok) throw new Error(`reversal of a built request does not encode: ${reversal.error.detail}`);
			const sealed = vault.seal(reversal.value);
			if (!sealed.ok) return err({ kind: "vault" });
			ops.push({ op: "reversal", reversal: { stan, reason: "98", tries: 0, message: sealed.value } });
		}
		const sent = this.#commit(ops);
		if (!sent.ok) return sent;
		const mac = carriesMac(message.mti) ? this.#mac() : undefined;
		const answer = await this.#link().exchange(message, mac ? { mac } : {});
		if (!answer.ok) return this.#unanswered(txn, request.reversible, reversalReasonFor(answer.error), this.#noAnswer(answer.error));
		const parsed = parseFinancialResponse(answer.value.response);
		// A matched, MAC-checked answer whose fields do not parse is treated like a bad MAC (§11).
		if (!parsed.ok) return this.#unanswered(txn, request.reversible, "A0", { kind: "bad-response", detail: parsed.error.detail });
		const r = parsed.value;
		const approved = r.responseCode === "00" || r.responseCode === "10" || r.responseCode === "11";
		const done: TxnEntry = {
			...txn, status: approved ? "approved" : "declined", responseCode: r.responseCode, rrn: r.rrn ?? "", authCode: r.authCode ?? "",
			hostDate: r.date ?? "", hostTime: r.time ?? "", cardOrg: r.cardOrganisation?.organisation ?? "",
			// Nothing about the card is kept past a decline (PCI DSS 3.2).
			cardData: approved ? txn.cardData : new Uint8Array(0),
		};
		const closed = approved && request.closes !== undefined ? journal.txn(request.closes) : undefined;
		const outcome = this.#commit([
			{ op: "txn", txn: done },
			...(closed ? [{ op: "txn" as const, txn: { ...closed, voided: true } }] : []),
			...(request.reversible ? [{ op: "reversal" as const, reversal: undefined }] : []),
		]);
		return outcome.ok ? ok({ txn: done, response: r }) : outcome;
	}

	async #unanswered(txn: TxnEntry, reversible: boolean, reason: ReversalReason | undefined, report: OnlineFailure): Promise<Result<never, OnlineFailure>> {
		const owed = this.#deps.journal.state.reversal;
		if (reason === undefined) {
			// It never left: nothing to reverse, the entry is closed as declined.
			const closed = this.#commit([{ op: "txn", txn: { ...txn, status: "declined", cardData: new Uint8Array(0) } }, ...(reversible ? [{ op: "reversal" as const, reversal: undefined }] : [])]);
			return closed.ok ? err(report) : closed;
		}
		if (reversible && owed && owed.stan === txn.stan) {
			const updated = this.#commit([{ op: "reversal", reversal: { ...owed, reason } }]);
			if (!updated.ok) return updated;
			await this.reversalGate();
		} else if (!reversible) {
			// An advice (0220) that got no answer is kept as "unsent", resent before settlement.
			const kept = this.#commit([{ op: "txn", txn: { ...txn, status: "unsent" } }]);
			if (!kept.ok) return kept;
		}
		return err(report);
	}

	/**
	 * Offline upload before settlement (§10 step 1): every advice without an answer — "unsent", or "sent"
	 * when a power cut came before its answer was journaled — goes again with its own STAN, up to the
	 * upload retry parameter. Nothing is journaled before a resend, so a cut during it just resends it
	 * after the reboot; 00, or 94 (the host already has it, §11 duplicate), makes it approved, any other
	 * code declined, each in one record. One that still gets no answer refuses the settlement.
	 */
	async #sendAdvices(): Promise<Result<void, OnlineFailure>> {
		const { journal, vault } = this.#deps;
		const owed = [...journal.state.txns.values()].filter((t) => isAdvice(t.kind) && (t.status === "unsent" || t.status === "sent"));
		for (const txn of owed) {
			const card = vault.openCard(txn.cardData);
			if (!card.ok) return err({ kind: "vault" });
			const message = adviceMessage(txn, { ...this.#context(txn.operator), batch: txn.batch }, card.value);
			let answered: FinancialResponse | undefined;
			for (let attempt = 0; attempt < this.#params.batchUploadRetries && !answered; attempt++) {
				const mac = this.#mac();
				const answer = await this.#link().exchange(message, mac ? { mac } : {});
				const parsed = answer.ok ? parseFinancialResponse(answer.value.response) : undefined;
				if (parsed?.ok) answered = parsed.value;
			}
			if (!answered) return err({ kind: "advice-unsent", stan: txn.stan });
			const code = answered.responseCode;
			const accepted = code === "00" || code === "94";
			const saved = this.#commit([{ op: "txn", txn: {
				...txn, status: accepted ? "approved" : "declined", responseCode: code, rrn: answered.rrn ?? txn.rrn, authCode: answered.authCode ?? txn.authCode,
				hostDate: answered.date ?? txn.hostDate, hostTime: answered.time ?? txn.hostTime, cardOrg: answered.cardOrganisation?.organisation ?? txn.cardOrg,
				cardData: accepted ? txn.cardData : new Uint8Array(0),
			} }]);
			if (!saved.ok) return saved;
		}
		return ok();
	}

	/**
	 * Settlement (§10): reversal gate, advices resent, 0500 with the journal's totals; when the host is not
	 * balanced, batch upload of the approved transactions and the end message; then the batch is closed.
	 * Resumes a settlement the journal says was interrupted.
	 */
	async settle(operator: string, onProgress: (done: number, total: number) => void): Promise<Result<SettlementOutcome, OnlineFailure | { kind: "declined"; code: string }>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		if (!this.#deps.journal.state.settlement) {
			const advices = await this.#sendAdvices();
			if (!advices.ok) return advices;
		}
		const { journal, hal } = this.#deps;
		let progress = journal.state.settlement;
		if (!progress || progress.phase === "started") {
			const totals = batchTotals(journal.state.txns.values());
			progress = { phase: "started", batch: journal.counters.batch, totals, domestic: "0", foreign: "0", operator, requestMs: hal.clock.nowMs() };
			const stan = this.#nextStan([{ op: "settlement", settlement: progress }]);
			if (!stan.ok) return stan;
			const answer = await this.#link().exchange(buildSettlement(this.#context(operator), stan.value, toIsoTotals(totals)));
			if (!answer.ok) return err(this.#noAnswer(answer.error));
			const parsed = parseSettlementResponse(answer.value.response);
			if (!parsed.ok) return err({ kind: "bad-response", detail: parsed.error.detail });
			if (parsed.value.responseCode !== "00") return err({ kind: "declined", code: parsed.value.responseCode });
			const domestic = String(parsed.value.totals.domestic.reconciliation) as SettlementProgress["domestic"];
			const foreign = String(parsed.value.totals.foreign.reconciliation) as SettlementProgress["foreign"];
			const balanced = domestic === "1" && foreign === "1";
			progress = { ...progress, phase: balanced ? "printing" : "uploading", domestic, foreign };
			const saved = this.#commit([{ op: "settlement", settlement: progress }]);
			if (!saved.ok) return saved;
		}
		let uploaded = 0;
		if (progress.phase === "uploading") {
			const upload = await this.#batchUpload(operator, onProgress);
			if (!upload.ok) return upload;
			uploaded = upload.value;
			progress = { ...progress, phase: "printing" };
		}
		const counters = journal.counters;
		const closed = this.#commit([
			{ op: "close-batch", summary: progress },
			{ op: "settlement", settlement: undefined },
			{ op: "counters", counters: { ...counters, batch: counters.batch >= 999_999 ? 1 : counters.batch + 1, batchDay: "" } },
		]);
		if (!closed.ok) return closed;
		const compacted = journal.compact();
		if (!compacted.ok) return err({ kind: "journal", error: compacted.error });
		return ok({ summary: progress, uploaded });
	}

	/** 0320 chunks of up to 8 approved transactions, each chunk's records marked uploaded once acknowledged, then 207. */
	async #batchUpload(operator: string, onProgress: (done: number, total: number) => void): Promise<Result<number, OnlineFailure | { kind: "declined"; code: string }>> {
		const { journal, vault } = this.#deps;
		const all = [...journal.state.txns.values()].filter((t) => t.status === "approved" && batchCounts(t.kind));
		let done = all.filter((t) => t.uploaded).length;
		for (;;) {
			const chunk = [...journal.state.txns.values()].filter((t) => t.status === "approved" && batchCounts(t.kind) && !t.uploaded).slice(0, MAX_UPLOAD_RECORDS);
			if (chunk.length === 0) break;
			const records: BatchUploadRecord[] = [];
			for (const t of chunk) {
				const card = vault.openCard(t.cardData);
				records.push({ domestic: isDomestic(t.cardOrg), stan: t.stan, pan: card.ok ? card.value.pan : "0", amount: t.amountFen });
			}
			let acknowledged = false;
			for (let attempt = 0; attempt < this.#params.batchUploadRetries && !acknowledged; attempt++) {
				const stan = this.#nextStan();
				if (!stan.ok) return stan;
				const answer = await this.#link().exchange(buildBatchUpload(this.#context(operator), stan.value, records));
				acknowledged = answer.ok && textField(answer.value.response, 39) === "00";
			}
			// Acknowledged or skipped after its retries (§5): either way the chunk is not sent again.
			const marked = this.#commit(chunk.map((t) => ({ op: "txn" as const, txn: { ...t, uploaded: true } })));
			if (!marked.ok) return marked;
			done += chunk.length;
			onProgress(done, all.length);
		}
		const stan = this.#nextStan();
		if (!stan.ok) return stan;
		const end = await this.#link().exchange(buildBatchUploadEnd(this.#context(operator), stan.value, all.length));
		if (!end.ok) return err(this.#noAnswer(end.error));
		return ok(all.length);
	}
}

function isAdvice(kind: TxnKind): boolean {
	return kind === "refund" || kind === "completion-advice";
}

/**
 * An advice rebuilt from its journal entry for the resend: same STAN and amount, the card number keyed
 * (field 2, no track data is kept, §3), no PIN.
 */
function adviceMessage(txn: TxnEntry, context: TerminalContext, card: StoredCard): IsoMessage {
	const input = { stan: txn.stan, amount: txn.amountFen, card: { entryMode: "manual" as const, pan: card.pan, ...(card.expiry ? { expiry: card.expiry } : {}) } };
	const original = txn.original ?? { stan: 0, batch: 0, rrn: "", date: "", authCode: "" };
	return txn.kind === "refund"
		? buildRefund(context, { ...input, originalRrn: original.rrn, originalDate: original.date })
		: buildPreAuthCompletionAdvice(context, { ...input, original: { authCode: original.authCode, date: original.date } });
}

function batchCounts(kind: TxnKind): boolean {
	return kind !== "preauth" && kind !== "preauth-void";
}

/** The UTC ms of the host's local date MMDD and time hhmmss, in the year nearest to `nowMs`. */
export function hostTimeMs(nowMs: number, mmdd: string, hhmmss: string, offsetMinutes: number): number {
	const local = localDateTime(nowMs, offsetMinutes);
	const at = (year: number) =>
		Date.UTC(year, Number(mmdd.slice(0, 2)) - 1, Number(mmdd.slice(2, 4)), Number(hhmmss.slice(0, 2)), Number(hhmmss.slice(2, 4)), Number(hhmmss.slice(4, 6))) - offsetMinutes * 60_000;
	const candidates = [local.year - 1, local.year, local.year + 1].map(at);
	return candidates.reduce((best, c) => (Math.abs(c - nowMs) < Math.abs(best - nowMs) ? c : best));
}
