// What a damaged journal may have lost. The log names the records it could not read (by sequence
// number); from the records around them this says which values a lost record may have changed: every
// value last written before the newest lost record, and every STAN a lost record may have taken.

import type { SeqRange } from "./journal-log.js";
import type { JournalOp, PendingReversal, ReplayOp, Stan } from "./journal-entries.js";

/** Most STANs listed for one gap (a corrupt counter must not list a million). */
const MAX_LISTED_STANS = 1000;

export interface JournalDamage {
	/** Record sequence numbers lost (unreadable, or missing between records that verify). */
	readonly lostRecords: readonly SeqRange[];
	/** Transactions whose state may differ from what replayed, and STANs a lost record may have used. */
	readonly unknownStans: readonly Stan[];
	/** An owed reversal a lost record may have cleared: kept out of the state, never sent by itself. */
	readonly unknownReversal: PendingReversal | undefined;
	/** A lost record may have started, advanced or finished a settlement. */
	readonly settlementUnknown: boolean;
	/** A lost record may have advanced the counters: STANs up to the last unknown one may be taken. */
	readonly countersUnknown: boolean;
}

/** Notes, record by record during replay, where each value was last written. */
export class WriteTracker {
	readonly #txnSeq = new Map<Stan, number>();
	#reversalSeq = 0;
	#settlementSeq = 0;
	#countersSeq = 0;
	/** The counters' STAN after each record that set it, in order. */
	readonly #stans: { readonly seq: number; readonly stan: Stan }[] = [];

	note(seq: number, ops: readonly (JournalOp | ReplayOp)[]): void {
		for (const op of ops) {
			switch (op.op) {
				case "counters":
					this.#countersSeq = seq;
					this.#stans.push({ seq, stan: op.counters.stan });
					break;
				case "txn":
					this.#txnSeq.set(op.txn.stan, seq);
					break;
				case "txn-ref":
					this.#txnSeq.set(op.stan, seq);
					break;
				case "reversal":
					this.#reversalSeq = seq;
					break;
				case "settlement":
				case "close-batch":
					this.#settlementSeq = seq;
					break;
				case "last-settlement":
					break;
			}
		}
	}

	/** The damage, given the lost records and the replayed state; undefined when nothing was lost. */
	assess(
		lost: readonly SeqRange[],
		state: {
			readonly txns: { keys(): Iterable<Stan>; has(stan: Stan): boolean };
			readonly reversal: PendingReversal | undefined;
		},
	): JournalDamage | undefined {
		if (lost.length === 0) return undefined;
		const newestLost = Math.max(...lost.map((r) => r.to));
		const unknown = new Set<Stan>();
		for (const stan of state.txns.keys()) if ((this.#txnSeq.get(stan) ?? 0) < newestLost) unknown.add(stan);
		for (const range of lost) {
			// STANs taken between the counters before the gap and the first counters after it; when no
			// counters follow, one for each lost record (a journal point takes at most one STAN).
			const before = this.#stans.filter((s) => s.seq < range.from).at(-1)?.stan ?? 0;
			const after = this.#stans.find((s) => s.seq > range.to)?.stan;
			let stan = before;
			for (let n = 0; n < MAX_LISTED_STANS && stan !== after; n++) {
				if (after === undefined && n === range.to - range.from + 1) break;
				stan = stan >= 999_999 ? 1 : stan + 1;
				if (!state.txns.has(stan) && stan !== after) unknown.add(stan);
			}
		}
		return {
			lostRecords: lost,
			unknownStans: [...unknown].sort((a, b) => a - b),
			unknownReversal: state.reversal && this.#reversalSeq < newestLost ? state.reversal : undefined,
			settlementUnknown: this.#settlementSeq < newestLost,
			countersUnknown: this.#countersSeq < newestLost,
		};
	}
}

/** Sorted, merged ranges of `seqs` and `ranges`. */
export function mergeRanges(ranges: readonly SeqRange[], seqs: readonly number[]): SeqRange[] {
	const all = [...ranges, ...seqs.map((seq) => ({ from: seq, to: seq }))].sort((a, b) => a.from - b.from);
	const merged: SeqRange[] = [];
	for (const range of all) {
		const last = merged.at(-1);
		if (last && range.from <= last.to + 1) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
		else merged.push(range);
	}
	return merged;
}
