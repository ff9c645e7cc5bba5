import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { boardNames, loadBoard } from "../../host-sim/hal/boards.js";
import { checkBoard, OCTAL_PSRAM_PINS, panelPixelFormat, USB_PINS } from "../../hal/board.js";
import { isKeyCode, KEY_CODES } from "../../hal/keypad.js";
import { TEST_BOARD } from "../support/test-board.js";
import { repoRoot } from "../../host-sim/tools/xs.js";

/** The pins board `name`'s ESP32 build takes, read from its manifest (USE_USB) and sdkconfig (octal PSRAM). */
function buildPins(name: string): Map<number, string> {
	const dir = join(repoRoot, "device/moddable/boards", name);
	const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
		platforms?: { esp32?: { build?: { USE_USB?: string } } };
	};
	const sdkconfig = join(dir, "sdkconfig/sdkconfig.defaults");
	const octal = existsSync(sdkconfig) && /^CONFIG_SPIRAM_MODE_OCT=y$/m.test(readFileSync(sdkconfig, "utf8"));
	const usb = (manifest.platforms?.esp32?.build?.USE_USB ?? "0") !== "0";
	return new Map([...(octal ? OCTAL_PSRAM_PINS : []), ...(usb ? USB_PINS : [])]);
}

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
				for (const key of ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "CANCEL", "CLEAR", "ENTER"])
					assert.ok(seen.has(key), `no ${key} key`);
				assert.ok(seen.size <= KEY_CODES.length);
			});
			it("passes the board check the device runs at boot (each GPIO used once, keys known)", () => {
				assert.equal(checkBoard(board), undefined);
			});
			it("keeps off the pins its ESP32 build takes (USB Serial/JTAG, octal PSRAM)", () => {
				assert.equal(checkBoard(board, buildPins(name)), undefined);
			});
			it("has a journal partition of whole 4 KiB sectors", () => {
				const journal = board.partitions.find((p) => p.name === "journal");
				assert.ok(journal && journal.byteLength % 4096 === 0);
			});
		});
	}

	it("renders RGB565 for the colour TFT controllers and one bit per pixel for the monochrome ones", () => {
		assert.deepEqual((["ili9341", "st7789", "st7565", "ssd1306"] as const).map(panelPixelFormat), [
			"rgb565",
			"rgb565",
			"mono1",
			"mono1",
		]);
		assert.equal(panelPixelFormat(loadBoard("posterm-s3").display.controller), "rgb565");
		assert.equal(panelPixelFormat(loadBoard("posterm-mono").display.controller), "mono1");
	});

	it("the board check names a GPIO used twice", () => {
		const board = loadBoard("posterm-s3");
		const clash = { ...board, beeper: { pin: board.tamper.pin } };
		assert.equal(checkBoard(clash), `GPIO ${board.tamper.pin} is both beeper and tamper`);
	});

	it("both boards carry the chip readers on an I2C bus of free GPIOs; the check names a clash and a bad bridge line", () => {
		for (const name of boardNames()) {
			const readers = loadBoard(name).cardReaders;
			assert.ok(readers?.contact && readers.contactless, name);
			assert.deepEqual([readers.contact.address, readers.contactless.address], [0x48, 0x24]);
			assert.equal(
				readers.contact.bridgeClockHz,
				4 * readers.contact.cardClockHz,
				"one oscillator: the card clock is CLKDIV 4 of it",
			);
		}
		const board = loadBoard("posterm-s3");
		const readers = board.cardReaders!;
		assert.equal(
			checkBoard({ ...board, cardReaders: { ...readers, i2c: { ...readers.i2c, clock: board.tamper.pin } } }),
			`GPIO ${board.tamper.pin} is both tamper and card readers' I2C clock`,
		);
		const lines = { ...readers.contact!.lines, off: readers.contact!.lines.rstin };
		assert.equal(
			checkBoard({ ...board, cardReaders: { ...readers, contact: { ...readers.contact!, lines } } }),
			"cardReaders.contact.lines: the bridge's GPIOs 0–7, each once",
		);
		assert.equal(
			checkBoard({ ...board, cardReaders: { ...readers, contactless: { address: 0x48 } } }),
			"cardReaders: two devices at one I2C address",
		);
	});

	it("the board check reports the battery ADC channel's GPIO when it clashes", () => {
		const board = loadBoard("posterm-s3");
		const clash = { ...board, battery: { ...board.battery, adcChannel: 1 } }; // ADC1 channel 1 = GPIO 2 = track 2
		assert.match(checkBoard(clash) ?? "", /GPIO 2 is both magstripe track 2 and battery ADC1 channel 1/);
	});

	it("posterm-s3's build takes the USB pins and the octal PSRAM's; the check names a function put on either, on the flash or on no pin", () => {
		const board = loadBoard("posterm-s3");
		const pins = buildPins("posterm-s3");
		assert.deepEqual(
			[...pins.keys()].sort((a, b) => a - b),
			[19, 20, 33, 34, 35, 36, 37],
		);
		const onUsb = { ...board, printer: { ...board.printer, uart: { ...board.printer.uart, transmit: 19, receive: 20 } } };
		assert.equal(checkBoard(onUsb), undefined, "the boot check cannot see the build");
		assert.equal(checkBoard(onUsb, pins), "GPIO 19 is both USB D− and printer tx");
		assert.equal(checkBoard({ ...board, beeper: { pin: 36 } }, pins), "GPIO 36 is both octal PSRAM and beeper");
		assert.equal(checkBoard({ ...board, beeper: { pin: 30 } }), "GPIO 30 is the SPI flash's: not for beeper");
		assert.equal(checkBoard({ ...board, beeper: { pin: 23 } }), "GPIO 23 does not exist on the ESP32-S3: not for beeper");
		assert.equal(checkBoard({ ...board, beeper: { pin: 49 } }), "GPIO 49 does not exist on the ESP32-S3: not for beeper");
	});
});
