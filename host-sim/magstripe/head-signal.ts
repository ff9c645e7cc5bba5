// The analogue side of a magnetic head, for WAV export (docs/magstripe-decoding.md §1): each flux transition gives
// one pulse, alternating in polarity. Besides clean pulses it can draw what real recordings from a bare head or a
// phone-jack reader carry: an amplitude that follows the swipe speed (an inductive head's voltage is
// proportional to it) and decays, either polarity, AC coupling (a one-pole high-pass, as a microphone input has),
// a DC offset and noise. wav-front-end.ts finds the transitions again. Platform-free.

import { mulberry32 } from "./swipe-synth.js";

export interface HeadSignalOptions {
	readonly sampleRate: number;
	/** Pulse half-width as a fraction of the shorter neighbouring interval (up to ~0.18 of a cell, docs/magstripe-decoding.md §1). */
	readonly pulseWidth: number;
	/** Peak amplitude, 16-bit full scale. */
	readonly amplitude: number;
	/** Silence before the first and after the last transition, µs. */
	readonly marginUs: number;
	/** Amplitude proportional to the local speed, `amplitude` at the fastest cell (false: every pulse at `amplitude`). */
	readonly amplitudeFollowsSpeed: boolean;
	/** Amplitude at the end of the swipe / at its start, besides speed (weak stripe end, head lifting: 0.25 is 4:1). */
	readonly decay: number;
	/** Pulses of the opposite polarity (head wired the other way round). */
	readonly invert: boolean;
	/** AC coupling: corner of a one-pole high-pass, Hz (0: none). */
	readonly highPassHz: number;
	/** Added to every sample, 16-bit units. */
	readonly dcOffset: number;
	/** Noise, uniform within ± this many 16-bit units, seeded. */
	readonly noise: number;
	readonly seed: number;
}

export const DEFAULT_HEAD_SIGNAL: HeadSignalOptions = {
	sampleRate: 96_000,
	pulseWidth: 0.3,
	amplitude: 12_000,
	marginUs: 5_000,
	amplitudeFollowsSpeed: false,
	decay: 1,
	invert: false,
	highPassHz: 0,
	dcOffset: 0,
	noise: 0,
	seed: 1,
};

/** Samples of a head reading transitions separated by `intervalsUs`: Gaussian pulses of alternating sign, shaped by `options`. */
export function headSignal(intervalsUs: ArrayLike<number>, options: Partial<HeadSignalOptions> = {}): Int16Array {
	const o = { ...DEFAULT_HEAD_SIGNAL, ...options };
	const times = [o.marginUs];
	for (let i = 0; i < intervalsUs.length; i++) times.push(times[i]! + intervalsUs[i]!);
	const totalUs = times[times.length - 1]! + o.marginUs;
	const usPerSample = 1e6 / o.sampleRate;
	const acc = new Float64Array(Math.ceil(totalUs / usPerSample) + 1);
	const speeds = o.amplitudeFollowsSpeed ? relativeSpeeds(intervalsUs) : undefined;
	const lastUs = times[times.length - 1]!;
	for (let k = 0; k < times.length; k++) {
		const before = k > 0 ? intervalsUs[k - 1]! : Infinity;
		const after = k < intervalsUs.length ? intervalsUs[k]! : Infinity;
		const neighbour = Math.min(before, after);
		const sigma = Math.max(usPerSample, (o.pulseWidth * (neighbour === Infinity ? 1000 : neighbour)) / 1.1774);
		const fade = lastUs > o.marginUs ? Math.pow(o.decay, (times[k]! - o.marginUs) / (lastUs - o.marginUs)) : 1;
		const sign = (k % 2 === 0 ? 1 : -1) * (o.invert ? -1 : 1) * fade * (speeds === undefined ? 1 : speeds[k]!);
		const from = Math.max(0, Math.floor((times[k]! - 4 * sigma) / usPerSample));
		const to = Math.min(acc.length - 1, Math.ceil((times[k]! + 4 * sigma) / usPerSample));
		for (let n = from; n <= to; n++) {
			const x = (n * usPerSample - times[k]!) / sigma;
			acc[n]! += sign * Math.exp(-0.5 * x * x);
		}
	}
	if (o.highPassHz > 0) highPass(acc, o.highPassHz, o.sampleRate);
	const uniform = mulberry32(o.seed);
	const out = new Int16Array(acc.length);
	for (let n = 0; n < acc.length; n++) {
		const v = acc[n]! * o.amplitude + o.dcOffset + (o.noise > 0 ? o.noise * (2 * uniform() - 1) : 0);
		out[n] = Math.max(-32768, Math.min(32767, Math.round(v)));
	}
	return out;
}

/** Per transition, the speed relative to the fastest point: the inverse of the mean interval around it (±4 intervals). */
function relativeSpeeds(intervalsUs: ArrayLike<number>): Float64Array {
	const n = intervalsUs.length;
	const speeds = new Float64Array(n + 1);
	let fastest = 0;
	for (let k = 0; k <= n; k++) {
		let sum = 0;
		let count = 0;
		for (let i = Math.max(0, k - 4); i < Math.min(n, k + 4); i++, count++) sum += intervalsUs[i]!;
		speeds[k] = count > 0 && sum > 0 ? count / sum : 0;
		fastest = Math.max(fastest, speeds[k]!);
	}
	for (let k = 0; k <= n; k++) speeds[k] = fastest > 0 ? speeds[k]! / fastest : 1;
	return speeds;
}

/** One-pole high-pass in place (RC filter, as an AC-coupled microphone input). */
function highPass(x: Float64Array, cornerHz: number, sampleRate: number): void {
	const rc = 1 / (2 * Math.PI * cornerHz);
	const alpha = rc / (rc + 1 / sampleRate);
	let previousIn = x[0] ?? 0;
	let previousOut = 0;
	x[0] = 0;
	for (let n = 1; n < x.length; n++) {
		const input = x[n]!;
		previousOut = alpha * (previousOut + input - previousIn);
		previousIn = input;
		x[n] = previousOut;
	}
}
