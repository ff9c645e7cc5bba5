// Settlement by transaction type and the slips (issue 17 items 4 and 8), end to end over TCP: a batch of a
// domestic sale, a foreign sale voided, a refund and a pre-auth completion; the live slips' issuer, acquirer,
// expiry, card type and original vouchers; the transaction list; the totals confirmed before the 0500; field
// 48 domestic and foreign apart; the settlement slip per type; its reprint; a void of a settled voucher.

import { strict as assert } from "node:assert";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { layoutScreen } from "../../../src/ui/render/layout.js";
import { firmwareFont } from "../../../src/ui/render/screen-renderer.js";
import { parseSettlementTotals } from "../../../src/iso8583/settlement-fields.js";
import type { TxnEntry } from "../../../src/journal/journal-entries.js";
import { pinPause, sale, signOn, terminalOn } from "../support/terminal-on-host.js";

const six = (n: number) => String(n).padStart(6, "0");

describe("settlement by type, its confirmation, and the slips (issue 17 items 4 and 8)", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;

	before(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		// The credit test card's BIN in the terminal's card BIN table: its slips say 贷记卡.
		session = terminalOn(host, { creditBins: TEST_CARDS.credit.pan.slice(0, 6) });
		await signOn(session);
	});
	after(async () => {
		session.stop();
		await host.stop();
	});

	const last = (): TxnEntry => session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;
	/** The slip lines printed while `act` runs. */
	async function printed(act: () => Promise<void>): Promise<string> {
		const before = session.paperLines().length;
		await act();
		return session.paperLines().slice(before).join("\n");
	}
	async function result(what: string): Promise<void> {
		await session.until(() => session.terminal.state.kind === "notice", what);
		assert.ok(session.screen().includes("交易成功"), session.screen());
		session.keys("ENTER");
	}
	const state: { sale?: TxnEntry; foreign?: TxnEntry; preauth?: TxnEntry } = {};

	it("prints the issuer, acquirer, expiry and card type on the live sale slip", async () => {
		const slip = await printed(async () => {
			await sale(session, "debit", "5000");
			session.keys("ENTER");
		});
		state.sale = last();
		assert.match(slip, /发卡行\(ISSUER\): +99990001/);
		assert.match(slip, /收单行\(ACQUIRER\): +48020000/);
		assert.match(slip, /有效期\(EXP DATE\): +3012/);
		assert.match(slip, /卡类型\(CARD TYPE\): +借记卡 DEBIT/);
		const foreign = await printed(async () => {
			await sale(session, "foreign", "2000", TEST_CARDS.foreign.pin);
			session.keys("ENTER");
		});
		state.foreign = last();
		assert.match(foreign, /发卡行\(ISSUER\): +99990002/);
	});

	it("prints a refund's and a completion's real original voucher, and the credit card's type", async () => {
		const refund = await printed(async () => {
			session.keys("ENTER", "3", "123456", "ENTER");
			session.swipe({ card: "debit" });
			session.keys("ENTER", state.sale!.rrn, "ENTER", state.sale!.hostDate, "ENTER", "1200", "ENTER");
			await result("refund");
		});
		assert.match(refund, new RegExp(`原凭证号\\(ORIG VOUCHER\\): +${six(state.sale!.stan)}`), refund);
		const preauth = await printed(async () => {
			session.keys("ENTER", "5", "1");
			session.swipe({ card: "credit" });
			session.keys("ENTER", "10000", "ENTER");
			await pinPause(session);
			session.keys(TEST_CARDS.credit.pin, "ENTER");
			await result("pre-auth");
		});
		state.preauth = last();
		assert.match(preauth, /卡类型\(CARD TYPE\): +贷记卡 CREDIT/);
		const completion = await printed(async () => {
			session.keys("ENTER", "5", "3");
			session.swipe({ card: "credit" });
			session.keys("ENTER", state.preauth!.authCode, "ENTER", state.preauth!.hostDate, "ENTER", "9000", "ENTER");
			await pinPause(session);
			session.keys(TEST_CARDS.credit.pin, "ENTER");
			await result("completion");
		});
		assert.match(completion, new RegExp(`原凭证号\\(ORIG VOUCHER\\): +${six(state.preauth!.stan)}`), completion);
	});

	it("marks the voided sale on the transaction list and labels every column", async () => {
		session.keys("ENTER", "2", "123456", "ENTER", String(state.foreign!.stan), "ENTER", "ENTER");
		await result("void of the foreign sale");
		const list = await printed(async () => {
			session.keys("ENTER", "8", "3");
			await session.until(() => session.terminal.state.kind === "idle", "the list");
		});
		assert.ok(list.includes("凭证号 类型") && list.includes("VOUCHER TYPE") && list.includes("授权码"), list);
		assert.ok(list.includes("卡号 CARD NO") && list.includes("金额 AMOUNT"), list);
		assert.match(list, new RegExp(`${six(state.foreign!.stan)} 消费 已撤销`), list);
		assert.doesNotMatch(list, new RegExp(`${six(state.sale!.stan)} 消费 已撤销`), list);
		assert.match(list, /其中已撤销\(VOIDED\): +1/);
	});

	it("shows the totals by type before the 0500 and sends nothing on CANCEL", async () => {
		session.keys("ENTER", "6");
		const screen = session.screen();
		for (const expected of [
			"消费: 1 笔 50.00",
			"退货: 1 笔 12.00",
			"预授权完成: 1 笔 90.00",
			"外卡消费: 1 笔 20.00",
			"外卡消费撤销: 1 笔 20.00",
			"确认键结算, 取消键返回",
		])
			assert.ok(screen.includes(expected), `${expected}:\n${screen}`);
		// On the 128×64 panel the eight lines do not fit: they page with DOWN and UP, marked ▼ and ▲.
		const mono = () =>
			layoutScreen(session.terminal.screen, { width: 128, height: 64, format: "mono1" }, firmwareFont()).flatMap((p) =>
				p.kind === "text" ? [p.text] : [],
			);
		assert.ok(mono().includes("▼") && !mono().includes("▲") && !mono().includes("取消键返回"), mono().join("|"));
		for (let i = 0; i < 10; i++) session.keys("DOWN");
		assert.ok(mono().includes("▲") && !mono().includes("▼") && mono().includes("取消键返回"), mono().join("|"));
		session.keys("UP");
		assert.ok(mono().includes("▼"), mono().join("|"));
		assert.equal(session.terminal.state.kind, "settle-confirm");
		session.keys("CANCEL");
		assert.equal(session.terminal.state.kind, "menu");
		assert.ok(!host.log.entries.some((e) => e.mti === "0500"), "no settlement went out");
		session.keys("CANCEL");
	});

	it("settles: field 48 has domestic and foreign apart, the slip one line per type in each section", async () => {
		const slip = await printed(async () => {
			session.keys("ENTER", "6", "ENTER");
			await session.until(() => session.terminal.state.kind === "notice", "settlement");
		});
		assert.ok(session.screen().includes("结算完成, 对账平") && session.screen().includes("预授权完成: 1 笔 90.00"), session.screen());
		const request = host.log.entries.find((e) => e.direction === "in" && e.mti === "0500")!;
		const totals = parseSettlementTotals(request.fields!["48"]!);
		assert.ok(totals.ok, JSON.stringify(totals));
		// Debits: sales and completions; credits: voids and refunds (Q/CUP 006 field 48).
		assert.deepEqual(totals.value.domestic.debit, { amount: 14000, count: 2 });
		assert.deepEqual(totals.value.domestic.credit, { amount: 1200, count: 1 });
		assert.deepEqual(totals.value.foreign.debit, { amount: 2000, count: 1 });
		assert.deepEqual(totals.value.foreign.credit, { amount: 2000, count: 1 });
		assert.deepEqual(host.books.settlements.at(-1)!.balanced, { domestic: true, foreign: true });
		const [domestic, foreign] = slip.split("外卡(FOREIGN CARDS)");
		assert.ok(foreign !== undefined, slip);
		assert.match(domestic!, /消费 +1 +50\.00/);
		assert.match(domestic!, /退货 +1 +-12\.00/);
		assert.match(domestic!, /预授权完成 +1 +90\.00/);
		assert.match(domestic!, /消费撤销 +0 +0\.00/);
		assert.match(foreign!, /消费 +1 +20\.00/);
		assert.match(foreign!, /消费撤销 +1 +-20\.00/);
		assert.match(foreign!, /退货 +0 +0\.00/);
		assert.match(foreign!, /预授权完成 +0 +0\.00/);
		assert.ok(slip.includes("内卡对账平 BALANCED") && slip.includes("外卡对账平 BALANCED"), slip);
		assert.ok(!slip.includes("重打印"), slip);
		session.keys("ENTER");
	});

	it("marks a settlement reprint as a reprint, with the same lines", async () => {
		const reprint = await printed(async () => {
			session.keys("ENTER", "7", "3");
			await session.until(() => session.terminal.state.kind === "idle", "the reprint");
		});
		assert.ok(reprint.includes("重打印 REPRINT"), reprint);
		assert.match(reprint, /预授权完成 +1 +90\.00/);
	});

	it("says a settled voucher is already settled, and an unknown one not found", async () => {
		session.keys("ENTER", "2", "123456", "ENTER", String(state.sale!.stan), "ENTER");
		assert.ok(session.screen().includes("原交易已结算, 不能撤销"), session.screen());
		session.keys("999990", "ENTER");
		assert.ok(session.screen().includes("原交易不存在"), session.screen());
		session.keys("CANCEL", "ENTER");
	});

	it("prints no original voucher for a refund whose sale is no longer in the journal (not 000000)", async () => {
		const refund = await printed(async () => {
			session.keys("ENTER", "3", "123456", "ENTER");
			session.swipe({ card: "debit" });
			session.keys("ENTER", state.sale!.rrn, "ENTER", state.sale!.hostDate, "ENTER", "100", "ENTER");
			await result("refund of a settled sale");
		});
		assert.ok(refund.includes(`原参考号(ORIG REF NO):`) && refund.includes(state.sale!.rrn), refund);
		assert.ok(!refund.includes("原凭证号"), refund);
	});
});
