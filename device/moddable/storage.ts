// Storage on Moddable's `preference` (ESP32 NVS) and `flash` (raw partitions) modules.
//
// NVS writes one entry atomically (each entry carries a CRC), but Moddable's Preference.set erases the key
// before writing it, so even rewriting one key can lose it on a power cut, and a group of keys is never atomic.
// RecordStore therefore never rewrites a key that the last commit depends on:
//   1. each staged value goes to the record's spare slot ("r<id>a" / "r<id>b");
//   2. the new directory (name → id, slot) goes to the spare directory key ("d0" / "d1");
//   3. the commit record (generation, directory slot) goes to the spare commit key ("c0" / "c1"):
//      this write is the commit point.
// A power cut anywhere leaves the previous commit record, directory and slots intact. Opening the store picks
// the readable commit record with the higher generation, loads its directory and deletes every key it does not
// reference (leftovers of a torn commit).

import type { BoardPartition } from "../../hal/board.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { Crc32, FlashPartition, RecordStore, Storage, StorageError } from "../../hal/storage.js";
import type { FlashClass, FlashPort, PreferenceModule } from "./io.js";

/** Moddable limits a preference value to 4000 bytes less the NVS entry overhead; keep clear of it. */
const MAX_RECORD_BYTES = 3072;
/** Directory entries are written as one preference value too. */
const MAX_DIRECTORY_BYTES = 3968;
const MAX_NAME_LENGTH = 64;

interface Entry {
	readonly id: number;
	/** 0 → "r<id>a", 1 → "r<id>b". */
	readonly slot: 0 | 1;
}

export interface PreferenceRecordStoreOptions {
	readonly Preference: PreferenceModule;
	/** NVS namespace; at most 15 characters (ESP-IDF NVS_KEY_NAME_MAX_SIZE - 1). */
	readonly domain: string;
}

export class PreferenceRecordStore implements RecordStore {
	readonly maxRecordBytes = MAX_RECORD_BYTES;
	readonly #preference: PreferenceModule;
	readonly #domain: string;
	#generation = 0;
	/** The directory and commit keys of the last commit share this slot number. */
	#directorySlot: 0 | 1 = 1;
	#entries = new Map<string, Entry>();
	#values = new Map<string, Uint8Array>();
	/** Staged changes: a value to write, or null to delete. */
	readonly #staged = new Map<string, Uint8Array | null>();

	constructor(options: PreferenceRecordStoreOptions) {
		if (options.domain.length < 1 || options.domain.length > 15) throw new RangeError("domain: 1..15 characters");
		this.#preference = options.Preference;
		this.#domain = options.domain;
		this.#recover();
	}

	get(name: string): Uint8Array | undefined {
		const staged = this.#staged.get(name);
		if (staged !== undefined) return staged === null ? undefined : staged.slice();
		return this.#values.get(name)?.slice();
	}

	set(name: string, value: Uint8Array): Result<void, StorageError> {
		checkName(name);
		if (value.length > MAX_RECORD_BYTES) return err({ kind: "too-large", maxBytes: MAX_RECORD_BYTES });
		this.#staged.set(name, value.slice());
		return ok();
	}

	delete(name: string): void {
		this.#staged.set(name, null);
	}

	rollback(): void {
		this.#staged.clear();
	}

	names(): readonly string[] {
		const names = new Set(this.#values.keys());
		for (const [name, value] of this.#staged) {
			if (value === null) names.delete(name);
			else names.add(name);
		}
		return [...names];
	}

	commit(): Result<void, StorageError> {
		if (this.#staged.size === 0) return ok();
		const entries = new Map(this.#entries);
		const values = new Map(this.#values);
		const written: string[] = [];
		const used = new Set([...entries.values()].map((entry) => entry.id));
		for (const [name, value] of this.#staged) {
			if (value === null) {
				entries.delete(name);
				values.delete(name);
				continue;
			}
			const old = entries.get(name);
			const entry: Entry = old ? { id: old.id, slot: old.slot === 0 ? 1 : 0 } : { id: freeId(used), slot: 0 };
			used.add(entry.id);
			entries.set(name, entry);
			values.set(name, value);
			written.push(recordKey(entry));
		}
		const directory = encodeDirectory(entries);
		if (directory.length > MAX_DIRECTORY_BYTES)
			return err({ kind: "full", needBytes: directory.length, freeBytes: MAX_DIRECTORY_BYTES });
		const directorySlot = this.#directorySlot === 0 ? 1 : 0;
		const generation = (this.#generation + 1) >>> 0;
		try {
			for (const [name, value] of this.#staged) if (value !== null) this.#put(recordKey(entries.get(name)!), value);
			this.#put(directoryKey(directorySlot), directory);
			this.#put(
				commitKey(directorySlot),
				Uint8Array.of(generation >>> 24, (generation >>> 16) & 0xff, (generation >>> 8) & 0xff, generation & 0xff),
			);
		} catch (error) {
			// The commit record was not written: the previous one, its directory and its slots are still the truth.
			return err({ kind: "io", detail: String(error) });
		}
		const previous = this.#entries;
		this.#entries = entries;
		this.#values = values;
		this.#generation = generation;
		this.#directorySlot = directorySlot;
		this.#staged.clear();
		for (const [name, entry] of previous) if (entries.get(name)?.id !== entry.id) this.#remove(recordKey(entry));
		return ok();
	}

	#recover(): void {
		const generations = ([0, 1] as const).map((slot) => {
			const commit = this.#bytes(commitKey(slot));
			return commit?.length === 4 ? ((commit[0]! << 24) | (commit[1]! << 16) | (commit[2]! << 8) | commit[3]!) >>> 0 : undefined;
		});
		const [g0, g1] = generations;
		if (g0 !== undefined || g1 !== undefined) {
			this.#directorySlot = g1 !== undefined && (g0 === undefined || g1 > g0) ? 1 : 0;
			this.#generation = generations[this.#directorySlot]!;
			this.#entries = decodeDirectory(this.#bytes(directoryKey(this.#directorySlot)) ?? new Uint8Array(0));
		}
		for (const [name, entry] of this.#entries) {
			const value = this.#bytes(recordKey(entry));
			if (value) this.#values.set(name, value);
			else this.#entries.delete(name);
		}
		const live = new Set([
			commitKey(0),
			commitKey(1),
			directoryKey(this.#directorySlot),
			...[...this.#entries.values()].map(recordKey),
		]);
		for (const key of this.#preference.keys(this.#domain)) if (!live.has(key)) this.#remove(key);
	}

	#bytes(key: string): Uint8Array | undefined {
		const value = this.#preference.get(this.#domain, key);
		return value instanceof ArrayBuffer ? new Uint8Array(value) : undefined;
	}

	#put(key: string, value: Uint8Array): void {
		this.#preference.set(this.#domain, key, value.slice().buffer);
	}

	#remove(key: string): void {
		try {
			this.#preference.delete(this.#domain, key);
		} catch {
			// An unreferenced key left behind is deleted again at the next open.
		}
	}
}

function checkName(name: string): void {
	if (name.length < 1 || name.length > MAX_NAME_LENGTH || !/^[\x20-\x7e]+$/.test(name))
		throw new RangeError(`record name must be 1..${MAX_NAME_LENGTH} printable ASCII characters`);
}

function recordKey(entry: Entry): string {
	return `r${entry.id}${entry.slot === 0 ? "a" : "b"}`;
}

function directoryKey(slot: 0 | 1): string {
	return `d${slot}`;
}

function commitKey(slot: 0 | 1): string {
	return `c${slot}`;
}

function freeId(used: ReadonlySet<number>): number {
	let id = 0;
	while (used.has(id)) id++;
	return id;
}

/** Per entry: id (u16 BE), slot (u8), name length (u8), name (ASCII). */
function encodeDirectory(entries: ReadonlyMap<string, Entry>): Uint8Array {
	let length = 0;
	for (const name of entries.keys()) length += 4 + name.length;
	const bytes = new Uint8Array(length);
	let at = 0;
	for (const [name, entry] of entries) {
		bytes[at++] = entry.id >> 8;
		bytes[at++] = entry.id & 0xff;
		bytes[at++] = entry.slot;
		bytes[at++] = name.length;
		for (let i = 0; i < name.length; i++) bytes[at++] = name.charCodeAt(i);
	}
	return bytes;
}

function decodeDirectory(bytes: Uint8Array): Map<string, Entry> {
	const entries = new Map<string, Entry>();
	let at = 0;
	while (at + 4 <= bytes.length) {
		const id = (bytes[at]! << 8) | bytes[at + 1]!;
		const slot = bytes[at + 2] === 1 ? 1 : 0;
		const length = bytes[at + 3]!;
		at += 4;
		if (at + length > bytes.length) break;
		entries.set(String.fromCharCode(...bytes.subarray(at, at + length)), { id, slot });
		at += length;
	}
	return entries;
}

export interface ModdableFlashPartitionOptions {
	/** The flash class (Moddable `flash`). */
	readonly Flash: FlashClass;
	/** Partition label in the ESP32 partition table (device/moddable/boards/<board>/partitions.csv). */
	readonly partition: BoardPartition;
}

export class ModdableFlashPartition implements FlashPartition {
	readonly byteLength: number;
	readonly sectorBytes: number;
	readonly #flash: FlashPort;

	constructor(options: ModdableFlashPartitionOptions) {
		this.#flash = new options.Flash(options.partition.name);
		// The board may use less than the partition table gives it, never more.
		this.byteLength = Math.min(options.partition.byteLength, this.#flash.byteLength);
		this.sectorBytes = this.#flash.blockSize;
	}

	read(offset: number, length: number): Result<Uint8Array, StorageError> {
		if (!this.#inside(offset, length)) return err({ kind: "out-of-range", offset, length });
		if (length === 0) return ok(new Uint8Array(0));
		try {
			return ok(new Uint8Array(this.#flash.read(offset, length) as ArrayBuffer));
		} catch (error) {
			return err({ kind: "io", detail: String(error) });
		}
	}

	write(offset: number, bytes: Uint8Array): Result<void, StorageError> {
		if (!this.#inside(offset, bytes.length)) return err({ kind: "out-of-range", offset, length: bytes.length });
		try {
			// esp_partition_write programs NOR flash: bits only go from 1 to 0 until the sector is erased.
			if (bytes.length > 0) this.#flash.write(offset, bytes.length, bytes);
			return ok();
		} catch (error) {
			return err({ kind: "io", detail: String(error) });
		}
	}

	eraseSector(sector: number): Result<void, StorageError> {
		const offset = sector * this.sectorBytes;
		if (!Number.isInteger(sector) || !this.#inside(offset, this.sectorBytes))
			return err({ kind: "out-of-range", offset, length: this.sectorBytes });
		try {
			this.#flash.erase(sector);
			return ok();
		} catch (error) {
			return err({ kind: "io", detail: String(error) });
		}
	}

	#inside(offset: number, length: number): boolean {
		return Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.byteLength;
	}
}

export class ModdableStorage implements Storage {
	readonly records: RecordStore;
	readonly #partitions: ReadonlyMap<string, FlashPartition>;
	readonly crc32: Crc32 | undefined;

	/** `crc32`: the native one (native/crc32.js), which the journal checks its records with. */
	constructor(records: RecordStore, partitions: ReadonlyMap<string, FlashPartition>, crc32?: Crc32) {
		this.records = records;
		this.#partitions = partitions;
		this.crc32 = crc32;
	}

	partition(name: string): FlashPartition | undefined {
		return this.#partitions.get(name);
	}
}
