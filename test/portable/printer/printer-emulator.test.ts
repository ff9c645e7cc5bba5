import { assert } from "../../support/assert.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import { SimPrinterPort } from "../../../host-sim/hal/sim-printer-port.js";
import { attachPrinter } from "../../../host-sim/printer/attach-printer.js";
import { EscPosInterpreter } from "../../../host-sim/printer/escpos-interpreter.js";
import { NO_CJK_FONT } from "../../../host-sim/printer/printer-fonts.js";
import { buildQrSymbol } from "../../../host-sim/printer/qr-symbol.js";
import { buildCode128 } from "../../../host-sim/printer/code128-symbol.js";
import type { FlowControl } from "../../../hal/printer-port.js";

const decodeGbk = (lead: number, trail: number) => (lead === 0xd6 && trail === 0xd0 ? "中" : undefined);

function rig(flowControl: FlowControl = "rts-cts", speedMmPerS = 80) {
	const clock = new VirtualClock(0);
	const port = new SimPrinterPort(115200, flowControl, clock);
	const printer = attachPrinter(port, clock, { decodeGbk, cjkFont: NO_CJK_FONT, speedMmPerS });
	const received: number[] = [];
	port.onData((bytes) => received.push(...bytes));
	/** Writes everything, ignoring flow control, as a careless driver would. */
	const blast = (bytes: Uint8Array) => {
		let at = 0;
		for (let guard = 0; at < bytes.length && guard < 1_000_000; guard++) {
			at += port.write(bytes.subarray(at));
			if (at < bytes.length) clock.advance(1);
		}
	};
	return { clock, port, printer, received, blast };
}

function bytes(...parts: (string | number[])[]): Uint8Array {
	const out: number[] = [];
	for (const p of parts) {
		if (typeof p === "string") for (let i = 0; i < p.length; i++) out.push(p.charCodeAt(i));
		else out.push(...p);
	}
	return Uint8Array.from(out);
}

const interpreter = () =>
	new EscPosInterpreter({ decodeGbk, cjkFont: NO_CJK_FONT, transmitStatus: () => undefined, automaticStatusBack: () => undefined });

describe("printer emulator", () => {
	it("answers DLE EOT 1/2/3/4 with 0x12 when ready", () => {
		const r = rig();
		r.blast(bytes([0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4]));
		r.clock.advance(10);
		assert.deepEqual(r.received, [0x12, 0x12, 0x12, 0x12]);
	});

	it("answers the paper-out triple 0x1A / 0x32 / 0x7E and cover open 0x1A / 0x16", () => {
		const r = rig();
		r.printer.paperOut();
		r.blast(bytes([0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4]));
		r.clock.advance(10);
		assert.deepEqual(r.received, [0x1a, 0x32, 0x7e]);
		r.printer.loadPaper();
		r.printer.openCover();
		r.received.length = 0;
		r.blast(bytes([0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4]));
		r.clock.advance(10);
		assert.deepEqual(r.received, [0x1a, 0x16, 0x12]);
	});

	it("answers DLE EOT 4 with 0x1E and GS r 1 with 0x03 when the paper is near its end, still online", () => {
		const r = rig();
		r.printer.paperNearEnd();
		r.blast(bytes([0x10, 4, 1, 0x10, 4, 4, 0x1d, 0x72, 0x01]));
		r.clock.advance(10);
		assert.deepEqual(r.received, [0x12, 0x1e, 0x03]);
	});

	it("sends automatic status back when enabled and again on each change", () => {
		const r = rig();
		r.blast(bytes([0x1d, 0x61, 0x0e]));
		r.clock.advance(10);
		assert.deepEqual(r.received, [0x10, 0, 0, 0]);
		r.printer.paperOut();
		r.printer.loadPaper();
		r.printer.openCover();
		assert.deepEqual(r.received.slice(4), [0x18, 0, 0x0f, 0, 0x10, 0, 0, 0, 0x38, 0, 0, 0]);
	});

	it("answers GS r 1 only when printing has reached it", () => {
		const r = rig();
		r.blast(bytes("A\n".repeat(20), [0x1d, 0x72, 0x01]));
		r.clock.advance(50);
		assert.deepEqual(r.received, [], "20 lines at 80 mm/s take 20 × 30 dots / 640 dots/s");
		r.clock.advance(1000);
		assert.deepEqual(r.received, [0x00]);
	});

	it("prints at the set speed in mm/s (8 dots/mm)", () => {
		const r = rig("rts-cts", 50);
		r.blast(bytes("X\n".repeat(40)));
		r.clock.advance(10_000);
		assert.equal(r.printer.paper.heightDots, 40 * 30);
		const ms = r.printer.lastMotionEndMs! - r.printer.firstMotionMs!;
		assert.ok(Math.abs(ms - (1200 / 8 / 50) * 1000) < 1, `${ms} ms`);
	});

	it("stops mid-slip when the paper ends and resumes from its buffer when paper is loaded", () => {
		const r = rig();
		r.blast(bytes("LINE1\n", "LINE2\n", "LINE3\n"));
		r.clock.advance(1);
		r.printer.paperOut();
		r.clock.advance(1000);
		assert.ok(!r.printer.paper.text().includes("LINE3"));
		r.printer.loadPaper();
		r.clock.advance(1000);
		assert.match(r.printer.paper.text(), /~~~~ paper end ~~~~[\s\S]*LINE3/);
	});

	it("clears its buffers on DLE DC4 fn 8", () => {
		const r = rig();
		r.printer.paperOut();
		r.blast(bytes("LOST\n", [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08], "KEPT\n"));
		r.clock.advance(50);
		r.printer.loadPaper();
		r.clock.advance(1000);
		const text = r.printer.paper.text();
		assert.ok(!text.includes("LOST") && text.includes("KEPT"), text);
	});

	it("garbles the output when a sender ignores XOFF and overruns the 4 KB buffer", () => {
		const r = rig("xon-xoff");
		const lines = Array.from({ length: 400 }, (_, i) => `LINE ${String(i).padStart(4, "0")} ABCDEFGHIJKLMNOPQRSTUV\n`).join("");
		r.blast(bytes(lines));
		r.clock.advance(60_000);
		assert.ok(r.received.includes(0x13), "the printer sent XOFF");
		assert.ok(r.printer.overrunBytes > 0);
		assert.ok(!r.printer.paper.text().includes("LINE 0399"), "the end of the job was lost");
	});

	it("holds CTS when its buffer is nearly full and loses nothing with RTS/CTS", () => {
		const r = rig("rts-cts");
		const lines = Array.from({ length: 400 }, (_, i) => `LINE ${String(i).padStart(4, "0")} ABCDEFGHIJKLMNOPQRSTUV\n`).join("");
		r.blast(bytes(lines));
		r.clock.advance(60_000);
		assert.equal(r.printer.overrunBytes, 0);
		assert.ok(r.printer.notReadyMs > 0);
		assert.equal(r.printer.paper.lines.length, 400);
		assert.equal(r.printer.paper.lines[399], "LINE 0399 ABCDEFGHIJKLMNOPQRSTUV");
	});
});

describe("ESC/POS interpreter", () => {
	it("decodes GBK in Chinese mode and lays out 12-dot ASCII and 24-dot hanzi", () => {
		const i = interpreter();
		i.run(bytes([0x1b, 0x40], "AB", [0xd6, 0xd0], "C\n"));
		assert.deepEqual(i.paper.lines, ["AB中C"]);
		assert.deepEqual(i.diagnostics, []);
	});

	it("justifies lines and wraps at 384 dots", () => {
		const i = interpreter();
		i.run(bytes([0x1b, 0x61, 2], "RIGHT\n", [0x1b, 0x61, 1], "MID\n", [0x1b, 0x61, 0], "X".repeat(33), "\n"));
		assert.deepEqual(i.paper.lines, [" ".repeat(27) + "RIGHT", " ".repeat(14) + "MID", "X".repeat(32), "X"]);
	});

	it("reports unknown and truncated commands with their offsets and keeps printing", () => {
		const i = interpreter();
		i.run(bytes("A", [0x1b, 0x7f], "B\n", [0x1d, 0x28, 0x6b, 0x10, 0x00, 0x31]));
		assert.deepEqual(i.paper.lines, ["AB"]);
		assert.deepEqual(
			i.diagnostics.map((d) => d.offset),
			[1, 5],
		);
		assert.match(i.diagnostics[0]!.message, /unknown command ESC 0x7F/);
		assert.match(i.diagnostics[1]!.message, /truncated command GS \(/);
	});

	it("reads on after a GS ( k whose length field is shorter than its header", () => {
		const i = interpreter();
		i.run(bytes([0x1d, 0x28, 0x6b, 0x01, 0x00, 0x31], "OK\n"));
		assert.deepEqual(i.paper.lines, ["OK"]);
	});

	it("reports an invalid GBK code and bytes ≥ 0x80 outside Chinese mode", () => {
		const i = interpreter();
		i.run(bytes([0x81, 0x30], "\n", [0x1c, 0x2e, 0xb0], "\n"));
		assert.equal(i.diagnostics.length, 2);
		assert.match(i.diagnostics[0]!.message, /invalid GBK code 0x8130/);
	});

	it("prints a stored QR symbol with the stored module size and level", () => {
		const i = interpreter();
		const data = "112233445566";
		i.run(
			bytes(
				[0x1b, 0x61, 1, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, 4, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31],
				[0x1d, 0x28, 0x6b, data.length + 3, 0, 0x31, 0x50, 0x30],
				data,
				[0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
			),
		);
		assert.equal(i.paper.heightDots, 21 * 4, "version 1 at 4 dots a module");
		assert.match(i.paper.lines[0]!, /\[QR v1-M "112233445566"\]/);
		const left = (384 - 84) >> 1;
		assert.ok(i.paper.isDot(left, 0) && !i.paper.isDot(left - 1, 0), "finder pattern at the centred left edge");
	});

	it("prints CODE128 at the module width with its human-readable line", () => {
		const i = interpreter();
		i.run(bytes([0x1d, 0x68, 40, 0x1d, 0x77, 2, 0x1d, 0x48, 2, 0x1d, 0x6b, 73, 5], "{BA12"));
		assert.equal(i.paper.lines[0], '[CODE128 "A12"]');
		assert.equal(i.paper.lines[1], "A12");
		assert.ok(
			i.paper.isDot(0, 0) && i.paper.isDot(3, 0) && !i.paper.isDot(4, 0),
			"start B begins with a 2-module bar and a 1-module space",
		);
	});
});

describe("printer emulator symbols", () => {
	it("builds a version 1-M QR symbol whose format bits match ISO/IEC 18004 Annex C", () => {
		const symbol = buildQrSymbol(Uint8Array.of(0x41), "M")!;
		assert.equal(symbol.size, 21);
		let format = 0;
		const read = (x: number, y: number) => symbol.modules[y * 21 + x]!;
		for (let i = 0; i <= 5; i++) format |= read(8, i) << i;
		format |= (read(8, 7) << 6) | (read(8, 8) << 7) | (read(7, 8) << 8);
		for (let i = 9; i < 15; i++) format |= read(14 - i, 8) << i;
		const unmasked = format ^ 0x5412;
		assert.equal(unmasked >> 13, 0, "level M is 00");
		const valid = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0];
		assert.ok(valid.includes(format), `format 0x${format.toString(16)} is one of the eight M codewords`);
	});

	it("computes the CODE128 check symbol as the weighted sum mod 103", () => {
		const data = [0x7b, 0x42, ...Array.from("PJJ123C", (c) => c.charCodeAt(0))];
		const symbol = buildCode128(Uint8Array.from(data));
		assert.ok(typeof symbol !== "string");
		assert.equal(symbol.modules.length, 11 * 9 + 13);
		assert.equal(symbol.text, "PJJ123C");
		// 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879 ≡ 55 (mod 103): widths 3 1 1 3 2 1.
		assert.equal(Array.from(symbol.modules.subarray(88, 99)).join(""), "11101000110");
		assert.equal(buildCode128(Uint8Array.of(0x41)), "CODE128 data must start with {A, {B or {C");
	});
});
