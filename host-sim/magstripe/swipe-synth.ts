// The swipe synthesizer: track data → flux-transition intervals as the capture would deliver them, with speed,
// a speed profile, jitter, spurious and missing transitions, direction and clocking zeros. Seeded and
// reproducible; platform-free, so the XS benchmark uses it too.

import type { FluxChannel, FluxSwipe, TrackNumber } from "../../hal/magstripe.js";
import { err, ok, type Result } from "../../hal/result.js";
import { encodeTrackBits, type EncodeError, formatForTrack, TRACK_DENSITY_BPI } from "../../src/magstripe/track-format.js";
import { SeededRandom } from "../hal/seeded-random.js";

export interface SwipeShape {
	/** Mean swipe speed, inches per second (the geometric mean of the start and end speeds). */
	readonly ips: number;
	/** End speed / start speed: 1 steady, 3 speeding up 3x, 1/3 slowing down 3x. The speed changes smoothly (exponentially along the card). */
	readonly accel: number;
	/** Bit-to-bit jitter: each interval off its nominal length by up to ± this fraction (0.12 = ±12 %), uniformly. */
	readonly jitter: number;
	readonly reverse: boolean;
	readonly seed: number;
	/** Clocking zeros before the start sentinel and after the LRC (§4: encoders write 20–25). */
	readonly leadingZeros: number;
	readonly trailingZeros: number;
	/** Extra transitions, each splitting a random interval at a random point. */
	readonly spuriousEdges: number;
	/** Lost transitions, each merging two neighbouring intervals. */
	readonly missingEdges: number;
}

export const DEFAULT_SHAPE: SwipeShape = { ips: 20, accel: 1, jitter: 0, reverse: false, seed: 1, leadingZeros: 22, trailingZeros: 22, spuriousEdges: 0, missingEdges: 0 };

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
export function synthesizeSwipe(tracks: readonly TrackToSynthesize[], shape: Partial<SwipeShape> = {}, atMs = 0): Result<FluxSwipe, EncodeError & { readonly track: TrackNumber }> {
	const full = { ...DEFAULT_SHAPE, ...shape };
	const channels: FluxChannel[] = [];
	for (const { track, data } of tracks) {
		const bits = encodeTrackBits(formatForTrack(track), withSentinels(track, data), full.leadingZeros, full.trailingZeros);
		if (!bits.ok) return err({ ...bits.error, track });
		channels.push({ track, intervalsUs: bitsToIntervals(bits.value, TRACK_DENSITY_BPI[track], { ...full, seed: full.seed * 7 + track }) });
	}
	return ok({ kind: "flux", atMs, channels });
}

/** The intervals a head at `bpi` density sees for `bits` (in stripe order) under `shape`, in whole µs as captured at 1 MHz. */
export function bitsToIntervals(bits: Uint8Array, bpi: number, shape: SwipeShape): Uint32Array {
	const random = new SeededRandom(shape.seed);
	const uniform = () => random.next() / 0x1_0000_0000;
	const n = bits.length;
	const startIps = shape.ips / Math.sqrt(shape.accel);
	const lengths: number[] = [];
	for (let k = 0; k < n; k++) {
		// Cells pass the head in reverse order on a reverse swipe; the speed profile follows time either way.
		const bit = bits[shape.reverse ? n - 1 - k : k]!;
		const ips = startIps * Math.pow(shape.accel, n > 1 ? k / (n - 1) : 0);
		const cellUs = 1e6 / (bpi * ips);
		const jittered = (nominal: number) => nominal * (1 + shape.jitter * (2 * uniform() - 1));
		if (bit === 1) lengths.push(jittered(cellUs / 2), jittered(cellUs / 2));
		else lengths.push(jittered(cellUs));
	}
	for (let s = 0; s < shape.spuriousEdges && lengths.length > 0; s++) {
		const at = Math.floor(uniform() * lengths.length);
		const split = 0.1 + 0.8 * uniform();
		lengths.splice(at, 1, lengths[at]! * split, lengths[at]! * (1 - split));
	}
	for (let m = 0; m < shape.missingEdges && lengths.length > 1; m++) {
		const at = Math.floor(uniform() * (lengths.length - 1));
		lengths.splice(at, 2, lengths[at]! + lengths[at + 1]!);
	}
	// Quantise the transition times, not the intervals, so rounding does not accumulate.
	const out = new Uint32Array(lengths.length);
	let time = 0;
	let last = 0;
	for (let i = 0; i < lengths.length; i++) {
		time += lengths[i]!;
		const edge = Math.round(time);
		out[i] = Math.max(1, edge - last);
		last = edge;
	}
	return out;
}
