// The WAV front end: samples of a head recording → the flux-transition intervals the decoder takes.
// The front end (docs/magstripe-decoding.md §1: a peak detector, not a threshold crossing). Real recordings, from a
// bare head or a phone-jack reader, carry a DC offset, either polarity, and an amplitude that follows the swipe
// speed (an inductive head's voltage is proportional to it), so a 7x speed change is a 7x amplitude change.
/** Window of the moving average taken off as DC, s (several bit cells even at 3 ips on track 2). */
const DC_WINDOW_S = 0.03;
/** Half-width of the window whose loudest sample is the local amplitude, s (one bit cell at 3 ips on track 2 is 4.4 ms). */
const ENVELOPE_HALF_WINDOW_S = 0.005;
/** A lobe counts as a transition above this fraction of the local amplitude (tolerates 4:1 variation between neighbours). */
const LOCAL_THRESHOLD = 0.3;
/** Blocks over which the noise is measured, s; the quietest block's mean level, times NOISE_MARGIN, is the noise floor. */
const NOISE_BLOCK_S = 0.005;
const NOISE_MARGIN = 6;
/** The noise floor stays between these fractions of the loudest sample (a 7x speed change with 2:1 decay leaves the weakest pulse near 0.07). */
const FLOOR_MIN = 0.02;
const FLOOR_MAX = 0.05;

/**
 * The comparator with hysteresis: the DC offset is taken off (moving average), each sample is compared with a
 * threshold that follows the local amplitude (and never drops below the noise floor), and a transition is
 * the peak of a lobe that crossed it; the next transition must cross the threshold on the other side, so
 * either polarity works and consecutive lobes of one polarity count as one pulse. Each peak is located to a
 * fraction of a sample (a parabola through the peak and its neighbours). Returns the intervals between
 * successive peaks in whole µs, the peak times rounded as a 1 µs capture timer would take them.
 */
export function intervalsFromSignal(samples: Int16Array, sampleRate: number): Uint32Array {
	const n = samples.length;
	const x = withoutDc(samples, Math.max(1, Math.round(DC_WINDOW_S * sampleRate)));
	let loudest = 0;
	for (let k = 0; k < n; k++) loudest = Math.max(loudest, Math.abs(x[k]!));
	if (loudest === 0) return new Uint32Array(0);
	const floor = noiseFloor(x, Math.max(1, Math.round(NOISE_BLOCK_S * sampleRate)), loudest);
	const envelope = slidingMaxAbs(x, Math.max(1, Math.round(ENVELOPE_HALF_WINDOW_S * sampleRate)));
	const peaks: number[] = [];
	let polarity = 0;
	let best = -1;
	const commit = () => {
		if (best < 0) return;
		const y0 = Math.abs(x[best - 1] ?? 0);
		const y1 = Math.abs(x[best]!);
		const y2 = Math.abs(x[best + 1] ?? 0);
		const curvature = y0 - 2 * y1 + y2;
		peaks.push(best + (curvature < 0 ? (0.5 * (y0 - y2)) / curvature : 0));
	};
	for (let k = 0; k < n; k++) {
		const v = x[k]!;
		const threshold = Math.max(floor, LOCAL_THRESHOLD * envelope[k]!);
		if (Math.abs(v) <= threshold) continue;
		const sign = v > 0 ? 1 : -1;
		if (sign !== polarity) {
			commit();
			polarity = sign;
			best = k;
		} else if (Math.abs(v) > Math.abs(x[best]!)) best = k;
	}
	commit();
	const usPerSample = 1e6 / sampleRate;
	return timesToIntervals(peaks.map((p) => p * usPerSample));
}

/**
 * Transition times (µs, any fraction) → intervals in whole µs as a capture timer with 1 µs ticks records them: each
 * time is rounded, not each interval, so rounding never accumulates over a swipe.
 */
export function timesToIntervals(timesUs: readonly number[]): Uint32Array {
	const out = new Uint32Array(Math.max(0, timesUs.length - 1));
	for (let i = 1; i < timesUs.length; i++) out[i - 1] = Math.max(0, Math.round(timesUs[i]!) - Math.round(timesUs[i - 1]!));
	return out;
}

/** Samples minus their baseline: a box average applied twice (a triangular window, so a pulse entering or leaving it moves the baseline smoothly and shifts no peak). */
function withoutDc(samples: Int16Array, window: number): Float64Array {
	const baseline = boxAverage(boxAverage(Float64Array.from(samples), window), window);
	const out = new Float64Array(samples.length);
	for (let k = 0; k < samples.length; k++) out[k] = samples[k]! - baseline[k]!;
	return out;
}

function boxAverage(x: Float64Array, window: number): Float64Array {
	const n = x.length;
	const prefix = new Float64Array(n + 1);
	for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + x[k]!;
	const half = window >> 1;
	const out = new Float64Array(n);
	for (let k = 0; k < n; k++) {
		const from = Math.max(0, k - half);
		const to = Math.min(n, k + half + 1);
		out[k] = (prefix[to]! - prefix[from]!) / (to - from);
	}
	return out;
}

/** The loudest |x| within ±half samples of each sample (monotone queue, linear time). */
function slidingMaxAbs(x: Float64Array, half: number): Float64Array {
	const n = x.length;
	const out = new Float64Array(n);
	const queue = new Int32Array(n);
	let head = 0;
	let tail = 0;
	let next = 0;
	for (let k = 0; k < n; k++) {
		for (; next < n && next <= k + half; next++) {
			while (tail > head && Math.abs(x[queue[tail - 1]!]!) <= Math.abs(x[next]!)) tail--;
			queue[tail++] = next;
		}
		while (queue[head]! < k - half) head++;
		out[k] = Math.abs(x[queue[head]!]!);
	}
	return out;
}

function noiseFloor(x: Float64Array, block: number, loudest: number): number {
	let quietest = Infinity;
	// Blocks from each end of the recording, where a swipe's silence is, overlapping in the middle.
	for (let from = 0; from + block <= x.length; from += block) {
		quietest = Math.min(quietest, meanLevel(x, from, block), meanLevel(x, x.length - block - from, block));
	}
	const measured = quietest === Infinity ? 0 : NOISE_MARGIN * quietest;
	return Math.min(FLOOR_MAX * loudest, Math.max(FLOOR_MIN * loudest, measured));
}

function meanLevel(x: Float64Array, from: number, length: number): number {
	let sum = 0;
	for (let k = from; k < from + length; k++) sum += Math.abs(x[k]!);
	return sum / length;
}
