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

/** STANs 000001–999999 (field 11, ISO 8583:1987). */
const STAN_COUNT = 999_999;

/** STAN after `stan`, wrapping. */
export function stanAfter(stan: Stan): Stan {
	return stan >= STAN_COUNT ? 1 : stan + 1;
}

/**
 * Between two checks (one per new sector) the live data grows by at most a sector's worth of records;
 * one more covers packing slack.
 */
const GROWTH_SECTORS = 2;
/** Headroom, in sectors of live data, at which settlement is forced before the journal runs out. */
const NEAR_FULL_SECTORS = 2;
/**
 * Payload bytes of live records a commit copies into a snapshot in progress: compaction spread over
 * commits, so that none stalls for the whole copy (issue 15: no commit stall over 50 ms).
 */
const COPY_BYTES_PER_COMMIT = 256;

const INITIAL_COUNTERS: Counters = { stan: 0, batch: 1, lastStan: 0, signInDay: "", batchDay: "" };

export interface JournalState {
	readonly counters: Counters;
	/** The current batch's transactions, in the order they were first written (the order of their STANs). */
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

/** A snapshot being copied a few records per commit. */
interface SnapshotCopy {
	/** The transactions to copy (those live when it began), and how many are done. */
	readonly stans: readonly Stan[];
	next: number;
	/** Sectors of the live state when it began. */
	readonly sectors: number;
}

export class Journal {
	readonly #log: JournalLog;
	#counters: Counters = INITIAL_COUNTERS;
	readonly #txns = new Map<Stan, TxnEntry>();
	/** Each transaction's size as one snapshot record's payload, in the order of `#txns`. */
	readonly #txnBytes = new Map<Stan, number>();
	/** Their sum, and the largest seen: bounds of the snapshot's size without a pass over them. */
	#txnBytesTotal = 0;
	#txnBytesLargest = 0;
	#copy: SnapshotCopy | undefined;
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
			const sizes: number[] = [];
			const ops = decodeOps(record.payload, sizes);
			if (!ops) {
				unreadable.push(record.seq);
				continue;
			}
			journal.#apply(ops, sizes);
			tracker.note(record.seq, ops);
		}
		journal.#restoreOrder();
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
		return (this.#liveSectors() + NEAR_FULL_SECTORS) * 2 + GROWTH_SECTORS > this.#log.sectorCount;
	}

	/**
	 * Makes `ops` durable as one record, then applies them. Before, it copies a few live records into the
	 * snapshot in progress, or starts one when the log runs short of room.
	 */
	commit(ops: readonly JournalOp[]): Result<void, JournalError> {
		const sizes: number[] = [];
		const payload = encodeOps(ops, sizes);
		const compacted = this.#compactionStep(payload.length);
		if (!compacted.ok) return compacted;
		const appended = this.#log.append(payload);
		if (!appended.ok) return appended;
		this.#apply(ops, sizes);
		return ok();
	}

	/** Rewrites the live state and frees everything older, e.g. after settlement. */
	compact(): Result<void, JournalError> {
		this.#copy = undefined;
		const live = [encodeOps(this.#head())];
		for (const txn of this.#txns.values()) live.push(encodeOps([{ op: "txn", txn }]));
		live.push(encodeOps(this.#tail()));
		return this.#log.compact(live);
	}

	/**
	 * A snapshot starts once the free sectors could no longer hold the live state twice (its copy, and
	 * what commits append while it is copied), and goes on by COPY_BYTES_PER_COMMIT. When the room left
	 * would no longer hold the rest of the copy, the rest is copied at once.
	 */
	#compactionStep(nextBytes: number): Result<void, JournalError> {
		const newSector = this.#log.needsNewSector(nextBytes);
		if (!this.#copy) {
			if (!newSector) return ok();
			const sectors = this.#liveSectors();
			if (this.#log.freeSectors - 1 >= 2 * sectors + GROWTH_SECTORS) return ok();
			const begun = this.#log.beginSnapshot();
			if (!begun.ok) return begun;
			const head = this.#log.append(encodeOps(this.#head()));
			if (!head.ok) return head;
			this.#copy = { stans: Array.from(this.#txns.keys()), next: 0, sectors };
			return ok();
		}
		// The whole live state bounds the rest of the copy; the exact count only when that bound is close.
		const short =
			newSector &&
			this.#log.freeSectors - 1 < this.#copy.sectors + GROWTH_SECTORS &&
			this.#log.freeSectors - 1 < this.#copySectorsLeft() + GROWTH_SECTORS;
		return this.#copyStep(short ? Number.POSITIVE_INFINITY : COPY_BYTES_PER_COMMIT);
	}

	/** Copies about `budgetBytes` of live records into the snapshot; once all are in, ends it. */
	#copyStep(budgetBytes: number): Result<void, JournalError> {
		const copy = this.#copy!;
		let copied = 0;
		for (; copied < budgetBytes && copy.next < copy.stans.length; copy.next++) {
			// The value now: replayed in order, a later record still overrides it.
			const txn = this.#txns.get(copy.stans[copy.next]!);
			if (!txn) continue;
			const payload = encodeOps([{ op: "txn", txn }]);
			const appended = this.#log.append(payload);
			if (!appended.ok) return appended;
			copied += payload.length;
		}
		if (copy.next < copy.stans.length) return ok();
		const tail = this.#log.append(encodeOps(this.#tail()));
		if (!tail.ok) return tail;
		const ended = this.#log.endSnapshot();
		if (!ended.ok) return ended;
		this.#copy = undefined;
		return ok();
	}

	/**
	 * A snapshot copied over several commits leaves older transactions after newer ones in the log. Each
	 * took its STAN when first written, so counting back from the newest STAN restores that order.
	 */
	#restoreOrder(): void {
		const newest = this.#counters.stan;
		const age = (stan: Stan) => (newest - stan + STAN_COUNT) % STAN_COUNT;
		let ordered = true;
		let previous = Number.POSITIVE_INFINITY;
		for (const stan of this.#txns.keys()) {
			ordered &&= age(stan) < previous;
			previous = age(stan);
		}
		if (ordered) return;
		const txns = Array.from(this.#txns.values()).sort((a, b) => age(b.stan) - age(a.stan));
		const bytes = new Map(this.#txnBytes);
		this.#txns.clear();
		this.#txnBytes.clear();
		for (const txn of txns) {
			this.#txns.set(txn.stan, txn);
			this.#txnBytes.set(txn.stan, bytes.get(txn.stan)!);
		}
	}

	/** Sectors the rest of the snapshot in progress takes. */
	#copySectorsLeft(): number {
		const copy = this.#copy!;
		const sizes: number[] = [];
		for (let i = copy.next; i < copy.stans.length; i++) sizes.push(this.#txnBytes.get(copy.stans[i]!) ?? 0);
		sizes.push(encodeOps(this.#tail()).length);
		return this.#log.sectorsFor(sizes);
	}

	/** Sectors a snapshot of the live state takes, at most. */
	#liveSectors(): number {
		const head = encodeOps(this.#head()).length;
		const tail = encodeOps(this.#tail()).length;
		const largest = Math.max(head, tail, this.#txnBytesLargest);
		return this.#log.sectorsAtMost(head + tail + this.#txnBytesTotal, this.#txns.size + 2, largest);
	}

	/**
	 * A snapshot's records each only set values (no clearing), so a snapshot torn half-way and replayed on
	 * top of the old chain still gives the current state: the head (counters, last settlement), one
	 * record per transaction, and the tail (owed reversal, settlement in progress).
	 */
	#head(): JournalOp[] {
		const head: JournalOp[] = [{ op: "counters", counters: this.#counters }];
		if (this.#lastSettlement) head.push({ op: "last-settlement", summary: this.#lastSettlement });
		return head;
	}

	#tail(): JournalOp[] {
		return [
			{ op: "reversal", reversal: this.#reversal },
			{ op: "settlement", settlement: this.#settlement },
		];
	}

	#apply(ops: readonly JournalOp[], sizes: readonly number[]): void {
		for (const [i, op] of ops.entries()) {
			switch (op.op) {
				case "counters":
					this.#counters = op.counters;
					break;
				case "txn":
					this.#txns.set(op.txn.stan, op.txn);
					this.#txnBytesTotal += sizes[i]! - (this.#txnBytes.get(op.txn.stan) ?? 0);
					this.#txnBytesLargest = Math.max(this.#txnBytesLargest, sizes[i]!);
					this.#txnBytes.set(op.txn.stan, sizes[i]!);
					break;
				case "reversal":
					this.#reversal = op.reversal;
					break;
				case "settlement":
					this.#settlement = op.settlement;
					break;
				case "close-batch":
					this.#txns.clear();
					this.#txnBytes.clear();
					this.#txnBytesTotal = 0;
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
