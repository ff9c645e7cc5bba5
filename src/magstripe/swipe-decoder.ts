// A whole swipe: per channel, bits (F2F-recovered cell by cell, with the segmentation search as fallback, or from
// a reader chip), the character layer in both orientations (a reverse swipe delivers the bit stream backwards),
// track auto-detection for unlabelled channels, and the swipe direction. Never throws on bad input: every failure is a per-track status.

import type { Swipe, TrackNumber } from "../../hal/magstripe.js";
import { decodeF2f } from "./f2f-decoder.js";
import { segmentF2f } from "./f2f-segmenter.js";
import { readTrackBits, STATUS_RANK, type TrackAttempt, type TrackStatus } from "./track-decoder.js";
import { ALPHA_FORMAT, formatForTrack, TRACK3_FORMAT, type TrackFormat } from "./track-format.js";

export type SwipeDirection = "forward" | "reverse";

export interface TrackRead {
	/** Channel index in the swipe. */
	readonly channel: number;
	/** The channel's track, or the detected one for an unlabelled channel (absent if nothing decoded). */
	readonly track?: TrackNumber;
	readonly status: TrackStatus;
	/** Start sentinel through end sentinel (LRC dropped), only when ok. */
	readonly data?: string;
	/** A character was corrected from the LRC. */
	readonly corrected: boolean;
	/** The orientation in which the track decoded (ok) or got furthest. */
	readonly direction: SwipeDirection;
}

export interface SwipeRead {
	/** Forward unless the tracks that read decoded reversed. */
	readonly direction: SwipeDirection;
	readonly tracks: readonly TrackRead[];
}

// Clocking zeros required before the start sentinel (ISO/IEC 7811-2 fixes where the sentinel lies, not how many zeros
// come first: about 10 at least).
const FLUX_LEADING_ZEROS = 10;
// Reader chips assert CARD PRESENT after 14–15 reversals (docs/magstripe-decoding.md §2): some zeros are lost
// before the first strobe.
const CHIP_LEADING_ZEROS = 4;

interface Candidate {
	readonly format: TrackFormat;
	readonly attempt: TrackAttempt;
	readonly direction: SwipeDirection;
}

export function decodeSwipe(swipe: Swipe): SwipeRead {
	const tracks: TrackRead[] = [];
	const periods: number[] = [];
	swipe.channels.forEach((channel, index) => {
		let bits: Uint8Array;
		let suspect: Uint8Array | undefined;
		let minZeros: number;
		if (swipe.kind === "flux") {
			const f2f = decodeF2f((channel as { intervalsUs: Uint32Array }).intervalsUs);
			bits = f2f.bits;
			suspect = f2f.suspect;
			periods[index] = f2f.meanBitUs;
			minZeros = FLUX_LEADING_ZEROS;
		} else {
			bits = (channel as { bits: Uint8Array }).bits;
			periods[index] = 0;
			minZeros = CHIP_LEADING_ZEROS;
		}
		const formats = channel.track === undefined ? [TRACK3_FORMAT, ALPHA_FORMAT] : [formatForTrack(channel.track)];
		let best = readBothWays(bits, suspect, formats, minZeros, false);
		if (swipe.kind === "flux" && (best.attempt.status !== "ok" || best.attempt.corrected || best.attempt.repaired))
			best = readSegmented((channel as { intervalsUs: Uint32Array }).intervalsUs, formats, best);
		tracks.push({
			channel: index,
			...trackNumber(channel.track, best),
			status: best.attempt.status,
			...(best.attempt.data === undefined ? {} : { data: best.attempt.data }),
			corrected: best.attempt.corrected,
			direction: best.direction,
		});
	});
	return { direction: swipeDirection(tracks), tracks: numberUnlabelled(tracks, swipe, periods) };
}

/** Reader-chip bits or F2F bits through the character layer, forward then reversed, each format in turn. */
function readBothWays(
	bits: Uint8Array,
	suspect: Uint8Array | undefined,
	formats: readonly TrackFormat[],
	minZeros: number,
	searched: boolean,
): Candidate {
	let reversed: Uint8Array | undefined;
	let reversedSuspect: Uint8Array | undefined;
	let best: Candidate | undefined;
	for (const format of formats) {
		for (const direction of ["forward", "reverse"] as const) {
			if (direction === "reverse") {
				reversed ??= bits.slice().reverse();
				reversedSuspect ??= suspect?.slice().reverse();
			}
			const attempt =
				direction === "forward"
					? readTrackBits(bits, suspect, format, minZeros, searched)
					: readTrackBits(reversed!, reversedSuspect, format, minZeros, searched);
			if (attempt.status === "ok") return { format, attempt, direction };
			if (best === undefined || STATUS_RANK[attempt.status] > STATUS_RANK[best.attempt.status]) best = { format, attempt, direction };
		}
	}
	return best!;
}

/**
 * The cell-by-cell pass did not read, or read only by repairing transitions or correcting a character (two such
 * guesses can cancel in the LRC): group the intervals into cells by the least total error instead, tracking the
 * period forward in time, then backward (a tracker lags a speed change differently each way, so the two err in
 * different places). Such a reading stands only if every character and the LRC check as read; it replaces the
 * first pass's guesses only when none of its own cells was off the period (a spurious and a missing transition
 * together can swap two bits that fit cleanly), and otherwise only a first pass that did not read.
 */
function readSegmented(intervals: Uint32Array, formats: readonly TrackFormat[], first: Candidate): Candidate {
	let fallback: Candidate | undefined;
	for (const backward of [false, true]) {
		const segmented = segmentF2f(intervals, backward);
		if (segmented === undefined) continue;
		const read = readBothWays(segmented.bits, segmented.suspect, formats, FLUX_LEADING_ZEROS, true);
		if (read.attempt.status === "ok" && read.attempt.repaired !== true) return read;
		if (fallback === undefined || STATUS_RANK[read.attempt.status] > STATUS_RANK[fallback.attempt.status]) fallback = read;
	}
	if (first.attempt.status !== "ok")
		return fallback !== undefined && STATUS_RANK[fallback.attempt.status] > STATUS_RANK[first.attempt.status] ? fallback : first;
	// Two guessed readings that disagree: neither is trusted.
	if (fallback?.attempt.status === "ok" && fallback.attempt.data !== first.attempt.data)
		return { ...first, attempt: { status: "parity", corrected: false } };
	return first;
}

function trackNumber(labelled: TrackNumber | undefined, best: Candidate): { track?: TrackNumber } {
	if (labelled !== undefined) return { track: labelled };
	if (best.attempt.status !== "ok") return {};
	return { track: best.format === ALPHA_FORMAT ? 1 : best.attempt.data!.length - 2 > 37 ? 3 : 2 };
}

// Unlabelled 5-bit tracks: with two of them, the longer bit period is track 2 (75 bpi against 210 bpi, ISO/IEC 7811-2).
function numberUnlabelled(tracks: TrackRead[], swipe: Swipe, periods: readonly number[]): TrackRead[] {
	const numeric = tracks.filter((t) => swipe.channels[t.channel]!.track === undefined && t.status === "ok" && t.track !== 1);
	if (numeric.length !== 2 || swipe.kind !== "flux") return tracks;
	const [a, b] = numeric as [TrackRead, TrackRead];
	const slower = periods[a.channel]! >= periods[b.channel]! ? a : b;
	return tracks.map((t) => (t === a || t === b ? { ...t, track: t === slower ? 2 : 3 } : t));
}

function swipeDirection(tracks: readonly TrackRead[]): SwipeDirection {
	let votes = 0;
	for (const t of tracks) if (t.status === "ok") votes += t.direction === "reverse" ? 1 : -1;
	return votes > 0 ? "reverse" : "forward";
}
