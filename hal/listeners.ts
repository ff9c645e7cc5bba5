// A set of handlers behind one `on…` subscription, used by the HAL implementations on both sides
// (device/moddable, host-sim/hal). Handlers added or removed during an emit take effect from the next one.

import type { Unsubscribe } from "./result.js";

export class Listeners<T> {
	/**
	 * Each handler once, in the order added. Replaced, never changed, when one is added or removed: an emit walks
	 * the array it began with, and emitting allocates nothing (a key press emits several times).
	 */
	#handlers: readonly ((value: T) => void)[] = [];

	add(handler: (value: T) => void): Unsubscribe {
		if (!this.#handlers.includes(handler)) this.#handlers = [...this.#handlers, handler];
		return () => {
			this.#handlers = this.#handlers.filter((h) => h !== handler);
		};
	}

	emit(value: T): void {
		const handlers = this.#handlers;
		for (let i = 0; i < handlers.length; i++) handlers[i]!(value);
	}

	get size(): number {
		return this.#handlers.length;
	}
}
