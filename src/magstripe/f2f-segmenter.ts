// The F2F fallback for swipes the cell-by-cell pass cannot read: a Viterbi search over how the intervals group into
// cells (ISO/IEC 7811-2: a zero cell is one interval, a `1` two). A displaced transition (peak shift) lengthens one
// interval and shortens its neighbour, so a zero cell can fall below the half/whole boundary; deciding cell by cell
// then slips the clock, while the grouping with the least total error over the whole swipe — each cell's length
// against the period its own path tracks — keeps whole-cell sums near T and recovers it.

import { lockClock, type F2fBits, TRACKING_GAIN } from "./f2f-decoder.js";

// A cell whose length is off the tracked period by more than this fraction is flagged suspect (at 15 % jitter and
// 10 % displacement a true cell is off by at most 0.45, rarely past 0.35).
const SUSPECT_ERROR = 0.38;
// Weight of a `1`'s imbalance between its halves (the middle transition's displacement makes it noisy).
const BALANCE_WEIGHT = 0.25;

/** Groups the intervals after the clock's lock into cells with the least total squared length error. */
export function segmentF2f(intervals: ArrayLike<number>): F2fBits | undefined {
	const n = intervals.length;
	const lock = lockClock(intervals);
	if (lock === undefined) return undefined;
	const start = lock.start;
	// cost[k], period[k], step[k]: the best path whose last cell ends just before interval start + k.
	const states = n - start + 1;
	const cost = new Float64Array(states).fill(Infinity);
	const period = new Float64Array(states);
	const step = new Uint8Array(states);
	cost[0] = 0;
	period[0] = lock.cellUs;
	for (let k = 0; k < states - 1; k++) {
		const c = cost[k]!;
		if (c === Infinity) continue;
		const t = period[k]!;
		const d = intervals[start + k]!;
		const zero = d / t - 1;
		relax(k + 1, c + zero * zero, t + (d - t) * TRACKING_GAIN, 1);
		if (k + 2 < states) {
			const d2 = intervals[start + k + 1]!;
			const s = d + d2;
			const one = s / t - 1;
			const balance = (d - d2) / t;
			relax(k + 2, c + one * one + BALANCE_WEIGHT * balance * balance, t + (s - t) * TRACKING_GAIN, 2);
		}
	}
	function relax(to: number, c: number, t: number, by: number): void {
		if (c < cost[to]!) {
			cost[to] = c;
			period[to] = t;
			step[to] = by;
		}
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
	return cells === 0 ? undefined : { bits, suspect, meanBitUs: cellsUs / cells };
}
