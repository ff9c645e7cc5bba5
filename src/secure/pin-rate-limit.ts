// Deters exhaustive PIN determination (PCI PTS POI B8, pin-crypto.md §8): a minimum interval between two
// PIN encryptions and a cap on encryptions per rolling hour. The window survives a reboot: it is kept in
// the element's own record store as wall-clock times, and while the unit runs it is measured on the
// monotonic clock (setting the wall clock at sign-in cannot shorten it). At boot, a wall clock behind
// the last recorded encryption is taken as no time passed since it, so moving the clock back never opens
// the window early.
//
// Record "pin-rate": the wall-clock ms (float64, big-endian) of up to `maxPerHour` encryptions, oldest first.
//
// Public API: PinRateLimit, PinRateLimiter.

import type { Clock } from "../../hal/clock.js";
import type { RecordStore } from "../../hal/storage.js";

export interface PinRateLimit {
	/** Shortest time between two PIN block encryptions, ms. */
	readonly minIntervalMs: number;
	/** Most PIN block encryptions in any 60-minute window. */
	readonly maxPerHour: number;
}

const HOUR_MS = 3_600_000;
const RECORD = "pin-rate";

export class PinRateLimiter {
	readonly #limit: PinRateLimit;
	readonly #clock: Clock;
	readonly #records: RecordStore;
	/** Monotonic times of the last `maxPerHour` encryptions, oldest first. */
	readonly #times: number[] = [];

	constructor(limit: PinRateLimit, clock: Clock, records: RecordStore) {
		this.#limit = limit;
		this.#clock = clock;
		this.#records = records;
		const saved = records.get(RECORD);
		if (saved === undefined || saved.length % 8 !== 0) return;
		const view = new DataView(saved.buffer, saved.byteOffset, saved.byteLength);
		const walls: number[] = [];
		for (let i = 0; i < saved.length; i += 8) walls.push(view.getFloat64(i));
		// A wall clock behind the last encryption counts as no time passed since it.
		const wall = Math.max(clock.nowMs(), ...walls);
		const mono = clock.monotonicMs();
		for (const t of walls.slice(-limit.maxPerHour)) this.#times.push(mono - (wall - t));
	}

	/** 0 when an encryption may happen now, else how long to wait in ms. */
	retryAfterMs(): number {
		const now = this.#clock.monotonicMs();
		const times = this.#times;
		let wait = 0;
		const last = times[times.length - 1];
		if (last !== undefined) wait = Math.max(wait, last + this.#limit.minIntervalMs - now);
		if (times.length >= this.#limit.maxPerHour) wait = Math.max(wait, times[times.length - this.#limit.maxPerHour]! + HOUR_MS - now);
		return Math.max(0, wait);
	}

	/**
	 * Counts an encryption now and writes the window to the element's store. It counts in memory whatever
	 * the store says; a failed write only loses this count across a reboot.
	 */
	record(): void {
		const now = this.#clock.monotonicMs();
		this.#times.push(now);
		if (this.#times.length > this.#limit.maxPerHour) this.#times.shift();
		const wall = this.#clock.nowMs();
		const bytes = new Uint8Array(this.#times.length * 8);
		const view = new DataView(bytes.buffer);
		this.#times.forEach((t, i) => view.setFloat64(i * 8, wall - (now - t)));
		const committed = this.#records.set(RECORD, bytes).ok && this.#records.commit().ok;
		if (!committed) this.#records.rollback();
	}
}
