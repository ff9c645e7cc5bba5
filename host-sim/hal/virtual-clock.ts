// Virtual time for tests and scripted sessions: nothing happens until `advance()` says so.
// Platform-free: portable tests import it, so it also runs in XS.

import type { Clock, Timer } from "../../hal/clock.js";

/**
 * Where virtual time starts when a test, script or tool does not say: 2026-11-21 10:00 in the terminal's
 * UTC+8, mid-morning, so nothing crosses local midnight by accident and no run depends on the wall clock.
 */
export const VIRTUAL_EPOCH_MS = Date.UTC(2026, 10, 21, 2, 0, 0);

interface Pending {
	readonly id: number;
	due: number;
	readonly periodMs: number | undefined;
	readonly callback: () => void;
}

export class VirtualClock implements Clock {
	#monotonic = 0;
	#wallAtZero: number;
	#nextId = 1;
	#pending: Pending[] = [];

	/** @param wallMs the wall-clock time at monotonic 0, ms since the epoch (UTC). */
	constructor(wallMs: number) {
		this.#wallAtZero = wallMs;
	}

	monotonicMs(): number {
		return this.#monotonic;
	}

	nowMs(): number {
		return this.#wallAtZero + this.#monotonic;
	}

	setNowMs(ms: number): void {
		this.#wallAtZero = ms - this.#monotonic;
	}

	after(delayMs: number, callback: () => void): Timer {
		return this.#schedule(Math.max(0, delayMs), undefined, callback);
	}

	every(periodMs: number, callback: () => void): Timer {
		if (!(periodMs > 0)) throw new RangeError(`timer period must be > 0 ms, got ${periodMs}`);
		return this.#schedule(periodMs, periodMs, callback);
	}

	/** Number of timers waiting to fire. */
	get pendingTimers(): number {
		return this.#pending.length;
	}

	/** Monotonic time of the next timer, if any. */
	get nextDueMs(): number | undefined {
		return this.#pending[0]?.due;
	}

	/** Moves time forward by `ms`, firing every timer that falls due, in order, at its own time. */
	advance(ms: number): void {
		const end = this.#monotonic + Math.max(0, ms);
		for (;;) {
			const next = this.#pending[0];
			if (next === undefined || next.due > end) break;
			this.#pending.shift();
			this.#monotonic = next.due;
			if (next.periodMs !== undefined) {
				next.due += next.periodMs;
				this.#insert(next);
			}
			next.callback();
		}
		this.#monotonic = end;
	}

	#schedule(delayMs: number, periodMs: number | undefined, callback: () => void): Timer {
		const pending: Pending = { id: this.#nextId++, due: this.#monotonic + delayMs, periodMs, callback };
		this.#insert(pending);
		return {
			cancel: () => {
				const index = this.#pending.indexOf(pending);
				if (index >= 0) this.#pending.splice(index, 1);
			},
		};
	}

	/** Keeps `#pending` ordered by due time, then by creation (FIFO for equal times). */
	#insert(pending: Pending): void {
		let i = this.#pending.length;
		while (
			i > 0 &&
			(this.#pending[i - 1]!.due > pending.due ||
				(this.#pending[i - 1]!.due === pending.due && this.#pending[i - 1]!.id > pending.id))
		)
			i--;
		this.#pending.splice(i, 0, pending);
	}
}
