// Everything the terminal does online, with the journal points around each exchange (factory-test.md §12,
// unionpay-8583.md §8, §10, §11):
//   - the STAN is advanced and persisted before a message is built;
//   - a reversal-eligible request is journaled as "sent" together with its reversal (39 = 98) before it
//     leaves; a valid response clears the reversal in the same record that stores the outcome, except an
//     approval the terminal does not take (a partial one refused, field 4 contradicting the request);
//   - an owed reversal goes out before any other online message but sign-in (reversal-gate.ts) and is
//     never dropped;
//   - an advice (0220) is not reversed: one without an answer stays "unsent" and is resent, same STAN,
//     before the 0500; the answer (00, or 94 when the host already has it) is journaled in one record;
//   - settlement is journaled before the 0500 and after every acknowledged batch-upload chunk; the batch is
//     closed and its number advanced only when everything is done, and until then every settlement message
//     carries the settlement's batch (a sign-in never renumbers a batch that holds transactions).

import type { Hal } from "../../hal/hal.js";
import { KEY_SLOTS, type KeyRef } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";
import { HostLink, reversalReasonFor, type LinkFailure } from "../host-link/host-link.js";
import { encodeMessage } from "../iso8583/message-codec.js";
import { textField, type IsoMessage } from "../iso8583/iso-message.js";
import {
	buildBatchUpload, buildBatchUploadEnd, buildEcho, buildReversal, buildSettlement, buildSignIn, buildSignOff,
	type TerminalContext,
} from "../iso8583/requests.js";
import { parseFinancialResponse, parseManagementResponse, parseSettlementResponse, parseSignInResponse, type FinancialResponse } from "../iso8583/responses.js";
import { MAX_UPLOAD_RECORDS, type BatchUploadRecord } from "../iso8583/settlement-fields.js";
import { isApproval } from "../iso8583/response-codes.js";
import { carriesMac } from "../iso8583/transaction-matrix.js";
import type { JournalOp, ReversalReason, SettlementProgress, Stan, TxnEntry, TxnKind } from "../journal/journal-entries.js";
import { stanAfter, type Journal } from "../journal/journal.js";
import type { Params } from "../params/schema.js";
import { localDateTime } from "../time/local-time.js";
import { batchTotals, isDomestic, toIsoTotals } from "./batch-totals.js";
import type { CardVault } from "./card-vault.js";
import { adviceRequest } from "./draft-request.js";
import { grantedAmount } from "./granted-amount.js";
import type { Aftermath, Declined, OnlineFailure } from "./online-failure.js";
import { sendOwedReversal } from "./reversal-gate.js";

export type { Aftermath, Declined, OnlineFailure } from "./online-failure.js";

export const TMK_SLOT = KEY_SLOTS.tmk;
export const PIK_SLOT = KEY_SLOTS.pik;
export const MAK_SLOT = KEY_SLOTS.mak;

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
	reversalGate(): Promise<Result<void, OnlineFailure>> {
		const mac = this.#mac();
		return sendOwedReversal({
			journal: this.#deps.journal, vault: this.#deps.vault, retries: this.#params.reversalRetries,
			commit: (ops) => this.#commit(ops),
			exchange: (request) => this.#link().exchange(request, mac ? { mac } : {}),
		});
	}

	/**
	 * 0800 sign-in: working keys into the secure element, host date/time into the clock, the batch number.
	 * Not gated by an owed reversal: a reversal the host refuses for stale keys (A0) needs the new MAK.
	 */
	async signIn(operator: string): Promise<Result<{ batch: number }, OnlineFailure | Declined>> {
		const stan = this.#nextStan();
		if (!stan.ok) return stan;
		// 003: double-length PIK and MAK; 004 adds the TDK that encrypts tracks 2 and 3 (§4).
		const answer = await this.#link().exchange(buildSignIn(this.#context(operator), stan.value, this.#params.trackEncryption ? "004" : "003"));
		if (!answer.ok) return err(linkFailure(answer.error));
		const response = parseSignInResponse(answer.value.response);
		if (!response.ok) return err(badResponse(response.error.detail));
		if (response.value.responseCode !== "00") return err({ kind: "declined", code: response.value.responseCode });
		const { secure, clock } = this.#deps.hal;
		const tmk = secure.key(TMK_SLOT, "kek");
		if (!tmk.ok) return err({ kind: "keys", error: tmk.error });
		const field62 = answer.value.response.fields.get(62);
		if (!(field62 instanceof Uint8Array)) return err(badResponse("field 62 missing"));
		const loaded = secure.loadWorkingKeys(tmk.value, field62);
		if (!loaded.ok) return err({ kind: "keys", error: loaded.error });
		const offset = this.#params.utcOffsetMinutes;
		if (response.value.date && response.value.time) clock.setNowMs(hostTimeMs(clock.nowMs(), response.value.date, response.value.time, offset));
		const { counters, state } = this.#deps.journal;
		// §11: the batch is set by sign-in, but a batch keeps its number until its settlement is finished.
		const renumber = response.value.batch > 0 && state.txns.size === 0 && !state.settlement;
		const batch = renumber ? response.value.batch : counters.batch;
		const saved = this.#commit([{ op: "counters", counters: { ...counters, batch, signInDay: localDay(clock.nowMs(), offset) } }]);
		return saved.ok ? ok({ batch }) : saved;
	}

	async signOff(operator: string): Promise<Result<void, OnlineFailure | Declined>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		const answer = await this.#management(operator, (c, stan) => buildSignOff(c, stan));
		if (!answer.ok) return answer;
		const saved = this.#commit([{ op: "counters", counters: { ...this.#deps.journal.counters, signInDay: "" } }]);
		return saved.ok ? ok() : saved;
	}

	async echo(operator: string): Promise<Result<void, OnlineFailure | Declined>> {
		return this.#management(operator, (c, stan) => buildEcho(c, stan));
	}

	async #management(operator: string, build: (c: TerminalContext, stan: Stan) => IsoMessage): Promise<Result<void, OnlineFailure | Declined>> {
		const stan = this.#nextStan();
		if (!stan.ok) return stan;
		const answer = await this.#link().exchange(build(this.#context(operator), stan.value));
		if (!answer.ok) return err(linkFailure(answer.error));
		const response = parseManagementResponse(answer.value.response);
		if (!response.ok) return err(badResponse(response.error.detail));
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
		if (!answer.ok) return err(linkFailure(answer.error));
		const parsed = parseFinancialResponse(answer.value.response);
		return parsed.ok ? parsed : err(badResponse(parsed.error.detail));
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
		// An approval is taken only with a verified MAC: without the MAK nothing financial goes out.
		const mac = carriesMac(message.mti) ? hal.secure.key(MAK_SLOT, "mac") : undefined;
		if (mac && !mac.ok) return err({ kind: "keys", error: mac.error });
		const sent = this.#commit(ops);
		if (!sent.ok) return sent;
		const answer = await this.#link().exchange(message, mac ? { mac: mac.value } : {});
		if (!answer.ok) {
			const after = await this.#undo(txn, request.reversible, reversalReasonFor(answer.error));
			return after.ok ? err({ kind: "link", failure: answer.error, after: after.value }) : after;
		}
		const parsed = parseFinancialResponse(answer.value.response);
		// A matched, MAC-checked answer whose fields do not parse is treated like a bad MAC (§11).
		if (!parsed.ok) return this.#badAnswer(txn, request.reversible, parsed.error.detail);
		const r = parsed.value;
		const approved = isApproval(r.responseCode);
		const granted = approved ? grantedAmount(request.kind, request.amountFen, r.responseCode, r.amount, this.#params.partialApproval === "accept") : { kind: "full" as const };
		if (granted.kind === "inconsistent") return this.#badAnswer(txn, request.reversible, granted.detail);
		if (granted.kind === "refused") {
			// §8: a terminal that cannot complete an approved transaction reverses it (reason 06, other causes).
			const after = await this.#undo({ ...txn, responseCode: r.responseCode }, request.reversible, "06");
			return after.ok ? err({ kind: "partial-refused", requestedFen: request.amountFen, approvedFen: granted.approvedFen, after: after.value }) : after;
		}
		const done: TxnEntry = {
			...txn, status: approved ? "approved" : "declined", responseCode: r.responseCode, rrn: r.rrn ?? "", authCode: r.authCode ?? "",
			...(granted.kind === "partial" ? { amountFen: granted.approvedFen, requestedFen: request.amountFen } : {}),
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

	async #badAnswer(txn: TxnEntry, reversible: boolean, detail: string): Promise<Result<never, OnlineFailure>> {
		const after = await this.#undo(txn, reversible, "A0");
		return after.ok ? err({ kind: "bad-response", detail, after: after.value }) : after;
	}

	/**
	 * A request without a usable answer: closed as declined when it never left (`reason` undefined); else
	 * its reversal reason recorded and the reversal sent at once (or an advice kept unsent). Says which.
	 */
	async #undo(txn: TxnEntry, reversible: boolean, reason: ReversalReason | undefined): Promise<Result<Aftermath, OnlineFailure>> {
		const owed = this.#deps.journal.state.reversal;
		if (reason === undefined) {
			const closed = this.#commit([{ op: "txn", txn: { ...txn, status: "declined", cardData: new Uint8Array(0) } }, ...(reversible ? [{ op: "reversal" as const, reversal: undefined }] : [])]);
			return closed.ok ? ok({ kind: "none" }) : closed;
		}
		if (!reversible) {
			// An advice (0220) that got no answer is kept as "unsent", resent before settlement.
			const kept = this.#commit([{ op: "txn", txn: { ...txn, status: "unsent" } }]);
			return kept.ok ? ok({ kind: "advice-kept" }) : kept;
		}
		if (!owed || owed.stan !== txn.stan) return ok({ kind: "none" });
		const updated = this.#commit([{ op: "txn", txn }, { op: "reversal", reversal: { ...owed, reason } }]);
		if (!updated.ok) return updated;
		await this.reversalGate();
		return ok(this.#deps.journal.state.reversal?.stan === txn.stan ? { kind: "reversal-owed", reason } : { kind: "reversed", reason });
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
			const message = adviceRequest(txn, { ...this.#context(txn.operator), batch: txn.batch }, card.value);
			let answered: FinancialResponse | undefined;
			for (let attempt = 0; attempt < this.#params.batchUploadRetries && !answered; attempt++) {
				const mac = this.#mac();
				const answer = await this.#link().exchange(message, mac ? { mac } : {});
				const parsed = answer.ok ? parseFinancialResponse(answer.value.response) : undefined;
				// 94 (the host already has it) is taken as approved, so it too must be signed.
				if (parsed?.ok && (parsed.value.responseCode !== "94" || (answer.ok && answer.value.signed))) answered = parsed.value;
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
	async settle(operator: string, onProgress: (done: number, total: number) => void): Promise<Result<SettlementOutcome, OnlineFailure | Declined>> {
		const gate = await this.reversalGate();
		if (!gate.ok) return gate;
		if (!this.#deps.journal.state.settlement) {
			const advices = await this.#sendAdvices();
			if (!advices.ok) return advices;
		}
		const { journal, hal } = this.#deps;
		let progress = journal.state.settlement;
		// A resumed settlement keeps its batch, whatever the counters say now.
		const batch = progress?.batch ?? journal.counters.batch;
		const context = { ...this.#context(operator), batch };
		if (!progress || progress.phase === "started") {
			const totals = batchTotals(journal.state.txns.values());
			progress = { phase: "started", batch, totals, domestic: "0", foreign: "0", operator, requestMs: hal.clock.nowMs() };
			const stan = this.#nextStan([{ op: "settlement", settlement: progress }]);
			if (!stan.ok) return stan;
			const answer = await this.#link().exchange(buildSettlement(context, stan.value, toIsoTotals(totals)));
			if (!answer.ok) return err(linkFailure(answer.error));
			const parsed = parseSettlementResponse(answer.value.response);
			if (!parsed.ok) return err(badResponse(parsed.error.detail));
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
			const upload = await this.#batchUpload(context, onProgress);
			if (!upload.ok) return upload;
			uploaded = upload.value;
			progress = { ...progress, phase: "printing" };
		}
		const counters = journal.counters;
		const closed = this.#commit([
			{ op: "close-batch", summary: progress },
			{ op: "settlement", settlement: undefined },
			{ op: "counters", counters: { ...counters, batch: batch >= 999_999 ? 1 : batch + 1, batchDay: "" } },
		]);
		if (!closed.ok) return closed;
		const compacted = journal.compact();
		if (!compacted.ok) return err({ kind: "journal", error: compacted.error });
		return ok({ summary: progress, uploaded });
	}

	/** 0320 chunks of up to 8 approved transactions, each chunk's records marked uploaded once acknowledged, then 207. */
	async #batchUpload(context: TerminalContext, onProgress: (done: number, total: number) => void): Promise<Result<number, OnlineFailure | Declined>> {
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
				const answer = await this.#link().exchange(buildBatchUpload(context, stan.value, records));
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
		const end = await this.#link().exchange(buildBatchUploadEnd(context, stan.value, all.length));
		if (!end.ok) return err(linkFailure(end.error));
		return ok(all.length);
	}
}

/** A failed exchange of a message that moves no money: nothing to undo. */
function linkFailure(failure: LinkFailure): OnlineFailure {
	return { kind: "link", failure, after: { kind: "none" } };
}

function badResponse(detail: string): OnlineFailure {
	return { kind: "bad-response", detail, after: { kind: "none" } };
}

function isAdvice(kind: TxnKind): boolean {
	return kind === "refund" || kind === "completion-advice";
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
