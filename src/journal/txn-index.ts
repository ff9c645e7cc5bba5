// The current batch's transactions as a compact index of fixed size: each one's STAN, where its newest
// version lies on flash (the record, and the operation's place in its payload), its encoded size, and what
// it adds to the settlement totals. The transactions themselves stay on flash and are read when a flow
// needs one, so the journal's RAM does not grow with the batch (issue 15).

import { RunningTotals, TOTAL_LINES } from "./journal-totals.js";
import type { Stan } from "./journal-entries.js";

/**
 * Most transactions a batch holds (journalMaxTransactions is 50–2000; the board's 512 KiB partition
 * reaches "near full", which forces settlement, at about 1,700 transactions of realistic size).
 */
export const INDEX_CAPACITY = 1500;
/** Open-addressing slots by STAN: a power of two above the capacity. */
const SLOTS = 2048;
const SLOT_MASK = SLOTS - 1;

/**
 * A mark on an index line, not a line of the totals: a sale the card approved offline whose upload is owed
 * (journal-entries.ts `uploadOwed`), so the next online request finds it without reading the batch from flash.
 * Checkpoints keep it with the line; one written before the mark existed has none (settlement's pass finds those).
 */
export const UPLOAD_OWED = 0x80;
/** The totals line of an index line: its mark cleared. */
const LINE_BITS = 0x7f;

/** Where one transaction's newest version lies, and its size and line in the totals. */
export interface IndexEntry {
	readonly stan: Stan;
	/** Partition offset of the record holding it. */
	readonly recordAt: number;
	/** Offset of its operation in the record's payload. */
	readonly opAt: number;
	readonly size: number;
	/** journal-totals.ts `totalLine`, with `UPLOAD_OWED` when marked. */
	readonly line: number;
	readonly amountFen: number;
}

export class TxnIndex {
	readonly #stans = new Uint32Array(INDEX_CAPACITY);
	readonly #recordAt = new Uint32Array(INDEX_CAPACITY);
	readonly #opAt = new Uint16Array(INDEX_CAPACITY);
	readonly #sizes = new Uint16Array(INDEX_CAPACITY);
	readonly #lines = new Uint8Array(INDEX_CAPACITY);
	readonly #amounts = new Float64Array(INDEX_CAPACITY);
	/** Position + 1 of the STAN hashed here; 0 empty. */
	readonly #slots = new Int16Array(SLOTS);
	readonly totals = new RunningTotals();
	readonly #columns = [this.#stans, this.#recordAt, this.#opAt, this.#sizes, this.#lines, this.#amounts].map((column) => ({
		bytes: new Uint8Array(column.buffer),
		width: column.BYTES_PER_ELEMENT,
	}));
	#count = 0;
	/** Sum and largest of the sizes: bounds of a snapshot's size without a pass over them. */
	#bytes = 0;
	#largest = 0;

	get count(): number {
		return this.#count;
	}

	get bytes(): number {
		return this.#bytes;
	}

	get largest(): number {
		return this.#largest;
	}

	/** The position of `stan` (positions are in the order transactions were first written), or -1. */
	position(stan: Stan): number {
		for (let slot = stan & SLOT_MASK; ; slot = (slot + 1) & SLOT_MASK) {
			const held = this.#slots[slot]!;
			if (held === 0) return -1;
			if (this.#stans[held - 1] === stan) return held - 1;
		}
	}

	/** Whether one more new transaction fits. */
	get full(): boolean {
		return this.#count >= INDEX_CAPACITY;
	}

	/** Sets a transaction's newest version; false when it is new and the index is full. */
	set(entry: IndexEntry): boolean {
		return this.setPlace(entry.stan, entry.recordAt, entry.opAt, entry.size, entry.line, entry.amountFen);
	}

	/** `set`, its fields given one by one (replay at boot sets a place per record without an entry object). */
	setPlace(stan: Stan, recordAt: number, opAt: number, size: number, line: number, amountFen: number): boolean {
		let at = this.position(stan);
		if (at < 0) {
			if (this.full) return false;
			at = this.#count++;
			this.#stans[at] = stan;
			this.#hash(at);
		} else {
			this.totals.add(this.#lines[at]! & LINE_BITS, this.#amounts[at]!, -1);
			this.#bytes -= this.#sizes[at]!;
		}
		this.#recordAt[at] = recordAt;
		this.#opAt[at] = opAt;
		this.#sizes[at] = size;
		this.#lines[at] = line;
		this.#amounts[at] = amountFen;
		this.totals.add(line & LINE_BITS, amountFen, 1);
		this.#bytes += size;
		if (size > this.#largest) this.#largest = size;
		return true;
	}

	/** The same version of the transaction at `position`, copied to another record. */
	move(position: number, recordAt: number, opAt: number): void {
		this.#recordAt[position] = recordAt;
		this.#opAt[position] = opAt;
	}

	entry(position: number): IndexEntry {
		return {
			stan: this.#stans[position]!,
			recordAt: this.#recordAt[position]!,
			opAt: this.#opAt[position]!,
			size: this.#sizes[position]!,
			line: this.#lines[position]!,
			amountFen: this.#amounts[position]!,
		};
	}

	/** The STANs marked `UPLOAD_OWED`, in journal order: one byte read a place, nothing from flash. */
	uploadsOwed(): Stan[] {
		const owed: Stan[] = [];
		for (let at = 0; at < this.#count; at++) if (this.#lines[at]! & UPLOAD_OWED) owed.push(this.#stans[at]!);
		return owed;
	}

	stan(position: number): Stan {
		return this.#stans[position]!;
	}

	recordAt(position: number): number {
		return this.#recordAt[position]!;
	}

	size(position: number): number {
		return this.#sizes[position]!;
	}

	clear(): void {
		this.#count = 0;
		this.#bytes = 0;
		this.#largest = 0;
		this.#slots.fill(0);
		this.totals.clear();
	}

	/**
	 * The places' columns as bytes, each with its width: STANs u32, record offsets u32, operation offsets
	 * u16, sizes u16, totals lines u8, amounts f64, in the platform's byte order (little-endian on the
	 * device and the host). A checkpoint copies places out of them and back as blocks.
	 */
	columns(): readonly { readonly bytes: Uint8Array; readonly width: number }[] {
		return this.#columns;
	}

	/**
	 * Whether the places are in the order their STANs were taken, the newest last: counted back from
	 * `newest`, STANs wrap after `stanCount`.
	 */
	newestLast(newest: Stan, stanCount: number): boolean {
		const stans = this.#stans;
		let older = stanCount;
		for (let at = 0; at < this.#count; at++) {
			const age = (newest - stans[at]! + stanCount) % stanCount;
			if (age >= older) return false;
			older = age;
		}
		return true;
	}

	/**
	 * Takes places 0 to `count - 1`, written through `columns()`, as the index: the STANs' slots, the
	 * totals and the sizes' bounds follow from them. false (and empty) when a STAN is there twice.
	 */
	adopt(count: number): boolean {
		this.clear();
		const stans = this.#stans;
		const slots = this.#slots;
		const sizes = this.#sizes;
		const mask = SLOT_MASK;
		const lines = this.#lines;
		const amounts = this.#amounts;
		let bytes = 0;
		let largest = 0;
		// Counts and amounts by line byte, 0 (not counted) and the marked lines included: no branch or mask per
		// place; the marked lines are folded into theirs after the pass.
		const lineCounts = new Float64Array(UPLOAD_OWED + TOTAL_LINES + 1);
		const lineFen = new Float64Array(UPLOAD_OWED + TOTAL_LINES + 1);
		for (let at = 0; at < count; at++) {
			const stan = stans[at]!;
			let slot = stan & mask;
			for (let held = slots[slot]!; held !== 0; held = slots[slot]!) {
				if (stans[held - 1] === stan) {
					this.clear();
					return false;
				}
				slot = (slot + 1) & mask;
			}
			slots[slot] = at + 1;
			const size = sizes[at]!;
			bytes += size;
			if (size > largest) largest = size;
			const line = lines[at]!;
			lineCounts[line]! += 1;
			lineFen[line]! += amounts[at]!;
		}
		for (let line = 0; line <= TOTAL_LINES; line++) {
			lineCounts[line]! += lineCounts[UPLOAD_OWED + line]!;
			lineFen[line]! += lineFen[UPLOAD_OWED + line]!;
		}
		this.totals.addLines(lineCounts, lineFen);
		this.#count = count;
		this.#bytes = bytes;
		this.#largest = largest;
		return true;
	}

	/** Puts the entries in the order of `order` (positions, each once). */
	reorder(order: readonly number[]): void {
		const entries = order.map((at) => this.entry(at));
		this.clear();
		for (const entry of entries) this.set(entry);
	}

	#hash(position: number): void {
		let slot = this.#stans[position]! & SLOT_MASK;
		while (this.#slots[slot] !== 0) slot = (slot + 1) & SLOT_MASK;
		this.#slots[slot] = position + 1;
	}
}
