// Reversal retries used up, the echo test, a slip a power cut interrupted, cashiers and parameters, through the
// scripted terminal (virtual time runs while the terminal waits on the host). 隔日强制结算 (forced settlement on
// a new day) has its own file, forced-settlement.test.ts.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { terminalOn } from "../support/terminal-on-host.js";
import { loadParams } from "../../../src/params/param-store.js";

describe("reversal retries, echo, an interrupted slip, cashiers and parameters", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;

	async function start(params: Record<string, unknown> = {}): Promise<void> {
		session = terminalOn(host, params);
		await session.settle();
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.settle();
		assert.equal(session.terminal.state.kind, "idle", session.screen());
	}

	async function sale(amount: string): Promise<void> {
		session.keys("ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", amount, "ENTER");
		await session.settle();
		session.keys(TEST_CARD_PIN, "ENTER");
		await session.settle();
	}

	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
	});
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	it("never drops a reversal the host does not confirm: retried at each online action, 冲正不成功 after 3 tries, shown at idle, settlement refused, sent once the host answers", async () => {
		await start();
		host.inject({ fault: { kind: "no-response" }, match: { mti: "0200" }, times: 1 });
		host.inject({ fault: { kind: "no-response" }, match: { mti: "0400" }, times: 0 });
		await sale("100");
		const stan = session.terminal.journal!.counters.lastStan;
		assert.ok(session.screen().includes("主机应答超时") && session.screen().includes("冲正未完成 (98)"), session.screen());
		assert.equal(session.terminal.journal!.state.reversal?.tries, 1, "sent once right after the timeout");
		session.keys("ENTER");
		await sale("200");
		assert.ok(
			session.screen().includes("上笔交易冲正未完成, 本次未联机") && session.screen().includes("主机应答超时"),
			session.screen(),
		);
		assert.ok(!session.screen().includes("冲正不成功"), session.screen());
		session.keys("ENTER");
		await sale("300");
		assert.ok(session.screen().includes("冲正不成功, 请与客服联系"), session.screen());
		assert.equal(session.terminal.journal!.state.reversal?.stan, stan, "still owed after the last automatic try");
		session.keys("ENTER");
		assert.ok(session.screen().includes(`冲正未完成: 凭证号 ${String(stan).padStart(6, "0")}`), session.screen());
		session.keys("ENTER", "6", "ENTER");
		await session.settle();
		assert.ok(session.screen().includes("上笔交易冲正未完成"), session.screen());
		assert.equal(host.books.settlements.length, 0, "no settlement while a reversal is owed");
		assert.deepEqual(
			host.books.transactions.map((t) => t.amountFen),
			[100],
			"no new sale went out while the reversal was owed",
		);
		host.clearFaults();
		session.keys("ENTER");
		await sale("400");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		assert.equal(session.terminal.journal!.state.reversal, undefined);
		assert.equal(session.terminal.journal!.txn(stan)!.status, "reversed");
		assert.deepEqual(
			host.books.transactions.map((t) => [t.amountFen, t.status]),
			[
				[100, "reversed"],
				[400, "approved"],
			],
		);
	});

	it("offers the slip a power cut interrupted after the approval, and prints it on ENTER", async () => {
		let offered = false;
		// Find the cut that lands between the "approved" and the "printed" journal points.
		for (let atWrite = 1; atWrite <= 8 && !offered; atWrite++) {
			if (atWrite > 1) {
				session.stop();
				await host.stop();
				host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
			}
			await start();
			session.keys("ENTER", "1");
			session.swipe({ card: "debit" });
			session.keys("ENTER", "700", "ENTER");
			await session.settle();
			session.armPowerCut(atWrite);
			session.keys(TEST_CARD_PIN, "ENTER");
			await session.settle();
			const last = session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan);
			if (session.boots === 1 || last?.status !== "approved" || last.printedCopies !== 0) continue;
			offered = true;
			session.keys("01", "ENTER", "0000", "ENTER");
			await session.settle();
			assert.ok(session.screen().includes("上次签购单未打印, 按确认键打印"), session.screen());
			session.keys("ENTER");
			await session.settle();
			assert.ok(session.screen().includes("交易成功"), session.screen());
			assert.equal(session.terminal.journal!.txn(last.stan)!.printedCopies, 1);
			assert.ok(
				session.paperLines().some((l) => l.includes("7.00")),
				session.paperLines().join("\n"),
			);
		}
		assert.ok(offered, "some cut fell between approval and printing");
	});

	it("adds a cashier under the supervisor password, who then signs on, and deletes it again (9-3)", async () => {
		await start();
		session.keys("ENTER", "9", "3", "2", "123456", "ENTER", "07", "ENTER", "4321", "ENTER", "4321", "ENTER");
		assert.ok(session.screen().includes("操作员 07 已增加"), session.screen());
		session.keys("ENTER", "ENTER", "9", "6");
		session.keys("07", "ENTER", "4321", "ENTER");
		await session.settle();
		assert.equal(session.terminal.operator, "07");
		session.keys("ENTER", "9", "3", "3", "123456", "ENTER", "00", "ENTER");
		assert.ok(session.screen().includes("操作员号不可用"), "the supervisor cannot be deleted");
		session.keys("07", "ENTER");
		assert.ok(session.screen().includes("操作员 07 已删除"), session.screen());
	});

	it("sets a parameter from the keypad under the administrator's password, validated and stored (9-4)", async () => {
		await start();
		session.keys("ENTER", "9", "4", "12345678", "ENTER");
		assert.ok(session.screen().includes("10.签购单联数: 1"), session.screen());
		// Parameter 10 by its number: "1" waits for a second digit, "0" makes it 10.
		session.keys("1", "0");
		assert.ok(session.screen().includes("范围 1~3"), session.screen());
		session.keys("5", "ENTER");
		// Chinese names and values on the list; the rule broken, nothing saved.
		assert.ok(session.screen().includes("参数不合法: 范围 1~3"), session.screen());
		session.keys("3", "ENTER");
		assert.ok(session.screen().includes("已保存: 签购单联数: 3"), session.screen());
		const stored = loadParams(session.hal.storage.records);
		assert.ok(stored.ok && stored.value.slipCopies === 3);
	});

	it("runs the echo test from the management menu", async () => {
		await start();
		session.keys("ENTER", "9", "5");
		await session.settle();
		assert.ok(session.screen().includes("通讯正常"), session.screen());
	});
});
