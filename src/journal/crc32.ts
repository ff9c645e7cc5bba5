// CRC-32 (ISO-HDLC / IEEE 802.3: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF).
// Check value: CRC-32("123456789") = 0xCBF43926.

// Slicing by four (Kounavis and Berry, "A Systematic Approach to Building High Performance
// Software-based CRC Generators", ISCC 2005): four tables, four bytes per step, a third of the
// interpreter's work per byte of the one-table loop. The tables and the register are signed 32-bit
// integers, which XS computes on without going through doubles.
const TABLES = (() => {
	const tables = [0, 1, 2, 3].map(() => new Int32Array(256));
	const [t0, t1, t2, t3] = tables as [Int32Array, Int32Array, Int32Array, Int32Array];
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t0[n] = c;
	}
	for (let n = 0; n < 256; n++) {
		t1[n] = (t0[n]! >>> 8) ^ t0[t0[n]! & 0xff]!;
		t2[n] = (t1[n]! >>> 8) ^ t0[t1[n]! & 0xff]!;
		t3[n] = (t2[n]! >>> 8) ^ t0[t2[n]! & 0xff]!;
	}
	return tables as [Int32Array, Int32Array, Int32Array, Int32Array];
})();
const TABLE = TABLES[0];

import type { Crc32 } from "../../hal/storage.js";

/** The JavaScript CRC-32: the host's, and the reference a device's native one is checked against. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
	const [t0, t1, t2, t3] = TABLES;
	let c = -1;
	let i = start;
	for (const whole = end - ((end - start) & 3); i < whole; i += 4) {
		c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
		c = t3[c & 0xff]! ^ t2[(c >>> 8) & 0xff]! ^ t1[(c >>> 16) & 0xff]! ^ t0[c >>> 24]!;
	}
	for (; i < end; i++) c = t0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
	return ~c >>> 0;
}

/** The index each table entry came from, by the entry's top byte (the 256 top bytes are distinct). */
const INDEX_BY_TOP = (() => {
	const index = new Uint8Array(256);
	for (let n = 0; n < 256; n++) index[TABLE[n]! >>> 24] = n;
	return index;
})();

/**
 * The one flipped bit that explains why `bytes[start, crcAt)` fails the CRC-32 stored big-endian at
 * `crcAt`, as the byte offset (data or stored CRC) and bit mask to flip back; undefined when no single
 * bit does. CRC-32 keeps a Hamming distance of 4 up to 91,607 bits (Koopman, "32-Bit Cyclic Redundancy
 * Codes for Internet Applications", DSN 2002), so within that length the bit is unique.
 */
export function singleBitError(
	bytes: Uint8Array,
	start: number,
	crcAt: number,
	crc: Crc32 = crc32,
): { offset: number; mask: number } | undefined {
	const stored = ((bytes[crcAt]! << 24) | (bytes[crcAt + 1]! << 16) | (bytes[crcAt + 2]! << 8) | bytes[crcAt + 3]!) >>> 0;
	// The CRC is linear: the syndrome is the CRC register of the error pattern alone (zero start, no final XOR).
	let syndrome = (crc(bytes, start, crcAt) ^ stored) >>> 0;
	if (syndrome === 0) return undefined;
	if ((syndrome & (syndrome - 1)) === 0) {
		const bit = 31 - Math.clz32(syndrome);
		return { offset: crcAt + 3 - (bit >> 3), mask: 1 << (bit & 7) };
	}
	// Run the register back over the data, last byte first: k steps back, a lone bit in the low byte is
	// the flipped bit of byte crcAt - k.
	for (let k = 1; k <= crcAt - start; k++) {
		const index = INDEX_BY_TOP[syndrome >>> 24]!;
		syndrome = (((syndrome ^ TABLE[index]!) << 8) | index) >>> 0;
		if (syndrome < 256 && (syndrome & (syndrome - 1)) === 0) return { offset: crcAt - k, mask: syndrome };
	}
	return undefined;
}
