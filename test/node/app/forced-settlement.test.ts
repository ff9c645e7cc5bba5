// 隔日强制结算 (issue 17 item 3) through the scripted terminal: with forcedSettlement "day-change", the day change
// with an unsettled batch turns idle into "终端隔日强制结算"; nothing else starts; any key goes to the totals and
// settles; the result shows the closed day's approved and failed transactions and offers their list; then the
// new day's sign-in. Virtual time crosses midnight from the fixed epoch, also against a host whose clock stays
// on the earlier day (an acquirer on the wall clock when a script waits a day): its sign-in time does not turn
// the terminal's day back while the batch is open.

import { strict as assert } from "node:assert";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { VIRTUAL_EPOCH_MS } from "../../../host-sim/hal/virtual-clock.js";
import { runScript, type StepRecord } from "../../../host-sim/sim/script-runner.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { defaultParams } from "../../../src/params/schema.js";
import { localDay } from "../../../src/time/local-time.js";
import { sale, signOn, terminalOn } from "../support/terminal-on-host.js";
import { isSignIn } from "../support/acquirer-session.js";

const DAY_MS = 86_400_000;
const OFFSET = defaultParams().utcOffsetMinutes;
const FIRST_DAY = localDay(VIRTUAL_EPOCH_MS, OFFSET);
const NEXT_DAY = localDay(VIRTUAL_EPOCH_MS + DAY_MS, OFFSET);

describe("隔日强制结算: the forced settlement of an earlier day's batch (issue 17 item 3)", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;
	const requests = (mti: string) =>
		host.log.entries.filter((e) => e.direction === "in" && e.mti === mti && (mti !== "0800" || isSignIn(e))).length;
	const kind = () => session.terminal.state.kind;

	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host, { forcedSettlement: "day-change" });
		await signOn(session);
	});
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	/** An approved sale of 5.00 and one of 3.00 declined 51 (insufficient funds). */
	async function day(): Promise<void> {
		await sale(session, "debit", "500");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		session.keys("ENTER");
		await sale(session, "no-funds", "300", TEST_CARDS["no-funds"].pin);
		assert.ok(session.screen().includes("51"), session.screen());
		session.keys("ENTER");
	}

	it("turns idle into 终端隔日强制结算 at the day change; any key settles; shows the day's result; prints its list; then signs in", async () => {
		await day();
		await session.wait(DAY_MS);
		assert.equal(localDay(session.clock.nowMs(), OFFSET), NEXT_DAY);
		assert.ok(session.screen().includes("终端隔日强制结算") && session.screen().includes("按任意键结算"), session.screen());
		assert.ok(session.screen().includes(`批次 000001 (${FIRST_DAY.slice(0, 4)}/${FIRST_DAY.slice(4, 6)}/${FIRST_DAY.slice(6)})`));
		// New sales wait: a swipe is not read as a sale, the menu does not open.
		const sales = requests("0200");
		session.swipe({ card: "debit" });
		await session.settle();
		assert.equal(kind(), "forced-settlement", session.screen());
		session.keys("1");
		assert.equal(kind(), "settle-confirm", session.screen());
		assert.ok(session.screen().includes("消费: 1 笔 5.00") && session.screen().includes("确认键结算"), session.screen());
		session.keys("CANCEL");
		assert.equal(kind(), "forced-settlement", "CANCEL goes back to the forced settlement, not to sales");
		assert.equal(requests("0500"), 0);
		session.keys("5", "ENTER");
		await session.until(() => kind() === "day-settled", "the settled day");
		const screen = session.screen();
		for (const expected of ["结算完成, 对账平", "成功 1 笔 5.00", "失败 1 笔 3.00", "确认键打印明细"])
			assert.ok(screen.includes(expected), `${expected}:\n${screen}`);
		assert.equal(requests("0200"), sales, "no sale went out before the settlement");
		assert.equal(requests("0800"), 1, "settled on the earlier day's sign-in");
		const before = session.paperLines().length;
		session.keys("ENTER");
		await session.until(() => kind() === "needs-sign-in", "the new day's sign-in");
		const list = session.paperLines().slice(before).join("\n");
		assert.ok(list.includes("交易明细") && list.includes("批次号(BATCH NO):         000001") && list.includes("RMB 5.00"), list);
		session.keys("ENTER");
		await session.until(() => kind() === "idle", "idle on the new day");
		assert.equal(session.terminal.journal!.counters.batch, 2);
		await sale(session, "debit", "600");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		assert.deepEqual(
			host.log.entries
				.filter((e) => isSignIn(e) || (e.direction === "in" && ["0500", "0200"].includes(e.mti ?? "")))
				.map((e) => e.mti),
			["0800", "0200", "0200", "0500", "0800", "0200"],
		);
	});

	it("keeps the day against a host whose clock stays on the earlier day: a sign-in does not hide the day change", async () => {
		host.followClock({ nowMs: () => VIRTUAL_EPOCH_MS });
		await day();
		session.keys("ENTER", "9", "2");
		await session.until(() => kind() === "notice", "sign-off");
		session.keys("ENTER");
		await session.wait(DAY_MS);
		assert.ok(session.screen().includes("按任意键签到"), session.screen());
		session.keys("5");
		await session.until(() => kind() === "forced-settlement", "the forced settlement after the sign-in");
		assert.equal(localDay(session.clock.nowMs(), OFFSET), NEXT_DAY, "the host's earlier day was not taken while the batch is open");
		session.keys("ENTER", "ENTER");
		await session.until(() => kind() === "day-settled", "the settled day");
		session.keys("CANCEL");
		assert.equal(kind(), "idle", session.screen());
		assert.equal(session.terminal.journal!.state.txns.size, 0);
	});

	it("after a reboot on the new day: the operator's sign-on leads to the forced settlement, not the sign-in", async () => {
		await day();
		await session.wait(DAY_MS);
		session.powerCut();
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.settle();
		assert.equal(kind(), "forced-settlement", session.screen());
		assert.equal(requests("0800"), 1);
	});

	it("does nothing of the kind with forcedSettlement none: the new day asks for the sign-in and sales go on", async () => {
		session.stop();
		session = terminalOn(host, { forcedSettlement: "none" });
		await signOn(session);
		await day();
		await session.wait(DAY_MS);
		assert.ok(session.screen().includes("按任意键签到"), session.screen());
		session.keys("5");
		await session.until(() => kind() === "idle", "idle");
		await sale(session, "debit", "700");
		assert.ok(session.screen().includes("交易成功"), session.screen());
	});

	it("crosses midnight in a sim script against an acquirer whose clock does not follow the script (a 24-hour wait)", async () => {
		const frozen = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0, now: () => VIRTUAL_EPOCH_MS });
		try {
			const transcript = await runScript({
				params: { forcedSettlement: "day-change", slipCopies: 1 },
				acquirer: { host: "127.0.0.1", port: frozen.port },
				steps: [
					{ keys: ["01", "ENTER", "0000", "ENTER"] },
					{ keys: ["ENTER", "1"] },
					{ swipe: { card: "debit" } },
					{ keys: ["ENTER", "500", "ENTER"] },
					{ wait: 3000 },
					{ keys: [TEST_CARDS.debit.pin, "ENTER"] },
					{ key: "ENTER" },
					{ wait: DAY_MS },
					{ expect: { screen: "终端隔日强制结算" } },
					{ key: "5" },
					{ key: "ENTER" },
					{ expect: { screen: "成功 1 笔 5.00" } },
				],
			});
			const screens = transcript.steps.map((step: StepRecord) => step.screen);
			assert.ok(transcript.ok, screens.join("\n---\n"));
			assert.equal(frozen.books.settlements.length, 1);
		} finally {
			await frozen.stop();
		}
	});
});
