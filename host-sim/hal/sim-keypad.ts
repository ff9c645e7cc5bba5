// The simulator's keypad: keys pressed by the keyboard, the browser or a script. Platform-free.
// While the secure element captures it (a PIN entry session), every key goes to the element only.

import type { Clock } from "../../hal/clock.js";
import type { KeyCode, KeyEvent, Keypad } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { SecureKeypadPort } from "../../hal/secure-element.js";
import { Listeners } from "../../hal/listeners.js";

export class SimKeypad implements Keypad, SecureKeypadPort {
	readonly #clock: Clock;
	readonly #listeners = new Listeners<KeyEvent>();
	#capture: ((event: KeyEvent) => void) | undefined;
	#closed = false;

	constructor(clock: Clock) {
		this.#clock = clock;
	}

	onKey(handler: (event: KeyEvent) => void): Unsubscribe {
		return this.#listeners.add(handler);
	}

	capture(handler: ((event: KeyEvent) => void) | undefined): void {
		this.#capture = handler;
	}

	close(): void {
		this.#closed = true;
		this.#capture = undefined;
	}

	/** A press and release of `key`. */
	press(key: KeyCode): void {
		this.down(key);
		this.up(key);
	}

	down(key: KeyCode): void {
		this.#emit({ key, down: true, repeat: false, atMs: this.#clock.monotonicMs() });
	}

	up(key: KeyCode): void {
		this.#emit({ key, down: false, repeat: false, atMs: this.#clock.monotonicMs() });
	}

	#emit(event: KeyEvent): void {
		if (this.#closed) return;
		if (this.#capture) this.#capture(event);
		else this.#listeners.emit(event);
	}
}
