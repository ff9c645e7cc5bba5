// The journal's bytes on flash (the layout is described in journal-log.ts): sector headers and records,
// written and read back, with CRC-32 (ISO 3309 / ITU-T V.42) restoring one flipped bit where one bit
// explains the damage, and a sector parse that resynchronises past a record it cannot read.

import type { Crc32 } from "../../hal/storage.js";
import { copyOf } from "./byte-codec.js";
import { singleBitError } from "./crc32.js";

const SECTOR_MAGIC_0 = 0x50; // "P"
const SECTOR_MAGIC_1 = 0x4a; // "J"
const SECTOR_VERSION = 1;
export const SECTOR_HEADER_BYTES = 12;
const FLAG_SNAPSHOT_START = 0x01;

const RECORD_MAGIC = 0xa5;
export const RECORD_HEADER_BYTES = 8;
export const RECORD_OVERHEAD = RECORD_HEADER_BYTES + 4;
export const TYPE_DATA = 0x01;
export const TYPE_SNAPSHOT_END = 0x02;
/** A transaction copied as it stands into a snapshot: replayed like data, skipped after a checkpoint. */
export const TYPE_COPY = 0x03;
/**
 * One part of a checkpoint: the counters and the transaction index (journal-checkpoint.ts), its places as
 * column blocks. 0x04 was a part with its places one after another (the firmware before): boot does not
 * read those, it replays the chain until a checkpoint of this type is written.
 */
export const TYPE_CHECKPOINT = 0x05;

export interface SectorInfo {
	readonly index: number;
	readonly seq: number;
	readonly snapshotStart: boolean;
}

export interface LogRecord {
	readonly seq: number;
	readonly payload: Uint8Array;
}

export interface FramedRecord extends LogRecord {
	readonly type: number;
	/** Offset of the record in its sector. */
	readonly at: number;
}

/** The header of a sector taken into use: magic, version, flags, sector sequence number, CRC. */
export function sectorHeader(seq: number, snapshotStart: boolean, crc32: Crc32): Uint8Array {
	const header = new Uint8Array(SECTOR_HEADER_BYTES);
	header[0] = SECTOR_MAGIC_0;
	header[1] = SECTOR_MAGIC_1;
	header[2] = SECTOR_VERSION;
	header[3] = snapshotStart ? FLAG_SNAPSHOT_START : 0;
	writeU32(header, 4, seq);
	writeU32(header, 8, crc32(header, 0, 8));
	return header;
}

/** One record: magic, type, payload length, record sequence number, payload, CRC of all before it. */
export function frameRecord(type: number, seq: number, payload: Uint8Array, crc32: Crc32): Uint8Array {
	const record = new Uint8Array(payload.length + RECORD_OVERHEAD);
	record[0] = RECORD_MAGIC;
	record[1] = type;
	record[2] = payload.length >> 8;
	record[3] = payload.length & 0xff;
	writeU32(record, 4, seq);
	record.set(payload, RECORD_HEADER_BYTES);
	writeU32(record, RECORD_HEADER_BYTES + payload.length, crc32(record, 0, RECORD_HEADER_BYTES + payload.length));
	return record;
}

/** A sector header that verifies, after restoring one flipped bit if need be. */
export function readSectorHeader(header: Uint8Array, index: number, crc32: Crc32): SectorInfo | undefined {
	let h = header;
	if (!validSectorHeader(h, crc32)) {
		const error = singleBitError(h, 0, 8, crc32);
		if (!error) return undefined;
		h = h.slice();
		h[error.offset]! ^= error.mask;
		if (!validSectorHeader(h, crc32)) return undefined;
	}
	return {
		index,
		seq: new DataView(h.buffer, h.byteOffset, SECTOR_HEADER_BYTES).getUint32(4),
		snapshotStart: (h[3]! & FLAG_SNAPSHOT_START) !== 0,
	};
}

function validSectorHeader(h: Uint8Array, crc32: Crc32): boolean {
	return (
		h[0] === SECTOR_MAGIC_0 &&
		h[1] === SECTOR_MAGIC_1 &&
		h[2] === SECTOR_VERSION &&
		crc32(h, 0, 8) === new DataView(h.buffer, h.byteOffset, SECTOR_HEADER_BYTES).getUint32(8)
	);
}

export interface ParsedSector {
	readonly records: FramedRecord[];
	/** Where the next record goes. */
	readonly end: number;
	/** The sector ends in bytes that are not a record (a torn write): nothing more goes into it. */
	readonly torn: boolean;
	/** Those bytes reach the end their length field declares: a record written whole, then damaged. */
	readonly tailWritten: boolean;
	readonly repaired: number;
}

/** Every record of a sector, each checked. */
export function parseSector(bytes: Uint8Array, crc32: Crc32): ParsedSector {
	const records: FramedRecord[] = [];
	let repaired = 0;
	const limit = programmedEnd(bytes);
	let at = SECTOR_HEADER_BYTES;
	while (at < limit) {
		let found = readRecord(bytes, at, crc32);
		if (!found) {
			found = repairRecord(bytes, at, crc32);
			if (found) repaired++;
		}
		if (found) {
			records.push(found.record);
			at = found.end;
			continue;
		}
		// Unreadable: resynchronise at the next record that verifies; if none follows, the tail is torn.
		let next = at + 1;
		while (next < limit && !(bytes[next] === RECORD_MAGIC && readRecord(bytes, next, crc32))) next++;
		if (next >= limit) return { records, end: limit, torn: true, tailWritten: tailWritten(bytes, at, limit), repaired };
		at = next;
	}
	return { records, end: at, torn: false, tailWritten: false, repaired };
}

/**
 * Whether the unreadable record at `at` reaches the end its length declares within the programmed bytes
 * (`limit`): written whole, then damaged. A power cut leaves the tail of a torn write erased, so it falls short.
 */
export function tailWritten(bytes: Uint8Array, at: number, limit: number): boolean {
	return at + RECORD_OVERHEAD <= limit && at + RECORD_OVERHEAD + ((bytes[at + 2]! << 8) | bytes[at + 3]!) <= limit;
}

/** Where the programmed bytes of a sector end (trailing erased bytes cut off). */
function programmedEnd(bytes: Uint8Array): number {
	let limit = bytes.length;
	// Whole erased words first, when the bytes lie on word boundaries (a sector read's do).
	if ((bytes.byteOffset & 3) === 0 && (limit & 3) === 0) {
		const words = new Int32Array(bytes.buffer, bytes.byteOffset, limit >> 2);
		let word = words.length;
		while (word > SECTOR_HEADER_BYTES >> 2 && words[word - 1] === -1) word--;
		limit = word << 2;
	}
	while (limit > SECTOR_HEADER_BYTES && bytes[limit - 1] === 0xff) limit--;
	return limit;
}

/** A sector's records found by their length fields alone, CRCs unchecked. */
export interface SectorFraming {
	/** How many records there are. */
	readonly count: number;
	/** Where the first record starts, the one before the last, and the last (-1 when there is none). */
	readonly first: number;
	readonly beforeLast: number;
	readonly last: number;
	/** Where each record but those of the type stepped over starts, in order, and always the last. */
	readonly starts: number[];
	/** Where the programmed bytes end: the last record may run past it (a torn write). */
	readonly limit: number;
}

/**
 * Steps through a sector's records by their length fields: each must lead to the next record's magic, or
 * past the programmed bytes. undefined when the framing breaks anywhere (a full parse then decides).
 */
export function frameSector(bytes: Uint8Array, stepOver: number): SectorFraming | undefined {
	const starts: number[] = [];
	const limit = programmedEnd(bytes);
	let count = 0;
	let beforeLast = -1;
	let last = -1;
	let at = SECTOR_HEADER_BYTES;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	// Each record's end is the next one's start, whose magic the next step checks; only the last may end
	// past the programmed bytes, never past the sector. A start too near the end for a length breaks it too.
	const stop = Math.min(limit, bytes.length - 3);
	while (at < stop) {
		if (bytes[at] !== RECORD_MAGIC) return undefined;
		if (bytes[at + 1] !== stepOver) starts.push(at);
		beforeLast = last;
		last = at;
		count++;
		at += RECORD_OVERHEAD + view.getUint16(at + 2);
	}
	if (at < limit || at > bytes.length) return undefined;
	if (count > 0 && starts.at(-1) !== last) starts.push(last);
	return { count, first: count > 0 ? SECTOR_HEADER_BYTES : -1, beforeLast, last, starts, limit };
}

/** The record at `at` as written, or with one flipped bit restored; undefined when neither verifies. */
export function verifiedRecord(bytes: Uint8Array, at: number, crc32: Crc32): FramedRecord | undefined {
	return (readRecord(bytes, at, crc32) ?? repairRecord(bytes, at, crc32))?.record;
}

/** The record at `at` when it verifies as written, and where it ends. */
export function readRecord(bytes: Uint8Array, at: number, crc32: Crc32): { record: FramedRecord; end: number } | undefined {
	if (at + RECORD_OVERHEAD > bytes.length || bytes[at] !== RECORD_MAGIC) return undefined;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	const end = at + RECORD_OVERHEAD + view.getUint16(at + 2);
	if (end > bytes.length || crc32(bytes, at, end - 4) !== view.getUint32(end - 4)) return undefined;
	return {
		record: { type: bytes[at + 1]!, seq: view.getUint32(at + 4), payload: copyOf(bytes, at + RECORD_HEADER_BYTES, end - 4), at },
		end,
	};
}

/** The record at `at` with one flipped bit restored, or undefined when one bit does not explain it. */
export function repairRecord(bytes: Uint8Array, at: number, crc32: Crc32): { record: FramedRecord; end: number } | undefined {
	if (at + RECORD_OVERHEAD > bytes.length) return undefined;
	const declared = (bytes[at + 2]! << 8) | bytes[at + 3]!;
	// Outside the length field the length is right and the CRC locates the bit.
	if (at + RECORD_OVERHEAD + declared <= bytes.length) {
		const copy = copyOf(bytes, at, at + RECORD_OVERHEAD + declared);
		const error = singleBitError(copy, 0, copy.length - 4, crc32);
		if (error) {
			copy[error.offset]! ^= error.mask;
			const found = readRecord(copy, 0, crc32);
			if (found && found.end === copy.length) return { record: { ...found.record, at }, end: at + found.end };
		}
	}
	// A flip in the length field: the record verifies at the length with that bit restored.
	for (let bit = 0; bit < 16; bit++) {
		const length = declared ^ (1 << bit);
		if (at + RECORD_OVERHEAD + length > bytes.length) continue;
		const copy = copyOf(bytes, at, at + RECORD_OVERHEAD + length);
		copy[2] = length >> 8;
		copy[3] = length & 0xff;
		const found = readRecord(copy, 0, crc32);
		if (found) return { record: { ...found.record, at }, end: at + found.end };
	}
	return undefined;
}

export function readU32(bytes: Uint8Array, at: number): number {
	return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

export function writeU32(bytes: Uint8Array, at: number, value: number): void {
	bytes[at] = value >>> 24;
	bytes[at + 1] = (value >>> 16) & 0xff;
	bytes[at + 2] = (value >>> 8) & 0xff;
	bytes[at + 3] = value & 0xff;
}
