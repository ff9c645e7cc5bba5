// The terminal application end to end: keys and swipes into the simulator, ISO 8583 over TCP to the acquirer
// host simulator on 127.0.0.1, the journal and the host's books checked afterwards.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { pinPause, sale, signOn, terminalOn } from "../support/terminal-on-host.js";

describe("terminal application over TCP to the acquirer simulator", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;

	// A fresh host per test: each test's terminal starts its STANs afresh, which one host would call duplicates (94).
	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host);
		await signOn(session);
	});
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	const approvedOnHost = (stan: number) => host.books.transactions.find((t) => t.terminalId === "10000001" && t.stan === stan && t.batch === session.terminal.journal!.counters.batch);

	it("signs in online after operator sign-on: keys loaded, batch set, idle", () => {
		assert.equal(session.terminal.state.kind, "idle");
		assert.ok(session.screen().includes("操作员: 01"), session.screen());
		assert.ok(session.hal.secure.key("mak", "mac").ok, "the MAC key came with the sign-in");
		assert.notEqual(session.terminal.journal!.counters.signInDay, "");
	});

	it("runs a sale: swipe, ENTER, amount, ENTER, PIN, ENTER → approved, journaled, on the host's books", async () => {
		await sale(session, "debit", "12345");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		assert.ok(session.screen().includes("123.45"), session.screen());
		assert.ok(session.screen().includes("622202******"), session.screen());
		assert.ok(!session.screen().includes(TEST_CARDS.debit.pan), "the full PAN is never shown");
		const stan = session.terminal.journal!.counters.lastStan;
		const txn = session.terminal.journal!.txn(stan)!;
		assert.equal(txn.status, "approved");
		assert.equal(txn.amountFen, 12345);
		assert.equal(session.terminal.journal!.state.reversal, undefined);
		assert.equal(approvedOnHost(stan)?.status, "approved");
		assert.equal(approvedOnHost(stan)?.amountFen, 12345);
		assert.equal(txn.printedCopies, 1, "the printed journal point follows the slip");
		const slip = session.printer.paper.text();
		assert.ok(slip.includes("622202******") && !slip.includes(TEST_CARDS.debit.pan), slip);
		assert.ok(slip.includes("123.45"), slip);
		session.keys("ENTER");
		assert.equal(session.terminal.state.kind, "idle");
	});

	it("signs in with key set 004 and sends the swiped tracks encrypted under the TDK (53.3 = 1), approved", async () => {
		const signInLog = host.log.entries.find((e) => e.direction === "in" && e.mti === "0800");
		assert.equal(signInLog?.fields?.["60"]?.slice(8, 11), "004");
		assert.ok(session.hal.secure.key("tdk", "data").ok, "the TDK came with the sign-in");
		await sale(session, "debit", "321");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		const saleLog = host.log.entries.filter((e) => e.direction === "in" && e.mti === "0200").at(-1);
		assert.equal(saleLog?.fields?.["53"], "2610000000000000");
		assert.equal(approvedOnHost(session.terminal.journal!.counters.lastStan)?.status, "approved");
	});

	it("starts a sale from a swipe at idle", async () => {
		session.swipe({ card: "credit" });
		assert.equal(session.terminal.state.kind, "txn");
		session.keys("ENTER", "500", "ENTER");
		await pinPause(session);
		session.keys(TEST_CARDS.credit.pin, "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
	});

	it("voids a sale by voucher number with the supervisor password; the original cannot be voided twice", async () => {
		await sale(session, "debit", "2000");
		const stan = session.terminal.journal!.counters.lastStan;
		session.keys("ENTER", "ENTER", "2", "123456", "ENTER", String(stan), "ENTER");
		assert.ok(session.screen().includes("20.00"), session.screen());
		session.keys("ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "void result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		assert.equal(session.terminal.journal!.txn(stan)!.voided, true);
		const voidStan = session.terminal.journal!.counters.lastStan;
		assert.equal(approvedOnHost(voidStan)?.kind, "sale-void");
		session.keys("ENTER", "ENTER", "2", "123456", "ENTER", String(stan), "ENTER");
		assert.ok(session.screen().includes("原交易已撤销"), session.screen());
		session.keys("CANCEL");
		assert.equal(session.terminal.state.kind, "notice");
	});

	it("shows the balance without printing it", async () => {
		// The printer line: a write would start bytes on their way at once (the emulator is ready).
		const port = session.hal.printer;
		const sent = port.bytesSent;
		session.keys("ENTER", "4");
		session.swipe({ card: "debit" });
		session.keys("ENTER");
		await pinPause(session);
		session.keys(TEST_CARDS.debit.pin, "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "balance");
		assert.ok(session.screen().includes("余额: "), session.screen());
		assert.equal(port.bytesSent, sent, "nothing went down the printer line");
		assert.equal(port.lineBusy, false, "nothing is on its way to the printer");
	});

	it("declines with 51 for insufficient funds and keeps nothing of the card", async () => {
		await sale(session, "no-funds", "100000");
		assert.ok(session.screen().includes("交易失败 51"), session.screen());
		const txn = session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;
		assert.equal(txn.status, "declined");
		assert.equal(txn.cardData.length, 0);
	});

	it("asks for the PIN again after 55, and approves with the right one", async () => {
		session.keys("ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", "100", "ENTER");
		await pinPause(session);
		session.keys("999999", "ENTER");
		await session.until(() => session.terminal.state.kind === "txn" && session.terminal.state.draft.pinRetry === true, "PIN re-entry");
		await pinPause(session);
		assert.ok(session.screen().includes("密码错误, 请重新输入"), session.screen());
		session.keys(TEST_CARDS.debit.pin, "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
	});

	it("refuses an expired card at the swipe by the HAL clock, and shows a host-refused card number's 14", async () => {
		session.keys("ENTER", "1");
		session.swipe({ card: "expired" });
		assert.ok(session.screen().includes("卡已过期"), session.screen());
		assert.equal(session.terminal.journal!.state.txns.size, 0, "nothing went online");
		session.keys("CANCEL", "ENTER");
		host.inject({ fault: { kind: "response-code", code: "14" }, match: { mti: "0200" } });
		await sale(session, "debit", "100");
		assert.ok(session.screen().includes("交易失败 14"), session.screen());
	});

	it("answers a chip card's swipe with 'please use the chip'", () => {
		session.keys("ENTER", "1");
		session.swipe({ card: "chip" });
		assert.ok(session.screen().includes("请使用芯片"), session.screen());
		assert.equal(session.terminal.state.kind, "txn");
	});

	it("sends a chip card to the chip even with fallback allowed: no chip read has failed", async () => {
		session.stop();
		session = terminalOn(host, { fallbackAllowed: true });
		await signOn(session);
		session.keys("ENTER", "1");
		session.swipe({ card: "chip" });
		assert.ok(session.screen().includes("请使用芯片"), session.screen());
	});

	it("approves a sale whose answer comes late but within the response timeout (delay fault)", async () => {
		host.inject({ fault: { kind: "delay", ms: 300 }, match: { mti: "0200" } });
		await sale(session, "debit", "444");
		assert.ok(session.screen().includes("交易成功"), session.screen());
	});

	for (const [fault, reason] of [["no-response", "98"], ["close", "06"], ["bad-mac", "A0"], ["garbage", "A0"], ["wrong-stan", "A0"]] as const) {
		it(`reverses a sale whose answer is lost (${fault} → reason ${reason}); the host ends with nothing approved`, async () => {
			host.inject({ fault: { kind: fault }, match: { mti: "0200" } });
			session.keys("ENTER", "1");
			session.swipe({ card: "debit" });
			session.keys("ENTER", "777", "ENTER");
			await pinPause(session);
			session.keys(TEST_CARDS.debit.pin, "ENTER");
			if (fault === "no-response") {
				// The host must have the request before the timeout sends the reversal after it.
				await session.until(() => host.books.transactions.some((t) => t.amountFen === 777), "the request to arrive");
				session.clock.advance(60_000);
			}
			await session.until(() => session.terminal.state.kind === "notice", "the result");
			assert.ok(session.screen().includes(`(${reason})`), session.screen());
			const stan = session.terminal.journal!.counters.lastStan;
			assert.equal(session.terminal.journal!.state.reversal, undefined, "the reversal went through");
			assert.equal(session.terminal.journal!.txn(stan)!.status, "reversed");
			const onHost = approvedOnHost(stan);
			assert.ok(onHost === undefined || onHost.status === "reversed", JSON.stringify(onHost));
		});
	}

	it("settles a balanced batch: totals equal the host's, batch number advanced, journal emptied", async () => {
		await sale(session, "debit", "1000");
		session.keys("ENTER");
		await sale(session, "foreign", "2500", TEST_CARDS.foreign.pin);
		session.keys("ENTER");
		const batch = session.terminal.journal!.counters.batch;
		session.keys("ENTER", "6");
		await session.until(() => session.terminal.state.kind === "notice", "settlement");
		assert.ok(session.screen().includes("结算完成, 对账平"), session.screen());
		assert.equal(session.terminal.journal!.counters.batch, batch + 1);
		assert.equal(session.terminal.journal!.state.txns.size, 0);
		const settled = host.books.settlements.find((s) => s.batch === batch);
		assert.deepEqual(settled?.balanced, { domestic: true, foreign: true });
	});

	it("batch-uploads when the host is not balanced, then closes the batch", async () => {
		await sale(session, "debit", "1500");
		session.keys("ENTER");
		// The host never learns of this approval: its books and the terminal's disagree.
		const stan = session.terminal.journal!.counters.lastStan;
		const record = host.books.transactions.find((t) => t.stan === stan && t.amountFen === 1500)!;
		(record as { status: string }).status = "reversed";
		const batch = session.terminal.journal!.counters.batch;
		session.keys("ENTER", "6");
		await session.until(() => session.terminal.state.kind === "notice", "settlement");
		assert.ok(session.screen().includes("对账不平, 已批上送 1 笔"), session.screen());
		assert.equal(session.terminal.journal!.counters.batch, batch + 1);
		assert.equal(host.books.uploads[`10000001/${batch}`], 1);
	});

	it("prints the configured copies with a tear-off pause, and reprints the last slip from menu 7", async () => {
		session.stop();
		session = terminalOn(host, { slipCopies: 2 });
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.until(() => session.terminal.state.kind === "idle", "idle");
		session.keys("ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", "300", "ENTER");
		await pinPause(session);
		session.keys(TEST_CARDS.debit.pin, "ENTER");
		await session.until(() => session.terminal.state.kind === "printing" && session.terminal.state.tearOff, "the tear-off pause");
		assert.ok(session.screen().includes("请撕下, 按确认键打印下一联"), session.screen());
		session.keys("ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "the result");
		assert.equal(session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!.printedCopies, 2);
		const copies = session.printer.paper.text().split("3.00").length - 1;
		assert.ok(copies >= 2, session.printer.paper.text());
		session.keys("ENTER", "ENTER", "7", "1");
		await session.until(() => session.terminal.state.kind === "idle", "the reprint");
		assert.ok(session.printer.paper.text().includes("重打印") || session.printer.paper.text().includes("REPRINT"), session.printer.paper.text());
	});

	it("refunds part of a sale with the supervisor password, its reference number and date (0220)", async () => {
		await sale(session, "debit", "5000");
		session.keys("ENTER");
		const original = session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;
		session.keys("ENTER", "3", "123456", "ENTER");
		session.swipe({ card: "debit" });
		session.keys("ENTER", original.rrn, "ENTER", original.hostDate, "ENTER", "1200", "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "refund result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		const refund = session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;
		assert.equal(refund.kind, "refund");
		assert.equal(refund.amountFen, 1200);
		assert.equal(host.books.transactions.find((t) => t.rrn === original.rrn)?.refundedFen, 1200);
	});

	it("runs the pre-auth family: pre-auth, completion by auth code, completion void by voucher, and a pre-auth void", async () => {
		const preAuth = async (amount: string) => {
			session.keys("ENTER", "5", "1");
			session.swipe({ card: "credit" });
			session.keys("ENTER", amount, "ENTER");
			await pinPause(session);
			session.keys(TEST_CARDS.credit.pin, "ENTER");
			await session.until(() => session.terminal.state.kind === "notice", "pre-auth result");
			assert.ok(session.screen().includes("交易成功"), session.screen());
			session.keys("ENTER");
			return session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;
		};
		const first = await preAuth("10000");
		session.keys("ENTER", "5", "3");
		session.swipe({ card: "credit" });
		session.keys("ENTER", first.authCode, "ENTER", first.hostDate, "ENTER", "9000", "ENTER");
		await pinPause(session);
		session.keys(TEST_CARDS.credit.pin, "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "completion result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		session.keys("ENTER");
		const completion = session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;
		assert.equal(completion.kind, "completion");
		session.keys("ENTER", "5", "5", "123456", "ENTER", String(completion.stan), "ENTER", "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "completion void result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		session.keys("ENTER");
		assert.equal(session.terminal.journal!.txn(completion.stan)!.voided, true);
		const second = await preAuth("3000");
		session.keys("ENTER", "5", "2", "123456", "ENTER");
		session.swipe({ card: "credit" });
		session.keys("ENTER", second.authCode, "ENTER", second.hostDate, "ENTER", "3000", "ENTER");
		await pinPause(session);
		session.keys("ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "pre-auth void result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		const kinds = host.books.transactions.map((t) => t.kind);
		assert.deepEqual(kinds, ["preauth", "preauth-completion", "completion-void", "preauth", "preauth-void"]);
	});

	it("with trackEncryption off: signs in with key set 003 and sends the tracks in clear", async () => {
		session.stop();
		session = terminalOn(host, { trackEncryption: false });
		await signOn(session);
		const signIns = host.log.entries.filter((e) => e.direction === "in" && e.mti === "0800");
		assert.equal(signIns.at(-1)?.fields?.["60"]?.slice(8, 11), "003");
		assert.equal(session.hal.secure.key("tdk", "data").ok, false, "no TDK without key set 004");
		await sale(session, "debit", "150");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		const saleLog = host.log.entries.filter((e) => e.direction === "in" && e.mti === "0200").at(-1);
		assert.equal(saleLog?.fields?.["53"], "2600000000000000");
	});

	it("takes a keyed card number when manual entry is allowed", async () => {
		session.stop();
		session = terminalOn(host, { manualEntryAllowed: true });
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.until(() => session.terminal.state.kind === "idle", "idle");
		session.keys("ENTER", "1", TEST_CARDS.debit.pan, "ENTER", TEST_CARDS.debit.expiry, "ENTER");
		assert.ok(session.screen().includes("请确认卡号"), session.screen());
		session.keys("ENTER", "100", "ENTER");
		await pinPause(session);
		session.keys(TEST_CARDS.debit.pin, "ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		assert.equal(session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!.entryMode, "manual");
	});

	it("refuses new sales until settled when the journal reaches its transaction limit", async () => {
		session.stop();
		session = terminalOn(host, { journalMaxTransactions: 50 });
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.until(() => session.terminal.state.kind === "idle", "idle");
		for (let i = 0; i < 50; i++) {
			await sale(session, "debit", "1");
			session.keys("ENTER");
		}
		session.keys("ENTER", "1");
		assert.ok(session.screen().includes("请先结算"), session.screen());
		session.keys("ENTER", "ENTER", "6");
		await session.until(() => session.terminal.state.kind === "notice", "settlement");
		assert.ok(session.screen().includes("结算完成, 对账平"), session.screen());
		session.keys("ENTER", "ENTER", "1");
		assert.ok(session.screen().includes("请刷卡"), session.screen());
	});

	it("queries a transaction by voucher, shows and prints the batch totals, prints the transaction list (menu 8)", async () => {
		await sale(session, "debit", "4321");
		session.keys("ENTER");
		const stan = session.terminal.journal!.counters.lastStan;
		session.keys("ENTER", "8", "1", String(stan), "ENTER");
		assert.ok(session.screen().includes("43.21") && session.screen().includes(`凭证号: ${String(stan).padStart(6, "0")}`), session.screen());
		session.keys("ENTER", "ENTER", "8", "2");
		await session.until(() => session.terminal.state.kind === "notice", "totals");
		assert.ok(session.screen().includes("借记: 1 笔 43.21"), session.screen());
		session.keys("ENTER", "ENTER", "8", "3");
		await session.until(() => session.terminal.state.kind === "idle", "the list");
		const paper = session.printer.paper.text();
		assert.ok(paper.split("43.21").length >= 4, paper);
	});

	it("signs off from the management menu, then needs a sign-in", async () => {
		session.keys("ENTER", "9", "2");
		await session.until(() => session.terminal.state.kind === "notice", "sign-off");
		assert.ok(session.screen().includes("签退成功"), session.screen());
		session.keys("ENTER");
		assert.equal(session.terminal.state.kind, "needs-sign-in");
	});

	it("leaves every step cleanly on CANCEL: card, confirm, amount, PIN", async () => {
		const before = session.terminal.journal!.counters.stan;
		session.keys("ENTER", "1", "CANCEL");
		assert.ok(session.screen().includes("交易取消"), session.screen());
		session.keys("ENTER", "ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("CANCEL");
		assert.ok(session.screen().includes("交易取消"));
		session.keys("ENTER", "ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", "12", "CANCEL");
		assert.ok(session.screen().includes("交易取消"));
		session.keys("ENTER", "ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", "12", "ENTER");
		await pinPause(session);
		session.keys("12", "CANCEL");
		await session.until(() => session.screen().includes("交易取消"), "PIN cancel");
		assert.equal(session.terminal.journal!.counters.stan, before, "nothing went online");
	});

	it("times out at the amount step and returns to idle", () => {
		session.keys("ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", "5");
		session.clock.advance(60_000);
		assert.ok(session.screen().includes("操作超时"), session.screen());
		session.keys("ENTER");
		assert.equal(session.terminal.state.kind, "idle");
	});
});
