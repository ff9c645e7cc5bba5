// QR Code encoder (ISO/IEC 18004:2015), versions 1–10, levels L/M/Q/H, byte mode (and numeric mode, for
// digit strings and the standard's Annex I example). Bytes in, module matrix out; nothing platform-specific.

import { err, ok, type Result } from "../../hal/result.js";
import { reedSolomonRemainder } from "./reed-solomon.js";
import { QrMatrix, formatBits } from "./qr-matrix.js";
import { blockLayout, dataCodewords, MAX_VERSION, type EcLevel } from "./qr-tables.js";

export type { EcLevel } from "./qr-tables.js";

export interface QrSymbol {
	readonly version: number;
	readonly ecLevel: EcLevel;
	readonly mask: number;
	/** Modules per side: 17 + 4 × version. */
	readonly size: number;
	/** size rows of ⌈size/8⌉ bytes, MSB = leftmost module, 1 = dark (the layout a 1-bit bitmap draw takes). */
	readonly bits: Uint8Array;
	/** The data and error-correction codewords in placement order (after interleaving). */
	readonly codewords: Uint8Array;
}

export type QrError = { readonly kind: "too-long"; readonly bytes: number; readonly level: EcLevel };

export interface QrOptions {
	/** Forces a data mask 0–7 instead of the lowest-penalty one. */
	readonly mask?: number;
	readonly minVersion?: number;
}

type Mode = "byte" | "numeric";

/** §7.4.1 Table 2 mode indicators; Table 3 character-count bits for versions 1–9 and 10–26. */
const MODE_INDICATOR: Readonly<Record<Mode, number>> = { numeric: 0b0001, byte: 0b0100 };
const COUNT_BITS: Readonly<Record<Mode, readonly [number, number]>> = { numeric: [10, 12], byte: [8, 16] };

class BitBuffer {
	readonly bits: number[] = [];

	put(value: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
	}
}

/** Byte mode: each byte as 8 bits (§7.4.5). */
export function encodeQr(data: Uint8Array, level: EcLevel, options: QrOptions = {}): Result<QrSymbol, QrError> {
	return encodeSegment(
		"byte",
		data.length,
		(b) => {
			for (const byte of data) b.put(byte, 8);
		},
		level,
		options,
	);
}

/** Numeric mode: digits in groups of three as 10 bits, a final two as 7, a final one as 4 (§7.4.3). */
export function encodeQrNumeric(digits: string, level: EcLevel, options: QrOptions = {}): Result<QrSymbol, QrError> {
	if (!/^[0-9]*$/.test(digits)) throw new RangeError("numeric mode takes the digits 0–9 only");
	return encodeSegment(
		"numeric",
		digits.length,
		(b) => {
			for (let i = 0; i < digits.length; i += 3) {
				const group = digits.slice(i, i + 3);
				b.put(Number(group), group.length === 3 ? 10 : group.length === 2 ? 7 : 4);
			}
		},
		level,
		options,
	);
}

function encodeSegment(
	mode: Mode,
	count: number,
	putData: (b: BitBuffer) => void,
	level: EcLevel,
	options: QrOptions,
): Result<QrSymbol, QrError> {
	for (let version = options.minVersion ?? 1; version <= MAX_VERSION; version++) {
		const capacityBits = dataCodewords(version, level) * 8;
		const countBits = COUNT_BITS[mode][version < 10 ? 0 : 1];
		if (count >= 1 << countBits) continue;
		const b = new BitBuffer();
		b.put(MODE_INDICATOR[mode], 4);
		b.put(count, countBits);
		putData(b);
		if (b.bits.length > capacityBits) continue;
		return ok(finish(version, level, dataCodewordsOf(b, capacityBits), options.mask));
	}
	return err({ kind: "too-long", bytes: count, level });
}

/** §7.4.9: terminator (up to four 0 bits), zero bits to a byte boundary, then pad codewords 0xEC 0x11 alternately. */
function dataCodewordsOf(b: BitBuffer, capacityBits: number): Uint8Array {
	b.put(0, Math.min(4, capacityBits - b.bits.length));
	b.put(0, (8 - (b.bits.length % 8)) % 8);
	const out = new Uint8Array(capacityBits / 8);
	let i = 0;
	for (; i * 8 < b.bits.length; i++) {
		let byte = 0;
		for (let k = 0; k < 8; k++) byte = (byte << 1) | b.bits[i * 8 + k]!;
		out[i] = byte;
	}
	for (let pad = 0; i < out.length; i++, pad++) out[i] = pad % 2 === 0 ? 0xec : 0x11;
	return out;
}

/** §7.6: split into blocks, add each block's EC codewords, interleave data then EC column by column. */
function interleave(version: number, level: EcLevel, data: Uint8Array): Uint8Array {
	const { ecPerBlock, groups } = blockLayout(version, level);
	const blocks: Uint8Array[] = [];
	let offset = 0;
	for (const [count, size] of groups) {
		for (let k = 0; k < count; k++) {
			blocks.push(data.subarray(offset, offset + size));
			offset += size;
		}
	}
	const ecBlocks = blocks.map((block) => reedSolomonRemainder(block, ecPerBlock));
	const out: number[] = [];
	const longest = Math.max(...blocks.map((block) => block.length));
	for (let i = 0; i < longest; i++) for (const block of blocks) if (i < block.length) out.push(block[i]!);
	for (let i = 0; i < ecPerBlock; i++) for (const ec of ecBlocks) out.push(ec[i]!);
	return Uint8Array.from(out);
}

function finish(version: number, level: EcLevel, data: Uint8Array, forcedMask: number | undefined): QrSymbol {
	const codewords = interleave(version, level, data);
	const matrix = new QrMatrix(version);
	matrix.placeCodewords(codewords);
	let mask = forcedMask ?? 0;
	if (forcedMask === undefined) {
		let best = Infinity;
		for (let candidate = 0; candidate < 8; candidate++) {
			matrix.applyMask(candidate);
			matrix.drawFormat(formatBits(level, candidate));
			const score = matrix.penalty();
			if (score < best) {
				best = score;
				mask = candidate;
			}
			matrix.applyMask(candidate);
		}
	}
	matrix.applyMask(mask);
	matrix.drawFormat(formatBits(level, mask));
	return { version, ecLevel: level, mask, size: matrix.size, bits: packRows(matrix), codewords };
}

function packRows(matrix: QrMatrix): Uint8Array {
	const n = matrix.size,
		stride = (n + 7) >> 3;
	const out = new Uint8Array(stride * n);
	for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (matrix.get(x, y)) out[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
	return out;
}

/** Whether the module at (x, y) of `symbol` is dark. */
export function qrModule(symbol: QrSymbol, x: number, y: number): boolean {
	return (symbol.bits[y * ((symbol.size + 7) >> 3) + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
}
