// The jig line (device/moddable/jig-port.ts) on a fake ECMA-419 Serial and strap: lines split across reads,
// CR LF, a line far longer than the port's first buffer, the longest line accepted, a longer one dropped whole
// and reported, the strap read once, and close() releasing the UART.

import { assert } from "../../support/assert.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { FakeSerial } from "../../support/fake-serial.js";
import { utf8Encode } from "../../../src/text/utf8.js";
import { SerialJigPort } from "../../../device/moddable/jig-port.js";
import { JIG_MAX_LINE_BYTES } from "../../../hal/jig-port.js";
import type { DigitalPort } from "../../../device/moddable/io.js";

/** The jig-detect strap: reads `level`; counts its reads. */
class FakeStrap implements DigitalPort {
	static level = 1;
	static reads = 0;
	static readonly InputPullUp = "input-pull-up";
	static readonly InputPullDown = "input-pull-down";
	static readonly Output = "output";
	static readonly OutputOpenDrain = "output-open-drain";
	static readonly Rising = 1;
	static readonly Falling = 2;
	closed = false;
	read(): number {
		FakeStrap.reads++;
		return FakeStrap.level;
	}
	write(): void {}
	close(): void {
		this.closed = true;
	}
}

function jig(level = 1) {
	FakeStrap.level = level;
	FakeStrap.reads = 0;
	const { uart, detect } = TEST_BOARD.jig;
	const port = new SerialJigPort({ serial: { io: FakeSerial, ...uart }, detect: { io: FakeStrap, pin: detect } });
	const lines: string[] = [];
	let tooLong = 0;
	port.onLine(
		(line) => lines.push(line),
		() => tooLong++,
	);
	return { port, serial: FakeSerial.last!, lines, tooLong: () => tooLong };
}

const ascii = (text: string) => [...utf8Encode(text)];

/** Sends `text` in reads of at most 700 bytes, as a UART's FIFO would hand it over. */
function send(serial: FakeSerial, text: string): void {
	for (let at = 0; at < text.length; at += 700) serial.receive(ascii(text.slice(at, at + 700)));
}

describe("serial jig port (device/moddable/jig-port.ts) on a fake Serial", () => {
	it("reads the strap once, active low", () => {
		assert.equal(jig(0).port.detected, true);
		assert.equal(FakeStrap.reads, 1);
		assert.equal(jig(1).port.detected, false);
	});

	it("splits lines across reads and drops the CR of CR LF", () => {
		const { serial, lines } = jig();
		serial.receive(ascii("RUN di"));
		serial.receive(ascii("splay\r\nPING\nPA"));
		assert.deepEqual(lines, ["RUN display", "PING"]);
		serial.receive(ascii("RT 2\n"));
		assert.deepEqual(lines, ["RUN display", "PING", "PART 2"]);
	});

	it("hands on a line that is not UTF-8 as U+FFFD, for the session to refuse", () => {
		const { serial, lines } = jig();
		serial.receive([0x52, 0xc3, 0x28, 0x0a]);
		assert.deepEqual(lines, ["\uFFFD"]);
	});

	it("keeps a line far longer than its first buffer, and the longest line allowed, whole", () => {
		const { serial, lines, tooLong } = jig();
		const long = "A".repeat(1000) + "é";
		const longest = "B".repeat(JIG_MAX_LINE_BYTES);
		send(serial, `${long}\n${longest}\n`);
		assert.deepEqual(lines, [long, longest]);
		assert.equal(tooLong(), 0);
	});

	it("drops a line one byte over the limit whole, reports it, and reads the next line", () => {
		const { serial, lines, tooLong } = jig();
		send(serial, `${"C".repeat(JIG_MAX_LINE_BYTES + 1)}\nNEXT\n`);
		assert.deepEqual(lines, ["NEXT"]);
		assert.equal(tooLong(), 1);
	});

	it("sends a line with its newline as the UART has room, and refuses a newline inside", () => {
		const { port, serial } = jig();
		port.writeLine("READY");
		assert.deepEqual(serial.written, []);
		serial.room(3);
		serial.room(64);
		assert.equal(String.fromCharCode(...serial.written), "READY\n");
		assert.throws(() => port.writeLine("A\nB"), RangeError);
	});

	it("releases the UART on close and receives nothing after", () => {
		const { port, serial, lines } = jig();
		port.close();
		assert.equal(serial.closed, true);
		serial.incoming.push(...ascii("LATE\n"));
		assert.deepEqual(lines, []);
	});
});
