// The default board (hal/boards/posterm-s3.json) as a module, for portable tests: XS cannot import JSON.
// test/node/boards.test.ts checks that it matches the JSON file.

import type { BoardDescription } from "../../hal/board.js";

export const TEST_BOARD: BoardDescription = {
	model: "posterm-s3",
	hardwareRevision: "A1",
	display: {
		controller: "ili9341",
		width: 320,
		height: 240,
		rotation: 90,
		spi: { port: 2, hz: 40000000, sclk: 12, mosi: 11 },
		cs: 10,
		dc: 9,
		backlight: 21,
	},
	keypad: {
		rows: [4, 5, 6, 7, 15],
		columns: [16, 17, 18, 8],
		diodes: false,
		map: [
			["1", "2", "3", "CANCEL"],
			["4", "5", "6", "CLEAR"],
			["7", "8", "9", "ENTER"],
			[".", "0", "00", "MENU"],
			["F1", "UP", "DOWN", "F2"],
		],
	},
	printer: {
		uart: { port: 1, baud: 115200, transmit: 47, receive: 48 },
		flowControl: "xon-xoff",
		dots: 384,
		cutter: false,
	},
	magstripe: {
		channels: [
			{ pin: 41, track: 1 },
			{ pin: 2, track: 2 },
			{ pin: 3, track: 3 },
		],
		resolutionNs: 1000,
		idleUs: 20000,
	},
	jig: { uart: { port: 0, baud: 115200, transmit: 43, receive: 44 }, detect: 0 },
	beeper: { pin: 38 },
	leds: { power: 39, online: 40, error: 45 },
	tamper: { pin: 42, activeLow: true },
	battery: { adcChannel: 0, dividerRatio: 2, charging: 46 },
	cardReaders: {
		i2c: { port: 0, hz: 400000, data: 13, clock: 14 },
		contact: {
			address: 72,
			bridgeClockHz: 14284800,
			cardClockHz: 3571200,
			voltage: "5V",
			lines: { cmdvcc: 0, rstin: 1, voltage: 2, presence: 3, off: 4 },
		},
		contactless: { address: 36 },
	},
	partitions: [{ name: "journal", byteLength: 524288 }],
};
