// Financial exchanges (0200/0100 requests and the 0220 advice; UnionPay Q/CUP 006), with the journal points
// around each one (docs/app-journal-points.md):
//   - the STAN is advanced and persisted before a message is built;
//   - a reversal-eligible request is journaled as "sent" together with its reversal (39 = 98) before it
//     leaves; a valid response clears the reversal in the same record that stores the outcome, except an
//     approval the terminal does not take (a partial one refused, field 4 contradicting the request);
//   - an owed reversal goes out before any of them (reversal-gate.ts), then the card's offline approvals not
//     yet acknowledged (offline-upload.ts), which never hold the request up;
//   - an advice (0220) is not reversed: one without an answer stays "unsent" and is resent, same STAN,
//     before the 0500 (settlement.ts).

import { err, ok, type Result } from "../../hal/result.js";
import { KEY_SLOTS, type KeyRef } from "../../hal/secure-element.js";
import { reversalReasonFor, type LinkFailure } from "../host-link/host-link.js";
import { encodeMessage } from "../iso8583/message-codec.js";
import type { IsoMessage } from "../iso8583/iso-message.js";
import type { TerminalContext } from "../iso8583/requests.js";
import { isApproval } from "../iso8583/response-codes.js";
import { parseFinancialResponse, type FinancialResponse } from "../iso8583/responses.js";
import { carriesMac } from "../iso8583/transaction-matrix.js";
import {
	OFFLINE_APPROVED,
	type PendingReversal,
	type ReversalReason,
	type Stan,
	type TxnEntry,
	type TxnIcData,
	type TxnKind,
} from "../journal/journal-entries.js";
import { stanAfter } from "../journal/journal.js";
import { localDay } from "../time/local-time.js";
import { reversalRequest } from "./draft-request.js";
import { grantedAmount } from "./granted-amount.js";
import { badResponse, linkFailure, type OnlineParts } from "./host-channel.js";
import type { Aftermath, OnlineFailure } from "./online-failure.js";
import type { OfflineUpload } from "./offline-upload.js";
import type { ReversalGate } from "./reversal-gate.js";

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
	/** Reversal-eligible: a request that may have moved money and is undone by a 0400. */
	readonly reversible: boolean;
	/** The journal entry this one voids or completes: marked in the same record as the approval. */
	readonly closes?: Stan;
	/**
	 * A chip card's say on the host's approval (the kernel's completion: issuer authentication, scripts, the
	 * second GENERATE AC), asked before the approval is journaled; false: the card declined or went away.
	 */
	readonly cardVerdict?: (response: FinancialResponse) => Promise<CardVerdict>;
	/**
	 * A chip card's field 55 for its reversal (the kernel's, after its completion: Q/CUP 006 reversal list), asked
	 * when a reversal becomes owed; without it the reversal repeats the request's.
	 */
	readonly reversalField55?: () => Promise<Uint8Array>;
}

/** The card's say on an approval: standing, with the IC data journaled with it, or not. */
export type CardVerdict = { readonly stands: true; readonly ic: TxnIcData } | { readonly stands: false };

type ParsedResponse = ReturnType<typeof parseFinancialResponse>;

/** The sealed reversal of a chip request with the kernel's field 55, when the request has one. */
type Rebuild = (() => Promise<Result<Uint8Array, OnlineFailure>>) | undefined;

export interface FinancialOutcome {
	readonly txn: TxnEntry;
	readonly response: FinancialResponse;
}

export class FinancialExchange {
	readonly #parts: OnlineParts;
	readonly #gate: ReversalGate;
	readonly #offline: OfflineUpload;

	constructor(parts: OnlineParts, gate: ReversalGate, offline: OfflineUpload) {
		this.#parts = parts;
		this.#gate = gate;
		this.#offline = offline;
	}

	/** What goes before any online request: the owed reversal (which may refuse it), then the owed offline uploads. */
	async #before(operator: string): Promise<Result<void, OnlineFailure>> {
		const gate = await this.#gate.pass();
		return gate.ok ? this.#offline.beforeOnline(operator) : gate;
	}

	/** A balance inquiry (0200, not reversal-eligible, not in the batch): STAN, exchange with MAC, answer. */
	async inquiry(
		operator: string,
		build: (context: TerminalContext, stan: Stan) => IsoMessage,
	): Promise<Result<FinancialResponse, OnlineFailure>> {
		const { channel, writer } = this.#parts;
		const before = await this.#before(operator);
		if (!before.ok) return before;
		const stan = writer.nextStan();
		if (!stan.ok) return stan;
		const mac = channel.mac();
		const answer = await this.#exchange(build(channel.context(operator), stan.value), mac);
		if (!answer.ok) return err(linkFailure(answer.error));
		const parsed = answer.value;
		return parsed.ok ? parsed : err(badResponse(parsed.error.detail));
	}

	/**
	 * The request sent and its answer parsed. The link's exchange (the request as sent with its MAC, the answer
	 * as a message and as a frame) is let go here: a chip card's completion runs while the caller waits on it.
	 */
	async #exchange(message: IsoMessage, mac: KeyRef<"mac"> | undefined): Promise<Result<ParsedResponse, LinkFailure>> {
		const answer = await this.#parts.channel.link().exchange(message, mac ? { mac } : {});
		return answer.ok ? ok(parseFinancialResponse(answer.value.response)) : answer;
	}

	/**
	 * One financial exchange: gate, STAN + "sent" (+ reversal) journaled, send, outcome journaled with the
	 * reversal cleared; on no valid answer the reversal reason is recorded and the reversal sent at once.
	 */
	async financial(request: FinancialRequest): Promise<Result<FinancialOutcome, OnlineFailure>> {
		const { channel, journal, writer } = this.#parts;
		const before = await this.#before(request.operator);
		if (!before.ok) return before;
		const { hal, params } = channel;
		const stan = stanAfter(journal.counters.stan);
		const message = request.build(channel.context(request.operator), stan);
		const txn = this.#entry(request, stan, "sent");
		let reversal: PendingReversal | undefined;
		if (request.reversible) {
			const sealed = this.#sealedReversal(message);
			if (!sealed.ok) return sealed;
			reversal = { stan, reason: "98" as const, tries: 0, message: sealed.value };
		}
		// A chip card's reversal carries the kernel's field 55 in place of the request's.
		const chipReversal = request.reversalField55;
		const rebuild = chipReversal
			? async () => this.#sealedReversal({ mti: message.mti, fields: new Map(message.fields).set(55, await chipReversal()) })
			: undefined;
		// An approval is taken only with a verified MAC: without the MAK nothing financial goes out.
		const mac = carriesMac(message.mti) ? hal.secure.key(KEY_SLOTS.mak, "mac") : undefined;
		if (mac && !mac.ok) return err({ kind: "keys", error: mac.error });
		const sent = writer.financialSent(txn, localDay(hal.clock.nowMs(), params.utcOffsetMinutes), reversal);
		if (!sent.ok) return sent;
		const answer = await this.#exchange(message, mac?.value);
		if (!answer.ok) {
			const after = await this.#undo(txn, request.reversible, reversalReasonFor(answer.error), rebuild);
			return after.ok ? err({ kind: "link", failure: answer.error, after: after.value }) : after;
		}
		const parsed = answer.value;
		// A matched, MAC-checked answer whose fields do not parse is treated like a bad MAC (reason A0).
		if (!parsed.ok) return this.#badAnswer(txn, request.reversible, parsed.error.detail, rebuild);
		const r = parsed.value;
		const approved = isApproval(r.responseCode);
		const granted = approved
			? grantedAmount(request.kind, request.amountFen, r.responseCode, r.amount, params.partialApproval === "accept")
			: { kind: "full" as const };
		if (granted.kind === "inconsistent") return this.#badAnswer(txn, request.reversible, granted.detail, rebuild);
		if (granted.kind === "refused") {
			// A terminal that cannot complete an approved transaction reverses it (reason 06, other causes).
			const after = await this.#undo({ ...txn, responseCode: r.responseCode }, request.reversible, "06", rebuild);
			return after.ok
				? err({ kind: "partial-refused", requestedFen: request.amountFen, approvedFen: granted.approvedFen, after: after.value })
				: after;
		}
		const verdict = approved && request.cardVerdict ? await request.cardVerdict(r) : undefined;
		if (verdict && !verdict.stands) {
			// Approved by the host, declined by the card (Book 3 §10.10): the terminal reverses it (reason 06).
			const after = await this.#undo({ ...txn, responseCode: r.responseCode }, request.reversible, "06", rebuild);
			return after.ok ? err({ kind: "card-declined", after: after.value }) : after;
		}
		const done: TxnEntry = {
			...txn,
			status: approved ? "approved" : "declined",
			responseCode: r.responseCode,
			rrn: r.rrn ?? "",
			authCode: r.authCode ?? "",
			...(granted.kind === "partial" ? { amountFen: granted.approvedFen, requestedFen: request.amountFen } : {}),
			hostDate: r.date ?? "",
			hostTime: r.time ?? "",
			cardOrg: r.cardOrganisation?.organisation ?? "",
			...(r.issuer ? { issuer: r.issuer } : {}),
			...(r.acquirer ? { acquirer: r.acquirer } : {}),
			// The IC data in the approval's own record: no extra write (a power cut keeps both or neither).
			...(verdict?.stands ? { ic: verdict.ic } : {}),
			// Nothing about the card is kept past a decline (PCI DSS 3.2).
			cardData: approved ? txn.cardData : new Uint8Array(0),
		};
		const outcome = writer.financialAnswered(done, approved ? request.closes : undefined, request.reversible);
		return outcome.ok ? ok({ txn: done, response: r }) : outcome;
	}

	/**
	 * A chip sale the card approved offline (TC at the first GENERATE AC, 8A Y1: EMV 4.3 Book 3 §10.8, Book 4
	 * §6.3.6): nothing goes to the host now. Journaled approved in one record with its STAN and IC data, 39 Y1,
	 * no reference number or authorisation code, its upload owed: offline-upload.ts sends it (0200, 60.1 36)
	 * before a later online request or the 0500, and it counts in the batch totals from now on.
	 */
	offlineApproved(request: FinancialRequest, ic: TxnIcData): Result<TxnEntry, OnlineFailure> {
		const { channel, journal, writer } = this.#parts;
		const { hal, params } = channel;
		const txn: TxnEntry = { ...this.#entry(request, stanAfter(journal.counters.stan), "approved"), responseCode: OFFLINE_APPROVED, ic };
		const saved = writer.financialSent(txn, localDay(hal.clock.nowMs(), params.utcOffsetMinutes), undefined);
		return saved.ok ? ok(txn) : saved;
	}

	/** The journal entry of a request with its STAN, nothing from the host yet. */
	#entry(request: FinancialRequest, stan: Stan, status: TxnEntry["status"]): TxnEntry {
		return {
			kind: request.kind,
			status,
			stan,
			batch: this.#parts.journal.counters.batch,
			amountFen: request.amountFen,
			operator: request.operator,
			panMasked: request.panMasked,
			cardData: request.cardData,
			entryMode: request.entryMode,
			requestMs: this.#parts.channel.hal.clock.nowMs(),
			responseCode: "",
			rrn: "",
			authCode: "",
			hostDate: "",
			hostTime: "",
			cardOrg: "",
			original: request.original,
			voided: false,
			uploaded: false,
			printedCopies: 0,
		};
	}

	/** The 0400 of a request, encoded and sealed under the data key. */
	#sealedReversal(original: IsoMessage): Result<Uint8Array, OnlineFailure> {
		const encoded = encodeMessage(reversalRequest(original, "98"));
		if (!encoded.ok) throw new Error(`reversal of a built request does not encode: ${encoded.error.detail}`);
		const sealed = this.#parts.vault.seal(encoded.value);
		return sealed.ok ? sealed : err({ kind: "vault" });
	}

	async #badAnswer(txn: TxnEntry, reversible: boolean, detail: string, rebuild: Rebuild): Promise<Result<never, OnlineFailure>> {
		const after = await this.#undo(txn, reversible, "A0", rebuild);
		return after.ok ? err({ kind: "bad-response", detail, after: after.value }) : after;
	}

	/**
	 * A request without a usable answer: closed as declined when it never left (`reason` undefined); else
	 * its reversal reason recorded and the reversal sent at once (or an advice kept unsent). Says which.
	 */
	async #undo(
		txn: TxnEntry,
		reversible: boolean,
		reason: ReversalReason | undefined,
		rebuild: Rebuild,
	): Promise<Result<Aftermath, OnlineFailure>> {
		const { journal, writer } = this.#parts;
		const owed = journal.state.reversal;
		if (reason === undefined) {
			const closed = writer.notSent(txn, reversible);
			return closed.ok ? ok({ kind: "none" }) : closed;
		}
		if (!reversible) {
			// An advice (0220) that got no answer is kept as "unsent", resent before settlement.
			const kept = writer.adviceKept(txn);
			return kept.ok ? ok({ kind: "advice-kept" }) : kept;
		}
		if (!owed || owed.stan !== txn.stan) return ok({ kind: "none" });
		// The chip reversal's message replaces the request's in the same record as the reason.
		const rebuilt = rebuild ? await rebuild() : undefined;
		if (rebuilt && !rebuilt.ok) return rebuilt;
		const updated = writer.reversalReason(txn, rebuilt ? { ...owed, message: rebuilt.value } : owed, reason);
		if (!updated.ok) return updated;
		await this.#gate.pass();
		return ok(journal.state.reversal?.stan === txn.stan ? { kind: "reversal-owed", reason } : { kind: "reversed", reason });
	}
}
