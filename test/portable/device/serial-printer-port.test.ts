// The printer UART driver (device/moddable/printer-port.ts) on a fake ECMA-419 Serial: the driver writes only
// what the transmit buffer has room for (onWritable's count), RTS/CTS goes to the UART, a held CTS shows as a
// buffer that stops draining, and close() releases the port.

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
	it("opens the board's UART in buffer mode, with hardware flow control on its RTS and CTS pins", () => {
		const { serial } = port("rts-cts");
		const { port: number, baud, transmit, receive, flowControl, requestToSend, clearToSend, format } = serial.options;
		assert.deepEqual(
			[number, baud, transmit, receive, flowControl, requestToSend, clearToSend, format],
			[1, 115200, 19, 20, "hardware", 47, 48, "buffer"],
		);
		const none = port("xon-xoff").serial.options;
		assert.deepEqual([none.flowControl, "requestToSend" in none, "clearToSend" in none], ["none", false, false]);
	});

	it("refuses RTS/CTS on a board that names no RTS or CTS pin", () => {
		const { rts: _rts, ...withoutRts } = TEST_BOARD.printer.uart;
		assert.throws(() => port("rts-cts", withoutRts), RangeError);
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

	it("with RTS/CTS, a printer holding CTS shows as a transmit buffer that stops draining", () => {
		const { printer, serial } = port("rts-cts");
		assert.equal(printer.clearToSend(), false);
		serial.room(2);
		assert.equal(printer.clearToSend(), true);
		printer.write(Uint8Array.of(0x1b, 0x40));
		assert.equal(printer.clearToSend(), false, "CTS held: the buffer is full and does not drain");
		serial.room(64);
		assert.equal(printer.clearToSend(), true);
	});

	it("without RTS/CTS is always clear to send; XON/XOFF and status bytes arrive as data", () => {
		const { printer, serial } = port("xon-xoff");
		assert.equal(printer.clearToSend(), true);
		const data: number[][] = [];
		printer.onData((bytes) => data.push([...bytes]));
		serial.receive([0x13]);
		serial.receive([0x11, 0x12]);
		assert.deepEqual(data, [[0x13], [0x11, 0x12]]);
	});

	it("close() releases the UART: nothing is written, nothing is clear to send, no events follow", () => {
		const { printer, serial } = port("rts-cts");
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
