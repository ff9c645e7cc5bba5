// The transaction journal: the terminal's durable memory of counters, the current batch, the owed
// reversal and a settlement in progress. Each `commit()` is one journal point (docs/journal-points.md): one
// checksummed record holding every change that must land together, e.g. the STAN advance, the
// transaction marked "sent" and its owed reversal, written before the request leaves.

import { ok, type Result } from "../../hal/result.js";
import type { FlashPartition } from "../../hal/storage.js";
import { JournalLog, type JournalError } from "./journal-log.js";
import { mergeRanges, WriteTracker, type JournalDamage } from "./journal-damage.js";
import {
	decodeOps,
	encodeOps,
	type Counters,
	type JournalOp,
	type PendingReversal,
	type SettlementProgress,
	type Stan,
	type TxnEntry,
} from "./journal-entries.js";

export type { JournalError } from "./journal-log.js";
export type { JournalDamage } from "./journal-damage.js";

/** STAN after `stan`: 000001–999999, wrapping (field 11, ISO 8583:1987). */
export function stanAfter(stan: Stan): Stan {
	return stan >= 999_999 ? 1 : stan + 1;
}

/**
 * Between two checks (one per new sector) the live data grows by at most a sector's worth of records;
 * one more covers packing slack.
 */
const GROWTH_SECTORS = 2;
/** Headroom, in sectors of live data, at which settlement is forced before the journal runs out. */
const NEAR_FULL_SECTORS = 2;

const INITIAL_COUNTERS: Counters = { stan: 0, batch: 1, lastStan: 0, signInDay: "", batchDay: "" };

export interface JournalState {
	readonly counters: Counters;
	/** The current batch's transactions, in the order they were first written. */
	readonly txns: ReadonlyMap<Stan, TxnEntry>;
	readonly reversal: PendingReversal | undefined;
	readonly settlement: SettlementProgress | undefined;
	/** The last completed settlement, for reprint. */
	readonly lastSettlement: SettlementProgress | undefined;
}

export interface JournalOpenReport {
	readonly tornRecords: number;
	/** Checksummed records whose content this firmware could not read (also counted as lost). */
	readonly unreadableRecords: number;
	/** Records read after restoring one flipped bit. */
	readonly repairedRecords: number;
	/** What was lost, when anything was. */
	readonly damage: JournalDamage | undefined;
}

export class Journal {
	readonly #log: JournalLog;
	#counters: Counters = INITIAL_COUNTERS;
	readonly #txns = new Map<Stan, TxnEntry>();
	#reversal: PendingReversal | undefined;
	#settlement: SettlementProgress | undefined;
	#lastSettlement: SettlementProgress | undefined;
	#damage: JournalDamage | undefined;

	private constructor(log: JournalLog) {
		this.#log = log;
	}

	/** Replays the partition. */
	static open(flash: FlashPartition): Result<{ journal: Journal; report: JournalOpenReport }, JournalError> {
		const opened = JournalLog.open(flash);
		if (!opened.ok) return opened;
		const { replay } = opened.value;
		const journal = new Journal(opened.value.log);
		const tracker = new WriteTracker();
		const unreadable: number[] = [];
		for (const record of replay.records) {
			const ops = decodeOps(record.payload);
			if (!ops) {
				unreadable.push(record.seq);
				continue;
			}
			journal.#apply(ops);
			tracker.note(record.seq, ops);
		}
		const damage = tracker.assess(mergeRanges(replay.lost, unreadable), { txns: journal.#txns, reversal: journal.#reversal });
		// Never reverse what a lost record may have completed: the reversal is named, not sent.
		if (damage?.unknownReversal) journal.#reversal = undefined;
		// Nor reuse a STAN a lost record may have taken: the next one follows them (persisted with its request).
		if (damage?.countersUnknown)
			journal.#counters = { ...journal.#counters, stan: Math.max(journal.#counters.stan, ...damage.unknownStans) };
		journal.#damage = damage;
		return ok({
			journal,
			report: {
				tornRecords: replay.tornRecords,
				unreadableRecords: unreadable.length,
				repairedRecords: replay.repairedRecords,
				damage,
			},
		});
	}

	/** What replay found lost, until the damaged batch is settled (its transactions then leave the journal). */
	get damage(): JournalDamage | undefined {
		return this.#damage;
	}

	get state(): JournalState {
		return {
			counters: this.#counters,
			txns: this.#txns,
			reversal: this.#reversal,
			settlement: this.#settlement,
			lastSettlement: this.#lastSettlement,
		};
	}

	get counters(): Counters {
		return this.#counters;
	}

	txn(stan: Stan): TxnEntry | undefined {
		return this.#txns.get(stan);
	}

	/**
	 * Whether the journal is close to the point where it cannot hold the live state twice (compaction needs
	 * room for a full copy): settlement is then forced.
	 */
	get nearFull(): boolean {
		const live = this.#liveRecords().map((p) => p.length);
		return (this.#log.sectorsFor(live) + NEAR_FULL_SECTORS) * 2 + GROWTH_SECTORS > this.#log.sectorCount;
	}

	/** Makes `ops` durable as one record, then applies them. Compacts first when the log needs room. */
	commit(ops: readonly JournalOp[]): Result<void, JournalError> {
		const payload = encodeOps(ops);
		if (this.#log.needsNewSector(payload.length)) {
			const live = this.#liveRecords();
			// Keep room for a full snapshot, and for the live data to grow, after this sector is taken.
			if (this.#log.freeSectors - 1 < this.#log.sectorsFor(live.map((p) => p.length)) + GROWTH_SECTORS) {
				const compacted = this.#log.compact(live);
				if (!compacted.ok) return compacted;
			}
		}
		const appended = this.#log.append(payload);
		if (!appended.ok) return appended;
		this.#apply(ops);
		return ok();
	}

	/** Rewrites the live state and frees everything older, e.g. after settlement. */
	compact(): Result<void, JournalError> {
		return this.#log.compact(this.#liveRecords());
	}

	/**
	 * Payloads that rebuild the state, each only setting values (no clearing), so a snapshot torn half-way
	 * and replayed on top of the old chain still gives the current state.
	 */
	#liveRecords(): Uint8Array[] {
		const head: JournalOp[] = [{ op: "counters", counters: this.#counters }];
		if (this.#lastSettlement) head.push({ op: "last-settlement", summary: this.#lastSettlement });
		const records = [encodeOps(head)];
		for (const txn of this.#txns.values()) records.push(encodeOps([{ op: "txn", txn }]));
		const tail: JournalOp[] = [
			{ op: "reversal", reversal: this.#reversal },
			{ op: "settlement", settlement: this.#settlement },
		];
		records.push(encodeOps(tail));
		return records;
	}

	#apply(ops: readonly JournalOp[]): void {
		for (const op of ops) {
			switch (op.op) {
				case "counters":
					this.#counters = op.counters;
					break;
				case "txn":
					this.#txns.set(op.txn.stan, op.txn);
					break;
				case "reversal":
					this.#reversal = op.reversal;
					break;
				case "settlement":
					this.#settlement = op.settlement;
					break;
				case "close-batch":
					this.#txns.clear();
					this.#damage = undefined;
					this.#lastSettlement = op.summary;
					break;
				case "last-settlement":
					this.#lastSettlement = op.summary;
					break;
			}
		}
	}
}
