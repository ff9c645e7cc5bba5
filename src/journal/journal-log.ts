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

import { err, ok, type Result } from "../../hal/result.js";
import type { FlashPartition, StorageError } from "../../hal/storage.js";
import {
	parseSector,
	readSectorHeader,
	readU32,
	writeU32,
	frameRecord,
	sectorHeader,
	RECORD_OVERHEAD,
	SECTOR_HEADER_BYTES,
	TYPE_DATA,
	TYPE_SNAPSHOT_END,
	type LogRecord,
	type ParsedSector,
	type SectorInfo,
} from "./journal-framing.js";

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

/** Replayed content: the records in write order, from the newest complete snapshot on. */
export interface LogReplay {
	readonly records: readonly LogRecord[];
	/** Sectors whose tail failed its CRC or framing (torn by a power cut). */
	readonly tornRecords: number;
	/** Records read after restoring one flipped bit. */
	readonly repairedRecords: number;
	/** Records lost to damage, never to a power cut: missing between records that verify, or the last one. */
	readonly lost: readonly SeqRange[];
}

export class JournalLog {
	readonly #flash: FlashPartition;
	readonly #sectors: number;
	/** Sectors of the live chain, oldest first. */
	#chain: SectorInfo[] = [];
	#writeOffset = 0;
	/** The current sector may not be appended to (its tail is damaged or it is full). */
	#sealed = true;
	#nextRecordSeq = 1;
	#nextSectorSeq = 1;
	/** A snapshot begun and not yet ended: where it starts in the chain, and its first record. */
	#snapshot: { readonly startIndex: number; readonly firstSeq: number } | undefined;

	private constructor(flash: FlashPartition) {
		this.#flash = flash;
		this.#sectors = Math.floor(flash.byteLength / flash.sectorBytes);
	}

	/** Scans the partition and returns the log positioned for appending, with what it replayed. */
	static open(flash: FlashPartition): Result<{ log: JournalLog; replay: LogReplay }, JournalError> {
		const log = new JournalLog(flash);
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
		return this.#chain.length;
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

	/** Free sectors: not part of the live chain. */
	get freeSectors(): number {
		return this.#sectors - this.#chain.length;
	}

	/** Whether appending `bytes` of payload needs a new sector. */
	needsNewSector(bytes: number): boolean {
		return this.#sealed || this.#writeOffset + bytes + RECORD_OVERHEAD > this.#flash.sectorBytes;
	}

	/** Appends one record; durable (and replayed at boot) once this returns ok. */
	append(payload: Uint8Array): Result<void, JournalError> {
		if (payload.length > this.maxPayloadBytes)
			return err({ kind: "record-too-large", bytes: payload.length, maxBytes: this.maxPayloadBytes });
		if (this.needsNewSector(payload.length)) {
			if (this.freeSectors === 0) return err({ kind: "full", liveBytes: this.#chain.length * this.#flash.sectorBytes });
			const opened = this.#openSector(false);
			if (!opened.ok) return opened;
		}
		return this.#writeRecord(TYPE_DATA, payload);
	}

	/**
	 * Rewrites `live` (the payloads that reproduce the whole current state) into fresh sectors and makes
	 * them the new start of the log. Everything before becomes free space.
	 */
	compact(live: readonly Uint8Array[]): Result<void, JournalError> {
		const needed = this.sectorsFor(live.map((p) => p.length));
		if (needed > this.freeSectors) return err({ kind: "full", liveBytes: live.reduce((n, p) => n + p.length, 0) });
		const begun = this.beginSnapshot();
		if (!begun.ok) return begun;
		for (const payload of live) {
			const appended = this.append(payload);
			if (!appended.ok) return appended;
		}
		return this.endSnapshot();
	}

	/**
	 * Starts a snapshot in a fresh sector flagged "snapshot start". Until `endSnapshot()`, every record
	 * appended belongs to it; replayed in order from its first record they must rebuild the whole state.
	 */
	beginSnapshot(): Result<void, JournalError> {
		const startIndex = this.#chain.length;
		const firstSeq = this.#nextRecordSeq;
		const opened = this.#openSector(true);
		if (!opened.ok) return opened;
		this.#snapshot = { startIndex, firstSeq };
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
		const closed = this.#writeRecord(TYPE_SNAPSHOT_END, end);
		if (!closed.ok) return closed;
		this.#chain = this.#chain.slice(snapshot.startIndex);
		this.#snapshot = undefined;
		return ok();
	}

	#scan(): Result<LogReplay, JournalError> {
		const sectors: SectorInfo[] = [];
		/** Sectors whose header is neither valid nor erased: destroyed, or torn by an interrupted erase. */
		const headless: number[] = [];
		for (let index = 0; index < this.#sectors; index++) {
			const header = this.#flash.read(index * this.#flash.sectorBytes, SECTOR_HEADER_BYTES);
			if (!header.ok) return err({ kind: "storage", error: header.error });
			const sector = readSectorHeader(header.value, index);
			if (sector) sectors.push(sector);
			else if (header.value.some((b) => b !== 0xff)) headless.push(index);
		}
		sectors.sort((a, b) => a.seq - b.seq);
		// Read every sector's records once; find the newest snapshot that reached its end record.
		const contents: ({ sector: SectorInfo } & ParsedSector)[] = [];
		let tornRecords = 0;
		let repairedRecords = 0;
		for (const sector of sectors) {
			const read = this.#flash.read(sector.index * this.#flash.sectorBytes, this.#flash.sectorBytes);
			if (!read.ok) return err({ kind: "storage", error: read.error });
			const parsed = parseSector(read.value);
			if (parsed.torn) tornRecords++;
			repairedRecords += parsed.repaired;
			contents.push({ sector, ...parsed });
		}
		let start = 0;
		// The chain's first record: record 1 until a snapshot completes (no sector is freed before), then
		// the one the snapshot's end record names (an end record without a payload names none).
		let firstSeq: number | undefined = 1;
		for (let i = 0; i < contents.length; i++) {
			if (!contents[i]!.sector.snapshotStart) continue;
			for (let j = i; j < contents.length && (j === i || !contents[j]!.sector.snapshotStart); j++) {
				const end = contents[j]!.records.find((r) => r.type === TYPE_SNAPSHOT_END);
				if (end) {
					start = i;
					firstSeq = end.payload.length >= 4 ? readU32(end.payload, 0) : undefined;
				}
			}
		}
		const records: LogRecord[] = [];
		const lost: SeqRange[] = [];
		let lastSeq = firstSeq === undefined ? 0 : firstSeq - 1;
		for (const content of contents.slice(start)) {
			for (const record of content.records) {
				if (record.seq <= lastSeq) continue;
				// A torn write's sequence number is reused by the next record, so a gap is always damage.
				if ((lastSeq > 0 || firstSeq !== undefined) && record.seq > lastSeq + 1)
					lost.push({ from: lastSeq + 1, to: record.seq - 1 });
				lastSeq = record.seq;
				if (record.type === TYPE_DATA) records.push({ seq: record.seq, payload: record.payload });
			}
		}
		this.#chain = contents.slice(start).map((c) => c.sector);
		const last = contents.at(-1);
		this.#nextSectorSeq = (sectors.at(-1)?.seq ?? 0) + 1;
		// A loop, not Math.max(...seqs): thousands of arguments overflow XS's stack.
		let highestSeq = lastSeq;
		for (const content of contents) for (const record of content.records) highestSeq = Math.max(highestSeq, record.seq);
		this.#nextRecordSeq = highestSeq + 1;
		// The newest record written whole yet unreadable is damage, not a torn write. Its number is skipped,
		// so the loss stays a gap once later records follow.
		const newest = contents
			.slice(start)
			.filter((c) => c.records.length > 0 || c.torn)
			.at(-1);
		if (newest?.tailWritten) {
			lost.push({ from: this.#nextRecordSeq, to: this.#nextRecordSeq });
			this.#nextRecordSeq++;
		}
		// Records newer than the chain in a sector without a header: the header was destroyed (an erase
		// never leaves records newer than everything else), so the chain lost them.
		for (const index of headless) {
			const read = this.#flash.read(index * this.#flash.sectorBytes, this.#flash.sectorBytes);
			if (!read.ok) return err({ kind: "storage", error: read.error });
			const newestSeq = Math.max(0, ...parseSector(read.value).records.map((r) => r.seq));
			if (newestSeq >= this.#nextRecordSeq) {
				lost.push({ from: this.#nextRecordSeq, to: newestSeq });
				this.#nextRecordSeq = newestSeq + 1;
			}
		}
		if (last && contents.slice(start).includes(last) && !last.torn) {
			this.#writeOffset = last.end;
			this.#sealed = false;
		}
		return ok({ records, tornRecords, repairedRecords, lost });
	}

	#openSector(snapshotStart: boolean): Result<void, JournalError> {
		const inChain = new Set(this.#chain.map((s) => s.index));
		const current = this.#chain.at(-1)?.index ?? -1;
		let index = -1;
		for (let step = 1; step <= this.#sectors; step++) {
			const candidate = (current + step + this.#sectors) % this.#sectors;
			if (!inChain.has(candidate)) {
				index = candidate;
				break;
			}
		}
		if (index < 0) return err({ kind: "full", liveBytes: this.#chain.length * this.#flash.sectorBytes });
		const erased = this.#flash.eraseSector(index);
		if (!erased.ok) return err({ kind: "storage", error: erased.error });
		const written = this.#flash.write(index * this.#flash.sectorBytes, sectorHeader(this.#nextSectorSeq, snapshotStart));
		if (!written.ok) return err({ kind: "storage", error: written.error });
		this.#chain.push({ index, seq: this.#nextSectorSeq++, snapshotStart });
		this.#writeOffset = SECTOR_HEADER_BYTES;
		this.#sealed = false;
		return ok();
	}

	#writeRecord(type: number, payload: Uint8Array): Result<void, JournalError> {
		const record = frameRecord(type, this.#nextRecordSeq, payload);
		const sector = this.#chain.at(-1)!;
		// Seal first: if the write fails or is torn, nothing more goes into this sector.
		this.#sealed = true;
		const written = this.#flash.write(sector.index * this.#flash.sectorBytes + this.#writeOffset, record);
		if (!written.ok) return err({ kind: "storage", error: written.error });
		this.#sealed = false;
		this.#writeOffset += record.length;
		this.#nextRecordSeq++;
		return ok();
	}
}
