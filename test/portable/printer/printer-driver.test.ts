import { assert } from "../../support/assert.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import { SimPrinterPort } from "../../../host-sim/hal/sim-printer-port.js";
import { attachPrinter } from "../../../host-sim/printer/attach-printer.js";
import { NO_CJK_FONT } from "../../../host-sim/printer/printer-fonts.js";
import type { PrinterEmulator } from "../../../host-sim/printer/printer-emulator.js";
import { PrinterDriver, type PrintEvent, type PrintSession } from "../../../src/printer/printer-driver.js";
import { transactionSlipCopies } from "../../../src/slips/transaction-slip.js";
import { printTransactionSlip } from "../../../src/slips/slip-printing.js";
import { EscPosEncoder } from "../../../src/printer/escpos-encoder.js";
import type { FlowControl } from "../../../hal/printer-port.js";
import { SALE } from "../../support/slip-fixtures.js";

/** Every GBK code prints as "#": these tests look at the ASCII parts of the slips. */
const decodeGbk = () => "#";

function rig(flowControl: FlowControl = "rts-cts", baud = 115200) {
	const clock = new VirtualClock(0);
	const port = new SimPrinterPort(baud, flowControl, clock);
	const printer = attachPrinter(port, clock, { decodeGbk, cjkFont: NO_CJK_FONT });
	const driver = new PrinterDriver(port, clock, { tearOffTimeoutMs: 10_000 });
	const events: PrintEvent[] = [];
	return { clock, port, printer, driver, events };
}

function start(r: ReturnType<typeof rig>, copies: Uint8Array[]): PrintSession {
	const session = r.driver.print(copies, (e) => r.events.push(e));
	assert.ok(session.ok);
	return session.value;
}

/** Runs virtual time in 5 ms steps until `done` or `limitMs`. */
function runUntil(clock: VirtualClock, done: () => boolean, limitMs = 120_000): void {
	for (let t = 0; t < limitMs && !done(); t += 5) clock.advance(5);
}

const finished = (events: PrintEvent[]) => () => events.some((e) => e.kind === "done" || e.kind === "cancelled");

function count(text: string, what: string): number {
	return text.split(what).length - 1;
}

/** Complete copies on the paper: from the title to the QR label on one piece of paper. */
function completeCopies(printer: PrinterEmulator, copyName: string): number {
	let n = 0;
	for (const piece of printer.paper.text().split("~~~~ paper end ~~~~")) {
		const at = piece.indexOf(copyName);
		if (at >= 0 && piece.indexOf("[QR v", at) > at) n += count(piece.slice(at), copyName);
	}
	return n;
}

describe("printer driver", () => {
	it("prints three copies, waiting for the tear-off key between them", () => {
		const r = rig();
		const session = start(r, transactionSlipCopies(SALE, 3));
		runUntil(r.clock, () => r.events.some((e) => e.kind === "tear-off"));
		assert.deepEqual(
			r.events.map((e) => e.kind),
			["printing", "copy-printed", "tear-off"],
		);
		r.clock.advance(2000);
		assert.equal(count(r.printer.paper.text(), "CARDHOLDER COPY"), 0, "copy 2 waits for the key");
		session.nextCopy();
		runUntil(r.clock, () => r.events.filter((e) => e.kind === "tear-off").length === 2);
		session.nextCopy();
		runUntil(r.clock, finished(r.events));
		const text = r.printer.paper.text();
		assert.equal(count(text, "MERCHANT COPY"), 1);
		assert.equal(count(text, "CARDHOLDER COPY"), 1);
		assert.equal(count(text, "BANK COPY"), 1);
		assert.equal(session.copiesPrinted, 3);
		assert.deepEqual(r.events.at(-1), { kind: "done", paperNearEnd: false });
		assert.equal(r.printer.overrunBytes, 0);
		assert.deepEqual(r.printer.interpreter.diagnostics, []);
	});

	it("prints a transaction's copies, marked as a reprint when asked, through printTransactionSlip", () => {
		const r = rig();
		const session = printTransactionSlip(r.driver, SALE, { copies: 2, reprint: true }, (e) => r.events.push(e));
		assert.ok(session.ok);
		runUntil(r.clock, () => r.events.some((e) => e.kind === "tear-off"));
		session.value.nextCopy();
		runUntil(r.clock, finished(r.events));
		const text = r.printer.paper.text();
		assert.equal(count(text, " REPRINT"), 2);
		assert.equal(count(text, "CARDHOLDER COPY"), 1);
		assert.equal(count(text, "BANK COPY"), 0);
	});

	it("starts the next copy by itself when the tear-off wait times out", () => {
		const r = rig();
		start(r, transactionSlipCopies(SALE, 2));
		runUntil(r.clock, () => r.events.some((e) => e.kind === "tear-off"));
		const before = r.clock.monotonicMs();
		runUntil(r.clock, finished(r.events));
		assert.ok(r.clock.monotonicMs() - before >= 10_000, "waited the tear-off timeout");
		assert.equal(count(r.printer.paper.text(), "CARDHOLDER COPY"), 1);
	});

	for (const flow of ["rts-cts", "xon-xoff"] as const) {
		it(`reprints the whole copy after paper runs out in its middle, losing and repeating none (${flow})`, () => {
			const r = rig(flow);
			const session = start(r, transactionSlipCopies(SALE, 2));
			runUntil(r.clock, () => r.printer.paper.text().includes("CARD NUMBER"));
			r.printer.paperOut();
			runUntil(r.clock, () => r.events.some((e) => e.kind === "fault"), 5000);
			assert.deepEqual(
				r.events.find((e) => e.kind === "fault"),
				{ kind: "fault", fault: "paper-out", copy: 1 },
			);
			r.clock.advance(20_000);
			assert.ok(!r.printer.paper.text().includes("[QR v"), "nothing more printed while out of paper");
			r.printer.loadPaper();
			runUntil(r.clock, () => r.events.some((e) => e.kind === "tear-off"));
			assert.ok(r.events.some((e) => e.kind === "reprinting" && e.copy === 1));
			session.nextCopy();
			runUntil(r.clock, finished(r.events));
			assert.equal(completeCopies(r.printer, "MERCHANT COPY"), 1);
			assert.equal(completeCopies(r.printer, "CARDHOLDER COPY"), 1);
			assert.equal(session.copiesPrinted, 2);
		});
	}

	it("stops when the cover is opened mid-copy, and prints the copy whole once it is closed", () => {
		const r = rig();
		const session = start(r, transactionSlipCopies(SALE, 1));
		runUntil(r.clock, () => r.printer.paper.text().includes("TRANS TYPE"));
		r.printer.openCover();
		r.clock.advance(5000);
		assert.deepEqual(
			r.events.map((e) => e.kind),
			["printing", "fault"],
		);
		assert.deepEqual(r.events[1], { kind: "fault", fault: "cover-open", copy: 1 });
		r.printer.closeCover();
		runUntil(r.clock, finished(r.events));
		assert.deepEqual(
			r.events.map((e) => e.kind),
			["printing", "fault", "reprinting", "copy-printed", "done"],
		);
		const text = r.printer.paper.text();
		assert.equal(count(text, "MERCHANT COPY"), 2, "the interrupted start and the whole copy");
		assert.equal(count(text, "[QR v"), 1, "one complete copy");
		assert.equal(session.copiesPrinted, 1);
	});

	it("does not print a finished copy again when the paper runs out before the next one", () => {
		const r = rig();
		const session = start(r, transactionSlipCopies(SALE, 2));
		runUntil(r.clock, () => r.events.some((e) => e.kind === "tear-off"));
		r.printer.paperOut();
		session.nextCopy();
		r.clock.advance(3000);
		assert.deepEqual(
			r.events.map((e) => e.kind),
			["printing", "copy-printed", "tear-off", "fault"],
		);
		assert.deepEqual(r.events[3], { kind: "fault", fault: "paper-out", copy: 2 });
		r.printer.loadPaper();
		runUntil(r.clock, finished(r.events));
		assert.deepEqual(
			r.events.slice(4).map((e) => e.kind),
			["printing", "copy-printed", "done"],
		);
		assert.equal(count(r.printer.paper.text(), "MERCHANT COPY"), 1);
		assert.equal(completeCopies(r.printer, "CARDHOLDER COPY"), 1);
	});

	it("reports paper near its end when the job is done", () => {
		const r = rig();
		r.printer.paperNearEnd();
		start(r, transactionSlipCopies(SALE, 1));
		runUntil(r.clock, finished(r.events));
		assert.deepEqual(r.events.at(-1), { kind: "done", paperNearEnd: true });
		assert.equal(completeCopies(r.printer, "MERCHANT COPY"), 1);
	});

	it("waits with the cover open before the first copy, then prints it once", () => {
		const r = rig();
		r.printer.openCover();
		start(r, transactionSlipCopies(SALE, 1));
		r.clock.advance(3000);
		assert.deepEqual(r.events, [{ kind: "fault", fault: "cover-open", copy: 1 }]);
		r.printer.closeCover();
		runUntil(r.clock, finished(r.events));
		assert.deepEqual(
			r.events.map((e) => e.kind),
			["fault", "printing", "copy-printed", "done"],
		);
		assert.equal(completeCopies(r.printer, "MERCHANT COPY"), 1);
	});

	it("reports a printer that does not answer, and prints once it does", () => {
		const r = rig();
		r.port.attach(undefined);
		start(r, transactionSlipCopies(SALE, 1));
		r.clock.advance(20_000);
		assert.deepEqual(r.events, [{ kind: "fault", fault: "no-response", copy: 1 }]);
		const answers: number[] = [];
		r.port.onData((bytes) => answers.push(...bytes.filter((b) => (b & 0x93) === 0x12)));
		r.port.attach(r.printer);
		runUntil(r.clock, finished(r.events));
		assert.equal(completeCopies(r.printer, "MERCHANT COPY"), 1);
		assert.equal(answers.length, 3, "one poll's answers: polls made while unplugged are not sent late");
	});

	it("cancels mid-copy: the printer drops the rest of the copy", () => {
		const r = rig();
		const session = start(r, transactionSlipCopies(SALE, 1));
		runUntil(r.clock, () => r.printer.paper.text().includes("CARD NUMBER"));
		session.cancel();
		r.clock.advance(10_000);
		assert.deepEqual(
			r.events.map((e) => e.kind),
			["printing", "cancelled"],
		);
		assert.ok(!r.printer.paper.text().includes("[QR v"));
		assert.ok(r.printer.idle);
	});

	it("refuses a second job while one is printing, and cancels cleanly", () => {
		const r = rig();
		const session = start(r, transactionSlipCopies(SALE, 2));
		const second = r.driver.print(transactionSlipCopies(SALE, 1), () => undefined);
		assert.deepEqual(second, { ok: false, error: "busy" });
		runUntil(r.clock, () => r.events.some((e) => e.kind === "tear-off"));
		session.cancel();
		assert.deepEqual(r.events.at(-1), { kind: "cancelled", copiesPrinted: 1 });
		assert.ok(!r.driver.busy);
	});

	for (const flow of ["rts-cts", "xon-xoff"] as const) {
		it(`streams a 24 KB raster job through the 4 KB printer buffer without overrun (${flow})`, () => {
			const r = rig(flow);
			const image = new Uint8Array(48 * 512);
			for (let i = 0; i < image.length; i++) image[i] = (i * 37) & 0xff;
			const job = new EscPosEncoder().initialise().raster(image, 48).raster(image, 48).line("END OF JOB").bytes();
			start(r, [job]);
			runUntil(r.clock, finished(r.events));
			assert.equal(r.printer.overrunBytes, 0);
			assert.ok(r.printer.notReadyMs > 0, "the printer did hold the host off");
			assert.match(r.printer.paper.text(), /\[raster 384x255\][\s\S]*END OF JOB/);
			assert.deepEqual(r.printer.interpreter.diagnostics, []);
		});
	}
});

describe("printer status between jobs (issue 17 item 5)", () => {
	const check = (r: ReturnType<typeof rig>) => {
		const answers: (string | undefined)[] = [];
		r.driver.checkReady((fault) => answers.push(fault ?? "ready"));
		runUntil(r.clock, () => answers.length > 0, 2_000);
		return answers;
	};

	it("answers ready, paper out, or cover open from one DLE EOT poll", () => {
		const r = rig();
		assert.deepEqual(check(r), ["ready"]);
		r.printer.paperOut();
		assert.deepEqual(check(r), ["paper-out"]);
		r.printer.loadPaper();
		r.printer.openCover();
		assert.deepEqual(check(r), ["cover-open"]);
	});

	it("answers no-response when the printer does not answer in time", () => {
		const clock = new VirtualClock(0);
		const port = new SimPrinterPort(115200, "rts-cts", clock);
		const driver = new PrinterDriver(port, clock);
		const answers: (string | undefined)[] = [];
		driver.checkReady((fault) => answers.push(fault));
		runUntil(clock, () => answers.length > 0, 2_000);
		assert.deepEqual(answers, ["no-response"]);
	});
});
