// The terminal application end to end, after the sale: settlement and batch upload, slips and reprint,
// refund, the pre-auth family, keyed entry, the journal limit, queries, sign-off, CANCEL and timeouts.

import { strict as assert } from "node:assert";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { pinPause, sale, signedOnEachTest, signOn, terminalOn } from "../support/terminal-on-host.js";
import { isSignIn } from "../support/acquirer-session.js";

describe("terminal application over TCP: settlement, refund, pre-auth and the menus", () => {
	const rig = signedOnEachTest();

	it("settles a balanced batch: totals equal the rig.host's, batch number advanced, journal emptied", async () => {
		await sale(rig.session, "debit", "1000");
		rig.session.keys("ENTER");
		await sale(rig.session, "foreign", "2500", TEST_CARDS.foreign.pin);
		rig.session.keys("ENTER");
		const batch = rig.session.terminal.journal!.counters.batch;
		rig.session.keys("ENTER", "6", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "settlement");
		assert.ok(rig.session.screen().includes("结算完成, 对账平"), rig.session.screen());
		assert.equal(rig.session.terminal.journal!.counters.batch, batch + 1);
		assert.equal(rig.session.terminal.journal!.state.txns.size, 0);
		const settled = rig.host.books.settlements.find((s) => s.batch === batch);
		assert.deepEqual(settled?.balanced, { domestic: true, foreign: true });
	});

	it("batch-uploads when the rig.host is not balanced, then closes the batch", async () => {
		await sale(rig.session, "debit", "1500");
		rig.session.keys("ENTER");
		// The rig.host never learns of this approval: its books and the terminal's disagree.
		const stan = rig.session.terminal.journal!.counters.lastStan;
		const record = rig.host.books.transactions.find((t) => t.stan === stan && t.amountFen === 1500)!;
		(record as { status: string }).status = "reversed";
		const batch = rig.session.terminal.journal!.counters.batch;
		rig.session.keys("ENTER", "6", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "settlement");
		assert.ok(rig.session.screen().includes("对账不平, 已批上送 1 笔"), rig.session.screen());
		assert.equal(rig.session.terminal.journal!.counters.batch, batch + 1);
		assert.equal(rig.host.books.uploads[`10000001/${batch}`], 1);
	});

	it("prints the configured copies with a tear-off pause, and reprints the last slip from menu 7", async () => {
		rig.session.stop();
		rig.session = terminalOn(rig.host, { slipCopies: 2 });
		rig.session.keys("01", "ENTER", "0000", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "idle", "idle");
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "300", "ENTER");
		await pinPause(rig.session);
		rig.session.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.session.until(
			() => rig.session.terminal.state.kind === "printing" && rig.session.terminal.state.tearOff,
			"the tear-off pause",
		);
		assert.ok(rig.session.screen().includes("请撕下, 按确认键打印下一联"), rig.session.screen());
		rig.session.keys("ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "the result");
		assert.equal(rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!.printedCopies, 2);
		const copies = rig.session.printer.paper.text().split("3.00").length - 1;
		assert.ok(copies >= 2, rig.session.printer.paper.text());
		// Reprint asks which copy: the cardholder's (2) comes out alone, marked as a reprint.
		rig.session.keys("ENTER", "ENTER", "7", "1");
		assert.ok(rig.session.screen().includes("2.持卡人存根"), rig.session.screen());
		const before = rig.session.printer.paper.lines.length;
		rig.session.keys("2");
		await rig.session.until(() => rig.session.terminal.state.kind === "idle", "the reprint");
		const reprinted = rig.session.printer.paper.lines.slice(before).join("\n");
		assert.ok(reprinted.includes("重打印") || reprinted.includes("REPRINT"), reprinted);
		assert.ok(reprinted.includes("持卡人存根") && !reprinted.includes("商户存根"), reprinted);
	});

	it("refunds part of a sale with the supervisor password, its reference number and date (0220)", async () => {
		await sale(rig.session, "debit", "5000");
		rig.session.keys("ENTER");
		const original = rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!;
		rig.session.keys("ENTER", "3", "123456", "ENTER");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", original.rrn, "ENTER", original.hostDate, "ENTER", "1200", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "refund result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		const refund = rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!;
		assert.equal(refund.kind, "refund");
		assert.equal(refund.amountFen, 1200);
		assert.equal(rig.host.books.transactions.find((t) => t.rrn === original.rrn)?.refundedFen, 1200);
	});

	it("runs the pre-auth family: pre-auth, completion by auth code, completion void by voucher, and a pre-auth void", async () => {
		const preAuth = async (amount: string) => {
			rig.session.keys("ENTER", "5", "1");
			rig.session.swipe({ card: "credit" });
			rig.session.keys("ENTER", amount, "ENTER");
			await pinPause(rig.session);
			rig.session.keys(TEST_CARDS.credit.pin, "ENTER");
			await rig.session.until(() => rig.session.terminal.state.kind === "notice", "pre-auth result");
			assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
			rig.session.keys("ENTER");
			return rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!;
		};
		const first = await preAuth("10000");
		rig.session.keys("ENTER", "5", "3");
		rig.session.swipe({ card: "credit" });
		rig.session.keys("ENTER", first.authCode, "ENTER", first.hostDate, "ENTER", "9000", "ENTER");
		await pinPause(rig.session);
		rig.session.keys(TEST_CARDS.credit.pin, "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "completion result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		rig.session.keys("ENTER");
		const completion = rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!;
		assert.equal(completion.kind, "completion");
		rig.session.keys("ENTER", "5", "5", "123456", "ENTER", String(completion.stan), "ENTER", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "completion void result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		rig.session.keys("ENTER");
		assert.equal(rig.session.terminal.journal!.txn(completion.stan)!.voided, true);
		const second = await preAuth("3000");
		rig.session.keys("ENTER", "5", "2", "123456", "ENTER");
		rig.session.swipe({ card: "credit" });
		rig.session.keys("ENTER", second.authCode, "ENTER", second.hostDate, "ENTER", "3000", "ENTER");
		await pinPause(rig.session);
		rig.session.keys("ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "pre-auth void result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		const kinds = rig.host.books.transactions.map((t) => t.kind);
		assert.deepEqual(kinds, ["preauth", "preauth-completion", "completion-void", "preauth", "preauth-void"]);
	});

	it("with trackEncryption off: signs in with key set 003 and sends the tracks in clear", async () => {
		rig.session.stop();
		rig.session = terminalOn(rig.host, { trackEncryption: false });
		await signOn(rig.session);
		const signIns = rig.host.log.entries.filter(isSignIn);
		assert.equal(signIns.at(-1)?.fields?.["60"]?.slice(8, 11), "003");
		assert.equal(rig.session.hal.secure.key("tdk", "data").ok, false, "no TDK without key set 004");
		await sale(rig.session, "debit", "150");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		const saleLog = rig.host.log.entries.filter((e) => e.direction === "in" && e.mti === "0200").at(-1);
		assert.equal(saleLog?.fields?.["53"], "2600000000000000");
	});

	it("takes a keyed card number when manual entry is allowed", async () => {
		rig.session.stop();
		rig.session = terminalOn(rig.host, { manualEntryAllowed: true });
		rig.session.keys("01", "ENTER", "0000", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "idle", "idle");
		rig.session.keys("ENTER", "1", "100", "ENTER", TEST_CARDS.debit.pan, "ENTER", TEST_CARDS.debit.expiry, "ENTER");
		assert.ok(rig.session.screen().includes("请确认卡号"), rig.session.screen());
		rig.session.keys("ENTER");
		await pinPause(rig.session);
		rig.session.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		assert.equal(rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!.entryMode, "manual");
	});

	it("refuses new sales until settled when the journal reaches its transaction limit", async () => {
		rig.session.stop();
		rig.session = terminalOn(rig.host, { journalMaxTransactions: 50 });
		rig.session.keys("01", "ENTER", "0000", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "idle", "idle");
		for (let i = 0; i < 50; i++) {
			await sale(rig.session, "debit", "1");
			rig.session.keys("ENTER");
		}
		rig.session.keys("ENTER", "1");
		assert.ok(rig.session.screen().includes("请先结算"), rig.session.screen());
		rig.session.keys("ENTER", "ENTER", "6", "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "settlement");
		assert.ok(rig.session.screen().includes("结算完成, 对账平"), rig.session.screen());
		rig.session.keys("ENTER", "ENTER", "1");
		assert.ok(rig.session.screen().includes("请输入金额"), rig.session.screen());
	});

	it("queries a transaction by voucher, shows and prints the batch totals, prints the transaction list (menu 8)", async () => {
		await sale(rig.session, "debit", "4321");
		rig.session.keys("ENTER");
		const stan = rig.session.terminal.journal!.counters.lastStan;
		rig.session.keys("ENTER", "8", "1", String(stan), "ENTER");
		assert.ok(
			rig.session.screen().includes("43.21") && rig.session.screen().includes(`凭证号: ${String(stan).padStart(6, "0")}`),
			rig.session.screen(),
		);
		rig.session.keys("ENTER", "ENTER", "8", "2");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "totals");
		assert.ok(rig.session.screen().includes("消费: 1 笔 43.21"), rig.session.screen());
		rig.session.keys("ENTER", "ENTER", "8", "3");
		await rig.session.until(() => rig.session.terminal.state.kind === "idle", "the list");
		const paper = rig.session.printer.paper.text();
		assert.ok(paper.split("43.21").length >= 4, paper);
	});

	it("signs off from the management menu, then needs a sign-in", async () => {
		rig.session.keys("ENTER", "9", "2");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "sign-off");
		assert.ok(rig.session.screen().includes("签退成功"), rig.session.screen());
		rig.session.keys("ENTER");
		assert.equal(rig.session.terminal.state.kind, "needs-sign-in");
	});

	it("leaves every step cleanly on CANCEL: card, confirm, amount, PIN", async () => {
		const before = rig.session.terminal.journal!.counters.stan;
		rig.session.keys("ENTER", "1", "CANCEL");
		assert.ok(rig.session.screen().includes("交易取消"), rig.session.screen());
		rig.session.keys("ENTER", "ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("CANCEL");
		assert.ok(rig.session.screen().includes("交易取消"));
		rig.session.keys("ENTER", "ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "12", "CANCEL");
		assert.ok(rig.session.screen().includes("交易取消"));
		rig.session.keys("ENTER", "ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "12", "ENTER");
		await pinPause(rig.session);
		rig.session.keys("12", "CANCEL");
		await rig.session.until(() => rig.session.screen().includes("交易取消"), "PIN cancel");
		assert.equal(rig.session.terminal.journal!.counters.stan, before, "nothing went online");
	});

	it("times out at the amount step and returns to idle", () => {
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "5");
		rig.session.clock.advance(60_000);
		assert.ok(rig.session.screen().includes("操作超时"), rig.session.screen());
		rig.session.keys("ENTER");
		assert.equal(rig.session.terminal.state.kind, "idle");
	});
});
