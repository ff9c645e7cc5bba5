// Track character formats (ISO/IEC 7811-2, 7813, 4909): characters of 6 or 4 data bits,
// least significant bit first, then an odd parity bit; LRC over start sentinel through end sentinel.

import type { TrackNumber } from "../../hal/magstripe.js";
import { err, ok, type Result } from "../../hal/result.js";

export interface TrackFormat {
	readonly kind: "alpha" | "numeric";
	/** Data bits per character, before the parity bit. */
	readonly dataBits: 6 | 4;
	/** Character value v stands for ASCII v + offset. */
	readonly asciiOffset: number;
	readonly startSentinel: number;
	readonly endSentinel: number;
	/** Characters a card can physically hold (SS, data, ES, LRC): 3.375″ of cells. Longer than ISO's 79/40/107 on purpose: some non-ISO cards write more. */
	readonly maxCharacters: number;
}

// Track 1: 210 bpi, 7-bit, '%' (0x05) … '?' (0x1F), ASCII offset 0x20; ~709 cells per card (3.375″).
export const ALPHA_FORMAT: TrackFormat = {
	kind: "alpha",
	dataBits: 6,
	asciiOffset: 0x20,
	startSentinel: 0x05,
	endSentinel: 0x1f,
	maxCharacters: 101,
};
// Track 2: 75 bpi, 5-bit, ';' (0x0B) … '?' (0x0F), ASCII offset 0x30; ~253 cells per card (3.375″).
export const TRACK2_FORMAT: TrackFormat = {
	kind: "numeric",
	dataBits: 4,
	asciiOffset: 0x30,
	startSentinel: 0x0b,
	endSentinel: 0x0f,
	maxCharacters: 50,
};
// Track 3 (ISO 4909): as track 2 at 210 bpi, so longer.
export const TRACK3_FORMAT: TrackFormat = { ...TRACK2_FORMAT, maxCharacters: 141 };

/** Recording density per track, bits per inch (ISO/IEC 7811-2, 4909). */
export const TRACK_DENSITY_BPI: Readonly<Record<TrackNumber, number>> = { 1: 210, 2: 75, 3: 210 };

export function formatForTrack(track: TrackNumber): TrackFormat {
	return track === 1 ? ALPHA_FORMAT : track === 2 ? TRACK2_FORMAT : TRACK3_FORMAT;
}

/** The odd parity bit for a character's data value. */
export function oddParityBit(value: number): number {
	let v = value;
	v ^= v >>> 4;
	v ^= v >>> 2;
	v ^= v >>> 1;
	return (v & 1) ^ 1;
}

export type EncodeError =
	{ readonly kind: "sentinels" } | { readonly kind: "character"; readonly index: number } | { readonly kind: "length" };

/**
 * The stripe's bits for `data` (start sentinel through end sentinel, as read): leading zeros, characters LSB
 * first with odd parity, the LRC (even column parity, own odd parity bit; ISO/IEC 7811-2), trailing zeros.
 */
export function encodeTrackBits(
	format: TrackFormat,
	data: string,
	leadingZeros: number,
	trailingZeros: number,
): Result<Uint8Array, EncodeError> {
	const values: number[] = [];
	for (let i = 0; i < data.length; i++) {
		const v = data.charCodeAt(i) - format.asciiOffset;
		if (v < 0 || v >= 1 << format.dataBits) return err({ kind: "character", index: i });
		values.push(v);
	}
	if (
		values.length < 2 ||
		values[0] !== format.startSentinel ||
		values[values.length - 1] !== format.endSentinel ||
		values.indexOf(format.endSentinel) !== values.length - 1
	) {
		return err({ kind: "sentinels" });
	}
	if (values.length + 1 > format.maxCharacters) return err({ kind: "length" });
	let lrc = 0;
	for (const v of values) lrc ^= v;
	values.push(lrc);
	const perChar = format.dataBits + 1;
	const bits = new Uint8Array(leadingZeros + values.length * perChar + trailingZeros);
	let at = leadingZeros;
	for (const v of values) {
		for (let b = 0; b < format.dataBits; b++) bits[at++] = (v >>> b) & 1;
		bits[at++] = oddParityBit(v);
	}
	return ok(bits);
}
