import { strict as assert } from "node:assert";
import { boardNames, loadBoard } from "../../host-sim/hal/boards.js";
import { isKeyCode, KEY_CODES } from "../../hal/keypad.js";
import { TEST_BOARD } from "../support/test-board.js";

describe("board descriptions (hal/boards/*.json)", () => {
	it("the portable tests' board is the default board file, field for field", () => {
		assert.deepEqual(TEST_BOARD, loadBoard("posterm-s3"));
	});

	for (const name of boardNames()) {
		describe(name, () => {
			const board = loadBoard(name);
			it("maps every keypad position to a known key, each key once, and fits the matrix", () => {
				assert.equal(board.keypad.map.length, board.keypad.rows.length);
				const seen = new Set<string>();
				for (const row of board.keypad.map) {
					assert.equal(row.length, board.keypad.columns.length);
					for (const key of row) {
						if (key === null) continue;
						assert.ok(isKeyCode(key), `unknown key ${key}`);
						assert.ok(!seen.has(key), `key ${key} mapped twice`);
						seen.add(key);
					}
				}
				for (const key of ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "CANCEL", "CLEAR", "ENTER"]) assert.ok(seen.has(key), `no ${key} key`);
				assert.ok(seen.size <= KEY_CODES.length);
			});
			it("uses each GPIO for one purpose only", () => {
				const pins = [
					...board.keypad.rows, ...board.keypad.columns,
					board.display.cs, board.display.dc, board.display.spi.sclk, board.display.spi.mosi,
					...[board.display.spi.miso, board.display.reset, board.display.backlight].filter((p) => p !== undefined),
					board.printer.uart.transmit, board.printer.uart.receive,
					...[board.printer.uart.rts, board.printer.uart.cts].filter((p) => p !== undefined),
					board.jig.uart.transmit, board.jig.uart.receive, board.jig.detect, board.battery.charging,
					...board.magstripe.channels.map((c) => c.pin),
					board.beeper.pin, board.tamper.pin, ...Object.values(board.leds),
				];
				assert.equal(new Set(pins).size, pins.length, `a GPIO is used twice in ${name}`);
			});
			it("has a journal partition of whole 4 KiB sectors", () => {
				const journal = board.partitions.find((p) => p.name === "journal");
				assert.ok(journal && journal.byteLength % 4096 === 0);
			});
		});
	}
});
