// The analogue side of a magnetic head, for WAV import and export (docs/magstripe-decoding.md §1): each flux
// transition gives one pulse, alternating in polarity. Export draws those pulses; import finds them again
// with a peak detector (peaks survive pulse crowding, threshold crossings do not) and turns peak times into
// the intervals the decoder takes. Platform-free.

export interface HeadSignalOptions {
	readonly sampleRate: number;
	/** Pulse half-width as a fraction of the shorter neighbouring interval (up to ~0.18 of a cell, docs/magstripe-decoding.md §1). */
	readonly pulseWidth: number;
	/** Peak amplitude, 16-bit full scale. */
	readonly amplitude: number;
	/** Silence before the first and after the last transition, µs. */
	readonly marginUs: number;
}

export const DEFAULT_HEAD_SIGNAL: HeadSignalOptions = { sampleRate: 96_000, pulseWidth: 0.3, amplitude: 12_000, marginUs: 5_000 };

/** Samples of a head reading transitions separated by `intervalsUs`: Gaussian pulses of alternating sign. */
export function headSignal(intervalsUs: ArrayLike<number>, options: Partial<HeadSignalOptions> = {}): Int16Array {
	const o = { ...DEFAULT_HEAD_SIGNAL, ...options };
	const times = [o.marginUs];
	for (let i = 0; i < intervalsUs.length; i++) times.push(times[i]! + intervalsUs[i]!);
	const totalUs = times[times.length - 1]! + o.marginUs;
	const usPerSample = 1e6 / o.sampleRate;
	const acc = new Float64Array(Math.ceil(totalUs / usPerSample) + 1);
	for (let k = 0; k < times.length; k++) {
		const before = k > 0 ? intervalsUs[k - 1]! : Infinity;
		const after = k < intervalsUs.length ? intervalsUs[k]! : Infinity;
		const neighbour = Math.min(before, after);
		const sigma = Math.max(usPerSample, (o.pulseWidth * (neighbour === Infinity ? 1000 : neighbour)) / 1.1774);
		const sign = k % 2 === 0 ? 1 : -1;
		const from = Math.max(0, Math.floor((times[k]! - 4 * sigma) / usPerSample));
		const to = Math.min(acc.length - 1, Math.ceil((times[k]! + 4 * sigma) / usPerSample));
		for (let n = from; n <= to; n++) {
			const x = (n * usPerSample - times[k]!) / sigma;
			acc[n]! += sign * Math.exp(-0.5 * x * x);
		}
	}
	const out = new Int16Array(acc.length);
	for (let n = 0; n < acc.length; n++) out[n] = Math.max(-32768, Math.min(32767, Math.round(acc[n]! * o.amplitude)));
	return out;
}

/** Fraction of the loudest peak a lobe must reach to count as a transition (tolerates 4:1 amplitude variation, docs/magstripe-decoding.md §1). */
const PEAK_THRESHOLD = 0.15;

/**
 * The comparator: alternating-polarity peaks above the threshold, each located to a fraction of a sample
 * (parabola through the peak and its neighbours); consecutive lobes of one polarity count as one pulse.
 * Returns the intervals between successive peaks in whole µs.
 */
export function intervalsFromSignal(samples: Int16Array, sampleRate: number): Uint32Array {
	let loudest = 0;
	for (let n = 0; n < samples.length; n++) loudest = Math.max(loudest, Math.abs(samples[n]!));
	if (loudest === 0) return new Uint32Array(0);
	const threshold = PEAK_THRESHOLD * loudest;
	const peaks: number[] = [];
	let polarity = 0;
	let best = -1;
	const commit = () => {
		if (best < 0) return;
		const y0 = Math.abs(samples[best - 1] ?? 0);
		const y1 = Math.abs(samples[best]!);
		const y2 = Math.abs(samples[best + 1] ?? 0);
		const curvature = y0 - 2 * y1 + y2;
		peaks.push(best + (curvature < 0 ? (0.5 * (y0 - y2)) / curvature : 0));
	};
	for (let n = 0; n < samples.length; n++) {
		const v = samples[n]!;
		if (Math.abs(v) <= threshold) continue;
		const sign = v > 0 ? 1 : -1;
		if (sign !== polarity) {
			commit();
			polarity = sign;
			best = n;
		} else if (Math.abs(v) > Math.abs(samples[best]!)) best = n;
	}
	commit();
	const usPerSample = 1e6 / sampleRate;
	const out = new Uint32Array(Math.max(0, peaks.length - 1));
	for (let i = 1; i < peaks.length; i++) out[i - 1] = Math.max(1, Math.round((peaks[i]! - peaks[i - 1]!) * usPerSample));
	return out;
}
