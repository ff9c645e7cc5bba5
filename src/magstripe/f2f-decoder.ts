// F2F (Aiken biphase) recovery from flux-transition intervals (ISO/IEC 7811-2): every cell starts with a
// transition, a `1` has one more in its middle. Clock recovery runs in capture (time) order whatever the swipe's
// direction: T locks on the first few cells that decode cleanly (two clocking zeros and the start of a sentinel
// suffice) and is then tracked with an exponential average of whole cells, so speed may change 8x within a
// swipe; classification
// looks at pairs of intervals, which absorbs ±15 % jitter. Single spurious or missing transitions are
// repaired, and the bits that came from a repair are flagged so the character layer trusts them less.

export interface F2fBits {
	/** One bit per byte, in capture order. */
	readonly bits: Uint8Array;
	/** 1 where the bit came from a repaired (spurious or missing) transition. */
	readonly suspect: Uint8Array;
	/** Mean bit period over the decoded cells, µs (tells track 2 from track 3 on an unlabelled channel). */
	readonly meanBitUs: number;
}

// Cells that must decode cleanly, with no repair, for the clock to lock on a hypothesis (two clocking zeros and
// the start sentinel's first cells are enough).
const LOCK_CELLS = 6;
// Intervals searched for a lock on zero cells before a lock on the halves of a `1` is considered.
const LOCK_SEARCH = 16;
// While locking, the estimate follows each cell closely (a lock takes a few cells only).
const LOCK_GAIN = 0.5;
// Weight of the newest cell in the bit-period average (1/8: ~2 % noise at 15 % jitter, lags a 3x swipe by ~3 %).
export const TRACKING_GAIN = 0.125;
// Interval / T boundaries. A half cell is 0.5 T ± jitter, a whole cell 1 T ± jitter.
const CELL_ABOVE = 0.72;
const CELL_BELOW = 1.38;
// A missing transition merges a zero cell with half a `1` (1.5 T) or with another zero cell (2 T).
const CELL_AND_HALF_BELOW = 1.72;
const TWO_CELLS_BELOW = 2.45;
// Half a cell plus a whole one (1.5 T) against two halves (1 T).
const HALF_AND_CELL_ABOVE = 1.2;
// A genuine `1` has two near-equal halves; a zero cell split by a spurious transition usually does not.
const HALF_BALANCE = 0.3;
// An interval below this fraction of T is a fragment, never a half cell (0.5 T − 15 % − tracking error).
const FRAGMENT = 0.3;

const EMPTY: F2fBits = { bits: new Uint8Array(0), suspect: new Uint8Array(0), meanBitUs: 0 };

/** Decodes one channel's intervals into bits; garbage before the clock locks and after a dropout is ignored. */
export function decodeF2f(intervals: ArrayLike<number>): F2fBits {
	const n = intervals.length;
	const lock = lockClock(intervals);
	if (lock === undefined) return EMPTY;
	let t = lock.cellUs;
	const start = lock.start;
	const bits = new Uint8Array(2 * n);
	const suspect = new Uint8Array(2 * n);
	let count = 0;
	let cellsUs = 0;
	// An unexplained transition is dropped (its interval merged into the next); the next bit is then in doubt.
	let carry = 0;
	let doubt = false;
	const emit = (bit: number, repaired: boolean) => {
		bits[count] = bit;
		suspect[count++] = repaired || doubt ? 1 : 0;
		doubt = false;
	};
	const track = (cellUs: number, cells: number) => {
		t += (cellUs / cells - t) * TRACKING_GAIN;
		cellsUs += cellUs;
	};
	let i = start;
	while (i < n) {
		const d = intervals[i]! + carry;
		carry = 0;
		if (d >= CELL_ABOVE * t && d < CELL_BELOW * t) {
			// The common case first, inlined (a clean zero cell).
			bits[count] = 0;
			suspect[count++] = doubt ? 1 : 0;
			doubt = false;
			t += (d - t) * TRACKING_GAIN;
			cellsUs += d;
			i++;
			continue;
		}
		const next = i + 1 < n ? intervals[i + 1]! : 0;
		if (d < FRAGMENT * t && next > 0) {
			// Shorter than any half cell can be at 15 % jitter: a spurious transition cut it off. It is either the
			// head of an interval that `next` completes, or the tail of the one just read: keep whichever reading
			// leaves `next` closer to a half or a whole cell.
			if (unitError(d + next, t) <= unitError(next, t)) carry = d;
			doubt = true;
			i++;
			continue;
		}
		if (d >= CELL_ABOVE * t) {
			// Longer than a zero cell.
			if (d < CELL_AND_HALF_BELOW * t && next > 0 && next < CELL_ABOVE * t) {
				// A zero cell ran into the first half of a `1`; `next` is that `1`'s second half.
				emit(0, true);
				emit(1, true);
				track(d + next, 2);
				i += 2;
			} else if (d < TWO_CELLS_BELOW * t) {
				// A missing transition between two zero cells.
				emit(0, true);
				emit(0, true);
				track(d, 2);
				i++;
			} else break;
			continue;
		}
		if (next === 0) break;
		const s = d + next;
		if (s < CELL_ABOVE * t) {
			// Two fragments: a spurious transition split one half of a `1`.
			const s3 = i + 2 < n ? s + intervals[i + 2]! : 0;
			if (s3 < CELL_ABOVE * t || s3 >= CELL_BELOW * t) {
				carry = d;
				doubt = true;
				i++;
				continue;
			}
			emit(1, true);
			track(s3, 1);
			i += 3;
		} else if (s < CELL_BELOW * t) {
			const after = i + 2 < n ? intervals[i + 2]! : t;
			if (after < HALF_BALANCE * t && s + after < CELL_BELOW * t) {
				// A spurious transition late in the second half of a `1`: `after` is its tail.
				emit(1, true);
				track(s + after, 1);
				i += 3;
				continue;
			}
			// A `1`, or a zero cell split lopsidedly by a spurious transition (inlined: the other common case).
			const lopsided = (d < next ? d : next) < HALF_BALANCE * s;
			bits[count] = lopsided ? 0 : 1;
			suspect[count++] = lopsided || doubt ? 1 : 0;
			doubt = false;
			t += (s - t) * TRACKING_GAIN;
			cellsUs += s;
			i += 2;
		} else if (next >= HALF_AND_CELL_ABOVE * t && next < CELL_AND_HALF_BELOW * t) {
			// The `1`'s closing transition is missing: its second half ran into a following zero cell.
			emit(1, true);
			emit(0, true);
			track(s, 2);
			i += 2;
		} else if (next < CELL_BELOW * t && i + 2 < n && intervals[i + 2]! < CELL_ABOVE * t) {
			// Its closing transition is missing and a `1` follows: `next` holds two halves, the third interval the last.
			emit(1, true);
			emit(1, true);
			track(s + intervals[i + 2]!, 2);
			i += 3;
		} else {
			carry = d;
			doubt = true;
			i++;
		}
	}
	if (count === 0) return EMPTY;
	return { bits: bits.subarray(0, count), suspect: suspect.subarray(0, count), meanBitUs: cellsUs / count };
}

/** Relative distance of an interval from the nearer of a half cell and a whole cell. */
function unitError(us: number, t: number): number {
	const r = us / t;
	return Math.min(Math.abs(r - 0.5) * 2, Math.abs(r - 1));
}

/**
 * Where the clock starts, in capture order: the first interval from which LOCK_CELLS cells decode cleanly,
 * taking it as a whole zero cell or else as the first half of a `1`. A reverse swipe is locked the same way on
 * whatever passed the head first, so the clock never starts from the other end of the swipe.
 */
export function lockClock(intervals: ArrayLike<number>): { start: number; cellUs: number } | undefined {
	const n = intervals.length;
	// Clocking zeros at T read as well as ones at 2T, so near the start a lock on zero cells is preferred, and it
	// needs two zero cells among its lock cells (a zero cell merged with the next by a missing transition, then
	// zeros read as ones, has one); the half reading is taken only when no such lock exists within LOCK_SEARCH
	// intervals (a capture that begins inside a `1`), and needs one whole cell.
	for (let from = 0; from + LOCK_CELLS <= n; from += LOCK_SEARCH) {
		const to = Math.min(n - LOCK_CELLS + 1, from + LOCK_SEARCH);
		for (let i = from; i < to; i++) {
			const cellUs = intervals[i]! > 0 ? cleanCells(intervals, i, intervals[i]!, 2) : 0;
			if (cellUs > 0) return { start: i, cellUs };
		}
		for (let i = from; i < to; i++) {
			const cellUs = intervals[i]! > 0 ? cleanCells(intervals, i, 2 * intervals[i]!, 1) : 0;
			if (cellUs > 0) return { start: i, cellUs };
		}
	}
	return undefined;
}

/**
 * The mean cell when LOCK_CELLS cells from `at` read as clean zeros (one interval near T) and ones (two halves
 * summing to T), at least `minZeroCells` of them zeros, starting from the guess `cellUs`; 0 when they do not.
 */
function cleanCells(intervals: ArrayLike<number>, at: number, cellUs: number, minZeroCells: number): number {
	const n = intervals.length;
	let t = cellUs;
	let i = at;
	let zeros = 0;
	let sum = 0;
	for (let cell = 0; cell < LOCK_CELLS; cell++) {
		if (i >= n) return 0;
		const d = intervals[i]!;
		if (d >= CELL_ABOVE * t && d < CELL_BELOW * t) {
			t += (d - t) * LOCK_GAIN;
			sum += d;
			zeros++;
			i++;
			continue;
		}
		if (i + 1 >= n) return 0;
		const s = d + intervals[i + 1]!;
		if (d < FRAGMENT * t || d >= CELL_ABOVE * t || intervals[i + 1]! < FRAGMENT * t || s < CELL_ABOVE * t || s >= CELL_BELOW * t)
			return 0;
		t += (s - t) * LOCK_GAIN;
		sum += s;
		i += 2;
	}
	return zeros < minZeroCells ? 0 : sum / LOCK_CELLS;
}
