// The transaction journal: the terminal's durable memory of counters, the current batch, the owed
// reversal and a settlement in progress. Each `commit()` is one journal point (docs/journal-points.md): one
// checksummed record holding every change that must land together, e.g. the STAN advance, the
// transaction marked "sent" and its owed reversal, written before the request leaves.

import { err, ok, type Result } from "../../hal/result.js";
import type { Crc32, FlashPartition } from "../../hal/storage.js";
import { JournalLog, type JournalError } from "./journal-log.js";
import { mergeRanges, WriteTracker, type JournalDamage } from "./journal-damage.js";
import { copyOf } from "./byte-codec.js";
import { TYPE_CHECKPOINT, TYPE_COPY } from "./journal-framing.js";
import { checkpointEntriesIn, checkpointPartOf, encodeCheckpointPart, loadCheckpointPart } from "./journal-checkpoint.js";
import { totalLine } from "./journal-totals.js";
import { INDEX_CAPACITY, TxnIndex, UPLOAD_OWED } from "./txn-index.js";
import {
	decodeOps,
	decodeReplayOps,
	encodeOps,
	type Counters,
	type JournalOp,
	type PendingReversal,
	type ReplayOp,
	type SettlementProgress,
	type SettlementTotals,
	type Stan,
	type TxnEntry,
	type TypeTotals,
	uploadOwed,
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
/** Headroom, in places of the transaction index, at which settlement is forced. */
const NEAR_FULL_ENTRIES = 8;
/**
 * Payload bytes of live records a commit copies into a snapshot in progress: compaction spread over
 * commits, so that none stalls for the whole copy (issue 15: no commit stall over 50 ms). A copy takes
 * the transaction's bytes as they lie on flash, checked, without decoding them.
 */
const COPY_BYTES_PER_COMMIT = 384;
/**
 * Data records boot would replay (since the newest complete checkpoint began, or since the chain's start)
 * at which a new checkpoint begins; it then takes CHECKPOINT_PART_ENTRIES transactions per commit.
 */
const CHECKPOINT_AFTER_RECORDS = 64;
const CHECKPOINT_PART_ENTRIES = 24;
/** Most bytes a part takes (its entries, the head in the first, and its framing), for the room checks. */
const CHECKPOINT_PART_BYTES = 1024;
/**
 * Free sectors below which a snapshot whose copies are all in ends without waiting for its checkpoint: a
 * commit takes at most a sector for its record and one for a part.
 */
const WAIT_FREE_SECTORS = GROWTH_SECTORS + 2;

const INITIAL_COUNTERS: Counters = { stan: 0, batch: 1, lastStan: 0, signInDay: "", batchDay: "" };

/** The current batch's transactions, read from flash when asked for. */
export interface JournalTxns {
	readonly size: number;
	get(stan: Stan): TxnEntry | undefined;
	has(stan: Stan): boolean;
	/** In the order they were first written (the order of their STANs). */
	keys(): IterableIterator<Stan>;
	values(): IterableIterator<TxnEntry>;
}

export interface JournalState {
	readonly counters: Counters;
	/** The current batch's transactions, in the order they were first written (the order of their STANs). */
	readonly txns: JournalTxns;
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

/** A snapshot being copied a few records per commit: index positions `next` to `end` (the count when it began). */
interface SnapshotCopy {
	next: number;
	readonly end: number;
	/** Once every copy is in: the record after the last, and the commits since, waiting for a checkpoint. */
	copied?: { readonly from: number; waited: number };
	/** Sectors of the live state when it began. */
	readonly sectors: number;
	/** Bytes of the transactions left to copy, by their sizes when it began. */
	bytesLeft: number;
}

/** A checkpoint being written a part per commit. */
interface CheckpointWrite {
	readonly firstSeq: number;
	next: number;
	readonly total: number;
}

export class Journal {
	readonly #log: JournalLog;
	#counters: Counters = INITIAL_COUNTERS;
	readonly #index = new TxnIndex();
	readonly #txns: JournalTxns;
	#copy: SnapshotCopy | undefined;
	#checkpoint: CheckpointWrite | undefined;
	/** The first record of the newest complete checkpoint, when one lies after the newest snapshot's end. */
	#checkpointSeq: number | undefined;
	/** Data records boot would replay: since the newest complete checkpoint began (or the chain's start), and since the one in progress began. */
	#replayed = 0;
	#replayedSinceBegun = 0;
	/** The newest snapshot's end record as last seen, and the data records since that snapshot began. */
	#snapshotEndSeq = 0;
	#replayedSinceSnapshot = 0;
	#reversal: PendingReversal | undefined;
	#settlement: SettlementProgress | undefined;
	#lastSettlement: SettlementProgress | undefined;
	#damage: JournalDamage | undefined;

	private constructor(log: JournalLog) {
		this.#log = log;
		this.#txns = new IndexedTxns(this.#index, (position) => this.#read(position));
	}

	/**
	 * Replays the partition: the newest complete checkpoint and the records after it, or the whole chain.
	 * `crc`: the device's native CRC-32, when it has one (the JavaScript one otherwise).
	 */
	static open(flash: FlashPartition, crc?: Crc32): Result<{ journal: Journal; report: JournalOpenReport }, JournalError> {
		const opened = JournalLog.open(flash, crc);
		if (!opened.ok) return opened;
		const { replay } = opened.value;
		const journal = new Journal(opened.value.log);
		const tracker = new WriteTracker();
		const unreadable: number[] = [];
		if (replay.checkpoint) {
			const firstSeq = checkpointPartOf(replay.checkpoint[0]!)!.firstSeq;
			if (journal.#load(replay.checkpoint, firstSeq, tracker)) journal.#checkpointSeq = firstSeq;
			else unreadable.push(firstSeq);
		}
		/** Each record's operations: where each value was last written matters only once something is lost. */
		const replayed: { readonly seq: number; readonly ops: readonly ReplayOp[] }[] = [];
		for (const record of replay.records) {
			const sizes: number[] = [];
			const ops = decodeReplayOps(record.payload, sizes);
			if (!ops) {
				unreadable.push(record.seq);
				continue;
			}
			journal.#apply(ops, sizes, record.offset);
			replayed.push({ seq: record.seq, ops });
		}
		if (replay.lost.length > 0 || unreadable.length > 0) for (const { seq, ops } of replayed) tracker.note(seq, ops);
		journal.#replayed = replay.records.length;
		journal.#snapshotEndSeq = opened.value.log.snapshotEndSeq;
		// Copies, replayed with the whole chain, leave older transactions after newer ones. From a checkpoint
		// they are stepped over: its places were in the order their STANs were taken, and replay adds the
		// transactions written since in that order.
		if (!replay.checkpoint) journal.#restoreOrder();
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

	/** The batch's settlement totals, kept as transactions are written. */
	get totals(): SettlementTotals {
		return this.#index.totals.settlement();
	}

	/** The batch's totals per type (domestic lines first, in the slip's order; types without transactions left out). */
	get typeTotals(): TypeTotals[] {
		return this.#index.totals.byType();
	}

	/** The batch's sales the card approved offline whose upload is owed, by STAN in journal order (from the index). */
	get uploadsOwed(): Stan[] {
		return this.#index.uploadsOwed();
	}

	/** The first and last voucher number of the batch, in journal order. */
	get vouchers(): { first: Stan; last: Stan } | undefined {
		const count = this.#index.count;
		return count === 0 ? undefined : { first: this.#index.stan(0), last: this.#index.stan(count - 1) };
	}

	/**
	 * Whether the journal is close to the point where it cannot hold the live state twice (compaction needs
	 * room for a full copy), or its index is close to full: settlement is then forced.
	 */
	get nearFull(): boolean {
		return (
			(this.#liveSectors() + NEAR_FULL_SECTORS) * 2 + GROWTH_SECTORS > this.#log.sectorCount ||
			this.#index.count + NEAR_FULL_ENTRIES > INDEX_CAPACITY
		);
	}

	/**
	 * Makes `ops` durable as one record, then applies them. Before, it copies a few live records into the
	 * snapshot in progress, or starts one when the log runs short of room, and writes a checkpoint's part.
	 */
	commit(ops: readonly JournalOp[]): Result<void, JournalError> {
		const sizes: number[] = [];
		const payload = encodeOps(ops, sizes);
		let added = 0;
		for (const op of ops) if (op.op === "txn" && this.#index.position(op.txn.stan) < 0) added++;
		if (this.#index.count + added > INDEX_CAPACITY) return err({ kind: "full", liveBytes: this.#index.bytes });
		const compacted = this.#compactionStep(payload.length);
		if (!compacted.ok) return compacted;
		const checkpointed = this.#checkpointStep();
		if (!checkpointed.ok) return checkpointed;
		const appended = this.#log.append(payload);
		if (!appended.ok) return appended;
		this.#apply(ops, sizes, appended.value);
		this.#replayed++;
		this.#replayedSinceBegun++;
		this.#replayedSinceSnapshot++;
		return ok();
	}

	/** Rewrites the live state and frees everything older, e.g. after settlement. */
	compact(): Result<void, JournalError> {
		this.#copy = undefined;
		this.#checkpoint = undefined;
		const head = encodeOps(this.#head());
		const tail = encodeOps(this.#tail());
		const sizes = [head.length];
		for (let position = 0; position < this.#index.count; position++) sizes.push(this.#index.size(position));
		sizes.push(tail.length);
		if (this.#log.sectorsFor(sizes) > this.#log.freeSectors) return err({ kind: "full", liveBytes: this.#index.bytes });
		const begun = this.#log.beginSnapshot();
		if (!begun.ok) return begun;
		this.#replayedSinceSnapshot = 0;
		const written = this.#log.append(head);
		if (!written.ok) return written;
		for (let position = 0; position < this.#index.count; position++) {
			const copied = this.#copyOne(position);
			if (!copied.ok) return copied;
		}
		const ended = this.#log.append(tail);
		if (!ended.ok) return ended;
		return this.#log.endSnapshot();
	}

	/**
	 * A snapshot starts once the free sectors could no longer hold its copy and what the log grows by
	 * until it ends (at least the live state again), and goes on by COPY_BYTES_PER_COMMIT. When the room left
	 * would no longer hold the rest of the copy, the rest is copied at once.
	 */
	#compactionStep(nextBytes: number): Result<void, JournalError> {
		// The commit's record, and a checkpoint's part before it.
		const newSector = this.#log.needsNewSector(nextBytes + CHECKPOINT_PART_BYTES);
		if (!this.#copy) {
			if (!newSector) return ok();
			const sectors = this.#liveSectors();
			if (this.#log.freeSectors - 1 >= sectors + GROWTH_SECTORS + this.#snapshotGrowth(sectors, nextBytes)) return ok();
			const begun = this.#log.beginSnapshot();
			if (!begun.ok) return begun;
			this.#replayedSinceSnapshot = 0;
			const head = this.#log.append(encodeOps(this.#head()));
			if (!head.ok) return head;
			this.#copy = { next: 0, end: this.#index.count, sectors, bytesLeft: this.#index.bytes };
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
		for (; copied < budgetBytes && copy.next < Math.min(copy.end, this.#index.count); copy.next++) {
			// The value now: replayed in order, a later record still overrides it.
			const done = this.#copyOne(copy.next);
			if (!done.ok) return done;
			copied += this.#index.size(copy.next);
			copy.bytesLeft -= this.#index.size(copy.next);
		}
		if (copy.next < Math.min(copy.end, this.#index.count)) return ok();
		// Short of room (budget unbounded), it ends at once.
		if (budgetBytes !== Number.POSITIVE_INFINITY && copy.end >= CHECKPOINT_AFTER_RECORDS) {
			// A checkpoint begun after the last copy ends the snapshot: boot then reads it, not the copies.
			if (!copy.copied) {
				copy.copied = { from: this.#log.nextSeq, waited: 0 };
				this.#checkpoint = undefined;
				this.#replayed = Math.max(this.#replayed, CHECKPOINT_AFTER_RECORDS);
			}
			const checkpointed = this.#checkpointSeq !== undefined && this.#checkpointSeq >= copy.copied.from;
			const room = this.#log.freeSectors > WAIT_FREE_SECTORS;
			if (!checkpointed && room && copy.copied.waited++ <= this.#index.count / CHECKPOINT_PART_ENTRIES + 2) return ok();
		}
		const tail = this.#log.append(encodeOps(this.#tail()));
		if (!tail.ok) return tail;
		const ended = this.#log.endSnapshot();
		if (!ended.ok) return ended;
		this.#copy = undefined;
		return ok();
	}

	/** Copies the transaction at `position` as it lies on flash into a copy record, and points the index there. */
	#copyOne(position: number): Result<void, JournalError> {
		const entry = this.#index.entry(position);
		const record = this.#log.readRecord(entry.recordAt);
		if (!record.ok) return record;
		if (!record.value) {
			this.#unreadable(entry.stan);
			return ok();
		}
		const appended = this.#log.append(copyOf(record.value.payload, entry.opAt, entry.opAt + entry.size), TYPE_COPY);
		if (!appended.ok) return appended;
		this.#index.move(position, appended.value, 0);
		return ok();
	}

	/**
	 * Writes the next part of the checkpoint in progress, or begins one once boot would replay
	 * CHECKPOINT_AFTER_RECORDS records. A snapshot's end frees what an older checkpoint points to: one
	 * begun before it is dropped.
	 */
	#checkpointStep(): Result<void, JournalError> {
		const from = this.#log.checkpointsFrom;
		if (this.#checkpoint && this.#checkpoint.firstSeq < from) this.#checkpoint = undefined;
		if (this.#checkpointSeq !== undefined && this.#checkpointSeq < from) this.#checkpointSeq = undefined;
		if (this.#log.snapshotEndSeq !== this.#snapshotEndSeq) {
			this.#snapshotEndSeq = this.#log.snapshotEndSeq;
			// Without a checkpoint after it, replay starts at the snapshot and reads its copies.
			if (this.#checkpointSeq === undefined) this.#replayed = this.#index.count + this.#replayedSinceSnapshot;
		}
		if (!this.#checkpoint) {
			if (this.#replayed < CHECKPOINT_AFTER_RECORDS) return ok();
			this.#checkpoint = { firstSeq: this.#log.nextSeq, next: 0, total: this.#index.count };
			this.#replayedSinceBegun = 0;
		}
		const checkpoint = this.#checkpoint;
		const head = checkpoint.next === 0 ? encodeOps([...this.#head(), ...this.#tail()]) : undefined;
		const room = checkpointEntriesIn(this.#log.maxPayloadBytes, head);
		// Sectors too small for a part: no checkpoints, boot replays the chain.
		if (room < Math.min(1, checkpoint.total)) {
			this.#checkpoint = undefined;
			return ok();
		}
		const count = Math.min(CHECKPOINT_PART_ENTRIES, room, checkpoint.total - checkpoint.next);
		const chain = head ? { chain: this.#log.chainMark(this.#copy?.copied !== undefined) } : {};
		const part = { firstSeq: checkpoint.firstSeq, from: checkpoint.next, count, total: checkpoint.total, ...chain };
		const appended = this.#log.append(encodeCheckpointPart(part, head, this.#index), TYPE_CHECKPOINT);
		if (!appended.ok) return appended;
		checkpoint.next += count;
		if (checkpoint.next >= checkpoint.total) {
			this.#checkpointSeq = checkpoint.firstSeq;
			this.#replayed = this.#replayedSinceBegun;
			this.#checkpoint = undefined;
		}
		return ok();
	}

	/** Loads a checkpoint's parts; false when one does not read as a part. */
	#load(parts: readonly Uint8Array[], firstSeq: number, tracker: WriteTracker): boolean {
		for (const payload of parts) {
			const part = loadCheckpointPart(payload, this.#index);
			if (!part) return false;
			if (part.head) {
				const ops = decodeOps(part.head);
				if (!ops) return false;
				this.#apply(ops, [], 0);
				tracker.note(firstSeq, ops);
			}
		}
		const last = checkpointPartOf(parts.at(-1)!)!;
		return this.#index.adopt(last.from + last.count);
	}

	/** The transaction at index `position`, read from flash; undefined (and named) when it does not verify. */
	#read(position: number): TxnEntry | undefined {
		const entry = this.#index.entry(position);
		const record = this.#log.readRecord(entry.recordAt);
		const ops = record.ok && record.value ? decodeOps(record.value.payload.subarray(entry.opAt, entry.opAt + entry.size)) : undefined;
		const op = ops?.[0];
		if (op?.op === "txn" && op.txn.stan === entry.stan) return op.txn;
		this.#unreadable(entry.stan);
		return undefined;
	}

	/** A transaction whose record no longer verifies: its state is unknown, as after a loss found at boot. */
	#unreadable(stan: Stan): void {
		const damage = this.#damage;
		if (damage?.unknownStans.includes(stan)) return;
		this.#damage = {
			lostRecords: damage?.lostRecords ?? [],
			unknownStans: [...(damage?.unknownStans ?? []), stan].sort((a, b) => a - b),
			unknownReversal: damage?.unknownReversal,
			settlementUnknown: damage?.settlementUnknown ?? false,
			countersUnknown: damage?.countersUnknown ?? false,
		};
	}

	/**
	 * A snapshot copied over several commits leaves older transactions after newer ones in the log. Each
	 * took its STAN when first written, so counting back from the newest STAN restores that order.
	 */
	#restoreOrder(): void {
		const newest = this.#counters.stan;
		if (this.#index.newestLast(newest, STAN_COUNT)) return;
		const age = (stan: Stan) => (newest - stan + STAN_COUNT) % STAN_COUNT;
		const order = Array.from({ length: this.#index.count }, (_, position) => position);
		order.sort((a, b) => age(this.#index.stan(b)) - age(this.#index.stan(a)));
		this.#index.reorder(order);
	}

	/**
	 * Sectors the rest of the snapshot in progress takes, at most, from the bytes left to copy (as they were
	 * when it began: one sector more covers transactions rewritten larger since).
	 */
	#copySectorsLeft(): number {
		const copy = this.#copy!;
		const tail = encodeOps(this.#tail()).length;
		const records = Math.max(0, Math.min(copy.end, this.#index.count) - copy.next) + 1;
		return this.#log.sectorsAtMost(copy.bytesLeft + tail, records, Math.max(tail, this.#index.largest)) + 1;
	}

	/**
	 * Sectors the log grows by, besides the copies (`sectors` of them), from a snapshot's start to its end:
	 * at least as many as the copies. A snapshot that waits for a checkpoint (of CHECKPOINT_AFTER_RECORDS
	 * transactions or more) takes more: while it copies, each commit's record (about `commitBytes`) and its
	 * share of the checkpoints written meanwhile (one of the live state every CHECKPOINT_AFTER_RECORDS
	 * records); once its copies are in, the checkpoint it waits for, a part and a record per commit; and
	 * the free sectors below which it no longer waits.
	 */
	#snapshotGrowth(sectors: number, commitBytes: number): number {
		if (this.#index.count < CHECKPOINT_AFTER_RECORDS) return sectors;
		const parts = Math.ceil(this.#index.count / CHECKPOINT_PART_ENTRIES) + 1;
		const copying = Math.ceil(this.#index.bytes / COPY_BYTES_PER_COMMIT);
		const partShare = (CHECKPOINT_PART_BYTES * parts) / (parts + CHECKPOINT_AFTER_RECORDS);
		const bytes = copying * (commitBytes + partShare) + parts * (commitBytes + CHECKPOINT_PART_BYTES);
		const growth = this.#log.sectorsAtMost(bytes, 2 * (copying + parts), CHECKPOINT_PART_BYTES) + WAIT_FREE_SECTORS;
		return Math.max(sectors, growth);
	}

	/** Sectors a snapshot of the live state takes, at most. */
	#liveSectors(): number {
		const head = encodeOps(this.#head()).length;
		const tail = encodeOps(this.#tail()).length;
		const largest = Math.max(head, tail, this.#index.largest);
		return this.#log.sectorsAtMost(head + tail + this.#index.bytes, this.#index.count + 2, largest);
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

	/** Applies `ops`, read or written in the record at partition offset `recordAt` (their sizes in `sizes`). */
	#apply(ops: readonly (JournalOp | ReplayOp)[], sizes: readonly number[], recordAt: number): void {
		let opAt = 0;
		for (let i = 0; i < ops.length; i++) {
			const op = ops[i]!;
			switch (op.op) {
				case "counters":
					this.#counters = op.counters;
					break;
				case "txn":
					this.#index.set({
						stan: op.txn.stan,
						recordAt,
						opAt,
						size: sizes[i]!,
						line: totalLine(op.txn) | (uploadOwed(op.txn) ? UPLOAD_OWED : 0),
						amountFen: op.txn.amountFen,
					});
					break;
				case "txn-ref":
					this.#index.setPlace(
						op.stan,
						recordAt,
						opAt,
						sizes[i]!,
						totalLine(op) | (op.uploadOwed ? UPLOAD_OWED : 0),
						op.amountFen,
					);
					break;
				case "reversal":
					this.#reversal = op.reversal;
					break;
				case "settlement":
					this.#settlement = op.settlement;
					break;
				case "close-batch":
					this.#index.clear();
					this.#checkpoint = undefined;
					this.#damage = undefined;
					this.#lastSettlement = op.summary;
					break;
				case "last-settlement":
					this.#lastSettlement = op.summary;
					break;
			}
			opAt += sizes[i] ?? 0;
		}
	}
}

/** The index's transactions, each read from flash when asked for. */
class IndexedTxns implements JournalTxns {
	readonly #index: TxnIndex;
	readonly #read: (position: number) => TxnEntry | undefined;

	constructor(index: TxnIndex, read: (position: number) => TxnEntry | undefined) {
		this.#index = index;
		this.#read = read;
	}

	get size(): number {
		return this.#index.count;
	}

	get(stan: Stan): TxnEntry | undefined {
		const position = this.#index.position(stan);
		return position < 0 ? undefined : this.#read(position);
	}

	has(stan: Stan): boolean {
		return this.#index.position(stan) >= 0;
	}

	*keys(): IterableIterator<Stan> {
		for (let position = 0; position < this.#index.count; position++) yield this.#index.stan(position);
	}

	*values(): IterableIterator<TxnEntry> {
		for (let position = 0; position < this.#index.count; position++) {
			const txn = this.#read(position);
			if (txn) yield txn;
		}
	}
}
