import assert from "node:assert/strict";
import { loadBoard } from "../../../host-sim/hal/boards.js";
import { startDesktopTerminal } from "../../../host-sim/sim/desktop-terminal.js";
import { EscPosEncoder } from "../../../src/printer/escpos-encoder.js";
import { PrinterDriver, type PrintEvent } from "../../../src/printer/printer-driver.js";

describe("desktop terminal printer", () => {
	it("has the emulator on its printer UART, printing Chinese from the Unifont subset on real time", async () => {
		const desktop = startDesktopTerminal(loadBoard("posterm-s3"), "zh");
		try {
			const driver = new PrinterDriver(desktop.hal.printer, desktop.hal.clock);
			const job = new EscPosEncoder().initialise().line("签购单 HELLO").bytes();
			const done = await new Promise<PrintEvent>((resolve, reject) => {
				const guard = setTimeout(() => reject(new Error("no done event within 5 s")), 5000);
				const started = driver.print([job], (event) => {
					if (event.kind === "done" || event.kind === "cancelled") {
						clearTimeout(guard);
						resolve(event);
					}
				});
				assert.ok(started.ok);
			});
			assert.equal(done.kind, "done");
			assert.equal(desktop.printer.paper.text(), "签购单 HELLO\n");
			const dotsInFirstGlyph = [...Array(24 * 24).keys()].filter((i) =>
				desktop.printer.paper.isDot(i % 24, Math.floor(i / 24)),
			).length;
			assert.ok(dotsInFirstGlyph > 40, "签 drawn from the font, not an empty box");
		} finally {
			desktop.terminal.stop();
		}
	});
});
