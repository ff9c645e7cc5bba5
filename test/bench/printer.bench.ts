// The printer path on XS: composing slips (bytes per copy, meter units, wall time), the GBK lookup, and
// printing a sale slip through the emulated printer at 115200 baud with RTS/CTS on virtual time: how busy
// the UART is while the driver has bytes to send and the printer is ready (target ≥ 90 %), and how long
// the paper takes (80 mm/s).

import { bench, measurementRows } from "../xs/bench.js";
import { BALANCE, SALE, SETTLEMENT, TRANSACTIONS, VOID } from "../support/slip-fixtures.js";
import { transactionSlip } from "../../src/slips/transaction-slip.js";
import { settlementSlip, transactionList } from "../../src/slips/batch-slips.js";
import { encodeGbk } from "../../src/printer/gbk-encoder.js";
import { EscPosEncoder } from "../../src/printer/escpos-encoder.js";
import { PrinterDriver, type PrintEvent } from "../../src/printer/printer-driver.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { SimPrinterPort } from "../../host-sim/hal/sim-printer-port.js";
import { attachPrinter } from "../../host-sim/printer/attach-printer.js";
import { NO_CJK_FONT } from "../../host-sim/printer/printer-fonts.js";
import type { FlowControl } from "../../hal/printer-port.js";

bench.table("bytes per slip copy", [
	{ slip: "sale, merchant copy (signature, agreement, QR)", bytes: transactionSlip(SALE, { copy: 1 }).length },
	{ slip: "sale, cardholder copy", bytes: transactionSlip(SALE, { copy: 2 }).length },
	{ slip: "void, merchant copy", bytes: transactionSlip(VOID, { copy: 1 }).length },
	{ slip: "balance, cardholder copy", bytes: transactionSlip(BALANCE, { copy: 2 }).length },
	{ slip: "settlement", bytes: settlementSlip(SETTLEMENT).length },
	{ slip: "transaction list (3 entries)", bytes: transactionList(TRANSACTIONS).length },
]);

const slipText = "商户名称(MERCHANT NAME):posterm测试商户(上海) 本人确认以上交易，同意将其记入本卡账户";
bench.table(
	"composing (XS)",
	measurementRows([
		bench.measure("compose a sale slip, merchant copy", 200, () => {
			transactionSlip(SALE, { copy: 1 });
		}),
		bench.measure("compose a settlement slip", 200, () => {
			settlementSlip(SETTLEMENT);
		}),
		bench.measure(`GBK-encode ${slipText.length} characters of slip text`, 2000, () => {
			encodeGbk(slipText);
		}),
	]),
);

/** Prints copies through driver, simulated UART and emulator on virtual time; returns the timings. */
function printThroughEmulator(copies: Uint8Array[], flowControl: FlowControl = "rts-cts") {
	const clock = new VirtualClock(0);
	const port = new SimPrinterPort(115200, flowControl, clock);
	const printer = attachPrinter(port, clock, { decodeGbk: () => "#", cjkFont: NO_CJK_FONT });
	const driver = new PrinterDriver(port, clock);
	const events: PrintEvent[] = [];
	driver.print(copies, (e) => events.push(e));
	// Sampled every 0.1 ms: time the line was idle while the printer was ready (CTS asserted, no XOFF).
	const stepMs = 0.1;
	let idleReadyMs = 0;
	let idleReadyAtLastByte = 0;
	let lastByteMs = 0;
	let sent = 0;
	for (let t = 0; t < 600_000 && !events.some((e) => e.kind === "done"); t++) {
		if (!port.lineBusy && printer.ready) idleReadyMs += stepMs;
		clock.advance(stepMs);
		if (port.bytesSent !== sent) {
			sent = port.bytesSent;
			lastByteMs = clock.monotonicMs();
			idleReadyAtLastByte = idleReadyMs;
		}
	}
	const readyWindowMs = port.lineBusyMs + idleReadyAtLastByte;
	return {
		sent,
		lineBusyMs: port.lineBusyMs,
		readyWindowMs,
		busyRatio: port.lineBusyMs / readyWindowMs,
		paperMs: printer.lastMotionEndMs! - printer.firstMotionMs!,
		doneMs: Math.round(clock.monotonicMs()),
		lastByteMs,
		overrun: printer.overrunBytes,
	};
}

const copy = transactionSlip(SALE, { copy: 1 });
const pct = (x: number) => Math.round(x * 1000) / 10;
const tenth = (x: number) => Math.round(x * 10) / 10;
// A 384×1024-dot raster (48 KB): the printer's 4 KB buffer fills, so flow control holds the line.
const image = new Uint8Array(48 * 1024);
for (let i = 0; i < image.length; i++) image[i] = (i * 37) & 0xff;
const raster = new EscPosEncoder().initialise().raster(image, 48).feedLines(4).bytes();
const runs = [
	...(["rts-cts", "xon-xoff"] as const).map((flow) => ({ job: "sale copy", flow, ...printThroughEmulator([copy], flow) })),
	...(["rts-cts", "xon-xoff"] as const).map((flow) => ({ job: "48 KB raster", flow, ...printThroughEmulator([raster], flow) })),
];
bench.table(
	"printing at 115200 baud, 80 mm/s (virtual time)",
	runs.map((run) => ({
		job: run.job,
		"flow control": run.flow,
		"bytes on the wire": run.sent,
		"UART busy, ms": tenth(run.lineBusyMs),
		"print() → last byte, ms": tenth(run.lastByteMs),
		"line idle while printer ready, ms": tenth(run.readyWindowMs - run.lineBusyMs),
		"UART busy ratio, %": pct(run.busyRatio),
		"paper-bound print time, ms": Math.round(run.paperMs),
		"print() → done, ms": run.doneMs,
		"bytes lost": run.overrun,
	})),
);
for (const run of runs)
	bench.note(`${run.job}, ${run.flow}: UART busy ratio ${pct(run.busyRatio)} % ${run.busyRatio >= 0.9 ? "≥" : "BELOW"} the 90 % target`);
bench.note(
	"Bytes on the wire: the job, 3 DLE EOT polls, GS a and the GS r end marker. Busy ratio: line busy ÷ (line busy + line idle while the printer was ready), from print() to the last byte, sampled every 0.1 ms.",
);

bench.table(
	"emulating the print (XS)",
	measurementRows([
		bench.measure("driver + UART + emulator, one sale copy", 5, () => {
			printThroughEmulator([copy]);
		}),
	]),
);
