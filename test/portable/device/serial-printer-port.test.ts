// The printer UART driver (device/moddable/printer-port.ts) on a fake ECMA-419 Serial: the driver writes only
// what the transmit buffer has room for (onWritable's count), RTS/CTS is refused (Moddable's ESP32 serial has
// no hardware flow control), XON/XOFF arrive as data, and close() releases the port.

import { assert } from "../../support/assert.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { SerialPrinterPort } from "../../../device/moddable/printer-port.js";
import { FakeSerial } from "../../support/fake-serial.js";
import type { FlowControl } from "../../../hal/printer-port.js";
import type { BoardUart } from "../../../hal/board.js";

function port(flowControl: FlowControl = TEST_BOARD.printer.flowControl, uart: BoardUart = TEST_BOARD.printer.uart) {
	const printer = new SerialPrinterPort({ serial: { io: FakeSerial, ...uart }, flowControl });
	return { printer, serial: FakeSerial.last! };
}

describe("serial printer port (device/moddable/printer-port.ts) on a fake Serial", () => {
	it("opens the board's UART in buffer mode on its TX and RX pins, and nothing else", () => {
		const { serial } = port();
		const { port: number, baud, transmit, receive, format } = serial.options;
		assert.deepEqual([number, baud, transmit, receive, format], [1, 115200, 47, 48, "buffer"]);
		assert.deepEqual(Object.keys(serial.options).sort(), ["baud", "format", "onReadable", "onWritable", "port", "receive", "transmit"]);
	});

	it("refuses RTS/CTS, which the device's serial would leave unconnected, before opening the UART", () => {
		FakeSerial.last = undefined;
		assert.throws(
			() =>
				new SerialPrinterPort({ serial: { io: FakeSerial, ...TEST_BOARD.printer.uart, rts: 45, cts: 46 }, flowControl: "rts-cts" }),
			RangeError,
		);
		assert.equal(FakeSerial.last, undefined);
	});

	it("writes only what the transmit buffer has room for, and says when it has room again", () => {
		const { printer, serial } = port();
		let writable = 0;
		printer.onWritable(() => writable++);
		assert.equal(printer.write(Uint8Array.of(1, 2, 3)), 0, "no room before the UART reports any");
		serial.room(4);
		assert.equal(writable, 1);
		assert.equal(printer.write(Uint8Array.of(1, 2, 3, 4, 5, 6)), 4);
		assert.equal(printer.write(Uint8Array.of(5, 6)), 0, "the buffer is full until the next onWritable");
		serial.room(8);
		assert.equal(printer.write(Uint8Array.of(5, 6)), 2);
		assert.deepEqual(serial.written, [1, 2, 3, 4, 5, 6]);
		assert.equal(writable, 2);
	});

	it("is always clear to send while open; XON/XOFF and status bytes arrive as data", () => {
		const { printer, serial } = port("xon-xoff");
		assert.equal(printer.clearToSend(), true);
		const data: number[][] = [];
		printer.onData((bytes) => data.push([...bytes]));
		serial.receive([0x13]);
		serial.receive([0x11, 0x12]);
		assert.deepEqual(data, [[0x13], [0x11, 0x12]]);
	});

	it("close() releases the UART: nothing is written, nothing is clear to send, no events follow", () => {
		const { printer, serial } = port();
		serial.room(16);
		let events = 0;
		printer.onWritable(() => events++);
		printer.onData(() => events++);
		printer.close();
		assert.equal(serial.closed, true);
		assert.deepEqual([printer.write(Uint8Array.of(1)), printer.clearToSend()], [0, false]);
		serial.options.onWritable(16);
		serial.options.onReadable(1);
		assert.deepEqual([events, serial.written], [0, []]);
		printer.close();
	});
});
