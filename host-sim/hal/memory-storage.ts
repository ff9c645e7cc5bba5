// The simulator's storage: a record store with atomic commits and NOR-flash partitions, in memory, with
// power-cut injection. `snapshot()`/`restore()` carry the durable state across a simulated reboot or into
// a file. Platform-free.

import type { FlashPartition, RecordStore, Storage, StorageError } from "../../hal/storage.js";
import { err, ok, type Result } from "../../hal/result.js";
import { PowerCut, PowerCutPlan } from "./power-cut.js";

const MAX_RECORD_BYTES = 4000; // ESP32 NVS: a blob entry holds at most ~4000 bytes per page (ESP-IDF nvs docs)

export class MemoryRecordStore implements RecordStore {
	readonly maxRecordBytes = MAX_RECORD_BYTES;
	readonly #durable: Map<string, Uint8Array>;
	readonly #staged = new Map<string, Uint8Array | undefined>();
	readonly #power: PowerCutPlan;

	constructor(power: PowerCutPlan, durable = new Map<string, Uint8Array>()) {
		this.#power = power;
		this.#durable = durable;
	}

	get(name: string): Uint8Array | undefined {
		const value = this.#staged.has(name) ? this.#staged.get(name) : this.#durable.get(name);
		return value?.slice();
	}

	set(name: string, value: Uint8Array): Result<void, StorageError> {
		if (value.length > MAX_RECORD_BYTES) return err({ kind: "too-large", maxBytes: MAX_RECORD_BYTES });
		this.#staged.set(name, value.slice());
		return ok();
	}

	delete(name: string): void {
		this.#staged.set(name, undefined);
	}

	commit(): Result<void, StorageError> {
		if (this.#staged.size === 0) return ok();
		// All or nothing: an interrupted commit leaves the durable records untouched.
		const bytes = [...this.#staged.values()].reduce((n, v) => n + (v?.length ?? 0), 0);
		if (this.#power.admit(bytes + 1) < bytes + 1) throw new PowerCut(`power cut during a commit of ${this.#staged.size} record(s)`);
		for (const [name, value] of this.#staged) value === undefined ? this.#durable.delete(name) : this.#durable.set(name, value);
		this.#staged.clear();
		return ok();
	}

	rollback(): void {
		this.#staged.clear();
	}

	names(): readonly string[] {
		const names = new Set(this.#durable.keys());
		for (const [name, value] of this.#staged) value === undefined ? names.delete(name) : names.add(name);
		return [...names].sort();
	}

	/** The durable records only, as a reboot would find them. */
	durable(): Map<string, Uint8Array> {
		return new Map([...this.#durable].map(([k, v]) => [k, v.slice()]));
	}
}

/**
 * A copy of `bytes[start, end)` as one block (ArrayBuffer.prototype.slice), as a device's flash read is:
 * XS copies a TypedArray slice element by element, which would make the simulated reads weigh in the
 * benchmarks as the device's never do.
 */
function blockCopy(bytes: Uint8Array, start: number, end: number): Uint8Array {
	return new Uint8Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end));
}

export class MemoryFlashPartition implements FlashPartition {
	readonly byteLength: number;
	readonly sectorBytes: number;
	readonly #bytes: Uint8Array;
	readonly #power: PowerCutPlan;
	/**
	 * Per sector, where its programmed bytes end since its last erase: a write from there on lands on
	 * erased bytes, so it is copied as it is (the same bytes as AND-ing them in, at a fraction of the
	 * interpreter's work, which the benchmarks would otherwise count as the journal's).
	 */
	readonly #programmedTo: Int32Array;

	constructor(power: PowerCutPlan, byteLength: number, sectorBytes = 4096, content?: Uint8Array) {
		if (byteLength % sectorBytes !== 0) throw new RangeError("a partition is a whole number of sectors");
		this.byteLength = byteLength;
		this.sectorBytes = sectorBytes;
		this.#power = power;
		this.#bytes = content ? blockCopy(content, 0, content.length) : new Uint8Array(byteLength).fill(0xff);
		// Given content may be programmed anywhere.
		this.#programmedTo = new Int32Array(byteLength / sectorBytes).fill(content ? sectorBytes : 0);
	}

	read(offset: number, length: number): Result<Uint8Array, StorageError> {
		if (!this.#inRange(offset, length)) return err({ kind: "out-of-range", offset, length });
		return ok(blockCopy(this.#bytes, offset, offset + length));
	}

	write(offset: number, bytes: Uint8Array): Result<void, StorageError> {
		if (!this.#inRange(offset, bytes.length)) return err({ kind: "out-of-range", offset, length: bytes.length });
		const landed = this.#power.admit(bytes.length);
		const sector = Math.floor(offset / this.sectorBytes);
		const at = offset - sector * this.sectorBytes;
		const erased = at >= this.#programmedTo[sector]! && at + bytes.length <= this.sectorBytes;
		if (erased) this.#bytes.set(landed < bytes.length ? bytes.subarray(0, landed) : bytes, offset);
		// NOR flash programming only clears bits.
		else for (let i = 0; i < landed; i++) this.#bytes[offset + i]! &= bytes[i]!;
		this.#programmedTo[sector] = erased ? at + landed : this.sectorBytes;
		if (landed < bytes.length) throw new PowerCut(`power cut after ${landed} of ${bytes.length} bytes at offset ${offset}`);
		return ok();
	}

	eraseSector(sector: number): Result<void, StorageError> {
		const offset = sector * this.sectorBytes;
		if (!this.#inRange(offset, this.sectorBytes)) return err({ kind: "out-of-range", offset, length: this.sectorBytes });
		// An interrupted erase leaves the sector partly erased, which is what real flash does too.
		const landed = this.#power.admit(this.sectorBytes);
		this.#bytes.fill(0xff, offset, offset + landed);
		this.#programmedTo[sector] = landed < this.sectorBytes ? this.sectorBytes : 0;
		if (landed < this.sectorBytes) throw new PowerCut(`power cut while erasing sector ${sector}`);
		return ok();
	}

	/** The partition's bytes, as a reboot would find them. */
	content(): Uint8Array {
		return this.#bytes.slice();
	}

	#inRange(offset: number, length: number): boolean {
		return Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.byteLength;
	}
}

/** Durable state of a MemoryStorage: what survives a reboot. */
export interface StorageImage {
	readonly records: Map<string, Uint8Array>;
	readonly partitions: Map<string, Uint8Array>;
}

export class MemoryStorage implements Storage {
	readonly records: MemoryRecordStore;
	readonly #partitions: Map<string, MemoryFlashPartition>;

	constructor(partitions: readonly { name: string; byteLength: number }[], power = new PowerCutPlan(), image?: StorageImage) {
		this.records = new MemoryRecordStore(power, image ? new Map(image.records) : undefined);
		this.#partitions = new Map(
			partitions.map((p) => [p.name, new MemoryFlashPartition(power, p.byteLength, 4096, image?.partitions.get(p.name))]),
		);
	}

	partition(name: string): FlashPartition | undefined {
		return this.#partitions.get(name);
	}

	/** What a reboot would find. */
	image(): StorageImage {
		return {
			records: this.records.durable(),
			partitions: new Map([...this.#partitions].map(([name, p]) => [name, p.content()])),
		};
	}
}
