// Persistent storage. Two kinds, as on the ESP32:
// - a record store (NVS / Moddable Preference): small named records, each `commit()` atomic;
// - raw flash partitions (the journal): NOR semantics, a write may be torn by a power cut.

import type { Result } from "./result.js";

export type StorageError =
	| { readonly kind: "full"; readonly needBytes: number; readonly freeBytes: number }
	| { readonly kind: "too-large"; readonly maxBytes: number }
	| { readonly kind: "io"; readonly detail: string }
	| { readonly kind: "out-of-range"; readonly offset: number; readonly length: number };

export interface RecordStore {
	get(name: string): Uint8Array | undefined;
	/** Stages a write; nothing is durable until `commit()`. */
	set(name: string, value: Uint8Array): Result<void, StorageError>;
	/** Stages a deletion. */
	delete(name: string): void;
	/**
	 * Makes every staged change durable as one unit: after a power cut, either all of them or none
	 * of them are there.
	 */
	commit(): Result<void, StorageError>;
	/** Drops staged changes. */
	rollback(): void;
	names(): readonly string[];
	/** Largest record value in bytes. */
	readonly maxRecordBytes: number;
}

/** A raw flash partition with NOR semantics: erase sets a sector to 0xFF; write only clears bits. */
export interface FlashPartition {
	readonly byteLength: number;
	/** Erase unit in bytes (4096 on ESP32 SPI flash). */
	readonly sectorBytes: number;
	read(offset: number, length: number): Result<Uint8Array, StorageError>;
	/**
	 * Programs bytes at `offset` (AND with what is there). A power cut can leave any prefix of the
	 * bytes written; callers detect torn writes (CRC, commit markers).
	 */
	write(offset: number, bytes: Uint8Array): Result<void, StorageError>;
	eraseSector(sector: number): Result<void, StorageError>;
}

/**
 * CRC-32 (ISO-HDLC, as ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320, initial value and final
 * XOR 0xFFFFFFFF; check value 0xCBF43926) of `bytes[start, end)`.
 */
export type Crc32 = (bytes: Uint8Array, start: number, end: number) => number;

export interface Storage {
	readonly records: RecordStore;
	/** A named flash partition from the board description, e.g. "journal". */
	partition(name: string): FlashPartition | undefined;
	/** The device's own CRC-32 (the journal's checksum), when it has one; the JavaScript one otherwise. */
	readonly crc32?: Crc32;
}
