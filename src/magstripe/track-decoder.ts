// The character layer (ISO/IEC 7811-2; statuses of docs/magstripe-decoding.md §3): finds the start sentinel after
// the clocking zeros, frames characters, checks parity, the end sentinel and the LRC, and corrects one character
// when the LRC locates its bad bit. Used for F2F-recovered bits and for reader-chip bits alike.

import { oddParityBit, type TrackFormat } from "./track-format.js";

export type TrackStatus = "ok" | "no-data" | "no-start-sentinel" | "no-end-sentinel" | "parity" | "lrc";

export interface TrackAttempt {
	readonly status: TrackStatus;
	/** Start sentinel through end sentinel, when ok. */
	readonly data?: string;
	/** One character was repaired from the LRC. */
	readonly corrected: boolean;
	/** When ok: some bits of the frame came from transitions the F2F layer repaired (flagged suspect). */
	readonly repaired?: boolean;
}

/** Statuses ranked by how far the decode got, to pick what to report when no direction reads. */
export const STATUS_RANK: Readonly<Record<TrackStatus, number>> = {
	"no-data": 0,
	"no-start-sentinel": 1,
	"no-end-sentinel": 2,
	lrc: 3,
	parity: 3,
	ok: 4,
};

// The start sentinel must follow clocking zeros: at least this many zeros among the bits before it,
// with at most one stray `1` (the "one bit in leading zeros" fault), not right before it.
const CLOCKING_WINDOW = 12;
const QUIET_BEFORE_START = 1;
// A short lead-in: a start sentinel after as few as 2 zeros, provided nothing but those zeros came before it (the
// capture began there). Such a frame must read exactly: no correction, no repaired bit, at least
// MIN_CORRECTABLE_DATA data characters, and only zeros after its LRC to the end of the capture — the parity of
// every character and the quiet after the frame then do what the clocking zeros cannot.
const SHORT_LEAD_IN = 2;
// Data characters a track needs before one of its characters may be corrected: below that, noise that
// happens to frame a sentinel one bit off and a matching LRC is too likely (the benchmark's false accepts).
const MIN_CORRECTABLE_DATA = 8;
// One repaired transition flags at most two bits; more than two repairs' worth is a slipped clock.
const MAX_REPAIRED_BITS = 4;

/**
 * Reads one track from `bits` in the given orientation. `minLeadingZeros` is 10 for F2F captures; reader chips
 * lose the first ~15 transitions before CARD PRESENT (docs/magstripe-decoding.md §2), so they pass fewer.
 * `searched`: the bits come from a search that already chose among readings of the intervals by their fit, so
 * chance has had more tries: every character and the LRC must check as read (a correction on top would be a
 * second guess), and the frame must hold at least MIN_CORRECTABLE_DATA data characters.
 */
export function readTrackBits(
	bits: Uint8Array,
	suspect: Uint8Array | undefined,
	format: TrackFormat,
	minLeadingZeros: number,
	searched = false,
): TrackAttempt {
	const perChar = format.dataBits + 1;
	const first = bits.indexOf(1);
	let best: TrackAttempt = { status: first < 0 ? "no-data" : "no-start-sentinel", corrected: false };
	// A short lead-in: the first `1` of the capture, an exact start sentinel, a frame read strictly.
	if (first >= SHORT_LEAD_IN && first < minLeadingZeros && first + perChar <= bits.length) {
		const v = readValue(bits, first, format.dataBits);
		if (v === format.startSentinel && bits[first + format.dataBits] === oddParityBit(v)) {
			const attempt = readFrom(bits, suspect, first, format, true, searched);
			if (attempt.status === "ok") return attempt;
			if (STATUS_RANK[attempt.status] > STATUS_RANK[best.status]) best = attempt;
		}
	}
	for (let p = 0; p + perChar <= bits.length; p++) {
		if (bits[p] !== 1 || !clockingBefore(bits, p, minLeadingZeros)) continue;
		// The start sentinel, or one with a flipped bit (bad parity) that the LRC may correct.
		const v = readValue(bits, p, format.dataBits);
		const exact = v === format.startSentinel && bits[p + format.dataBits] === oddParityBit(v);
		if (!exact && (searched || bits[p + format.dataBits] === oddParityBit(v) || !oneBitApart(v, format.startSentinel))) continue;
		const attempt = readFrom(bits, suspect, p, format, false, searched);
		if (attempt.status === "ok") return attempt;
		if (STATUS_RANK[attempt.status] > STATUS_RANK[best.status]) best = attempt;
	}
	return best;
}

function clockingBefore(bits: Uint8Array, p: number, minZeros: number): boolean {
	if (p < minZeros) return false;
	const quiet = Math.min(QUIET_BEFORE_START, minZeros);
	for (let k = 1; k <= quiet; k++) if (bits[p - k] !== 0) return false;
	const window = Math.min(Math.max(CLOCKING_WINDOW, minZeros), p);
	let ones = 0;
	for (let k = p - window; k < p; k++) ones += bits[k]!;
	return ones <= 1 && window - ones >= minZeros;
}

function readValue(bits: Uint8Array, at: number, dataBits: number): number {
	let v = 0;
	for (let b = 0; b < dataBits; b++) v |= bits[at + b]! << b;
	return v;
}

function readFrom(
	bits: Uint8Array,
	suspect: Uint8Array | undefined,
	start: number,
	format: TrackFormat,
	strict: boolean,
	searched: boolean,
): TrackAttempt {
	const perChar = format.dataBits + 1;
	const values: number[] = [];
	let badIndex = -1;
	let badCount = 0;
	let at = start;
	while (values.length < format.maxCharacters && at + perChar <= bits.length) {
		const v = readValue(bits, at, format.dataBits);
		const parityOk = bits[at + format.dataBits] === oddParityBit(v);
		at += perChar;
		values.push(v);
		if (parityOk) {
			if (v === format.endSentinel)
				return finish(bits, suspect, start, at, values, badCount === 1 ? badIndex : -1, badCount, format, strict, searched);
			continue;
		}
		if (strict || searched) return { status: "parity", corrected: false };
		badCount++;
		badIndex = values.length - 1;
		// Two bad characters cannot be corrected: stop reading (a wrong start candidate ends here, cheaply).
		if (badCount > 1) return { status: "parity", corrected: false };
		// An end sentinel with one flipped bit: try ending here; only the LRC can confirm it.
		if (badCount === 1 && oneBitApart(v, format.endSentinel)) {
			const attempt = finish(bits, suspect, start, at, values, badIndex, 1, format, false, false);
			if (attempt.status === "ok") return attempt;
		}
	}
	return { status: "no-end-sentinel", corrected: false };
}

/** Checks the LRC after the end sentinel (which ends at `at`) and corrects the one bad character, if any. */
function finish(
	bits: Uint8Array,
	suspect: Uint8Array | undefined,
	start: number,
	at: number,
	values: number[],
	badIndex: number,
	badCount: number,
	format: TrackFormat,
	strict: boolean,
	searched: boolean,
): TrackAttempt {
	const perChar = format.dataBits + 1;
	if (at + perChar > bits.length) return { status: "lrc", corrected: false };
	const lrc = readValue(bits, at, format.dataBits);
	const lrcParityOk = bits[at + format.dataBits] === oddParityBit(lrc);
	let columns = lrc;
	for (const v of values) columns ^= v;
	// A frame with no data proves nothing, and a correction needs a frame long enough that chance cannot fake it.
	if (values.length < 3 || (searched && values.length - 2 < MIN_CORRECTABLE_DATA)) return { status: "lrc", corrected: false };
	// A start sentinel among the data (ISO/IEC 7811-2 keeps the sentinels out of it) means the frame slipped; checked
	// in short frames, which chance fakes most easily (a long one is held by its many parity bits).
	if (values.length - 2 < MIN_CORRECTABLE_DATA)
		for (let k = values.length - 2; k > 0; k--) if (values[k] === format.startSentinel) return { status: "parity", corrected: false };
	// A run of repairs means the F2F layer lost the cell boundaries for a while: its bits are guesses that
	// parity and LRC can pass by chance, so the frame is refused whatever they say.
	const repairedBits = suspect === undefined ? 0 : countSuspects(suspect, start, at + perChar);
	if (repairedBits > MAX_REPAIRED_BITS) return { status: badCount > 0 ? "parity" : "lrc", corrected: false };
	// A frame that runs to the end of the capture (fewer than two characters' worth of clocking zeros after it) must
	// read exactly: the zeros that would show the frame did not slip are missing.
	const shortTail = at + 2 * perChar > bits.length;
	if (
		(strict || shortTail) &&
		(repairedBits > 0 || !lrcParityOk || badCount > 0 || values.length - 2 < MIN_CORRECTABLE_DATA || bits.indexOf(1, at + perChar) >= 0)
	)
		return { status: badCount > 0 ? "parity" : "lrc", corrected: false };
	// The LRC, then clocking zeros to the card's edge: ones there mean the frame slipped and the "end sentinel"
	// was data, with the real end sentinel and LRC read as the LRC and the zeros (a card with "data after end
	// sentinel" is faulty, as card test equipment reports it). One stray bit is tolerated only in a frame that
	// needed no repair.
	let trailingOnes = 0;
	for (let k = at + perChar; k < Math.min(at + 3 * perChar, bits.length); k++) trailingOnes += bits[k]!;
	if (trailingOnes > (repairedBits === 0 && badCount === 0 && lrcParityOk ? 1 : 0)) return { status: "lrc", corrected: false };
	if ((badCount > 0 || !lrcParityOk) && values.length - 2 < MIN_CORRECTABLE_DATA)
		return { status: badCount > 0 ? "parity" : "lrc", corrected: false };
	if (badCount === 0) {
		if (lrcParityOk)
			return columns === 0
				? { status: "ok", data: text(values, format), corrected: false, repaired: repairedBits > 0 }
				: { status: "lrc", corrected: false };
		if (searched) return { status: "lrc", corrected: false };
		// Every character checks but the LRC character fails its own parity: one flipped bit in the LRC itself,
		// either its parity bit (columns agree) or the one data bit the columns point at.
		if ((columns & (columns - 1)) !== 0) return { status: "lrc", corrected: false };
		if (suspect !== undefined && !suspectsOnlyIn(suspect, start, at + perChar, at, perChar)) return { status: "lrc", corrected: false };
		return { status: "ok", data: text(values, format), corrected: true, repaired: repairedBits > 0 };
	}
	if (badCount > 1 || !lrcParityOk) return { status: "parity", corrected: false };
	// One character fails parity: the LRC's failing columns locate its bad bit. No failing column
	// means its parity bit itself flipped. More than one column cannot be a single-bit error.
	if ((columns & (columns - 1)) !== 0) return { status: "parity", corrected: false };
	// A bad character next to other repaired transitions is more likely a slipped frame than one flipped bit.
	if (suspect !== undefined && !suspectsOnlyIn(suspect, start, at + perChar, start + badIndex * perChar, perChar))
		return { status: "parity", corrected: false };
	const repaired = values[badIndex]! ^ columns;
	// Sentinels only where they belong: the first character is the start sentinel, the last the end sentinel.
	const expected = badIndex === 0 ? format.startSentinel : badIndex === values.length - 1 ? format.endSentinel : -1;
	if (expected >= 0 ? repaired !== expected : repaired === format.startSentinel || repaired === format.endSentinel)
		return { status: "parity", corrected: false };
	values[badIndex] = repaired;
	return { status: "ok", data: text(values, format), corrected: true, repaired: repairedBits > 0 };
}

function oneBitApart(a: number, b: number): boolean {
	const x = a ^ b;
	return (x & (x - 1)) === 0;
}

function countSuspects(suspect: Uint8Array, from: number, to: number): number {
	let n = 0;
	for (let k = from; k < to; k++) n += suspect[k]!;
	return n;
}

function suspectsOnlyIn(suspect: Uint8Array, from: number, to: number, charAt: number, perChar: number): boolean {
	for (let k = from; k < to; k++) if (suspect[k] === 1 && (k < charAt || k >= charAt + perChar)) return false;
	return true;
}

function text(values: readonly number[], format: TrackFormat): string {
	let s = "";
	for (const v of values) s += String.fromCharCode(v + format.asciiOffset);
	return s;
}
