// The simulator's magnetic head: swipes come from the swipe synthesizer, a WAV file or a script.
// Platform-free.

import type { MagstripeHead, Swipe, SwipeError } from "../../hal/magstripe.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

export class SimMagstripeHead implements MagstripeHead {
	readonly #swipes = new Listeners<Swipe>();
	readonly #errors = new Listeners<SwipeError>();
	#closed = false;

	onSwipe(handler: (swipe: Swipe) => void): Unsubscribe {
		return this.#swipes.add(handler);
	}

	onError(handler: (error: SwipeError) => void): Unsubscribe {
		return this.#errors.add(handler);
	}

	close(): void {
		this.#closed = true;
	}

	swipe(swipe: Swipe): void {
		if (!this.#closed) this.#swipes.emit(swipe);
	}

	fault(error: SwipeError): void {
		if (!this.#closed) this.#errors.emit(error);
	}
}
