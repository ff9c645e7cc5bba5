// A checkpoint: the journal's state in RAM written to flash, so that boot reads it and replays only the
// records after it (issue 15: recovery of 1,000 transactions within 200 ms). It is written a part per
// commit, each part the values at that moment; replayed from its first part on, later records override
// them as they override a snapshot's copies. A part's payload:
//
//   first part's record sequence u32 | from u16 | count u16 | total u16 |
//   (first part only) the chain: its first sector's sequence u32, the newest snapshot's end record u32,
//   the first record a checkpoint may begin at u32, the snapshot whose copies are all in (its first
//   sector's sequence, 0 for none) u32; head and tail operations, length u16 + journal-entries.ts encoding |
//   the count places' STANs u32, then their record offsets u32, operation offsets u16, sizes u16, totals
//   lines u8 and amounts f64: the index's columns (txn-index.ts) copied as blocks, little-endian.

import { INDEX_CAPACITY, type TxnIndex } from "./txn-index.js";

const PART_HEADER_BYTES = 10;
const CHAIN_BYTES = 16;
const ENTRY_BYTES = 21;

/** Where the log's chain stood when a checkpoint began: boot finds the chain from it. */
export interface ChainMark {
	readonly firstSectorSeq: number;
	readonly snapshotEndSeq: number;
	readonly checkpointsFrom: number;
	/**
	 * A snapshot in progress whose copies were all in when the checkpoint began (its first sector's
	 * sequence; 0 for none): once it ends, the chain starts there and the checkpoint still holds.
	 */
	readonly pendingStart: number;
}

export interface CheckpointPart {
	readonly firstSeq: number;
	/** Index positions `from` to `from + count - 1`, of `total` when the checkpoint began. */
	readonly from: number;
	readonly count: number;
	readonly total: number;
	/** In the first part. */
	readonly chain?: ChainMark;
}

/** The payload of one part; `head` (the encoded operations) and the part's chain only in the first. */
export function encodeCheckpointPart(part: CheckpointPart, head: Uint8Array | undefined, index: TxnIndex): Uint8Array {
	const headBytes = head ? CHAIN_BYTES + 2 + head.length : 0;
	const bytes = new Uint8Array(PART_HEADER_BYTES + headBytes + part.count * ENTRY_BYTES);
	const view = new DataView(bytes.buffer);
	view.setUint32(0, part.firstSeq);
	view.setUint16(4, part.from);
	view.setUint16(6, part.count);
	view.setUint16(8, part.total);
	let at = PART_HEADER_BYTES;
	if (head) {
		const chain = part.chain!;
		view.setUint32(at, chain.firstSectorSeq);
		view.setUint32(at + 4, chain.snapshotEndSeq);
		view.setUint32(at + 8, chain.checkpointsFrom);
		view.setUint32(at + 12, chain.pendingStart);
		view.setUint16(at + CHAIN_BYTES, head.length);
		bytes.set(head, at + CHAIN_BYTES + 2);
		at += headBytes;
	}
	for (const column of index.columns()) {
		const length = part.count * column.width;
		bytes.set(column.bytes.subarray(part.from * column.width, part.from * column.width + length), at);
		at += length;
	}
	return bytes;
}

/** Entries a part of at most `maxBytes` holds (with `head` in the first part); negative when even the head does not fit. */
export function checkpointEntriesIn(maxBytes: number, head: Uint8Array | undefined): number {
	return Math.floor((maxBytes - PART_HEADER_BYTES - (head ? CHAIN_BYTES + 2 + head.length : 0)) / ENTRY_BYTES);
}

/** A part's header, from the first bytes of its payload; undefined when too short. */
export function checkpointPartOf(payload: Uint8Array): CheckpointPart | undefined {
	if (payload.length < PART_HEADER_BYTES) return undefined;
	const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
	const part = { firstSeq: view.getUint32(0), from: view.getUint16(4), count: view.getUint16(6), total: view.getUint16(8) };
	if (part.from !== 0) return part;
	if (payload.length < PART_HEADER_BYTES + CHAIN_BYTES) return undefined;
	const at = PART_HEADER_BYTES;
	const chain = {
		firstSectorSeq: view.getUint32(at),
		snapshotEndSeq: view.getUint32(at + 4),
		checkpointsFrom: view.getUint32(at + 8),
		pendingStart: view.getUint32(at + 12),
	};
	return { ...part, chain };
}

/** Bytes of a part's payload read to know its header (and the chain, in the first part). */
export const CHECKPOINT_PART_HEADER_BYTES = PART_HEADER_BYTES + CHAIN_BYTES;

/**
 * Copies a part's places into `index`'s columns (`adopt` takes them once every part is in); its head
 * operations (first part). undefined when its length does not match its header.
 */
export function loadCheckpointPart(payload: Uint8Array, index: TxnIndex): { head: Uint8Array | undefined } | undefined {
	if (payload.length < PART_HEADER_BYTES) return undefined;
	const part = { from: (payload[4]! << 8) | payload[5]!, count: (payload[6]! << 8) | payload[7]! };
	if (part.from + part.count > INDEX_CAPACITY) return undefined;
	let at = PART_HEADER_BYTES;
	let head: Uint8Array | undefined;
	if (part.from === 0) {
		at += CHAIN_BYTES;
		if (at + 2 > payload.length) return undefined;
		const length = (payload[at]! << 8) | payload[at + 1]!;
		head = payload.subarray(at + 2, at + 2 + length);
		at += 2 + length;
	}
	if (at + part.count * ENTRY_BYTES !== payload.length) return undefined;
	const columns = index.columns();
	for (let c = 0; c < columns.length; c++) {
		const { bytes, width } = columns[c]!;
		const length = part.count * width;
		bytes.set(payload.subarray(at, at + length), part.from * width);
		at += length;
	}
	return { head };
}
