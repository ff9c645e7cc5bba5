// One run's view of a clock shared across power cuts (a test's virtual clock, the desktop's real one): the
// same time, but its timers belong to the run and are cancelled when the run ends, so a dead firmware's
// response timeout, PIN pacing or printer step never fires. Platform-free.

import type { Clock, Timer } from "../../hal/clock.js";
import type { RunScope } from "./run-scope.js";

const NO_TIMER: Timer = { cancel: () => undefined };

export class ScopedClock implements Clock {
	readonly #base: Clock;
	readonly #run: RunScope;
	readonly #timers = new Set<Timer>();

	constructor(base: Clock, run: RunScope) {
		this.#base = base;
		this.#run = run;
		run.onEnd(() => {
			for (const timer of this.#timers) timer.cancel();
			this.#timers.clear();
		});
	}

	monotonicMs(): number {
		return this.#base.monotonicMs();
	}

	nowMs(): number {
		return this.#base.nowMs();
	}

	/** A dead run sets no clock. */
	setNowMs(ms: number): void {
		if (!this.#run.ended) this.#base.setNowMs(ms);
	}

	after(delayMs: number, callback: () => void): Timer {
		if (this.#run.ended) return NO_TIMER;
		const timer = this.#base.after(delayMs, () => {
			this.#timers.delete(timer);
			if (!this.#run.ended) callback();
		});
		return this.#own(timer);
	}

	every(periodMs: number, callback: () => void): Timer {
		if (this.#run.ended) return NO_TIMER;
		return this.#own(
			this.#base.every(periodMs, () => {
				if (!this.#run.ended) callback();
			}),
		);
	}

	#own(timer: Timer): Timer {
		this.#timers.add(timer);
		return {
			cancel: () => {
				timer.cancel();
				this.#timers.delete(timer);
			},
		};
	}
}
