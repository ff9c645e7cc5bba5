// The one writer of the journal: every journal point the application makes is a method here, one commit
// (one atomic record, src/journal/journal.ts) each, so what may be written together is decided in one place
// (docs/app-journal-points.md). Everything else reads the journal through `JournalReader`.

import { err, ok, type Result } from "../../hal/result.js";
import type {
	JournalOp,
	PendingReversal,
	ReversalReason,
	SettlementProgress,
	Stan,
	TxnEntry,
	TxnIcData,
} from "../journal/journal-entries.js";
import { stanAfter, type Journal, type JournalError } from "../journal/journal.js";

/** What the application may read of the journal. */
export type JournalReader = Pick<
	Journal,
	"state" | "counters" | "damage" | "nearFull" | "txn" | "totals" | "typeTotals" | "vouchers" | "uploadsOwed"
>;

/** A journal point that did not reach the flash. */
export interface JournalFailure {
	readonly kind: "journal";
	readonly error: JournalError;
}

type Written<T = void> = Result<T, JournalFailure>;

export class JournalWriter {
	readonly #journal: Journal;

	constructor(journal: Journal) {
		this.#journal = journal;
	}

	#commit(ops: readonly JournalOp[]): Written {
		const done = this.#journal.commit(ops);
		return done.ok ? done : err({ kind: "journal", error: done.error });
	}

	/** The STAN advanced and persisted before any message is built (the STAN is never reused). */
	nextStan(): Written<Stan> {
		return this.#stanWith([]);
	}

	#stanWith(ops: readonly JournalOp[]): Written<Stan> {
		const counters = this.#journal.counters;
		const stan = stanAfter(counters.stan);
		const done = this.#commit([{ op: "counters", counters: { ...counters, stan } }, ...ops]);
		return done.ok ? ok(stan) : done;
	}

	/**
	 * A financial request about to leave, in one record: its STAN (the newest, for reprint), the batch's
	 * first day, the entry as "sent" and, when it is reversal-eligible, its reversal (39 = 98) already owed.
	 */
	financialSent(txn: TxnEntry, today: string, reversal: PendingReversal | undefined): Written {
		const counters = this.#journal.counters;
		return this.#commit([
			{ op: "counters", counters: { ...counters, stan: txn.stan, lastStan: txn.stan, batchDay: counters.batchDay || today } },
			{ op: "txn", txn },
			...(reversal ? [{ op: "reversal" as const, reversal }] : []),
		]);
	}

	/** The host's answer, with the original it voids or completes marked and the reversal cleared. */
	financialAnswered(txn: TxnEntry, closes: Stan | undefined, clearsReversal: boolean): Written {
		const closed = closes !== undefined ? this.#journal.txn(closes) : undefined;
		return this.#commit([
			{ op: "txn", txn },
			...(closed ? [{ op: "txn" as const, txn: { ...closed, voided: true } }] : []),
			...(clearsReversal ? [{ op: "reversal" as const, reversal: undefined }] : []),
		]);
	}

	/** A request that never left: closed as declined, its card data dropped, its reversal cleared. */
	notSent(txn: TxnEntry, clearsReversal: boolean): Written {
		return this.#commit([
			{ op: "txn", txn: { ...txn, status: "declined", cardData: new Uint8Array(0) } },
			...(clearsReversal ? [{ op: "reversal" as const, reversal: undefined }] : []),
		]);
	}

	/** An entry changed alone: an advice kept unsent, an advice's answer, a slip's printed copies. */
	#txn(txn: TxnEntry): Written {
		return this.#commit([{ op: "txn", txn }]);
	}

	adviceKept(txn: TxnEntry): Written {
		return this.#txn({ ...txn, status: "unsent" });
	}

	adviceAnswered(txn: TxnEntry): Written {
		return this.#txn(txn);
	}

	/** The "printed" point after a slip's last copy (or the operator's skip). */
	printed(txn: TxnEntry, copies: number): Written {
		const current = this.#journal.txn(txn.stan) ?? txn;
		return this.#txn({ ...current, printedCopies: copies });
	}

	/** A tap's IC data after its second tap (the script results, DF31): the approval's record rewritten alone. */
	icUpdated(txn: TxnEntry, ic: TxnIcData): Written<TxnEntry> {
		const updated = { ...(this.#journal.txn(txn.stan) ?? txn), ic };
		const done = this.#txn(updated);
		return done.ok ? ok(updated) : done;
	}

	/** Why the owed reversal of `txn` is sent: the reason recorded with the entry. */
	reversalReason(txn: TxnEntry, owed: PendingReversal, reason: ReversalReason): Written {
		return this.#commit([
			{ op: "txn", txn },
			{ op: "reversal", reversal: { ...owed, reason } },
		]);
	}

	/** One more try of the owed reversal, counted before it goes (the count is one byte). */
	reversalTried(owed: PendingReversal): Written<number> {
		const tries = Math.min(owed.tries + 1, 255);
		const done = this.#commit([{ op: "reversal", reversal: { ...owed, tries } }]);
		return done.ok ? ok(tries) : done;
	}

	/** The host holds the reversal: the entry reversed, nothing owed. */
	reversed(stan: Stan): Written {
		const txn = this.#journal.txn(stan);
		return this.#commit([
			...(txn ? [{ op: "txn" as const, txn: { ...txn, status: "reversed" as const } }] : []),
			{ op: "reversal", reversal: undefined },
		]);
	}

	/** The day's sign-in done (and the batch the host gave, if it may take it). */
	signedIn(batch: number, day: string): Written {
		return this.#commit([{ op: "counters", counters: { ...this.#journal.counters, batch, signInDay: day } }]);
	}

	/** Signed off, or the host wants a new sign-in: the sign-in is due. */
	signInDue(): Written {
		return this.#commit([{ op: "counters", counters: { ...this.#journal.counters, signInDay: "" } }]);
	}

	/** A settlement starting: the STAN of its 0500 and its progress in one record. */
	settlementStarted(progress: SettlementProgress): Written<Stan> {
		return this.#stanWith([{ op: "settlement", settlement: progress }]);
	}

	settlementProgress(progress: SettlementProgress): Written {
		return this.#commit([{ op: "settlement", settlement: progress }]);
	}

	/** A batch-upload chunk acknowledged (or skipped after its retries): not sent again. */
	uploaded(chunk: readonly TxnEntry[]): Written {
		return this.#commit(chunk.map((t) => ({ op: "txn" as const, txn: { ...t, uploaded: true } })));
	}

	/**
	 * The host's answer to an offline approval's upload (0200, 60.1 36): its 39, with the host's reference (37, 38)
	 * when it gave one, in one record, so a power cut leaves it owed (sent again) or answered, never half.
	 */
	offlineAnswered(stan: Stan, code: string, reference: { readonly rrn: string; readonly authCode: string }): Written {
		const txn = this.#journal.txn(stan);
		if (!txn) return ok();
		return this.#txn({
			...txn,
			uploadAnswer: code,
			rrn: reference.rrn || txn.rrn,
			authCode: reference.authCode || txn.authCode,
		});
	}

	/** Settlement done: the batch closed, its summary kept, the next batch number; then the log compacted. */
	batchClosed(summary: SettlementProgress): Written {
		const counters = this.#journal.counters;
		const closed = this.#commit([
			{ op: "close-batch", summary },
			{ op: "settlement", settlement: undefined },
			{ op: "counters", counters: { ...counters, batch: summary.batch >= 999_999 ? 1 : summary.batch + 1, batchDay: "" } },
		]);
		if (!closed.ok) return closed;
		const compacted = this.#journal.compact();
		return compacted.ok ? ok() : err({ kind: "journal", error: compacted.error });
	}
}
