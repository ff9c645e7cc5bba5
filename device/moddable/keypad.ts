// Matrix keypad on ECMA-419 digital IO (docs/device-keypad.md). Rows are open-drain outputs driven low one at a
// time; the columns are inputs with pull-ups, read together as one DigitalBank (one read per row, and a GPIO
// expander's DigitalBank can stand in for the SoC's). While idle every row is held low, so any key pulls its
// column low and the falling edge starts a scan timer; scanning stops once the scanner has been idle for a while.

import type { Clock, Timer } from "../../hal/clock.js";
import type { KeyEvent, Keypad } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { SecureKeypadPort } from "../../hal/secure-element.js";
import { MatrixScanner, type StuckKey } from "../../src/keypad/matrix-scanner.js";
import { Listeners } from "../../hal/listeners.js";
import type { BoardKeypad } from "../../hal/board.js";
import type { DigitalBankClass, DigitalBankPort, DigitalClass, DigitalPort, PinIo } from "./io.js";

/** The column inputs as one DigitalBank: column c is bit `bits[c]` of the bank's read. */
export interface ColumnBank {
	readonly io: DigitalBankClass;
	/** The bank to open (ESP32: bank 0 is GPIO 0–31, bank 1 GPIO 32–48). */
	readonly bank?: number;
	readonly bits: readonly number[];
}

export interface MatrixKeypadOptions {
	/** One output per row, in the order of `keypad.map`'s rows. */
	readonly rows: readonly PinIo<DigitalClass>[];
	readonly columns: ColumnBank;
	/** The key map and diodes (the board's pins are in `rows` and `columns`). */
	readonly keypad: Pick<BoardKeypad, "map" | "diodes">;
	readonly clock: Clock;
	/** Scan period while a key may be down. Default 5 ms (Zephyr kbd-matrix poll-period-ms). */
	readonly scanPeriodMs?: number;
	/** Stop scanning after all keys read open for this long. Default 100 ms (Zephyr poll-timeout-ms). */
	readonly idleStopMs?: number;
}

const LOW = 0;
const RELEASED = 1;

export class MatrixKeypad implements Keypad, SecureKeypadPort {
	readonly #rows: DigitalPort[];
	readonly #columns: DigitalBankPort;
	readonly #columnBits: readonly number[];
	readonly #clock: Clock;
	readonly #scanner: MatrixScanner;
	readonly #scanPeriodMs: number;
	readonly #idleStopMs: number;
	readonly #keys = new Listeners<KeyEvent>();
	readonly #stuck = new Listeners<StuckKey>();
	#capture: ((event: KeyEvent) => void) | undefined;
	#timer: Timer | undefined;
	#idleSinceMs: number | undefined;
	#closed = false;

	constructor(options: MatrixKeypadOptions) {
		const { rows, columns, keypad, clock } = options;
		if (rows.length !== keypad.map.length || columns.bits.length !== (keypad.map[0]?.length ?? 0))
			throw new RangeError("rows and columns must fit keypad.map");
		this.#clock = clock;
		this.#scanPeriodMs = options.scanPeriodMs ?? 5;
		this.#idleStopMs = options.idleStopMs ?? 100;
		this.#scanner = new MatrixScanner({ map: keypad.map, diodes: keypad.diodes });
		// Open drain: two rows joined through two closed keys of one column never fight (no diodes on posterm-s3).
		this.#rows = rows.map(({ io, pin }) => new io({ pin, mode: io.OutputOpenDrain }));
		const pins = columns.bits.reduce((mask, bit) => mask | (1 << bit), 0) >>> 0;
		this.#columnBits = columns.bits;
		this.#columns = new columns.io({
			pins,
			...(columns.bank === undefined ? {} : { bank: columns.bank }),
			mode: columns.io.InputPullUp,
			falls: pins,
			onReadable: () => this.#startScanning(),
		});
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

	/** Stops scanning and releases the rows and the column bank. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#timer?.cancel();
		this.#timer = undefined;
		this.#capture = undefined;
		this.#columns.close();
		for (const row of this.#rows) row.close();
	}

	#startScanning(): void {
		if (this.#timer || this.#closed) return;
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
			const levels = this.#columns.read();
			let closed = 0;
			this.#columnBits.forEach((bit, c) => {
				if (((levels >>> bit) & 1) === LOW) closed |= 1 << c;
			});
			rows[r] = closed;
			row.write(RELEASED);
		});
		const atMs = this.#clock.monotonicMs();
		for (const output of this.#scanner.feed({ atMs, rows })) {
			if (output.kind === "key") {
				if (this.#capture) this.#capture(output.event);
				else this.#keys.emit(output.event);
			} else this.#stuck.emit(output.stuck);
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
