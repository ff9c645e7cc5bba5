// Unicode → GBK for the printer's Chinese mode (FS & in the Epson ESC/POS Command Reference; GBK, the two-byte
// part of GB 18030): ASCII passes through as one byte, other characters are looked up in the generated table by
// bisection over its code-point ranges.

import { GBK_CODES, GBK_CODES_PER_CHUNK, GBK_RANGES } from "./gbk-table.js";

/** Printed for a character with no GBK code: □ (GBK A1F5), so a gap on the slip is never silent. */
export const GBK_REPLACEMENT = 0xa1f5;

/** Number of table entries before each range, so a lookup is one bisection and one slice. */
const RANGE_OFFSETS: readonly number[] = (() => {
	const offsets: number[] = [];
	let total = 0;
	for (let i = 0; i < GBK_RANGES.length; i += 2) {
		offsets.push(total);
		total += GBK_RANGES[i + 1]!;
	}
	return offsets;
})();

/** The widest range (the CJK Unified Ideographs, most of a slip's Chinese): tried before the bisection. */
const WIDEST_RANGE = (() => {
	let widest = 0;
	for (let r = 1; r < RANGE_OFFSETS.length; r++) if (GBK_RANGES[r * 2 + 1]! > GBK_RANGES[widest * 2 + 1]!) widest = r;
	return widest;
})();

/**
 * The GBK double-byte code of a BMP code point ≥ 0x80, or undefined when GBK has none. No cache: this module
 * is preloaded on the device, where a module-level Map is read-only, and a lookup is one bisection (none for
 * a character of the widest range).
 */
export function gbkCode(codePoint: number): number | undefined {
	const widestFirst = GBK_RANGES[WIDEST_RANGE * 2]!;
	if (codePoint >= widestFirst && codePoint < widestFirst + GBK_RANGES[WIDEST_RANGE * 2 + 1]!)
		return tableCode(RANGE_OFFSETS[WIDEST_RANGE]! + codePoint - widestFirst);
	let low = 0;
	let high = RANGE_OFFSETS.length - 1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		const first = GBK_RANGES[mid * 2]!;
		if (codePoint < first) high = mid - 1;
		else if (codePoint >= first + GBK_RANGES[mid * 2 + 1]!) low = mid + 1;
		else return tableCode(RANGE_OFFSETS[mid]! + codePoint - first);
	}
	return undefined;
}

/** The table's code number `index` (4 hex digits in its chunk). */
function tableCode(index: number): number {
	const chunk = GBK_CODES[Math.floor(index / GBK_CODES_PER_CHUNK)]!;
	const at = (index % GBK_CODES_PER_CHUNK) * 4;
	return parseInt(chunk.slice(at, at + 4), 16);
}

export interface GbkText {
	readonly bytes: Uint8Array;
	/** Characters that had no GBK code and were printed as □. */
	readonly replaced: number;
}

/** Encodes text for Chinese mode: ASCII 0x20–0x7E and LF as is, the rest as GBK, unmapped as □. */
export function encodeGbk(text: string): GbkText {
	const length = text.length;
	const out = new Uint8Array(length * 2);
	let n = 0;
	let replaced = 0;
	for (let i = 0; i < length; i++) {
		let cp = text.charCodeAt(i);
		// Printable ASCII and LF, tested in the order that takes the fewest steps for them (most of a slip).
		if (cp < 0x7f && (cp >= 0x20 || cp === 0x0a)) {
			out[n++] = cp;
			continue;
		}
		if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < length) {
			const low = text.charCodeAt(i + 1);
			if (low >= 0xdc00 && low <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
				i++;
			}
		}
		let code = cp >= 0x80 && cp <= 0xffff ? gbkCode(cp) : undefined;
		if (code === undefined) {
			code = GBK_REPLACEMENT;
			replaced++;
		}
		out[n++] = code >> 8;
		out[n++] = code & 0xff;
	}
	return { bytes: out.slice(0, n), replaced };
}
