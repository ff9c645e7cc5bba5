// The printer path on XS: composing slips (bytes per copy, meter units, wall time), the GBK lookup, and
// printing a sale slip through the emulated printer at 115200 baud with RTS/CTS on virtual time: how busy
// the UART is while the driver has bytes to send and the printer is ready (target ≥ 90 %), and how long
// the paper takes (80 mm/s).

import { bench, measurementRows } from "../xs/bench.js";
import { BALANCE, SALE, SETTLEMENT, TRANSACTIONS, VOID } from "../support/slip-fixtures.js";
import { transactionSlip } from "../../src/slips/transaction-slip.js";
import { settlementSlip, transactionList } from "../../src/slips/batch-slips.js";
import { encodeGbk } from "../../src/printer/gbk-encoder.js";
import { PrinterDriver, type PrintEvent } from "../../src/printer/printer-driver.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { SimPrinterPort } from "../../host-sim/hal/sim-printer-port.js";
import { attachPrinter } from "../../host-sim/printer/attach-printer.js";
import { NO_CJK_FONT } from "../../host-sim/printer/printer-fonts.js";

bench.table("bytes per slip copy", [
	{ slip: "sale, merchant copy (signature, agreement, QR)", bytes: transactionSlip(SALE, { copy: 1 }).length },
	{ slip: "sale, cardholder copy", bytes: transactionSlip(SALE, { copy: 2 }).length },
	{ slip: "void, merchant copy", bytes: transactionSlip(VOID, { copy: 1 }).length },
	{ slip: "balance, cardholder copy", bytes: transactionSlip(BALANCE, { copy: 2 }).length },
	{ slip: "settlement", bytes: settlementSlip(SETTLEMENT).length },
	{ slip: "transaction list (3 entries)", bytes: transactionList(TRANSACTIONS).length },
]);

const slipText = "商户名称(MERCHANT NAME):posterm测试商户(上海) 本人确认以上交易，同意将其记入本卡账户";
bench.table("composing (XS)", measurementRows([
	bench.measure("compose a sale slip, merchant copy", 200, () => {
		transactionSlip(SALE, { copy: 1 });
	}),
	bench.measure("compose a settlement slip", 200, () => {
		settlementSlip(SETTLEMENT);
	}),
	bench.measure(`GBK-encode ${slipText.length} characters of slip text`, 2000, () => {
		encodeGbk(slipText);
	}),
]));

/** Prints copies of the sale slip through driver, simulated UART and emulator; returns the timings. */
function printThroughEmulator(copies: Uint8Array[]) {
	const clock = new VirtualClock(0);
	const port = new SimPrinterPort(115200, "rts-cts", clock);
	const printer = attachPrinter(port, clock, { decodeGbk: () => "#", cjkFont: NO_CJK_FONT });
	const driver = new PrinterDriver(port, clock);
	const events: PrintEvent[] = [];
	const total = copies.reduce((n, c) => n + c.length, 0);
	driver.print(copies, (e) => events.push(e));
	let lastByteMs = 0;
	let sent = 0;
	for (let t = 0; t < 60_000 && !events.some((e) => e.kind === "done"); t++) {
		clock.advance(1);
		if (port.bytesSent !== sent) {
			sent = port.bytesSent;
			lastByteMs = clock.monotonicMs();
		}
	}
	const readyWindowMs = lastByteMs - printer.notReadyMs;
	return {
		total,
		sent,
		lineBusyMs: port.lineBusyMs,
		readyWindowMs,
		busyRatio: port.lineBusyMs / readyWindowMs,
		paperMs: printer.lastMotionEndMs! - printer.firstMotionMs!,
		doneMs: clock.monotonicMs(),
		overrun: printer.overrunBytes,
	};
}

const copy = transactionSlip(SALE, { copy: 1 });
const run = printThroughEmulator([copy]);
const pct = (x: number) => Math.round(x * 1000) / 10;
bench.table("printing one sale copy at 115200 baud, RTS/CTS, 80 mm/s (virtual time)", [
	{ figure: "bytes on the wire (copy + status polls + GS a + GS r)", value: run.sent },
	{ figure: "UART busy time, ms", value: Math.round(run.lineBusyMs * 10) / 10 },
	{ figure: "first request → last byte, printer ready, ms", value: Math.round(run.readyWindowMs * 10) / 10 },
	{ figure: "UART busy ratio while ready, %", value: pct(run.busyRatio) },
	{ figure: "paper-bound print time (first to last paper motion), ms", value: Math.round(run.paperMs) },
	{ figure: "print() → done event, ms (1 ms steps)", value: run.doneMs },
	{ figure: "bytes lost to overrun", value: run.overrun },
]);
bench.note(run.busyRatio >= 0.9 ? `UART busy ratio ${pct(run.busyRatio)} % ≥ 90 % target` : `UART busy ratio ${pct(run.busyRatio)} % BELOW the 90 % target`);

bench.table("emulating the print (XS)", measurementRows([
	bench.measure("driver + UART + emulator, one sale copy", 5, () => {
		printThroughEmulator([copy]);
	}),
]));
