// The journal's storage layer: an append-only log of checksummed records on a raw NOR flash partition
// (docs/journal-points.md §1).
//
// Flash layout: the partition is a ring of sectors. A sector in use starts with a header (magic, flags,
// sector sequence number, CRC); records follow back to back and never span sectors:
//
//   A5 | type u8 | length u16 | sequence u32 | payload | CRC-32 of everything before it
//
// A power cut can tear any write. A torn record fails its CRC; it is the last thing in its sector, and
// the writer resumes in a fresh sector, so a damaged tail is never appended to. A flipped bit is not a
// power cut: CRC-32 locates a single flipped bit in a record or a sector header and the record is read
// as written. A record damaged beyond that is skipped: the scan resynchronises at the next record that
// verifies, and the gap in record sequence numbers names what was lost. The last record of the chain
// has no successor to show a gap: it is a torn write when its tail is erased (a power cut stops a write
// part-way), and a loss when it was written to the end its length declares. Compaction writes every live
// payload into fresh sectors (the first flagged "snapshot start") and closes them with a snapshot-end
// record; replay starts at the newest complete snapshot, so sectors before it are free even if they were
// not erased yet, and a snapshot torn before its end record is merely replayed on top of the old chain.
// A snapshot's transactions are copy records (data replayed the same way). Checkpoint records hold the
// state in RAM (journal-checkpoint.ts): boot hops over the records before the newest complete checkpoint
// by their length fields, and checks and replays only the records after its first part (copies, whose
// content an older record still holds, are stepped over); when the framing breaks anywhere, or no
// checkpoint follows the newest snapshot's end, it reads and checks every record of the chain as before.

import { err, ok, type Result } from "../../hal/result.js";
import type { Crc32, FlashPartition, StorageError } from "../../hal/storage.js";
import { crc32 } from "./crc32.js";
import {
	frameSector,
	parseSector,
	readRecord,
	readSectorHeader,
	readU32,
	repairRecord,
	tailWritten,
	verifiedRecord,
	writeU32,
	frameRecord,
	sectorHeader,
	RECORD_HEADER_BYTES,
	RECORD_OVERHEAD,
	SECTOR_HEADER_BYTES,
	TYPE_CHECKPOINT,
	TYPE_COPY,
	TYPE_DATA,
	TYPE_SNAPSHOT_END,
	type FramedRecord,
	type ParsedSector,
	type SectorInfo,
} from "./journal-framing.js";
import { checkpointPartOf, CHECKPOINT_PART_HEADER_BYTES, type ChainMark } from "./journal-checkpoint.js";

/** The snapshot end record's payload: the snapshot's first record sequence number (u32). */
const SNAPSHOT_END_BYTES = 4;

export type JournalError =
	| { readonly kind: "storage"; readonly error: StorageError }
	| { readonly kind: "record-too-large"; readonly bytes: number; readonly maxBytes: number }
	/** Even after compaction the live data does not leave room: settle to free the journal. */
	| { readonly kind: "full"; readonly liveBytes: number };

/** Record sequence numbers `from`–`to` (inclusive). */
export interface SeqRange {
	readonly from: number;
	readonly to: number;
}

/** A record to replay, and where it lies. */
export interface ReplayRecord {
	readonly seq: number;
	readonly payload: Uint8Array;
	/** Partition offset of the record. */
	readonly offset: number;
}

/**
 * Replayed content: the records in write order, from the newest complete snapshot on, or from the first
 * part of the newest complete checkpoint after it.
 */
export interface LogReplay {
	/** The checkpoint's parts' payloads, in order, when replay starts at one. */
	readonly checkpoint: readonly Uint8Array[] | undefined;
	readonly records: readonly ReplayRecord[];
	/** Sectors whose tail failed its CRC or framing (torn by a power cut). */
	readonly tornRecords: number;
	/** Records read after restoring one flipped bit. */
	readonly repairedRecords: number;
	/** Records lost to damage, never to a power cut: missing between records that verify, or the last one. */
	readonly lost: readonly SeqRange[];
}

/** What a scan of the sectors found, from a checkpoint or over the whole chain. */
interface Scanned extends LogReplay {
	/** Losses found so far (the scan adds those it finds after). */
	readonly lost: SeqRange[];
	readonly chain: readonly SectorInfo[];
	readonly snapshotEndSeq: number;
	readonly checkpointsFrom: number;
	/** The newest record read (a torn write's number is taken again). */
	readonly highestSeq: number;
	/** The newest sector holding records ends in one written whole that does not verify: a loss. */
	readonly newestTailWritten: boolean;
	/** Where the next record goes in the newest sector; undefined when its tail is torn. */
	readonly appendAt: number | undefined;
}

/** A checkpoint met going back: its parts so far (checked), newest first. */
interface Candidate {
	readonly firstSeq: number;
	/** The `from` of the part met last: the next one met must end there. */
	expect: number;
	readonly parts: Uint8Array[];
	/** Every part met so far verified. */
	intact: boolean;
}

/** The newest copy record before `endSeq` in `contents`, or `none`. */
function lastCopyBefore(contents: readonly ParsedSector[], endSeq: number, none: number): number {
	let last = none;
	for (const content of contents)
		for (const record of content.records) if (record.type === TYPE_COPY && record.seq < endSeq) last = Math.max(last, record.seq);
	return last;
}

export class JournalLog {
	readonly #flash: FlashPartition;
	readonly #crc: Crc32;
	readonly #sectors: number;
	/** Sectors of the live chain (their indices), oldest first: a fixed array, as many as the partition has. */
	readonly #chain: Uint16Array;
	#chainLength = 0;
	/** 1 for a sector in the chain. */
	readonly #inChain: Uint8Array;
	#writeOffset = 0;
	/** The current sector may not be appended to (its tail is damaged or it is full). */
	#sealed = true;
	#nextRecordSeq = 1;
	#nextSectorSeq = 1;
	/** A snapshot begun and not yet ended: where it starts in the chain, its first record and its newest copy. */
	#snapshot: { readonly startIndex: number; readonly startSectorSeq: number; readonly firstSeq: number; lastCopySeq: number } | undefined;
	/** The chain's first sector's sequence number. */
	#chainFirstSectorSeq = 1;
	/** The newest complete snapshot's end record (0 before any). */
	#snapshotEndSeq = 0;
	/** The first record a checkpoint may begin at: the one after the newest complete snapshot's last copy. */
	#checkpointsFrom = 1;

	private constructor(flash: FlashPartition, crc: Crc32) {
		this.#flash = flash;
		this.#crc = crc;
		this.#sectors = Math.floor(flash.byteLength / flash.sectorBytes);
		this.#chain = new Uint16Array(this.#sectors);
		this.#inChain = new Uint8Array(this.#sectors);
	}

	/**
	 * Scans the partition and returns the log positioned for appending, with what it replayed. `crc` is the
	 * CRC-32 it checks and writes with: the device's native one, or the JavaScript one.
	 */
	static open(flash: FlashPartition, crc: Crc32 = crc32): Result<{ log: JournalLog; replay: LogReplay }, JournalError> {
		const log = new JournalLog(flash, crc);
		const replay = log.#scan();
		return replay.ok ? ok({ log, replay: replay.value }) : replay;
	}

	/** Largest payload one record can carry. */
	get maxPayloadBytes(): number {
		return this.#flash.sectorBytes - SECTOR_HEADER_BYTES - RECORD_OVERHEAD;
	}

	get sectorCount(): number {
		return this.#sectors;
	}

	get chainSectors(): number {
		return this.#chainLength;
	}

	/** Sectors a snapshot of payloads of these sizes occupies (with its end record). */
	sectorsFor(payloadSizes: readonly number[]): number {
		const room = this.#flash.sectorBytes - SECTOR_HEADER_BYTES;
		let sectors = 1;
		let used = 0;
		for (let i = 0; i <= payloadSizes.length; i++) {
			const bytes = (i < payloadSizes.length ? payloadSizes[i]! : SNAPSHOT_END_BYTES) + RECORD_OVERHEAD;
			if (used + bytes > room) {
				sectors++;
				used = 0;
			}
			used += bytes;
		}
		return sectors;
	}

	/**
	 * At least `sectorsFor` of `records` payloads of `payloadBytes` in all, none over `largestPayload`,
	 * from their totals alone: every sector but the last is filled to within one record of its end.
	 */
	sectorsAtMost(payloadBytes: number, records: number, largestPayload: number): number {
		const bytes = payloadBytes + SNAPSHOT_END_BYTES + (records + 1) * RECORD_OVERHEAD;
		const filled = this.#flash.sectorBytes - SECTOR_HEADER_BYTES - (largestPayload + RECORD_OVERHEAD);
		return filled < 1 ? records + 1 : Math.floor(bytes / filled) + 1;
	}

	/** The sequence number the next record takes. */
	get nextSeq(): number {
		return this.#nextRecordSeq;
	}

	/** The newest complete snapshot's end record, 0 before any. */
	get snapshotEndSeq(): number {
		return this.#snapshotEndSeq;
	}

	/** Where the chain stands, for a checkpoint's first part; `pending` when the snapshot in progress has all its copies in. */
	chainMark(pending: boolean): ChainMark {
		return {
			firstSectorSeq: this.#chainFirstSectorSeq,
			snapshotEndSeq: this.#snapshotEndSeq,
			checkpointsFrom: this.#checkpointsFrom,
			pendingStart: pending && this.#snapshot ? this.#snapshot.startSectorSeq : 0,
		};
	}

	/**
	 * A checkpoint begun before this record is not read at boot: one begun before the newest snapshot's
	 * last copy may name places the snapshot freed.
	 */
	get checkpointsFrom(): number {
		return this.#checkpointsFrom;
	}

	/** The record at partition offset `offset`, checked (one flipped bit restored); undefined when it does not verify. */
	readRecord(offset: number): Result<FramedRecord | undefined, JournalError> {
		const header = this.#flash.read(offset, RECORD_HEADER_BYTES);
		if (!header.ok) return err({ kind: "storage", error: header.error });
		const length = RECORD_OVERHEAD + ((header.value[2]! << 8) | header.value[3]!);
		const room = this.#flash.sectorBytes - (offset % this.#flash.sectorBytes);
		const bytes = this.#flash.read(offset, Math.min(length, room));
		if (!bytes.ok) return err({ kind: "storage", error: bytes.error });
		const record = verifiedRecord(bytes.value, 0, this.#crc);
		if (record || length >= room) return ok(record);
		// A flipped bit in the length field: the repair looks at the rest of the sector.
		const rest = this.#flash.read(offset, room);
		return rest.ok ? ok(verifiedRecord(rest.value, 0, this.#crc)) : err({ kind: "storage", error: rest.error });
	}

	/** Free sectors: not part of the live chain. */
	get freeSectors(): number {
		return this.#sectors - this.#chainLength;
	}

	/** Whether appending `bytes` of payload needs a new sector. */
	needsNewSector(bytes: number): boolean {
		return this.#sealed || this.#writeOffset + bytes + RECORD_OVERHEAD > this.#flash.sectorBytes;
	}

	/**
	 * Appends one record (data, a copy or a checkpoint part); durable (and replayed at boot) once this
	 * returns its partition offset.
	 */
	append(payload: Uint8Array, type = TYPE_DATA): Result<number, JournalError> {
		if (payload.length > this.maxPayloadBytes)
			return err({ kind: "record-too-large", bytes: payload.length, maxBytes: this.maxPayloadBytes });
		if (this.needsNewSector(payload.length)) {
			if (this.freeSectors === 0) return err({ kind: "full", liveBytes: this.#chainLength * this.#flash.sectorBytes });
			const opened = this.#openSector(false);
			if (!opened.ok) return opened;
		}
		if (type === TYPE_COPY && this.#snapshot) this.#snapshot.lastCopySeq = this.#nextRecordSeq;
		return this.#writeRecord(type, payload);
	}

	/**
	 * Starts a snapshot in a fresh sector flagged "snapshot start". Until `endSnapshot()`, every record
	 * appended belongs to it; replayed in order from its first record they must rebuild the whole state.
	 */
	beginSnapshot(): Result<void, JournalError> {
		const startIndex = this.#chainLength;
		const firstSeq = this.#nextRecordSeq;
		const startSectorSeq = this.#nextSectorSeq;
		const opened = this.#openSector(true);
		if (!opened.ok) return opened;
		this.#snapshot = { startIndex, startSectorSeq, firstSeq, lastCopySeq: firstSeq - 1 };
		return ok();
	}

	/** Closes the snapshot with its end record: the sectors before its start become free. */
	endSnapshot(): Result<void, JournalError> {
		const snapshot = this.#snapshot;
		if (!snapshot) return ok();
		if (this.needsNewSector(SNAPSHOT_END_BYTES)) {
			const next = this.#openSector(false);
			if (!next.ok) return next;
		}
		// The end record names the snapshot's first record, so a lost beginning is a gap too.
		const end = new Uint8Array(SNAPSHOT_END_BYTES);
		writeU32(end, 0, snapshot.firstSeq);
		this.#snapshotEndSeq = this.#nextRecordSeq;
		this.#checkpointsFrom = snapshot.lastCopySeq + 1;
		this.#chainFirstSectorSeq = snapshot.startSectorSeq;
		const closed = this.#writeRecord(TYPE_SNAPSHOT_END, end);
		if (!closed.ok) return closed;
		this.#setChain(Array.from(this.#chain.subarray(snapshot.startIndex, this.#chainLength)));
		this.#snapshot = undefined;
		return ok();
	}

	#scan(): Result<LogReplay, JournalError> {
		const found: SectorInfo[] = [];
		/** Sectors whose header is neither valid nor erased: destroyed, or torn by an interrupted erase. */
		const headless: number[] = [];
		/** The sectors in sequence order: each one's sequence number × the sector count + its position in `found`. */
		const order = new Float64Array(this.#sectors);
		for (let index = 0; index < this.#sectors; index++) {
			const header = this.#flash.read(index * this.#flash.sectorBytes, SECTOR_HEADER_BYTES);
			if (!header.ok) return err({ kind: "storage", error: header.error });
			const sector = readSectorHeader(header.value, index, this.#crc);
			if (sector) {
				order[found.length] = sector.seq * this.#sectors + found.length;
				found.push(sector);
			} else if (header.value.some((b) => b !== 0xff)) headless.push(index);
		}
		// A typed array sorts its numbers without a call per comparison.
		const sectors = Array.from(order.subarray(0, found.length).sort(), (key) => found[key % this.#sectors]!);
		const checkpointed = this.#fromCheckpoint(sectors);
		if (!checkpointed.ok) return checkpointed;
		const scanned = checkpointed.value ? ok(checkpointed.value) : this.#wholeChain(sectors);
		if (!scanned.ok) return scanned;
		const { chain, lost } = scanned.value;
		this.#snapshotEndSeq = scanned.value.snapshotEndSeq;
		this.#checkpointsFrom = scanned.value.checkpointsFrom;
		this.#setChain(chain.map((sector) => sector.index));
		this.#chainFirstSectorSeq = chain[0]?.seq ?? (sectors.at(-1)?.seq ?? 0) + 1;
		this.#nextSectorSeq = (sectors.at(-1)?.seq ?? 0) + 1;
		this.#nextRecordSeq = scanned.value.highestSeq + 1;
		// The newest record written whole yet unreadable is damage, not a torn write. Its number is skipped,
		// so the loss stays a gap once later records follow.
		if (scanned.value.newestTailWritten) {
			lost.push({ from: this.#nextRecordSeq, to: this.#nextRecordSeq });
			this.#nextRecordSeq++;
		}
		// Records newer than the chain in a sector without a header: the header was destroyed (an erase
		// never leaves records newer than everything else), so the chain lost them.
		for (const index of headless) {
			const read = this.#flash.read(index * this.#flash.sectorBytes, this.#flash.sectorBytes);
			if (!read.ok) return err({ kind: "storage", error: read.error });
			const newestSeq = Math.max(0, ...parseSector(read.value, this.#crc).records.map((r) => r.seq));
			if (newestSeq >= this.#nextRecordSeq) {
				lost.push({ from: this.#nextRecordSeq, to: newestSeq });
				this.#nextRecordSeq = newestSeq + 1;
			}
		}
		if (scanned.value.appendAt !== undefined) {
			this.#writeOffset = scanned.value.appendAt;
			this.#sealed = false;
		}
		const { checkpoint, records, tornRecords, repairedRecords } = scanned.value;
		return ok({ checkpoint, records, tornRecords, repairedRecords, lost });
	}

	/** Reads and checks every record of every sector, and replays the chain from the newest complete snapshot. */
	#wholeChain(sectors: readonly SectorInfo[]): Result<Scanned, JournalError> {
		const contents: ({ sector: SectorInfo } & ParsedSector)[] = [];
		let tornRecords = 0;
		let repairedRecords = 0;
		for (const sector of sectors) {
			const read = this.#flash.read(sector.index * this.#flash.sectorBytes, this.#flash.sectorBytes);
			if (!read.ok) return err({ kind: "storage", error: read.error });
			const parsed = parseSector(read.value, this.#crc);
			if (parsed.torn) tornRecords++;
			repairedRecords += parsed.repaired;
			contents.push({ sector, ...parsed });
		}
		// The newest snapshot that reached its end record, and the chain's first record: record 1 until a
		// snapshot completes (no sector is freed before), then the one its end record names (an end record
		// without a payload names none).
		let start = 0;
		let firstSeq: number | undefined = 1;
		let snapshotEndSeq = 0;
		let checkpointsFrom = 1;
		for (let i = 0; i < contents.length; i++) {
			if (!contents[i]!.sector.snapshotStart) continue;
			for (let j = i; j < contents.length && (j === i || !contents[j]!.sector.snapshotStart); j++) {
				const end = contents[j]!.records.find((r) => r.type === TYPE_SNAPSHOT_END);
				if (end) {
					start = i;
					firstSeq = end.payload.length >= 4 ? readU32(end.payload, 0) : undefined;
					snapshotEndSeq = end.seq;
					checkpointsFrom = 1 + lastCopyBefore(contents.slice(i, j + 1), end.seq, (firstSeq ?? end.seq) - 1);
				}
			}
		}
		const records: ReplayRecord[] = [];
		const lost: SeqRange[] = [];
		let lastSeq = firstSeq === undefined ? 0 : firstSeq - 1;
		for (const content of contents.slice(start)) {
			for (const record of content.records) {
				if (record.seq <= lastSeq) continue;
				// A torn write's sequence number is reused by the next record, so a gap is always damage.
				if ((lastSeq > 0 || firstSeq !== undefined) && record.seq > lastSeq + 1)
					lost.push({ from: lastSeq + 1, to: record.seq - 1 });
				lastSeq = record.seq;
				if (record.type === TYPE_DATA || record.type === TYPE_COPY)
					records.push({
						seq: record.seq,
						payload: record.payload,
						offset: content.sector.index * this.#flash.sectorBytes + record.at,
					});
			}
		}
		// A loop, not Math.max(...seqs): thousands of arguments overflow XS's stack.
		// The replay above saw the chain's records (lastSeq is the highest of them); the sectors before it remain.
		let highestSeq = lastSeq;
		for (const content of contents.slice(0, start)) for (const record of content.records) highestSeq = Math.max(highestSeq, record.seq);
		const newest = contents
			.slice(start)
			.filter((c) => c.records.length > 0 || c.torn)
			.at(-1);
		const last = contents.at(-1);
		return ok({
			checkpoint: undefined,
			records,
			tornRecords,
			repairedRecords,
			lost,
			chain: contents.slice(start).map((c) => c.sector),
			snapshotEndSeq,
			checkpointsFrom,
			highestSeq,
			newestTailWritten: newest?.tailWritten ?? false,
			appendAt: last && !last.torn ? last.end : undefined,
		});
	}

	/**
	 * Boot from the newest complete checkpoint, in one pass over the sectors, newest first: each is read
	 * once and stepped through by its records' length fields; the parts of a checkpoint are checked as they
	 * are met, the data records after its first part are checked and kept for replay (snapshot ends and
	 * other marks are checked too), and copies and other checkpoints' parts are stepped over, as is what
	 * lies before its first part. A sector's last record is always checked: a power cut may have torn it.
	 * The chain follows from what the first part says (or, when a snapshot ended since, from that snapshot,
	 * if the part names it). undefined when there is none, or when anything is not as a power cut leaves
	 * it: the framing breaks, a record other than a sector's last does not verify, or the sequence numbers
	 * leave a gap. Every record of the chain is then read and checked, and the full scan names the damage.
	 */
	#fromCheckpoint(sectors: readonly SectorInfo[]): Result<Scanned | undefined, JournalError> {
		const sectorBytes = this.#flash.sectorBytes;
		const crc = this.#crc;
		/** Data records after the parts met, newest first. */
		const kept: ReplayRecord[] = [];
		/** Snapshot end records met, newest first. */
		const ends: { readonly position: number; readonly seq: number }[] = [];
		let candidate: Candidate | undefined;
		let tornRecords = 0;
		let repairedRecords = 0;
		let newestTailWritten: boolean | undefined;
		let appendAt: number | undefined;
		let highestSeq = 0;
		/** The first record of the newer sectors: the sector before must end just before it. */
		let following = 0;
		const check = (bytes: Uint8Array, at: number): { record: FramedRecord; end: number } | undefined => {
			const found = readRecord(bytes, at, crc);
			if (found) return found;
			const repaired = repairRecord(bytes, at, crc);
			if (repaired) repairedRecords++;
			return repaired;
		};
		for (let position = sectors.length - 1; position >= 0; position--) {
			const base = sectors[position]!.index * sectorBytes;
			const read = this.#flash.read(base, sectorBytes);
			if (!read.ok) return err({ kind: "storage", error: read.error });
			const bytes = read.value;
			const framing = frameSector(bytes, TYPE_COPY);
			if (!framing) return ok(undefined);
			const { starts } = framing;
			let count = framing.count;
			const last = count > 0 ? check(bytes, framing.last) : undefined;
			const torn = count > 0 && !last;
			if (torn) {
				tornRecords++;
				count--;
			}
			if (position === sectors.length - 1) appendAt = torn ? undefined : (last?.end ?? SECTOR_HEADER_BYTES);
			if (newestTailWritten === undefined && (torn || count > 0))
				newestTailWritten = torn && tailWritten(bytes, framing.last, framing.limit);
			if (count > 0) {
				// Record numbers run on within a sector and from one to the next (a torn write's is taken again).
				const firstSeq = readU32(bytes, framing.first + 4);
				const lastSeq = readU32(bytes, (torn ? framing.beforeLast : framing.last) + 4);
				if (lastSeq - firstSeq !== count - 1 || (following > 0 && lastSeq + 1 !== following)) return ok(undefined);
				following = firstSeq;
				highestSeq = Math.max(highestSeq, lastSeq);
			}
			// Copies are stepped over (the last record, whatever its type, was checked above).
			for (let i = starts.length - (torn ? 2 : 1); i >= 0; i--) {
				const at = starts[i]!;
				const type = bytes[at + 1]!;
				if (type === TYPE_COPY) continue;
				if (type !== TYPE_CHECKPOINT) {
					const record = at === framing.last ? last : check(bytes, at);
					if (!record) return ok(undefined);
					if (record.record.type === TYPE_DATA)
						kept.push({ seq: record.record.seq, payload: record.record.payload, offset: base + at });
					else if (record.record.type === TYPE_SNAPSHOT_END) ends.push({ position, seq: record.record.seq });
					continue;
				}
				const payloadAt = at + RECORD_HEADER_BYTES;
				const part = checkpointPartOf(bytes.subarray(payloadAt, payloadAt + CHECKPOINT_PART_HEADER_BYTES));
				if (!part) continue;
				if (part.from + part.count === part.total)
					candidate = { firstSeq: part.firstSeq, expect: part.from, parts: [], intact: true };
				else if (!candidate || part.firstSeq !== candidate.firstSeq || part.from + part.count !== candidate.expect) continue;
				const record = at === framing.last ? last : check(bytes, at);
				if (record?.record.type === TYPE_CHECKPOINT) candidate.parts.unshift(record.record.payload);
				else candidate.intact = false;
				candidate.expect = part.from;
				if (part.from !== 0 || readU32(bytes, at + 4) !== part.firstSeq) continue;
				const chain = candidate.intact ? this.#chainFrom(sectors, position, part.firstSeq, part.chain!, ends) : undefined;
				if (chain)
					return ok({
						checkpoint: candidate.parts,
						records: kept.reverse(),
						tornRecords,
						repairedRecords,
						lost: [],
						...chain,
						highestSeq,
						newestTailWritten: newestTailWritten ?? false,
						appendAt,
					});
				candidate = undefined;
			}
		}
		return ok(undefined);
	}

	/**
	 * The chain a checkpoint whose first part is record `firstPartSeq` (in sector `position`) names; when a
	 * snapshot ended since (the newest of `ends`), the part must name that snapshot. undefined when it does not hold.
	 */
	#chainFrom(
		sectors: readonly SectorInfo[],
		position: number,
		firstPartSeq: number,
		mark: ChainMark,
		ends: readonly { readonly position: number; readonly seq: number }[],
	): Pick<Scanned, "chain" | "snapshotEndSeq" | "checkpointsFrom"> | undefined {
		let firstSectorSeq = mark.firstSectorSeq;
		let snapshotEndSeq = mark.snapshotEndSeq;
		let checkpointsFrom = mark.checkpointsFrom;
		const end = ends[0];
		if (end) {
			let start = end.position;
			while (start > 0 && !sectors[start]!.snapshotStart) start--;
			if (mark.pendingStart === 0 || sectors[start]!.seq !== mark.pendingStart) return undefined;
			firstSectorSeq = mark.pendingStart;
			snapshotEndSeq = end.seq;
			checkpointsFrom = firstPartSeq;
		}
		const chainFrom = sectors.findIndex((s) => s.seq === firstSectorSeq);
		if (chainFrom < 0 || chainFrom > position || firstPartSeq < checkpointsFrom) return undefined;
		return { chain: sectors.slice(chainFrom), snapshotEndSeq, checkpointsFrom };
	}

	#setChain(indices: readonly number[]): void {
		this.#inChain.fill(0);
		this.#chainLength = indices.length;
		for (let i = 0; i < indices.length; i++) {
			this.#chain[i] = indices[i]!;
			this.#inChain[indices[i]!] = 1;
		}
	}

	#openSector(snapshotStart: boolean): Result<void, JournalError> {
		const current = this.#chainLength > 0 ? this.#chain[this.#chainLength - 1]! : -1;
		let index = -1;
		for (let step = 1; step <= this.#sectors; step++) {
			const candidate = (current + step + this.#sectors) % this.#sectors;
			if (this.#inChain[candidate] === 0) {
				index = candidate;
				break;
			}
		}
		if (index < 0) return err({ kind: "full", liveBytes: this.#chainLength * this.#flash.sectorBytes });
		const erased = this.#flash.eraseSector(index);
		if (!erased.ok) return err({ kind: "storage", error: erased.error });
		const written = this.#flash.write(index * this.#flash.sectorBytes, sectorHeader(this.#nextSectorSeq, snapshotStart, this.#crc));
		if (!written.ok) return err({ kind: "storage", error: written.error });
		this.#nextSectorSeq++;
		this.#chain[this.#chainLength++] = index;
		this.#inChain[index] = 1;
		this.#writeOffset = SECTOR_HEADER_BYTES;
		this.#sealed = false;
		return ok();
	}

	#writeRecord(type: number, payload: Uint8Array): Result<number, JournalError> {
		const record = frameRecord(type, this.#nextRecordSeq, payload, this.#crc);
		const offset = this.#chain[this.#chainLength - 1]! * this.#flash.sectorBytes + this.#writeOffset;
		// Seal first: if the write fails or is torn, nothing more goes into this sector.
		this.#sealed = true;
		const written = this.#flash.write(offset, record);
		if (!written.ok) return err({ kind: "storage", error: written.error });
		this.#sealed = false;
		this.#writeOffset += record.length;
		this.#nextRecordSeq++;
		return ok(offset);
	}
}
