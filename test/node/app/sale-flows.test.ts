// The terminal application end to end: keys and swipes into the simulator, ISO 8583 over TCP to the acquirer
// host simulator on 127.0.0.1, the journal and the host's books checked afterwards.

import { strict as assert } from "node:assert";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { pinPause, sale, signedOnEachTest, signOn, terminalOn } from "../support/terminal-on-host.js";

describe("terminal application over TCP to the acquirer simulator", () => {
	const rig = signedOnEachTest();

	const approvedOnHost = (stan: number) =>
		rig.host.books.transactions.find(
			(t) => t.terminalId === "10000001" && t.stan === stan && t.batch === rig.session.terminal.journal!.counters.batch,
		);

	it("signs in online after operator sign-on: keys loaded, batch set, idle", () => {
		assert.equal(rig.session.terminal.state.kind, "idle");
		assert.ok(rig.session.screen().includes("操作员: 01"), rig.session.screen());
		assert.ok(rig.session.hal.secure.key("mak", "mac").ok, "the MAC key came with the sign-in");
		assert.notEqual(rig.session.terminal.journal!.counters.signInDay, "");
	});

	it("runs a sale: swipe, ENTER, amount, ENTER, PIN, ENTER → approved, journaled, on the rig.host's books", async () => {
		await sale(rig.session, "debit", "12345");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		assert.ok(rig.session.screen().includes("123.45"), rig.session.screen());
		assert.ok(rig.session.screen().includes("622202******"), rig.session.screen());
		assert.ok(!rig.session.screen().includes(TEST_CARDS.debit.pan), "the full PAN is never shown");
		const stan = rig.session.terminal.journal!.counters.lastStan;
		const txn = rig.session.terminal.journal!.txn(stan)!;
		assert.equal(txn.status, "approved");
		assert.equal(txn.amountFen, 12345);
		assert.equal(rig.session.terminal.journal!.state.reversal, undefined);
		assert.equal(approvedOnHost(stan)?.status, "approved");
		assert.equal(approvedOnHost(stan)?.amountFen, 12345);
		assert.equal(txn.printedCopies, 1, "the printed journal point follows the slip");
		const slip = rig.session.printer.paper.text();
		assert.ok(slip.includes("622202******") && !slip.includes(TEST_CARDS.debit.pan), slip);
		assert.ok(slip.includes("123.45"), slip);
		rig.session.keys("ENTER");
		assert.equal(rig.session.terminal.state.kind, "idle");
	});

	it("signs in with key set 004 and sends the swiped tracks encrypted under the TDK (53.3 = 1), approved", async () => {
		const signInLog = rig.host.log.entries.find((e) => e.direction === "in" && e.mti === "0800");
		assert.equal(signInLog?.fields?.["60"]?.slice(8, 11), "004");
		assert.ok(rig.session.hal.secure.key("tdk", "data").ok, "the TDK came with the sign-in");
		await sale(rig.session, "debit", "321");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		const saleLog = rig.host.log.entries.filter((e) => e.direction === "in" && e.mti === "0200").at(-1);
		assert.equal(saleLog?.fields?.["53"], "2610000000000000");
		assert.equal(approvedOnHost(rig.session.terminal.journal!.counters.lastStan)?.status, "approved");
	});

	it("starts a sale from a swipe at idle", async () => {
		rig.session.swipe({ card: "credit" });
		assert.equal(rig.session.terminal.state.kind, "txn");
		rig.session.keys("ENTER", "500", "ENTER");
		await pinPause(rig.session);
		rig.session.keys(TEST_CARDS.credit.pin, "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
	});

	it("voids a sale by voucher number with the supervisor password; the original cannot be voided twice", async () => {
		await sale(rig.session, "debit", "2000");
		const stan = rig.session.terminal.journal!.counters.lastStan;
		rig.session.keys("ENTER", "ENTER", "2", "123456", "ENTER", String(stan), "ENTER");
		assert.ok(rig.session.screen().includes("20.00"), rig.session.screen());
		rig.session.keys("ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "void result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
		assert.equal(rig.session.terminal.journal!.txn(stan)!.voided, true);
		const voidStan = rig.session.terminal.journal!.counters.lastStan;
		assert.equal(approvedOnHost(voidStan)?.kind, "sale-void");
		rig.session.keys("ENTER", "ENTER", "2", "123456", "ENTER", String(stan), "ENTER");
		assert.ok(rig.session.screen().includes("原交易已撤销"), rig.session.screen());
		rig.session.keys("CANCEL");
		assert.equal(rig.session.terminal.state.kind, "notice");
	});

	it("shows the balance without printing it", async () => {
		// The printer line: a write would start bytes on their way at once (the emulator is ready).
		const port = rig.session.hal.printer;
		const sent = port.bytesSent;
		rig.session.keys("ENTER", "4");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER");
		await pinPause(rig.session);
		rig.session.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "balance");
		assert.ok(rig.session.screen().includes("余额: "), rig.session.screen());
		assert.equal(port.bytesSent, sent, "nothing went down the printer line");
		assert.equal(port.lineBusy, false, "nothing is on its way to the printer");
	});

	it("declines with 51 for insufficient funds and keeps nothing of the card", async () => {
		await sale(rig.session, "no-funds", "100000");
		assert.ok(rig.session.screen().includes("交易失败 51"), rig.session.screen());
		const txn = rig.session.terminal.journal!.txn(rig.session.terminal.journal!.counters.lastStan)!;
		assert.equal(txn.status, "declined");
		assert.equal(txn.cardData.length, 0);
	});

	it("asks for the PIN again after 55, keyed at once (issue 17), and approves with the right one", async () => {
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "100", "ENTER");
		await pinPause(rig.session);
		rig.session.keys("999999", "ENTER");
		await rig.session.until(
			() => rig.session.terminal.state.kind === "txn" && rig.session.screen().includes("密码错误, 请重新输入"),
			"PIN re-entry",
		);
		// Keyed inside the 3 s pacing interval: the element holds the encryption, no digit is lost; the notice
		// clears on the first digit.
		rig.session.keys(TEST_CARDS.debit.pin[0]!);
		assert.ok(!rig.session.screen().includes("密码错误, 请重新输入") && rig.session.screen().includes("*"), rig.session.screen());
		rig.session.keys(TEST_CARDS.debit.pin.slice(1), "ENTER");
		await rig.session.settle();
		await rig.session.until(() => rig.session.terminal.state.kind === "notice", "result");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
	});

	it("refuses an expired card at the swipe by the HAL clock, and shows a rig.host-refused card number's 14", async () => {
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "expired" });
		assert.ok(rig.session.screen().includes("卡已过期"), rig.session.screen());
		assert.equal(rig.session.terminal.journal!.state.txns.size, 0, "nothing went online");
		rig.session.keys("CANCEL", "ENTER");
		rig.host.inject({ fault: { kind: "response-code", code: "14" }, match: { mti: "0200" } });
		await sale(rig.session, "debit", "100");
		assert.ok(rig.session.screen().includes("交易失败 14"), rig.session.screen());
	});

	it("answers a chip card's swipe with 'please use the chip'", () => {
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "chip" });
		assert.ok(rig.session.screen().includes("请使用芯片"), rig.session.screen());
		assert.equal(rig.session.terminal.state.kind, "txn");
	});

	it("sends a chip card to the chip even with fallback allowed: no chip read has failed", async () => {
		rig.session.stop();
		rig.session = terminalOn(rig.host, { fallbackAllowed: true });
		await signOn(rig.session);
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "chip" });
		assert.ok(rig.session.screen().includes("请使用芯片"), rig.session.screen());
	});

	it("approves a sale whose answer comes late but within the response timeout (delay fault)", async () => {
		rig.host.inject({ fault: { kind: "delay", ms: 300 }, match: { mti: "0200" } });
		await sale(rig.session, "debit", "444");
		assert.ok(rig.session.screen().includes("交易成功"), rig.session.screen());
	});

	for (const [fault, reason] of [
		["no-response", "98"],
		["close", "06"],
		["bad-mac", "A0"],
		["garbage", "A0"],
		["wrong-stan", "A0"],
	] as const) {
		it(`reverses a sale whose answer is lost (${fault} → reason ${reason}); the rig.host ends with nothing approved`, async () => {
			rig.host.inject({ fault: { kind: fault }, match: { mti: "0200" } });
			rig.session.keys("ENTER", "1");
			rig.session.swipe({ card: "debit" });
			rig.session.keys("ENTER", "777", "ENTER");
			await pinPause(rig.session);
			rig.session.keys(TEST_CARDS.debit.pin, "ENTER");
			if (fault === "no-response") {
				// The rig.host must have the request before the timeout sends the reversal after it.
				await rig.session.until(() => rig.host.books.transactions.some((t) => t.amountFen === 777), "the request to arrive");
				rig.session.clock.advance(60_000);
			}
			await rig.session.until(() => rig.session.terminal.state.kind === "notice", "the result");
			assert.ok(rig.session.screen().includes(`(${reason})`), rig.session.screen());
			const stan = rig.session.terminal.journal!.counters.lastStan;
			assert.equal(rig.session.terminal.journal!.state.reversal, undefined, "the reversal went through");
			assert.equal(rig.session.terminal.journal!.txn(stan)!.status, "reversed");
			const onHost = approvedOnHost(stan);
			assert.ok(onHost === undefined || onHost.status === "reversed", JSON.stringify(onHost));
		});
	}
});
