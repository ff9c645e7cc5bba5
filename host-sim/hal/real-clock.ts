// Real time for the interactive simulator (`npm start`), on Node's timers.

import { performance } from "node:perf_hooks";
import type { Clock, Timer } from "../../hal/clock.js";

export class RealClock implements Clock {
	#wallOffsetMs = 0;

	monotonicMs(): number {
		return performance.now();
	}

	nowMs(): number {
		return Date.now() + this.#wallOffsetMs;
	}

	setNowMs(ms: number): void {
		this.#wallOffsetMs = ms - Date.now();
	}

	after(delayMs: number, callback: () => void): Timer {
		const handle = setTimeout(callback, Math.max(0, delayMs));
		return { cancel: () => clearTimeout(handle) };
	}

	every(periodMs: number, callback: () => void): Timer {
		if (!(periodMs > 0)) throw new RangeError(`timer period must be > 0 ms, got ${periodMs}`);
		const handle = setInterval(callback, periodMs);
		return { cancel: () => clearInterval(handle) };
	}
}
