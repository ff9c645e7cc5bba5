// A set of handlers for one event, as every sim part needs. Platform-free.

import type { Unsubscribe } from "../../hal/result.js";

export class Listeners<T> {
	readonly #handlers = new Set<(value: T) => void>();

	add(handler: (value: T) => void): Unsubscribe {
		this.#handlers.add(handler);
		return () => {
			this.#handlers.delete(handler);
		};
	}

	emit(value: T): void {
		for (const handler of [...this.#handlers]) handler(value);
	}

	get size(): number {
		return this.#handlers.size;
	}
}
