// One powered run of a simulated unit, from boot to the power cut. The parts of the HAL that outlive a run
// (the shared clock, the network) are handed to the firmware through views bound to its run (ScopedClock,
// ScopedNetwork); ending the run closes those views, so nothing the old run started acts afterwards.
// Platform-free.

import { Listeners } from "../../hal/listeners.js";
import type { Unsubscribe } from "../../hal/result.js";

export class RunScope {
	readonly #endings = new Listeners<void>();
	#ended = false;

	get ended(): boolean {
		return this.#ended;
	}

	/** Calls `ending` when the run ends (at once if it has ended). */
	onEnd(ending: () => void): Unsubscribe {
		if (this.#ended) {
			ending();
			return () => undefined;
		}
		return this.#endings.add(ending);
	}

	/** The power is cut: every view bound to this run closes. Calling it again is harmless. */
	end(): void {
		if (this.#ended) return;
		this.#ended = true;
		this.#endings.emit();
	}
}
