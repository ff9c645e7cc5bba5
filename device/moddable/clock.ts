// Clock on Moddable's `time` and `timer` modules.

import Time from "time";
import Timer from "timer";
import type { Clock, Timer as HalTimer } from "../../hal/clock.js";

export class ModdableClock implements Clock {
	monotonicMs(): number {
		// Time.ticks: ms since boot from the ESP32's 64-bit esp_timer; unaffected by Time.set.
		return Time.ticks;
	}

	nowMs(): number {
		return Date.now();
	}

	/** Sets the wall clock. Moddable's Time.set takes whole seconds, so the ms part is dropped. */
	setNowMs(ms: number): void {
		Time.set(Math.floor(ms / 1000));
	}

	after(delayMs: number, callback: () => void): HalTimer {
		let pending = true;
		const timer = Timer.set(() => {
			pending = false;
			callback();
		}, Math.max(0, delayMs));
		return {
			cancel() {
				// A fired one-shot timer is already released; clearing it again is an error in Moddable.
				if (pending) Timer.clear(timer);
				pending = false;
			},
		};
	}

	every(periodMs: number, callback: () => void): HalTimer {
		if (!(periodMs > 0)) throw new RangeError("periodMs must be > 0");
		let running = true;
		const timer = Timer.repeat(() => callback(), periodMs);
		return {
			cancel() {
				if (running) Timer.clear(timer);
				running = false;
			},
		};
	}
}
