// The simulator's keypad: keys pressed by the keyboard, the browser or a script. Platform-free.

import type { Clock } from "../../hal/clock.js";
import type { KeyCode, KeyEvent, Keypad } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

export class SimKeypad implements Keypad {
	readonly #clock: Clock;
	readonly #listeners = new Listeners<KeyEvent>();

	constructor(clock: Clock) {
		this.#clock = clock;
	}

	onKey(handler: (event: KeyEvent) => void): Unsubscribe {
		return this.#listeners.add(handler);
	}

	/** A press and release of `key`. */
	press(key: KeyCode): void {
		this.down(key);
		this.up(key);
	}

	down(key: KeyCode): void {
		this.#listeners.emit({ key, down: true, repeat: false, atMs: this.#clock.monotonicMs() });
	}

	up(key: KeyCode): void {
		this.#listeners.emit({ key, down: false, repeat: false, atMs: this.#clock.monotonicMs() });
	}
}
