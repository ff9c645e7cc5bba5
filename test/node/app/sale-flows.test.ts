// The terminal application end to end: keys and swipes into the simulator, ISO 8583 over TCP to the acquirer
// host simulator on 127.0.0.1, the journal and the host's books checked afterwards.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { faults, pinPause, sale, signOn, startRig, type Rig } from "./terminal-harness.js";

describe("terminal application over TCP to the acquirer simulator", () => {
	let host: AcquirerHost;
	let rig: Rig;

	// A fresh host per test: each test's terminal starts its STANs afresh, which one host would call duplicates (94).
	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		rig = await startRig({}, host);
		await signOn(rig);
	});
	afterEach(async () => {
		await rig.stop();
		await host.stop();
	});

	const approvedOnHost = (stan: number) => host.books.transactions.find((t) => t.terminalId === "10000001" && t.stan === stan && t.batch === rig.terminal.journal!.counters.batch);

	it("signs in online after operator sign-on: keys loaded, batch set, idle", () => {
		assert.equal(rig.terminal.state.kind, "idle");
		assert.ok(rig.text().includes("操作员: 01"), rig.text());
		assert.ok(rig.hal.secure.key("mak", "mac").ok, "the MAC key came with the sign-in");
		assert.notEqual(rig.terminal.journal!.counters.signInDay, "");
	});

	it("runs a sale: swipe, ENTER, amount, ENTER, PIN, ENTER → approved, journaled, on the host's books", async () => {
		await sale(rig, "debit", "12345");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		assert.ok(rig.text().includes("123.45"), rig.text());
		assert.ok(rig.text().includes("622202******"), rig.text());
		assert.ok(!rig.text().includes(TEST_CARDS.debit.pan), "the full PAN is never shown");
		const stan = rig.terminal.journal!.counters.lastStan;
		const txn = rig.terminal.journal!.txn(stan)!;
		assert.equal(txn.status, "approved");
		assert.equal(txn.amountFen, 12345);
		assert.equal(rig.terminal.journal!.state.reversal, undefined);
		assert.equal(approvedOnHost(stan)?.status, "approved");
		assert.equal(approvedOnHost(stan)?.amountFen, 12345);
		assert.equal(txn.printedCopies, 1, "the printed journal point follows the slip");
		const slip = rig.printer.paper.text();
		assert.ok(slip.includes("622202******") && !slip.includes(TEST_CARDS.debit.pan), slip);
		assert.ok(slip.includes("123.45"), slip);
		rig.keys("ENTER");
		assert.equal(rig.terminal.state.kind, "idle");
	});

	it("signs in with key set 004 and sends the swiped tracks encrypted under the TDK (53.3 = 1), approved", async () => {
		const signInLog = host.log.entries.find((e) => e.direction === "in" && e.mti === "0800");
		assert.equal(signInLog?.fields?.["60"]?.slice(8, 11), "004");
		assert.ok(rig.hal.secure.key("tdk", "data").ok, "the TDK came with the sign-in");
		await sale(rig, "debit", "321");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		const saleLog = host.log.entries.filter((e) => e.direction === "in" && e.mti === "0200").at(-1);
		assert.equal(saleLog?.fields?.["53"], "2610000000000000");
		assert.equal(approvedOnHost(rig.terminal.journal!.counters.lastStan)?.status, "approved");
	});

	it("starts a sale from a swipe at idle", async () => {
		rig.swipe("credit");
		assert.equal(rig.terminal.state.kind, "txn");
		rig.keys("ENTER", "500", "ENTER");
		await pinPause(rig);
		rig.keys(TEST_CARDS.credit.pin, "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
	});

	it("voids a sale by voucher number with the supervisor password; the original cannot be voided twice", async () => {
		await sale(rig, "debit", "2000");
		const stan = rig.terminal.journal!.counters.lastStan;
		rig.keys("ENTER", "ENTER", "2", "123456", "ENTER", String(stan), "ENTER");
		assert.ok(rig.text().includes("20.00"), rig.text());
		rig.keys("ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "void result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		assert.equal(rig.terminal.journal!.txn(stan)!.voided, true);
		const voidStan = rig.terminal.journal!.counters.lastStan;
		assert.equal(approvedOnHost(voidStan)?.kind, "sale-void");
		rig.keys("ENTER", "ENTER", "2", "123456", "ENTER", String(stan), "ENTER");
		assert.ok(rig.text().includes("原交易已撤销"), rig.text());
		rig.keys("CANCEL");
		assert.equal(rig.terminal.state.kind, "notice");
	});

	it("shows the balance without printing it", async () => {
		let printed = 0;
		const write = rig.hal.printer.write.bind(rig.hal.printer);
		rig.hal.printer.write = (bytes) => {
			printed += bytes.length;
			return write(bytes);
		};
		rig.keys("ENTER", "4");
		rig.swipe("debit");
		rig.keys("ENTER");
		await pinPause(rig);
		rig.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "balance");
		assert.ok(rig.text().includes("余额: "), rig.text());
		assert.equal(printed, 0);
	});

	it("declines with 51 for insufficient funds and keeps nothing of the card", async () => {
		await sale(rig, "no-funds", "100000");
		assert.ok(rig.text().includes("交易失败 51"), rig.text());
		const txn = rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!;
		assert.equal(txn.status, "declined");
		assert.equal(txn.cardData.length, 0);
	});

	it("asks for the PIN again after 55, and approves with the right one", async () => {
		rig.keys("ENTER", "1");
		rig.swipe("debit");
		rig.keys("ENTER", "100", "ENTER");
		await pinPause(rig);
		rig.keys("999999", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "txn" && rig.terminal.state.draft.pinRetry === true, "PIN re-entry");
		await pinPause(rig);
		assert.ok(rig.text().includes("密码错误, 请重新输入"), rig.text());
		rig.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
	});

	it("refuses an expired card at the swipe by the HAL clock, and shows a host-refused card number's 14", async () => {
		rig.keys("ENTER", "1");
		rig.swipe("expired");
		assert.ok(rig.text().includes("卡已过期"), rig.text());
		assert.equal(rig.terminal.journal!.state.txns.size, 0, "nothing went online");
		rig.keys("CANCEL", "ENTER");
		faults(rig, { fault: { kind: "response-code", code: "14" }, match: { mti: "0200" } });
		await sale(rig, "debit", "100");
		assert.ok(rig.text().includes("交易失败 14"), rig.text());
	});

	it("answers a chip card's swipe with 'please use the chip'", () => {
		rig.keys("ENTER", "1");
		rig.swipe("chip");
		assert.ok(rig.text().includes("请使用芯片"), rig.text());
		assert.equal(rig.terminal.state.kind, "txn");
	});

	it("sends a chip card to the chip even with fallback allowed: no chip read has failed", async () => {
		await rig.stop();
		rig = await startRig({ fallbackAllowed: true }, host);
		rig.keys("01", "ENTER", "0000", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "idle", "idle");
		rig.keys("ENTER", "1");
		rig.swipe("chip");
		assert.ok(rig.text().includes("请使用芯片"), rig.text());
	});

	it("approves a sale whose answer comes late but within the response timeout (delay fault)", async () => {
		faults(rig, { fault: { kind: "delay", ms: 300 }, match: { mti: "0200" } });
		await sale(rig, "debit", "444");
		assert.ok(rig.text().includes("交易成功"), rig.text());
	});

	for (const [fault, reason] of [["no-response", "98"], ["close", "06"], ["bad-mac", "A0"], ["garbage", "A0"], ["wrong-stan", "A0"]] as const) {
		it(`reverses a sale whose answer is lost (${fault} → reason ${reason}); the host ends with nothing approved`, async () => {
			faults(rig, { fault: { kind: fault }, match: { mti: "0200" } });
			rig.keys("ENTER", "1");
			rig.swipe("debit");
			rig.keys("ENTER", "777", "ENTER");
			await pinPause(rig);
			rig.keys(TEST_CARDS.debit.pin, "ENTER");
			if (fault === "no-response") {
				// The host must have the request before the timeout sends the reversal after it.
				await rig.until(() => host.books.transactions.some((t) => t.amountFen === 777), "the request to arrive");
				rig.clock.advance(60_000);
			}
			await rig.until(() => rig.terminal.state.kind === "notice", "the result");
			assert.ok(rig.text().includes(`(${reason})`), rig.text());
			const stan = rig.terminal.journal!.counters.lastStan;
			assert.equal(rig.terminal.journal!.state.reversal, undefined, "the reversal went through");
			assert.equal(rig.terminal.journal!.txn(stan)!.status, "reversed");
			const onHost = approvedOnHost(stan);
			assert.ok(onHost === undefined || onHost.status === "reversed", JSON.stringify(onHost));
		});
	}

	it("settles a balanced batch: totals equal the host's, batch number advanced, journal emptied", async () => {
		await sale(rig, "debit", "1000");
		rig.keys("ENTER");
		await sale(rig, "foreign", "2500", TEST_CARDS.foreign.pin);
		rig.keys("ENTER");
		const batch = rig.terminal.journal!.counters.batch;
		rig.keys("ENTER", "6");
		await rig.until(() => rig.terminal.state.kind === "notice", "settlement");
		assert.ok(rig.text().includes("结算完成, 对账平"), rig.text());
		assert.equal(rig.terminal.journal!.counters.batch, batch + 1);
		assert.equal(rig.terminal.journal!.state.txns.size, 0);
		const settled = host.books.settlements.find((s) => s.batch === batch);
		assert.deepEqual(settled?.balanced, { domestic: true, foreign: true });
	});

	it("batch-uploads when the host is not balanced, then closes the batch", async () => {
		await sale(rig, "debit", "1500");
		rig.keys("ENTER");
		// The host never learns of this approval: its books and the terminal's disagree.
		const stan = rig.terminal.journal!.counters.lastStan;
		const record = host.books.transactions.find((t) => t.stan === stan && t.amountFen === 1500)!;
		(record as { status: string }).status = "reversed";
		const batch = rig.terminal.journal!.counters.batch;
		rig.keys("ENTER", "6");
		await rig.until(() => rig.terminal.state.kind === "notice", "settlement");
		assert.ok(rig.text().includes("对账不平, 已批上送 1 笔"), rig.text());
		assert.equal(rig.terminal.journal!.counters.batch, batch + 1);
		assert.equal(host.books.uploads[`10000001/${batch}`], 1);
	});

	it("prints the configured copies with a tear-off pause, and reprints the last slip from menu 7", async () => {
		await rig.stop();
		rig = await startRig({ slipCopies: 2 }, host);
		rig.keys("01", "ENTER", "0000", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "idle", "idle");
		rig.keys("ENTER", "1");
		rig.swipe("debit");
		rig.keys("ENTER", "300", "ENTER");
		await pinPause(rig);
		rig.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.until(() => rig.terminal.state.kind === "printing" && rig.terminal.state.tearOff, "the tear-off pause");
		assert.ok(rig.text().includes("请撕下, 按确认键打印下一联"), rig.text());
		rig.keys("ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "the result");
		assert.equal(rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!.printedCopies, 2);
		const copies = rig.printer.paper.text().split("3.00").length - 1;
		assert.ok(copies >= 2, rig.printer.paper.text());
		rig.keys("ENTER", "ENTER", "7", "1");
		await rig.until(() => rig.terminal.state.kind === "idle", "the reprint");
		assert.ok(rig.printer.paper.text().includes("重打印") || rig.printer.paper.text().includes("REPRINT"), rig.printer.paper.text());
	});

	it("refunds part of a sale with the supervisor password, its reference number and date (0220)", async () => {
		await sale(rig, "debit", "5000");
		rig.keys("ENTER");
		const original = rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!;
		rig.keys("ENTER", "3", "123456", "ENTER");
		rig.swipe("debit");
		rig.keys("ENTER", original.rrn, "ENTER", original.hostDate, "ENTER", "1200", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "refund result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		const refund = rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!;
		assert.equal(refund.kind, "refund");
		assert.equal(refund.amountFen, 1200);
		assert.equal(host.books.transactions.find((t) => t.rrn === original.rrn)?.refundedFen, 1200);
	});

	it("runs the pre-auth family: pre-auth, completion by auth code, completion void by voucher, and a pre-auth void", async () => {
		const preAuth = async (amount: string) => {
			rig.keys("ENTER", "5", "1");
			rig.swipe("credit");
			rig.keys("ENTER", amount, "ENTER");
			await pinPause(rig);
			rig.keys(TEST_CARDS.credit.pin, "ENTER");
			await rig.until(() => rig.terminal.state.kind === "notice", "pre-auth result");
			assert.ok(rig.text().includes("交易成功"), rig.text());
			rig.keys("ENTER");
			return rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!;
		};
		const first = await preAuth("10000");
		rig.keys("ENTER", "5", "3");
		rig.swipe("credit");
		rig.keys("ENTER", first.authCode, "ENTER", first.hostDate, "ENTER", "9000", "ENTER");
		await pinPause(rig);
		rig.keys(TEST_CARDS.credit.pin, "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "completion result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		rig.keys("ENTER");
		const completion = rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!;
		assert.equal(completion.kind, "completion");
		rig.keys("ENTER", "5", "5", "123456", "ENTER", String(completion.stan), "ENTER", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "completion void result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		rig.keys("ENTER");
		assert.equal(rig.terminal.journal!.txn(completion.stan)!.voided, true);
		const second = await preAuth("3000");
		rig.keys("ENTER", "5", "2", "123456", "ENTER");
		rig.swipe("credit");
		rig.keys("ENTER", second.authCode, "ENTER", second.hostDate, "ENTER", "3000", "ENTER");
		await pinPause(rig);
		rig.keys("ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "pre-auth void result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		const kinds = host.books.transactions.map((t) => t.kind);
		assert.deepEqual(kinds, ["preauth", "preauth-completion", "completion-void", "preauth", "preauth-void"]);
	});

	it("with trackEncryption off: signs in with key set 003 and sends the tracks in clear", async () => {
		await rig.stop();
		rig = await startRig({ trackEncryption: false }, host);
		await signOn(rig);
		const signIns = host.log.entries.filter((e) => e.direction === "in" && e.mti === "0800");
		assert.equal(signIns.at(-1)?.fields?.["60"]?.slice(8, 11), "003");
		assert.equal(rig.hal.secure.key("tdk", "data").ok, false, "no TDK without key set 004");
		await sale(rig, "debit", "150");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		const saleLog = host.log.entries.filter((e) => e.direction === "in" && e.mti === "0200").at(-1);
		assert.equal(saleLog?.fields?.["53"], "2600000000000000");
	});

	it("takes a keyed card number when manual entry is allowed", async () => {
		await rig.stop();
		rig = await startRig({ manualEntryAllowed: true }, host);
		rig.keys("01", "ENTER", "0000", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "idle", "idle");
		rig.keys("ENTER", "1", TEST_CARDS.debit.pan, "ENTER", TEST_CARDS.debit.expiry, "ENTER");
		assert.ok(rig.text().includes("请确认卡号"), rig.text());
		rig.keys("ENTER", "100", "ENTER");
		await pinPause(rig);
		rig.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		assert.equal(rig.terminal.journal!.txn(rig.terminal.journal!.counters.lastStan)!.entryMode, "manual");
	});

	it("refuses new sales until settled when the journal reaches its transaction limit", async () => {
		await rig.stop();
		rig = await startRig({ journalMaxTransactions: 50 }, host);
		rig.keys("01", "ENTER", "0000", "ENTER");
		await rig.until(() => rig.terminal.state.kind === "idle", "idle");
		for (let i = 0; i < 50; i++) {
			await sale(rig, "debit", "1");
			rig.keys("ENTER");
		}
		rig.keys("ENTER", "1");
		assert.ok(rig.text().includes("请先结算"), rig.text());
		rig.keys("ENTER", "ENTER", "6");
		await rig.until(() => rig.terminal.state.kind === "notice", "settlement");
		assert.ok(rig.text().includes("结算完成, 对账平"), rig.text());
		rig.keys("ENTER", "ENTER", "1");
		assert.ok(rig.text().includes("请刷卡"), rig.text());
	});

	it("queries a transaction by voucher, shows and prints the batch totals, prints the transaction list (menu 8)", async () => {
		await sale(rig, "debit", "4321");
		rig.keys("ENTER");
		const stan = rig.terminal.journal!.counters.lastStan;
		rig.keys("ENTER", "8", "1", String(stan), "ENTER");
		assert.ok(rig.text().includes("43.21") && rig.text().includes(`凭证号: ${String(stan).padStart(6, "0")}`), rig.text());
		rig.keys("ENTER", "ENTER", "8", "2");
		await rig.until(() => rig.terminal.state.kind === "notice", "totals");
		assert.ok(rig.text().includes("借记: 1 笔 43.21"), rig.text());
		rig.keys("ENTER", "ENTER", "8", "3");
		await rig.until(() => rig.terminal.state.kind === "idle", "the list");
		const paper = rig.printer.paper.text();
		assert.ok(paper.split("43.21").length >= 4, paper);
	});

	it("signs off from the management menu, then needs a sign-in", async () => {
		rig.keys("ENTER", "9", "2");
		await rig.until(() => rig.terminal.state.kind === "notice", "sign-off");
		assert.ok(rig.text().includes("签退成功"), rig.text());
		rig.keys("ENTER");
		assert.equal(rig.terminal.state.kind, "needs-sign-in");
	});

	it("leaves every step cleanly on CANCEL: card, confirm, amount, PIN", async () => {
		const before = rig.terminal.journal!.counters.stan;
		rig.keys("ENTER", "1", "CANCEL");
		assert.ok(rig.text().includes("交易取消"), rig.text());
		rig.keys("ENTER", "ENTER", "1");
		rig.swipe("debit");
		rig.keys("CANCEL");
		assert.ok(rig.text().includes("交易取消"));
		rig.keys("ENTER", "ENTER", "1");
		rig.swipe("debit");
		rig.keys("ENTER", "12", "CANCEL");
		assert.ok(rig.text().includes("交易取消"));
		rig.keys("ENTER", "ENTER", "1");
		rig.swipe("debit");
		rig.keys("ENTER", "12", "ENTER");
		await pinPause(rig);
		rig.keys("12", "CANCEL");
		await rig.until(() => rig.text().includes("交易取消"), "PIN cancel");
		assert.equal(rig.terminal.journal!.counters.stan, before, "nothing went online");
	});

	it("times out at the amount step and returns to idle", () => {
		rig.keys("ENTER", "1");
		rig.swipe("debit");
		rig.keys("ENTER", "5");
		rig.clock.advance(60_000);
		assert.ok(rig.text().includes("操作超时"), rig.text());
		rig.keys("ENTER");
		assert.equal(rig.terminal.state.kind, "idle");
	});
});
