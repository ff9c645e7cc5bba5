// The matrix keypad driver (device/moddable/keypad.ts) on fake ECMA-419 Digital rows and a fake DigitalBank
// of columns wired through a simulated key matrix, with the virtual clock as its timer.

import { assert } from "../../support/assert.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { MatrixKeypad, type ColumnBank } from "../../../device/moddable/keypad.js";
import type { DigitalBankClass, DigitalBankPort, DigitalClass, DigitalPort } from "../../../device/moddable/io.js";
import type { KeyCode, KeyEvent } from "../../../hal/keypad.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../../host-sim/hal/virtual-clock.js";

const INPUT_PULL_UP = 1;
const OUTPUT_OPEN_DRAIN = 9;

/** Rows (by pin) and columns (by bank bit) joined by keys: a closed key pulls its column to its row's level. */
class Matrix {
	readonly rows = new Map<number, { level: number; mode: unknown; closed: boolean }>();
	readonly banks: { options: ConstructorParameters<DigitalBankClass>[0]; closed: boolean }[] = [];
	readonly #closedKeys = new Set<string>();
	reads = 0;

	/** The column bits as read now: 1 (pull-up) unless a closed key joins the column to a row driven low. */
	levels(pins: number): number {
		let levels = pins;
		for (const key of this.#closedKeys) {
			const [row, bit] = key.split(":").map(Number) as [number, number];
			if (this.rows.get(row)?.level === 0) levels &= ~(1 << bit);
		}
		return levels >>> 0;
	}

	close(row: number, bit: number): void {
		const before = this.banks.map((bank) => this.levels(bank.options.pins));
		this.#closedKeys.add(`${row}:${bit}`);
		this.banks.forEach((bank, i) => {
			const fell = before[i]! & ~this.levels(bank.options.pins) & (bank.options.falls ?? 0);
			if (fell !== 0 && !bank.closed) bank.options.onReadable?.(fell);
		});
	}

	open(row: number, bit: number): void {
		this.#closedKeys.delete(`${row}:${bit}`);
	}

	get rowLevels(): number[] {
		return [...this.rows.values()].map((row) => row.level);
	}
}

function fakeIo(matrix: Matrix): { Digital: DigitalClass; DigitalBank: DigitalBankClass } {
	class Digital implements DigitalPort {
		static readonly InputPullUp = INPUT_PULL_UP;
		static readonly InputPullDown = 2;
		static readonly Output = 8;
		static readonly OutputOpenDrain = OUTPUT_OPEN_DRAIN;
		static readonly Rising = 1;
		static readonly Falling = 2;
		readonly #row: { level: number; mode: unknown; closed: boolean };

		constructor(options: { pin: number; mode: unknown }) {
			this.#row = { level: 1, mode: options.mode, closed: false };
			matrix.rows.set(options.pin, this.#row);
		}

		read(): number {
			return this.#row.level;
		}

		write(value: 0 | 1): void {
			if (this.#row.closed) throw new Error("closed");
			this.#row.level = value;
		}

		close(): void {
			this.#row.closed = true;
		}
	}
	class DigitalBank implements DigitalBankPort {
		static readonly InputPullUp = INPUT_PULL_UP;
		readonly #bank: Matrix["banks"][number];

		constructor(options: ConstructorParameters<DigitalBankClass>[0]) {
			this.#bank = { options, closed: false };
			matrix.banks.push(this.#bank);
		}

		read(): number {
			if (this.#bank.closed) throw new Error("closed");
			matrix.reads++;
			return matrix.levels(this.#bank.options.pins);
		}

		write(): void {
			throw new Error("an input bank");
		}

		close(): void {
			this.#bank.closed = true;
		}
	}
	return { Digital, DigitalBank };
}

const ROWS = TEST_BOARD.keypad.rows;

/** A keypad on the posterm-s3 matrix; columns at `bits` of bank `bank` (the board's GPIOs by default). */
function keypad(options: { bits?: readonly number[]; bank?: number; closedAtStart?: readonly KeyCode[] } = {}) {
	const matrix = new Matrix();
	const clock = new VirtualClock(VIRTUAL_EPOCH_MS);
	const { Digital, DigitalBank } = fakeIo(matrix);
	const columns: ColumnBank = {
		io: DigitalBank,
		bits: options.bits ?? TEST_BOARD.keypad.columns,
		...(options.bank === undefined ? {} : { bank: options.bank }),
	};
	const where = (key: KeyCode): [number, number] => {
		const row = TEST_BOARD.keypad.map.findIndex((keys) => keys.includes(key));
		return [ROWS[row]!, columns.bits[TEST_BOARD.keypad.map[row]!.indexOf(key)]!];
	};
	const press = (key: KeyCode) => matrix.close(...where(key));
	const release = (key: KeyCode) => matrix.open(...where(key));
	// A key held at power-on is closed before the driver opens its IO.
	for (const key of options.closedAtStart ?? []) press(key);
	const unit = new MatrixKeypad({ rows: ROWS.map((pin) => ({ io: Digital, pin })), columns, keypad: TEST_BOARD.keypad, clock });
	const events: string[] = [];
	unit.onKey((event: KeyEvent) => events.push(`${event.key}${event.down ? "↓" : "↑"}`));
	const stuck: string[] = [];
	unit.onStuck((key) => stuck.push(`${key.key} ${key.cause}${key.cleared ? " cleared" : ""}`));
	return { matrix, clock, unit, events, stuck, press, release };
}

describe("matrix keypad driver (device/moddable/keypad.ts) on fake Digital rows and a DigitalBank of columns", () => {
	it("opens the rows open-drain and the columns as one pulled-up bank that wakes on a falling column", () => {
		const { matrix } = keypad();
		assert.deepEqual([...matrix.rows.keys()], [...ROWS]);
		assert.ok([...matrix.rows.values()].every((row) => row.mode === OUTPUT_OPEN_DRAIN));
		assert.equal(matrix.banks.length, 1);
		const { pins, falls, mode, bank } = matrix.banks[0]!.options;
		const mask = (1 << 16) | (1 << 17) | (1 << 18) | (1 << 8);
		assert.deepEqual([pins, falls, mode, bank], [mask, mask, INPUT_PULL_UP, undefined]);
	});

	it("scans at power-on, then stops with every row held low; a press wakes it and is reported once debounced", () => {
		const { matrix, clock, events, press, release } = keypad();
		assert.equal(clock.pendingTimers, 1, "scanning at power-on");
		clock.advance(150);
		assert.equal(clock.pendingTimers, 0, "idle: the scan timer stopped");
		assert.deepEqual(matrix.rowLevels, [0, 0, 0, 0, 0], "idle: every row low, so a key makes a falling edge");
		press("5");
		assert.equal(clock.pendingTimers, 1, "the falling edge started the scan");
		clock.advance(40);
		assert.deepEqual(events, ["5↓"]);
		release("5");
		clock.advance(40);
		assert.deepEqual(events, ["5↓", "5↑"]);
		clock.advance(200);
		assert.equal(clock.pendingTimers, 0, "idle again");
	});

	it("reads all the columns with one DigitalBank read per row per scan", () => {
		const { matrix, clock, press } = keypad();
		clock.advance(150);
		press("1");
		const before = matrix.reads;
		clock.advance(5);
		assert.equal(matrix.reads - before, ROWS.length);
	});

	it("decodes each column from its bit of the bank: a GPIO expander's bank with the columns in another order", () => {
		const { matrix, clock, events, press, release } = keypad({ bank: 1, bits: [3, 2, 1, 0] });
		assert.deepEqual([matrix.banks[0]!.options.pins, matrix.banks[0]!.options.bank], [0b1111, 1]);
		clock.advance(150);
		for (const key of ["1", "CANCEL", "0", "F2"] as const) {
			press(key);
			clock.advance(40);
			release(key);
			clock.advance(40);
		}
		assert.deepEqual(events, ["1↓", "1↑", "CANCEL↓", "CANCEL↑", "0↓", "0↑", "F2↓", "F2↑"]);
	});

	it("reports a key held at power-on as stuck, not pressed, until it is released", () => {
		const { clock, events, stuck, release } = keypad({ closedAtStart: ["ENTER"] });
		clock.advance(40);
		release("ENTER");
		clock.advance(40);
		assert.deepEqual([events, stuck], [[], ["ENTER down-at-start", "ENTER down-at-start cleared"]]);
	});

	it("hands every key to the secure element while it captures the keypad, and to no one else", () => {
		const { clock, unit, events, press, release } = keypad();
		const captured: string[] = [];
		unit.capture((event) => captured.push(`${event.key}${event.down ? "↓" : "↑"}`));
		clock.advance(150);
		press("7");
		clock.advance(40);
		release("7");
		clock.advance(40);
		assert.deepEqual([captured, events], [["7↓", "7↑"], []]);
		unit.capture(undefined);
		press("8");
		clock.advance(40);
		assert.deepEqual([captured, events], [["7↓", "7↑"], ["8↓"]]);
	});

	it("close() stops the scan and releases the rows and the bank; no key is reported after it", () => {
		const { matrix, clock, unit, events, press } = keypad();
		press("3");
		unit.close();
		assert.equal(clock.pendingTimers, 0);
		assert.ok([...matrix.rows.values()].every((row) => row.closed) && matrix.banks[0]!.closed);
		clock.advance(100);
		press("4");
		clock.advance(100);
		assert.deepEqual(events, []);
		unit.close();
	});
});
