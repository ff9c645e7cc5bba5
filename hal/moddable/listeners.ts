// A set of handlers behind an `on…` subscription; every HAL driver here uses one per event.

import type { Unsubscribe } from "../result.js";

export class Listeners<T> {
	readonly #handlers = new Set<(value: T) => void>();

	add(handler: (value: T) => void): Unsubscribe {
		this.#handlers.add(handler);
		return () => {
			this.#handlers.delete(handler);
		};
	}

	emit(value: T): void {
		for (const handler of this.#handlers) handler(value);
	}

	get size(): number {
		return this.#handlers.size;
	}
}
