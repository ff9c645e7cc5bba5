// Money safety against a faulty or hostile host (issue 12 items 1, 2, 3, 11), end to end through the scripted
// terminal on a fixed virtual epoch and the acquirer simulator's fault plan: approvals without a MAC, partial
// approvals, reversal answers that do not confirm the reversal, a lost 0510 followed by a sign-in that offers
// a new batch, and failure screens that name the real cause.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import type { FaultRule } from "../../../host-sim/acquirer/fault-plan.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import { loadBoard } from "../../../host-sim/hal/boards.js";
import { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";

const START_MS = Date.UTC(2026, 2, 10, 1, 30, 0);

describe("answers a terminal must not take at face value (issue 12)", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;

	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0, now: () => session?.clock.nowMs() ?? START_MS });
	});
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	async function start(params: Record<string, unknown> = {}): Promise<void> {
		session = new ScriptedTerminal({
			board: loadBoard(),
			acquirerHost: "127.0.0.1",
			acquirerPort: host.port,
			params: { slipCopies: 1, ...params },
			startMs: START_MS,
			passwordIterations: 4,
		});
		await session.settle();
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.settle();
		assert.equal(session.terminal.state.kind, "idle", session.screen());
	}

	async function sale(amount: string, ...rules: FaultRule[]): Promise<number> {
		session.keys("ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", amount, "ENTER");
		await session.settle();
		for (const rule of rules) host.inject(rule);
		session.keys(TEST_CARD_PIN, "ENTER");
		await session.settle();
		return session.terminal.journal!.counters.lastStan;
	}

	const journal = () => session.terminal.journal!;
	const onHost = (stan: number) => host.books.transactions.find((t) => t.stan === stan);
	const sentIn = (mti: string) => host.log.entries.filter((e) => e.direction === "in" && e.mti === mti);

	describe("item 1: every approval carries a MAC that verifies", () => {
		for (const code of ["00", "10", "11"]) {
			it(`reverses an unsigned approval with code ${code} (reason A0) and says the answer had no MAC`, async () => {
				await start();
				const stan = await sale("1000", { fault: { kind: "unsigned", code }, match: { mti: "0200" } });
				assert.equal(journal().txn(stan)!.status, "reversed");
				assert.equal(journal().state.reversal, undefined);
				const reversal = sentIn("0400").at(-1);
				assert.equal(reversal?.fields?.["39"], "A0");
				assert.ok(session.screen().includes("应答缺少MAC") && session.screen().includes("已冲正 (A0)"), session.screen());
				assert.ok(
					!session.screen().includes("交易成功") && !session.paperLines().some((l) => l.includes("10.00")),
					"nothing approved, nothing printed",
				);
			});
		}

		it("reverses a partial approval by default (parameter partialApproval = refuse, reason 06)", async () => {
			await start();
			const stan = await sale("1000", { fault: { kind: "partial", amountFen: 600 }, match: { mti: "0200" } });
			assert.equal(onHost(stan)?.status, "reversed", "the host's 6.00 debit is undone");
			assert.equal(journal().txn(stan)!.status, "reversed");
			assert.equal(sentIn("0400").at(-1)?.fields?.["39"], "06");
			assert.ok(session.screen().includes("部分批准 6.00, 不接受") && session.screen().includes("已冲正 (06)"), session.screen());
		});

		it("with partialApproval = accept takes field 4's amount: screen, slip, journal, settlement", async () => {
			await start({ partialApproval: "accept" });
			const stan = await sale("1000", { fault: { kind: "partial", amountFen: 600 }, match: { mti: "0200" } });
			assert.ok(
				session.screen().includes("部分批准: 请求 10.00, 批准 6.00") && session.screen().includes("金额: 6.00"),
				session.screen(),
			);
			assert.ok(
				session.paperLines().some((l) => l.includes("部分批准")),
				session.paperLines().join("\n"),
			);
			const txn = journal().txn(stan)!;
			assert.deepEqual([txn.status, txn.amountFen, txn.requestedFen], ["approved", 600, 1000]);
			session.keys("ENTER", "ENTER", "6", "ENTER");
			await session.settle();
			assert.ok(session.screen().includes("结算完成, 对账平") && session.screen().includes("消费: 1 笔 6.00"), session.screen());
		});
	});

	describe("item 2: a reversal is cleared only by a signed answer saying the host holds it", () => {
		/** A sale whose answer is lost: its reversal's first try gets `first`; the reversal is then owed or not. */
		async function lostSale(first: FaultRule["fault"]): Promise<number> {
			await start();
			return sale("500", { fault: { kind: "no-response" }, match: { mti: "0200" } }, { fault: first, match: { mti: "0400" } });
		}

		for (const [label, fault] of [
			["a signed 96", { kind: "response-code", code: "96" }],
			["an unsigned 00", { kind: "unsigned" }],
			["an unsigned 25", { kind: "unsigned", code: "25" }],
		] as const) {
			it(`keeps the reversal owed after ${label}, and sends it again before the next sale`, async () => {
				const stan = await lostSale(fault);
				assert.equal(journal().state.reversal?.stan, stan, session.screen());
				assert.equal(journal().txn(stan)!.status, "sent");
				assert.ok(session.screen().includes("主机应答超时") && session.screen().includes("冲正未完成 (98)"), session.screen());
				session.keys("ENTER");
				const next = await sale("700");
				assert.equal(journal().state.reversal, undefined);
				assert.equal(journal().txn(stan)!.status, "reversed");
				assert.equal(onHost(stan)?.status, "reversed", "the host has undone the lost sale");
				assert.equal(journal().txn(next)!.status, "approved");
			});
		}

		for (const code of ["A0", "22"]) {
			it(`after a 0410 answered ${code} (sign in again) makes the sign-in due; the sign-in then sends the reversal`, async () => {
				const stan = await lostSale({ kind: "unsigned", code });
				assert.equal(journal().state.reversal?.stan, stan, session.screen());
				session.keys("ENTER");
				await session.settle();
				assert.equal(session.terminal.state.kind, "needs-sign-in", session.screen());
				session.keys("5");
				await session.settle();
				assert.equal(journal().state.reversal, undefined, session.screen());
				assert.equal(journal().txn(stan)!.status, "reversed");
				assert.equal(onHost(stan)?.status, "reversed", "the host has undone the lost sale");
			});
		}

		it("a host that re-keyed at a sign-in whose answer was lost: the stale-MAK reversal (A0) leads to a sign-in, then goes through", async () => {
			await start();
			// The host's MAK changes behind the terminal's back, as when a power cut hits a sign-in after the
			// host answered it and before the terminal stored the new keys.
			const books = Object.values(host.books.terminals)[0]!;
			books.mak = "0123456789ABCDEFFEDCBA9876543210";
			assert.equal(session.terminal.state.kind, "idle", session.screen());
			const stan = await sale("500", { fault: { kind: "no-response" }, match: { mti: "0200" } });
			assert.equal(journal().state.reversal?.stan, stan, session.screen());
			assert.equal(sentIn("0400").length, 1, "the reversal went out once and was refused");
			session.keys("ENTER");
			await session.settle();
			assert.equal(session.terminal.state.kind, "needs-sign-in", session.screen());
			session.keys("5");
			await session.settle();
			assert.equal(journal().state.reversal, undefined, session.screen());
			assert.equal(journal().txn(stan)!.status, "reversed");
			assert.notEqual(onHost(stan)?.status, "approved", "the host refused the stale-MAK sale and holds nothing");
		});

		for (const code of ["25", "12"]) {
			it(`clears the reversal on a signed ${code} (the host has no approved original), not on an unsigned one`, async () => {
				const stan = await lostSale({ kind: "unsigned", code });
				assert.equal(journal().state.reversal?.stan, stan, "an unsigned answer proves nothing");
				host.inject({ fault: { kind: "response-code", code }, match: { mti: "0400" } });
				session.keys("ENTER");
				await sale("700");
				assert.equal(journal().state.reversal, undefined);
				assert.equal(journal().txn(stan)!.status, "reversed");
			});
		}
	});

	describe("item 3: a batch keeps its number until its settlement is finished", () => {
		it("after a lost 0510 and a sign-in offering batch 2, resumes and uploads batch 1 as batch 1", async () => {
			await start();
			const stan = await sale("1500");
			assert.equal(journal().counters.batch, 1);
			host.inject({ fault: { kind: "no-response" }, match: { mti: "0500" } });
			session.keys("ENTER", "ENTER", "6", "ENTER");
			await session.settle();
			assert.ok(
				session.screen().includes("主机应答超时") && !session.screen().includes("冲正"),
				`nothing is reversed when a 0510 is lost:\n${session.screen()}`,
			);
			assert.equal(host.books.terminals["10000001"]!.batch, 2, "the host did settle batch 1");
			// The host's books now disagree with the terminal's, so the resumed settlement must batch-upload.
			(onHost(stan) as { status: string }).status = "reversed";
			session.keys("ENTER", "ENTER", "9", "1");
			await session.settle();
			assert.ok(session.screen().includes("结算完成, 对账不平, 已批上送 1 笔"), session.screen());
			const batches = [...sentIn("0500"), ...sentIn("0320")].map((e) => e.fields?.["60"]?.slice(2, 8));
			assert.deepEqual([...new Set(batches)], ["000001"], "every settlement message carries batch 1");
			assert.equal(host.books.uploads["10000001/1"], 1);
			assert.equal(host.books.uploads["10000001/2"], undefined);
			assert.equal(journal().counters.batch, 2, "the next batch follows the settled one");
			assert.equal(journal().state.settlement, undefined);
		});
	});

	describe("item 11: failure screens name the real cause", () => {
		for (const [fault, cause, reason] of [
			["no-response", "主机应答超时", "98"],
			["close", "主机断开连接", "06"],
			["bad-mac", "应答MAC校验错", "A0"],
			["garbage", "主机应答无法解析", "A0"],
			["wrong-stan", "应答与请求不符 (域 11)", "A0"],
		] as const) {
			it(`a sale answered with ${fault}: "${cause}", then "已冲正 (${reason})"`, async () => {
				await start();
				await sale("300", { fault: { kind: fault }, match: { mti: "0200" } });
				assert.ok(session.screen().includes(cause) && session.screen().includes(`已冲正 (${reason})`), session.screen());
				assert.ok(!session.screen().includes("交易超时") || fault === "no-response", session.screen());
			});
		}

		it("a settlement whose connection closes says so, and no reversal", async () => {
			await start();
			await sale("300");
			host.inject({ fault: { kind: "close" }, match: { mti: "0500" } });
			session.keys("ENTER", "ENTER", "6", "ENTER");
			await session.settle();
			assert.ok(session.screen().includes("主机断开连接") && !session.screen().includes("冲正"), session.screen());
		});
	});
});
