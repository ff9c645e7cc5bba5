// Printer (docs/factory-mode.md §4, "printer"; DLE EOT in the Epson ESC/POS Command Reference): DLE EOT 1 must
// answer (link), DLE EOT 2 and 4 give cover and paper; then a test page with a QR code of the serial number,
// printed through the printer driver, which the jig reads back (its scanner, the operator, or the simulator's
// paper).

import type { PrinterPort } from "../../../hal/printer-port.js";
import { EscPosEncoder, statusRequest, type StatusQuery } from "../../printer/escpos-encoder.js";
import { PrinterDriver, type PrintEvent } from "../../printer/printer-driver.js";
import { utf8Encode } from "../../text/utf8.js";
import { numberParam, type FactoryTest, type TestContext } from "../factory-test.js";

const COVER_OPEN = 0x04; // DLE EOT 2 bit 2
const PAPER_END = 0x60; // DLE EOT 4 bits 5+6
const PAPER_NEAR_END = 0x0c; // DLE EOT 4 bits 2+3

/** One DLE EOT answer byte within `timeoutMs`, or undefined. */
async function status(context: TestContext, port: PrinterPort, query: StatusQuery, timeoutMs: number): Promise<number | undefined> {
	return context.waitFor<number>((deliver) => {
		const stop = port.onData((bytes) => {
			// XON/XOFF are flow control, not an answer.
			for (const byte of bytes) if (byte !== 0x11 && byte !== 0x13) return deliver(byte);
		});
		port.write(statusRequest(query));
		return stop;
	}, timeoutMs);
}

function testPage(serial: string, cutter: boolean): Uint8Array {
	const page = new EscPosEncoder()
		.initialise()
		.align("centre")
		.bold(true)
		.line("posterm factory test")
		.bold(false)
		.line(`S/N ${serial}`)
		.qrCode(utf8Encode(serial), { moduleDots: 4, errorCorrection: "M" })
		.line("0123456789ABCDEFGHIJKLMNOPQRSTUV")
		.feedLines(3);
	return (cutter ? page.cut("partial") : page).bytes();
}

export const printerCheck: FactoryTest = {
	id: "printer",
	description: "DLE EOT link, cover and paper; test page with a QR of the serial number, confirmed by the jig",
	params: { confirmTimeoutMs: "number", printTimeoutMs: "number", statusTimeoutMs: "number" },
	timeoutMs: 180000,
	async run(context) {
		const { printer, clock } = context.hal;
		const { outcome, params, serial } = context;
		const statusTimeoutMs = numberParam(params, "statusTimeoutMs", 500);
		const online = await status(context, printer, 1, statusTimeoutMs);
		if (context.aborted) return;
		if (!outcome.measure("link", online === undefined ? 0 : 1, "bool", 1, 1, "PRINTER_NO_REPLY")) return;
		const offline = await status(context, printer, 2, statusTimeoutMs);
		const paper = await status(context, printer, 4, statusTimeoutMs);
		if (context.aborted) return;
		if (offline === undefined || paper === undefined) return outcome.fail("PRINTER_NO_REPLY", "DLE EOT 2/4");
		outcome.measure("cover_closed", offline & COVER_OPEN ? 0 : 1, "bool", 1, 1, "COVER_OPEN");
		outcome.measure("paper", (paper & PAPER_END) === PAPER_END ? 0 : 1, "bool", 1, 1, "PAPER_OUT");
		outcome.note("paper_near_end", paper & PAPER_NEAR_END ? 1 : 0, "bool");
		if (outcome.failed) return;
		if (serial === undefined) return outcome.fail("NO_SERIAL", "set the serial number before the printer test");

		const driver = new PrinterDriver(printer, clock);
		let session: { cancel(): void } | undefined;
		const end = await context.waitFor<PrintEvent>(
			(deliver) => {
				const started = driver.print([testPage(serial, context.board.printer.cutter)], (event) => {
					if (event.kind === "done" || event.kind === "fault" || event.kind === "cancelled") deliver(event);
				});
				if (started.ok) session = started.value;
				else deliver({ kind: "cancelled", copiesPrinted: 0 });
				return () => undefined;
			},
			numberParam(params, "printTimeoutMs", 60000),
		);
		if (end?.kind !== "done") session?.cancel();
		if (context.aborted) return;
		if (end === undefined) return outcome.fail("PRINT_TIMEOUT");
		if (end.kind !== "done") return outcome.fail("PRINT_FAULT", end.kind === "fault" ? end.fault : end.kind);
		const answer = await context.confirm("printer.qr", { serial }, numberParam(params, "confirmTimeoutMs", 60000));
		if (context.aborted) return;
		if (answer === undefined) return outcome.fail("CONFIRM_TIMEOUT", "qr");
		outcome.measure("qr_printed", answer.pass ? 1 : 0, "bool", 1, 1, "QR_NOT_READ");
	},
};
