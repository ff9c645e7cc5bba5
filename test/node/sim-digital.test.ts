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
// loaded by path, with the part of their API used here.
interface DigitalPin {
	read(): 0 | 1;
}
interface DigitalClass {
	new (options: { pin: number; mode: number; edge?: number; onReadable?: () => void }): DigitalPin;
	readonly InputPullUp: number;
	readonly Falling: number;
}
interface MatrixKeypadClass {
	new (options: { Digital: DigitalClass; keypad: BoardKeypad; clock: Clock }): { onKey(handler: (event: KeyEvent) => void): unknown };
}
const digitalPath: string = "../../device/moddable/sim/digital.js";
const keypadPath: string = "../../device/moddable/keypad.js";
const { default: Digital } = (await import(digitalPath)) as { default: DigitalClass };
const { MatrixKeypad } = (await import(keypadPath)) as { MatrixKeypad: MatrixKeypadClass };

describe("mcsim's digital stand-in on the simulated wires", () => {
	const screen = simulatorScreenPerTest();

	it("a key held by the simulator device reaches the MatrixKeypad as that key, down then up", () => {
		const board = loadBoard("posterm-s3");
		const clock = new VirtualClock(0);
		const keypad = new MatrixKeypad({ Digital, keypad: board.keypad, clock });
		const events: KeyEvent[] = [];
		keypad.onKey((event) => events.push(event));
		clock.advance(200);
		// Row 2, column 2 of posterm-s3's map is "9".
		const pins = [board.keypad.rows[2], board.keypad.columns[2]];
		screen.post({ join: pins });
		clock.advance(100);
		screen.post({ part: pins });
		clock.advance(200);
		assert.deepEqual(events.map((e) => [e.key, e.down]), [["9", true], ["9", false]]);
	});

	it("an input reads its pull level, low while joined to ground, and signals the falling edge", () => {
		let edges = 0;
		const tamper = new Digital({ pin: 42, mode: Digital.InputPullUp, edge: Digital.Falling, onReadable: () => edges++ });
		assert.equal(tamper.read(), 1);
		screen.post({ join: [42, "ground"] });
		assert.equal(tamper.read(), 0);
		assert.equal(edges, 1);
		screen.post({ part: [42, "ground"] });
		assert.equal(tamper.read(), 1);
		assert.equal(edges, 1);
	});
});
