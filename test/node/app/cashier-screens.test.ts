// A cashier's day at the counter (issue 17 items 5, 6 and 9): the paper checked before a sale and a slip
// that did not print said so, reprint by copy, every swipe read where a card is expected, the parameter
// list by two-digit number, refused values, the `.` key, the error LED (the PIN asked again and keyed at once:
// sale-flows.test.ts).

import { strict as assert } from "node:assert";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { loadParams } from "../../../src/params/param-store.js";
import { pinPause, sale, signedOnEachTest } from "../support/terminal-on-host.js";

describe("the cashier's terminal: paper, swipes and small keys (issue 17)", () => {
	const rig = signedOnEachTest();
	const screen = () => rig.session.screen();
	const state = () => rig.session.terminal.state;
	const errorLed = () => rig.session.hal.indicators.leds.get("error") === true;

	it("warns at the start of a sale when the paper is out; ENTER goes on, the cashier decides", async () => {
		rig.session.printer.paperOut();
		rig.session.keys("ENTER", "1");
		await rig.session.wait(200);
		assert.ok(screen().includes("打印机缺纸, 请装纸") && screen().includes("不装纸则签购单无法打印"), screen());
		assert.ok(errorLed(), "the error LED is lit while the paper is out");
		rig.session.keys("ENTER");
		assert.ok(screen().includes("请输入金额"), `back at the amount step (a sale from the menu asks the amount first): ${screen()}`);
		assert.ok(!errorLed());
	});

	it("CANCEL at the paper warning ends the sale before anything is sent", async () => {
		rig.session.printer.paperOut();
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "debit" });
		await rig.session.wait(200);
		const s = state();
		assert.ok(s.kind === "txn" && s.step.kind === "paper", screen());
		const sent = rig.host.log.entries.length;
		rig.session.keys("CANCEL");
		assert.ok(screen().includes("交易取消"), screen());
		assert.equal(rig.host.log.entries.length, sent);
	});

	it("says the slip was not printed when the cashier cancels at the paper-out screen, and reprints the cardholder copy", async () => {
		await sale(rig.session, "debit", "1000");
		rig.session.keys("ENTER");
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "2500", "ENTER");
		await pinPause(rig.session);
		rig.session.printer.paperOut();
		rig.session.keys(TEST_CARDS.debit.pin, "ENTER");
		await rig.session.until(() => screen().includes("打印机缺纸"), "the paper-out screen");
		assert.ok(screen().includes("取消: 不打印签购单"), screen());
		assert.ok(errorLed(), "the error LED is lit for paper out");
		rig.session.keys("CANCEL");
		assert.ok(screen().includes("交易成功") && screen().includes("签购单未打印") && screen().includes("可在重打印菜单补打"), screen());
		assert.ok(!errorLed());
		const stan = rig.session.terminal.journal!.counters.lastStan;
		assert.equal(rig.session.terminal.journal!.txn(stan)!.printedCopies, 0);
		rig.session.printer.loadPaper();
		rig.session.keys("ENTER", "ENTER", "7", "1", "3");
		await rig.session.until(() => state().kind === "idle", "both copies reprinted");
		const paper = rig.session.printer.paper.text();
		assert.ok(paper.includes("商户存根") && paper.includes("持卡人存根") && paper.includes("25.00"), paper);
	});

	it("reads a second swipe at once after 读卡失败, and swipes on the main menu and result screens", async () => {
		rig.session.swipe({ card: { track2: "12=" } });
		assert.ok(screen().includes("读卡失败, 请重刷"), screen());
		rig.session.swipe({ card: "debit" });
		assert.ok(state().kind === "txn" && screen().includes("请确认卡号"), `read at once: ${screen()}`);
		rig.session.keys("CANCEL");
		assert.equal(state().kind, "notice");
		rig.session.swipe({ card: "credit" });
		assert.ok(screen().includes("请确认卡号"), `on a result screen: ${screen()}`);
		rig.session.keys("CANCEL", "ENTER", "ENTER");
		assert.equal(state().kind, "menu");
		rig.session.swipe({ card: "debit" });
		assert.ok(screen().includes("请确认卡号") && screen().includes("622202"), `on the main menu: ${screen()}`);
	});

	it("refuses the `.` key in an amount with a notice, the amount unchanged", () => {
		rig.session.keys("ENTER", "1");
		rig.session.swipe({ card: "debit" });
		rig.session.keys("ENTER", "12", ".");
		assert.ok(screen().includes("金额以分输入, 无需小数点") && screen().includes("0.12"), screen());
		rig.session.keys("5");
		assert.ok(screen().includes("1.25") && !screen().includes("小数点"), screen());
	});

	it("picks parameters 10-22 by number, one digit after a short wait, and refuses a value outside the rule", async () => {
		rig.session.keys("ENTER", "9", "4", "12345678", "ENTER", "1", "2");
		assert.ok(screen().includes("允许手输卡号: 否") && screen().includes("1 是, 0 否"), screen());
		rig.session.keys("7", "ENTER");
		assert.ok(screen().includes("参数不合法: 1 是, 0 否"), screen());
		assert.equal(state().kind, "params");
		const stored = loadParams(rig.session.hal.storage.records);
		assert.ok(stored.ok && stored.value.manualEntryAllowed === false, "nothing saved");
		rig.session.keys("1", "ENTER");
		assert.ok(screen().includes("已保存: 允许手输卡号: 是"), screen());
		rig.session.keys("ENTER", "ENTER", "9", "4", "12345678", "ENTER", "1");
		assert.equal(state().kind, "menu", "1 waits for a second digit");
		await rig.session.wait(1600);
		assert.ok(screen().includes("终端号: 10000001"), `parameter 1 after the wait: ${screen()}`);
	});

	it("lights the error LED on tamper and names the way back (service: factory reset, keys injected)", () => {
		rig.session.hal.power.tamper();
		assert.ok(errorLed());
		assert.ok(screen().includes("终端已锁定") && screen().includes("请送维修点复位并重新灌装密钥"), screen());
	});
});
