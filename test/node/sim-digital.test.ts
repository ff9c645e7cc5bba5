// The desktop simulator's stand-in for embedded:io/digital: the posterm device of mcsim (device/mcsim) joins a
// row pin to a column pin while a key is held, through `screen.onMessage`; the firmware's MatrixKeypad scans
// the stand-in's pins unchanged and reports the key of the board's map at that crossing.

import { strict as assert } from "node:assert";
import type { BoardKeypad } from "../../hal/board.js";
import type { Clock } from "../../hal/clock.js";
import type { KeyEvent } from "../../hal/keypad.js";
import { loadBoard } from "../../host-sim/hal/boards.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { simulatorScreenPerTest } from "./support/simulator-screen.js";

// The device modules are typed against Moddable's typings (device/moddable/tsconfig.json), not this project's:
// loaded by path, with the part of their API used here. The Digital stand-in imports the bank by its Moddable
// name ("embedded:io/digitalbank"), which Node cannot resolve: the rows here are one-pin banks, as it is.
interface BankOptions {
	pins: number;
	bank?: number;
	mode: number;
	falls?: number;
	onReadable?: (triggered: number) => void;
}
interface DigitalBankPort {
	read(): number;
	write(value: number): void;
	close(): void;
}
interface DigitalBankClass {
	new (options: BankOptions): DigitalBankPort;
	readonly InputPullUp: number;
	readonly OutputOpenDrain: number;
}
interface MatrixKeypadClass {
	new (options: {
		rows: readonly { io: unknown; pin: number }[];
		columns: { io: DigitalBankClass; bank: number; bits: readonly number[] };
		keypad: BoardKeypad;
		clock: Clock;
	}): { onKey(handler: (event: KeyEvent) => void): unknown };
}
const bankPath: string = "../../device/moddable/sim/digitalbank.js";
const keypadPath: string = "../../device/moddable/keypad.js";
const { default: DigitalBank } = (await import(bankPath)) as { default: DigitalBankClass };
const { MatrixKeypad } = (await import(keypadPath)) as { MatrixKeypad: MatrixKeypadClass };

/** One pin of the bank stand-in, as device/moddable/sim/digital.ts makes it. */
class RowPin extends DigitalBank {
	static override readonly OutputOpenDrain = DigitalBank.OutputOpenDrain;
	constructor(options: { pin: number; mode: number }) {
		super({ pins: 1 << (options.pin & 31), bank: options.pin >> 5, mode: options.mode });
	}
	override write(value: number): void {
		super.write(value ? ~0 : 0);
	}
}

describe("mcsim's digital stand-ins on the simulated wires", () => {
	const screen = simulatorScreenPerTest();

	it("a key held by the simulator device reaches the MatrixKeypad as that key, down then up", () => {
		const board = loadBoard("posterm-s3");
		const clock = new VirtualClock(0);
		const bank = board.keypad.columns[0]! >> 5;
		const columns = { io: DigitalBank, bank, bits: board.keypad.columns.map((pin) => pin & 31) };
		const keypad = new MatrixKeypad({
			rows: board.keypad.rows.map((pin) => ({ io: RowPin, pin })),
			columns,
			keypad: board.keypad,
			clock,
		});
		const events: KeyEvent[] = [];
		keypad.onKey((event) => events.push(event));
		clock.advance(200);
		// Row 2, column 2 of posterm-s3's map is "9".
		const pins = [board.keypad.rows[2], board.keypad.columns[2]];
		screen.post({ join: pins });
		clock.advance(100);
		screen.post({ part: pins });
		clock.advance(200);
		assert.deepEqual(
			events.map((e) => [e.key, e.down]),
			[
				["9", true],
				["9", false],
			],
		);
	});

	it("an input reads its pull level, low while joined to ground, and signals the falling edge", () => {
		let edges = 0;
		const tamper = new DigitalBank({
			pins: 1 << (42 & 31),
			bank: 1,
			mode: DigitalBank.InputPullUp,
			falls: 1 << (42 & 31),
			onReadable: () => edges++,
		});
		assert.equal(tamper.read(), 1 << 10);
		screen.post({ join: [42, "ground"] });
		assert.equal(tamper.read(), 0);
		assert.equal(edges, 1);
		screen.post({ part: [42, "ground"] });
		assert.equal(tamper.read(), 1 << 10);
		assert.equal(edges, 1);
	});
});
