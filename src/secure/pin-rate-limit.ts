// Deters exhaustive PIN determination (PCI PTS POI Modular Security Requirements, B8): a minimum interval between two
// PIN encryptions and a cap on encryptions per rolling hour.
//
// The window is measured on the element's own time: its uptime, accumulated across reboots and kept in
// the element's record store. The wall clock plays no part — the application sets it at every sign-in
// (`Clock.setNowMs`, from fields 12/13 of a host it cannot authenticate), so a wall-clock reading could be
// moved to open the window early. Time while the unit is off does not count (the element has no clock it
// can trust then): a reboot resumes the wait where it stood, never shortens it.
//
// Record "pin-window": float64 big-endian — the element time when written, then the element times of up
// to `maxPerHour` encryptions, oldest first.
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
const RECORD = "pin-window";
/** While a wait runs, the element time is saved at most this often, so a reboot loses at most this much of it. */
const PROGRESS_SAVE_MS = 60_000;

export class PinRateLimiter {
	readonly #limit: PinRateLimit;
	readonly #clock: Clock;
	readonly #records: RecordStore;
	/** Element time at this boot's monotonic 0: the uptime saved before the reboot, minus the boot's own. */
	readonly #base: number;
	/** Element times of the last `maxPerHour` encryptions, oldest first. */
	readonly #times: number[] = [];
	#savedAt = 0;

	constructor(limit: PinRateLimit, clock: Clock, records: RecordStore) {
		this.#limit = limit;
		this.#clock = clock;
		this.#records = records;
		const saved = records.get(RECORD);
		let uptime = 0;
		if (saved !== undefined && saved.length >= 8 && saved.length % 8 === 0) {
			const view = new DataView(saved.buffer, saved.byteOffset, saved.byteLength);
			uptime = view.getFloat64(0);
			for (let i = 8; i < saved.length; i += 8) this.#times.push(view.getFloat64(i));
			this.#times.splice(0, Math.max(0, this.#times.length - limit.maxPerHour));
		}
		this.#base = uptime - clock.monotonicMs();
		this.#savedAt = uptime;
	}

	/** The element's time, ms: uptime summed over every boot; no clock setting moves it. */
	#now(): number {
		return this.#base + this.#clock.monotonicMs();
	}

	/** 0 when an encryption may happen now, else how long to wait in ms. */
	retryAfterMs(): number {
		const now = this.#now();
		const times = this.#times;
		let wait = 0;
		const last = times[times.length - 1];
		if (last !== undefined) wait = Math.max(wait, last + this.#limit.minIntervalMs - now);
		if (times.length >= this.#limit.maxPerHour) wait = Math.max(wait, times[times.length - this.#limit.maxPerHour]! + HOUR_MS - now);
		return Math.max(0, wait);
	}

	/** Counts an encryption now and writes the window to the element's store. */
	record(): void {
		this.#times.push(this.#now());
		if (this.#times.length > this.#limit.maxPerHour) this.#times.shift();
		this.#save();
	}

	/** During a wait: saves the element time now and then, so a reboot keeps the wait already served. */
	keepProgress(): void {
		if (this.#now() - this.#savedAt >= PROGRESS_SAVE_MS) this.#save();
	}

	/** It counts in memory whatever the store says; a failed write only loses the latest count across a reboot. */
	#save(): void {
		const now = this.#now();
		const bytes = new Uint8Array((this.#times.length + 1) * 8);
		const view = new DataView(bytes.buffer);
		view.setFloat64(0, now);
		this.#times.forEach((t, i) => view.setFloat64((i + 1) * 8, t));
		const committed = this.#records.set(RECORD, bytes).ok && this.#records.commit().ok;
		if (committed) this.#savedAt = now;
		else this.#records.rollback();
	}
}
