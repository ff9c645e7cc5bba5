// A set of handlers behind one `on…` subscription, used by the HAL implementations on both sides
// (device/moddable, host-sim/hal). Handlers added or removed during an emit take effect from the next one.

import type { Unsubscribe } from "./result.js";

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
