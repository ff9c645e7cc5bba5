// Clock on Moddable's `time` and `timer` modules (given by hal.ts).

import type { Clock, Timer as HalTimer } from "../../hal/clock.js";
import type { TimeModule, TimerModule } from "./io.js";

export interface ModdableClockOptions<H> {
	readonly Time: TimeModule;
	readonly Timer: TimerModule<H>;
	/** Wall-clock ms since 1970 (`Date.now` on the device). */
	readonly now: () => number;
}

export class ModdableClock<H> implements Clock {
	readonly #time: TimeModule;
	readonly #timer: TimerModule<H>;
	readonly #now: () => number;

	constructor(options: ModdableClockOptions<H>) {
		this.#time = options.Time;
		this.#timer = options.Timer;
		this.#now = options.now;
	}

	monotonicMs(): number {
		// Time.ticks: ms since boot from the ESP32's 64-bit esp_timer; unaffected by Time.set.
		return this.#time.ticks;
	}

	nowMs(): number {
		return this.#now();
	}

	/** Sets the wall clock. Moddable's Time.set takes whole seconds, so the ms part is dropped. */
	setNowMs(ms: number): void {
		this.#time.set(Math.floor(ms / 1000));
	}

	after(delayMs: number, callback: () => void): HalTimer {
		const timers = this.#timer;
		let pending = true;
		const timer = timers.set(
			() => {
				pending = false;
				callback();
			},
			Math.max(0, delayMs),
		);
		return {
			cancel() {
				// A fired one-shot timer is already released; clearing it again is an error in Moddable.
				if (pending) timers.clear(timer);
				pending = false;
			},
		};
	}

	every(periodMs: number, callback: () => void): HalTimer {
		if (!(periodMs > 0)) throw new RangeError("periodMs must be > 0");
		const timers = this.#timer;
		let running = true;
		const timer = timers.repeat(() => callback(), periodMs);
		return {
			cancel() {
				if (running) timers.clear(timer);
				running = false;
			},
		};
	}
}
