// Deters exhaustive PIN determination (PCI PTS POI B8, pin-crypto.md §8): a minimum interval between two
// PIN encryptions and a cap on encryptions per rolling hour.
//
// Public API: PinRateLimit, PinRateLimiter.

export interface PinRateLimit {
	/** Shortest time between two PIN block encryptions, ms. */
	readonly minIntervalMs: number;
	/** Most PIN block encryptions in any 60-minute window. */
	readonly maxPerHour: number;
}

const HOUR_MS = 3_600_000;

export class PinRateLimiter {
	readonly #limit: PinRateLimit;
	/** Monotonic times of the last `maxPerHour` encryptions, oldest first. */
	readonly #times: number[] = [];

	constructor(limit: PinRateLimit) {
		this.#limit = limit;
	}

	/** 0 when an encryption may happen at `nowMs`, else how long to wait. */
	retryAfterMs(nowMs: number): number {
		const times = this.#times;
		let wait = 0;
		const last = times[times.length - 1];
		if (last !== undefined) wait = Math.max(wait, last + this.#limit.minIntervalMs - nowMs);
		if (times.length >= this.#limit.maxPerHour) wait = Math.max(wait, times[times.length - this.#limit.maxPerHour]! + HOUR_MS - nowMs);
		return Math.max(0, wait);
	}

	record(nowMs: number): void {
		this.#times.push(nowMs);
		if (this.#times.length > this.#limit.maxPerHour) this.#times.shift();
	}
}
