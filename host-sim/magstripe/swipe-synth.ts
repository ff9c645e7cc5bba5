// The swipe synthesizer: track data → flux-transition intervals as the capture would deliver them, with speed,
// a speed profile, jitter, spurious and missing transitions, direction and clocking zeros. Seeded and
// reproducible; platform-free, so the XS benchmark uses it too.

import type { FluxChannel, FluxSwipe, TrackNumber } from "../../hal/magstripe.js";
import { err, ok, type Result } from "../../hal/result.js";
import { encodeTrackBits, type EncodeError, formatForTrack, TRACK_DENSITY_BPI } from "../../src/magstripe/track-format.js";

export interface SwipeShape {
	/** Mean swipe speed, inches per second (the geometric mean of the start and end speeds). */
	readonly ips: number;
	/** End speed / start speed: 1 steady, 3 speeding up 3x, 1/3 slowing down 3x. The speed changes smoothly (exponentially along the card). */
	readonly accel: number;
	/** Bit-to-bit jitter: each interval off its nominal length by up to ± this fraction (0.12 = ±12 %), uniformly. */
	readonly jitter: number;
	/**
	 * Transition displacement (peak shift, ISO/IEC 7811-2's Sin+1 sense): each transition moved by up to ± this fraction of
	 * the bit cell, uniformly, so neighbouring intervals err in opposite directions (0.1 = ±10 %).
	 */
	readonly displacement: number;
	readonly reverse: boolean;
	readonly seed: number;
	/** Clocking zeros before the start sentinel and after the LRC (encoders write 20–25, docs/magstripe-decoding.md §1). */
	readonly leadingZeros: number;
	readonly trailingZeros: number;
	/** Extra transitions, each splitting a random interval at a random point. */
	readonly spuriousEdges: number;
	/** Lost transitions, each merging two neighbouring intervals. */
	readonly missingEdges: number;
}

export const DEFAULT_SHAPE: SwipeShape = {
	ips: 20,
	accel: 1,
	jitter: 0,
	displacement: 0,
	reverse: false,
	seed: 1,
	leadingZeros: 22,
	trailingZeros: 22,
	spuriousEdges: 0,
	missingEdges: 0,
};

export interface TrackToSynthesize {
	readonly track: TrackNumber;
	/** As read, sentinels included (`;…?`); sentinels are added when missing. */
	readonly data: string;
}

/** Adds the track's start and end sentinels unless `data` already carries them. */
export function withSentinels(track: TrackNumber, data: string): string {
	const ss = track === 1 ? "%" : ";";
	return data.startsWith(ss) && data.endsWith("?") ? data : `${ss}${data}?`;
}

/** One channel per track, all with the same shape (each track gets its own random stream). */
export function synthesizeSwipe(
	tracks: readonly TrackToSynthesize[],
	shape: Partial<SwipeShape> = {},
	atMs = 0,
): Result<FluxSwipe, EncodeError & { readonly track: TrackNumber }> {
	const full = { ...DEFAULT_SHAPE, ...shape };
	const channels: FluxChannel[] = [];
	for (const { track, data } of tracks) {
		const bits = encodeTrackBits(formatForTrack(track), withSentinels(track, data), full.leadingZeros, full.trailingZeros);
		if (!bits.ok) return err({ ...bits.error, track });
		channels.push({
			track,
			intervalsUs: bitsToIntervals(bits.value, TRACK_DENSITY_BPI[track], { ...full, seed: full.seed * 7 + track }),
		});
	}
	return ok({ kind: "flux", atMs, channels });
}

/** The intervals a head at `bpi` density sees for `bits` (in stripe order) under `shape`, in whole µs as captured at 1 MHz. */
export function bitsToIntervals(bits: Uint8Array, bpi: number, shape: SwipeShape): Uint32Array {
	const uniform = mulberry32(shape.seed);
	const n = bits.length;
	// Speed changes by the same factor every cell: exponential along the card, start and end around the mean.
	const step = n > 1 ? Math.pow(shape.accel, 1 / (n - 1)) : 1;
	let cellUs = 1e6 / (bpi * (shape.ips / Math.sqrt(shape.accel)));
	const spread = 2 * shape.jitter;
	let lengths = new Float64Array(2 * n + shape.spuriousEdges);
	const cells = new Float64Array(2 * n);
	let count = 0;
	for (let k = 0; k < n; k++) {
		// Cells pass the head in reverse order on a reverse swipe; the speed profile follows time either way.
		if (bits[shape.reverse ? n - 1 - k : k] === 1) {
			cells[count] = cellUs;
			lengths[count++] = cellUs * 0.5 * (1 + spread * (uniform() - 0.5));
			cells[count] = cellUs;
			lengths[count++] = cellUs * 0.5 * (1 + spread * (uniform() - 0.5));
		} else {
			cells[count] = cellUs;
			lengths[count++] = cellUs * (1 + spread * (uniform() - 0.5));
		}
		cellUs /= step;
	}
	if (shape.displacement > 0) {
		// Interval i runs from transition i to transition i + 1; the first and last transitions stay put.
		let shift = 0;
		for (let i = 0; i < count; i++) {
			const next = i + 1 < count ? shape.displacement * cells[i]! * (2 * uniform() - 1) : 0;
			lengths[i] = Math.max(0.05 * cells[i]!, lengths[i]! + next - shift);
			shift = next;
		}
	}
	if (shape.spuriousEdges > 0 || shape.missingEdges > 0) {
		const list = Array.from(lengths.subarray(0, count));
		for (let s = 0; s < shape.spuriousEdges && list.length > 0; s++) {
			const at = Math.floor(uniform() * list.length);
			const split = 0.1 + 0.8 * uniform();
			list.splice(at, 1, list[at]! * split, list[at]! * (1 - split));
		}
		for (let m = 0; m < shape.missingEdges && list.length > 1; m++) {
			const at = Math.floor(uniform() * (list.length - 1));
			list.splice(at, 2, list[at]! + list[at + 1]!);
		}
		lengths = Float64Array.from(list);
		count = list.length;
	}
	// Quantise the transition times, not the intervals, so rounding does not accumulate.
	const out = new Uint32Array(count);
	let time = 0;
	let last = 0;
	for (let i = 0; i < count; i++) {
		time += lengths[i]!;
		const edge = Math.round(time);
		out[i] = edge - last > 1 ? edge - last : 1;
		last = edge;
	}
	return out;
}

/** Mulberry32 (Tommy Ettinger, public domain): a small, fast seeded generator of uniform [0, 1) numbers. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
