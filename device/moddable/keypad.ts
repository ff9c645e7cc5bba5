// Matrix keypad on ECMA-419 digital IO (escpos-printer.md §7). Rows are open-drain outputs driven low one at a
// time; columns are inputs with pull-ups. While idle every row is held low, so any key pulls its column low
// and the falling edge starts a scan timer; scanning stops once the scanner has been idle for a while.

import type Digital from "embedded:io/digital";
import type { BoardKeypad } from "../../hal/board.js";
import type { Clock, Timer } from "../../hal/clock.js";
import type { KeyEvent, Keypad } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { SecureKeypadPort } from "../../hal/secure-element.js";
import { MatrixScanner, type StuckKey } from "../../src/keypad/matrix-scanner.js";
import { Listeners } from "../../hal/listeners.js";

export interface MatrixKeypadOptions {
	/** The digital IO class (embedded:io/digital, or a stand-in). */
	readonly Digital: typeof Digital;
	readonly keypad: BoardKeypad;
	readonly clock: Clock;
	/** Scan period while a key may be down. Default 5 ms (Zephyr kbd-matrix poll-period-ms). */
	readonly scanPeriodMs?: number;
	/** Stop scanning after all keys read open for this long. Default 100 ms (Zephyr poll-timeout-ms). */
	readonly idleStopMs?: number;
}

const LOW = 0;
const RELEASED = 1;

export class MatrixKeypad implements Keypad, SecureKeypadPort {
	readonly #rows: Digital[];
	readonly #columns: Digital[];
	readonly #clock: Clock;
	readonly #scanner: MatrixScanner;
	readonly #scanPeriodMs: number;
	readonly #idleStopMs: number;
	readonly #keys = new Listeners<KeyEvent>();
	readonly #stuck = new Listeners<StuckKey>();
	#capture: ((event: KeyEvent) => void) | undefined;
	#timer: Timer | undefined;
	#idleSinceMs: number | undefined;

	constructor(options: MatrixKeypadOptions) {
		const { Digital: DigitalIO, keypad, clock } = options;
		this.#clock = clock;
		this.#scanPeriodMs = options.scanPeriodMs ?? 5;
		this.#idleStopMs = options.idleStopMs ?? 100;
		this.#scanner = new MatrixScanner({ map: keypad.map, diodes: keypad.diodes });
		// Open drain: two rows joined through two closed keys of one column never fight (no diodes on posterm-s3).
		this.#rows = keypad.rows.map((pin) => new DigitalIO({ pin, mode: DigitalIO.OutputOpenDrain }));
		const wake = () => this.#startScanning();
		this.#columns = keypad.columns.map((pin) => new DigitalIO({ pin, mode: DigitalIO.InputPullUp, edge: DigitalIO.Falling, onReadable: wake }));
		// The first scan runs at once, so a key held at power-on is reported stuck rather than pressed.
		this.#startScanning();
	}

	onKey(handler: (event: KeyEvent) => void): Unsubscribe {
		return this.#keys.add(handler);
	}

	/** While the secure element captures the keypad (PIN entry), every key goes to it and to no one else. */
	capture(handler: ((event: KeyEvent) => void) | undefined): void {
		this.#capture = handler;
	}

	/** Keys found closed at start or held too long (factory test, error log). */
	onStuck(handler: (stuck: StuckKey) => void): Unsubscribe {
		return this.#stuck.add(handler);
	}

	#startScanning(): void {
		if (this.#timer) return;
		this.#idleSinceMs = undefined;
		for (const row of this.#rows) row.write(RELEASED);
		this.#scan();
		this.#timer = this.#clock.every(this.#scanPeriodMs, () => this.#scan());
	}

	#scan(): void {
		const rows = new Uint16Array(this.#rows.length);
		// A column settles within ~1 µs (45 kΩ pull-up × ~20 pF), far less than one XS call: no wait needed.
		this.#rows.forEach((row, r) => {
			row.write(LOW);
			let closed = 0;
			this.#columns.forEach((column, c) => {
				if (column.read() === LOW) closed |= 1 << c;
			});
			rows[r] = closed;
			row.write(RELEASED);
		});
		const atMs = this.#clock.monotonicMs();
		for (const output of this.#scanner.feed({ atMs, rows })) {
			if (output.kind === "key") {
				if (this.#capture) this.#capture(output.event);
				else this.#keys.emit(output.event);
			}
			else this.#stuck.emit(output.stuck);
		}
		if (!this.#scanner.idle) this.#idleSinceMs = undefined;
		else if (this.#idleSinceMs === undefined) this.#idleSinceMs = atMs;
		else if (atMs - this.#idleSinceMs >= this.#idleStopMs) this.#stopScanning();
	}

	#stopScanning(): void {
		this.#timer?.cancel();
		this.#timer = undefined;
		// Idle: every row low, so the next key press is a falling edge on its column.
		for (const row of this.#rows) row.write(LOW);
	}
}
