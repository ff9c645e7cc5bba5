// The F2F fallback for swipes the cell-by-cell pass cannot read: a Viterbi search over how the intervals group into
// cells (ISO/IEC 7811-2: a zero cell is one interval, a `1` two). A displaced transition (peak shift) lengthens one
// interval and shortens its neighbour, so a zero cell can fall below the half/whole boundary; deciding cell by cell
// then slips the clock. Here each path tracks its own period, every interval is scored against its kind (whole or
// half) after predicting part of its error from its neighbour's (the shared transition), and the grouping with the
// least total over the swipe wins, so a misread cell costs where the slip it would cause fails to fit.

import { lockClock, type F2fBits } from "./f2f-decoder.js";

// A cell whose length is off the tracked period by more than this fraction is flagged suspect (at 15 % jitter and
// 10 % displacement a true cell is off by at most 0.45, rarely past 0.35).
const SUSPECT_ERROR = 0.38;
// Weight of the newest cell in each path's period (as the cell-by-cell pass).
const TRACKING_GAIN = 0.125;
// The error model, in units of the period: each interval off by up to ±J (a half cell ±J/2) and each transition
// displaced by up to ±D, uniformly, so an interval's error is its jitter plus the displacement of its closing
// transition minus that of its opening one, and neighbouring intervals' errors correlate by -D²/3. Only J/D
// matters to the search; J = D read the stress swipes best (tried 0.67 to 2).
const J = 0.1;
const D = 0.1;
const VAR_WHOLE = (J * J) / 3 + (2 * D * D) / 3;
const VAR_HALF = (J * J) / 12 + (2 * D * D) / 3;
const COVARIANCE = -(D * D) / 3;
// An interval's error is predicted from the previous one's (slope covariance / variance of the previous one) and
// weighed by the inverse of what variance is left, per kind of the previous and this interval.
const SLOPE_AFTER_WHOLE = COVARIANCE / VAR_WHOLE;
const SLOPE_AFTER_HALF = COVARIANCE / VAR_HALF;
const W_WHOLE_AFTER_WHOLE = 1 / (VAR_WHOLE - COVARIANCE * SLOPE_AFTER_WHOLE);
const W_WHOLE_AFTER_HALF = 1 / (VAR_WHOLE - COVARIANCE * SLOPE_AFTER_HALF);
const W_HALF_AFTER_WHOLE = 1 / (VAR_HALF - COVARIANCE * SLOPE_AFTER_WHOLE);
const W_HALF_AFTER_HALF = 1 / (VAR_HALF - COVARIANCE * SLOPE_AFTER_HALF);

/**
 * Groups the intervals after the clock's lock into cells with the least total error; `backward` runs the search
 * (lock, period tracking) from the end of the capture. Bits in capture order either way.
 */
export function segmentF2f(captured: Uint32Array, backward: boolean): F2fBits | undefined {
	const intervals = backward ? captured.slice().reverse() : captured;
	const n = intervals.length;
	const lock = lockClock(intervals);
	if (lock === undefined) return undefined;
	const start = lock.start;
	// Per state k, the best path whose last cell ends just before interval start + k: its cost, period, last step
	// (1 interval: a zero, 2: a `1`), and its last interval's error and kind.
	const states = n - start + 1;
	const cost = new Float64Array(states).fill(Infinity);
	const period = new Float64Array(states);
	const step = new Uint8Array(states);
	const lastError = new Float64Array(states);
	const lastHalf = new Uint8Array(states);
	const relax = (to: number, c: number, t: number, by: number, error: number): void => {
		if (c < cost[to]!) {
			cost[to] = c;
			period[to] = t;
			step[to] = by;
			lastError[to] = error;
			lastHalf[to] = by - 1;
		}
	};
	cost[0] = 0;
	period[0] = lock.cellUs;
	for (let k = 0; k < states - 1; k++) {
		const c = cost[k]!;
		if (c === Infinity) continue;
		const t = period[k]!;
		const afterHalf = lastHalf[k] === 1;
		const prev = lastError[k]! * (afterHalf ? SLOPE_AFTER_HALF : SLOPE_AFTER_WHOLE);
		const d = intervals[start + k]!;
		// A zero cell: one whole interval.
		const whole = d / t - 1;
		const residual = whole - prev;
		const zeroCost = residual * residual * (afterHalf ? W_WHOLE_AFTER_HALF : W_WHOLE_AFTER_WHOLE);
		relax(k + 1, c + zeroCost, t + (d - t) * TRACKING_GAIN, 1, whole);
		if (k + 2 >= states) continue;
		// A `1`: two half intervals.
		const d2 = intervals[start + k + 1]!;
		const first = d / t - 0.5;
		const second = d2 / t - 0.5;
		const r1 = first - prev;
		const r2 = second - first * SLOPE_AFTER_HALF;
		const oneCost = r1 * r1 * (afterHalf ? W_HALF_AFTER_HALF : W_HALF_AFTER_WHOLE) + r2 * r2 * W_HALF_AFTER_HALF;
		relax(k + 2, c + oneCost, t + (d + d2 - t) * TRACKING_GAIN, 2, second);
	}
	// Back from the last state, which may end half-way through a `1` cut by the end of the capture.
	let end = states - 1;
	if (cost[end] === Infinity) end--;
	let cells = 0;
	for (let k = end; k > 0; k -= step[k]!) cells++;
	const bits = new Uint8Array(cells);
	const suspect = new Uint8Array(cells);
	let cellsUs = 0;
	let at = cells;
	for (let k = end; k > 0; k -= step[k]!) {
		const by = step[k]!;
		const us = by === 1 ? intervals[start + k - 1]! : intervals[start + k - 2]! + intervals[start + k - 1]!;
		bits[--at] = by - 1;
		suspect[at] = Math.abs(us / period[k - by]! - 1) > SUSPECT_ERROR ? 1 : 0;
		cellsUs += us;
	}
	if (cells === 0) return undefined;
	if (backward) {
		bits.reverse();
		suspect.reverse();
	}
	return { bits, suspect, meanBitUs: cellsUs / cells };
}
