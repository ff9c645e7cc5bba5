// Advices (0220 refunds and offline completions) that got no answer are resent before the 0500 (the UnionPay
// terminal specification Q/CUP 006), over TCP to the acquirer simulator: the host's 94 (already has it) counts as
// accepted, a resend that fails again refuses the settlement, and a power cut during the resend neither loses nor
// doubles it.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import { PowerCut } from "../../../host-sim/hal/power-cut.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { terminalOn } from "../support/terminal-on-host.js";
import type { TxnEntry } from "../../../src/journal/journal-entries.js";

const TERMINAL_ID = "10000001";

/** Signed on, a sale of 50.00 approved, idle. */
async function openDay(host: AcquirerHost): Promise<ScriptedTerminal> {
	const session = terminalOn(host);
	await session.settle();
	for (const step of [
		["01", "ENTER", "0000", "ENTER"],
		["ENTER", "ENTER", "1"],
		"debit",
		["ENTER", "5000", "ENTER"],
		[TEST_CARD_PIN, "ENTER"],
		["ENTER"],
	] as const) {
		if (typeof step === "string") session.swipe({ card: step });
		else session.keys(...step);
		await session.settle();
	}
	assert.equal(session.terminal.state.kind, "idle", session.screen());
	return session;
}

const last = (session: ScriptedTerminal): TxnEntry => session.terminal.journal!.txn(session.terminal.journal!.counters.lastStan)!;

/** A refund of 12.00 against the day's sale whose answer the host loses (`close`: processed, not answered). */
async function lostRefund(host: AcquirerHost, session: ScriptedTerminal): Promise<TxnEntry> {
	const sale = last(session);
	host.inject({ fault: { kind: "close" }, match: { mti: "0220" } });
	session.keys("ENTER", "3", "123456", "ENTER");
	session.swipe({ card: "debit" });
	session.keys("ENTER", sale.rrn, "ENTER", sale.hostDate, "ENTER", "1200", "ENTER");
	await session.settle();
	session.keys("ENTER");
	await session.settle();
	const refund = last(session);
	assert.equal(refund.kind, "refund");
	assert.equal(refund.status, "unsent", "no answer: kept to be resent");
	return refund;
}

async function settleNow(session: ScriptedTerminal): Promise<void> {
	session.keys("ENTER", "6", "ENTER");
	await session.settle();
}

function onHost(host: AcquirerHost, stan: number) {
	return host.books.transactions.filter((t) => t.terminalId === TERMINAL_ID && t.stan === stan);
}

/** The terminal's settled field 48 equals the host's books, and the host called it balanced. */
function assertBalanced(host: AcquirerHost, session: ScriptedTerminal): void {
	assert.ok(session.screen().includes("结算完成, 对账平"), session.screen());
	const settled = session.terminal.journal!.state.lastSettlement!;
	const theirs = host.engine.hostTotals(TERMINAL_ID, settled.batch);
	const line = (t: typeof settled.totals.domestic) => [t.debitFen, t.debitCount, t.creditFen, t.creditCount];
	const hostLine = (t: typeof theirs.domestic) => [t.debit.amount, t.debit.count, t.credit.amount, t.credit.count];
	assert.deepEqual([line(settled.totals.domestic), line(settled.totals.foreign)], [hostLine(theirs.domestic), hostLine(theirs.foreign)]);
	assert.deepEqual(host.books.settlements.at(-1)?.balanced, { domestic: true, foreign: true });
}

describe("advices resent before settlement", () => {
	let host: AcquirerHost;
	const sessions: ScriptedTerminal[] = [];
	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
	});
	afterEach(async () => {
		for (const s of sessions.splice(0)) s.stop();
		await host.stop();
	});

	it("a refund whose answer was lost is resent first; the host answers 94 (it has it) and it is counted once", async () => {
		const session = await openDay(host);
		sessions.push(session);
		const refund = await lostRefund(host, session);
		assert.equal(onHost(host, refund.stan).length, 1, "the host booked the first send");
		await settleNow(session);
		assertBalanced(host, session);
		assert.equal(onHost(host, refund.stan).length, 1, "the resend did not book it again");
		assert.equal(session.terminal.journal!.state.lastSettlement!.totals.domestic.creditFen, 1200);
		assert.ok(
			host.log.entries.some((e) => e.direction === "out" && e.fields?.["39"] === "94"),
			"the host answered the resend with 94",
		);
	});

	it("does not take an unsigned 94 as the host's acceptance of a resent advice: it stays unsent, settlement waits", async () => {
		const session = await openDay(host);
		sessions.push(session);
		const refund = await lostRefund(host, session);
		host.inject({ fault: { kind: "unsigned" }, match: { mti: "0220" }, times: 0 });
		await settleNow(session);
		assert.ok(session.screen().includes("离线交易上送失败, 暂不能结算"), session.screen());
		assert.equal(session.terminal.journal!.txn(refund.stan)!.status, "unsent");
		assert.equal(host.books.settlements.length, 0);
		host.clearFaults();
		session.keys("ENTER");
		await settleNow(session);
		assertBalanced(host, session);
	});

	it("an offline completion whose answer was lost is resent first and counted once", async () => {
		const session = await openDay(host);
		sessions.push(session);
		session.keys("ENTER", "5", "1");
		session.swipe({ card: "credit" });
		session.keys("ENTER", "10000", "ENTER");
		await session.settle();
		session.keys(TEST_CARD_PIN, "ENTER");
		await session.settle();
		session.keys("ENTER");
		await session.settle();
		const preAuth = last(session);
		assert.equal(preAuth.status, "approved", session.screen());
		host.inject({ fault: { kind: "no-response" }, match: { mti: "0220" } });
		session.keys("ENTER", "5", "4");
		session.swipe({ card: "credit" });
		session.keys("ENTER", preAuth.authCode, "ENTER", preAuth.hostDate, "ENTER", "8000", "ENTER");
		await session.settle();
		session.keys("ENTER");
		await session.settle();
		const advice = last(session);
		assert.equal(advice.kind, "completion-advice");
		assert.equal(advice.status, "unsent", session.screen());
		await settleNow(session);
		assertBalanced(host, session);
		assert.equal(onHost(host, advice.stan).length, 1);
		assert.equal(session.terminal.journal!.state.lastSettlement!.totals.domestic.debitFen, 5000 + 8000);
	});

	it("a refund lost before the host booked it is resent first, approved (00), and settles balanced", async () => {
		const session = await openDay(host);
		sessions.push(session);
		const refund = await lostRefund(host, session);
		// Undo what the host did with the first send, as if it never arrived.
		const books = host.books as unknown as {
			transactions: { stan: number; rrn: string; refundedFen: number }[];
			seen: Record<string, boolean>;
		};
		const original = books.transactions.find((t) => t.rrn === refund.original!.rrn)!;
		original.refundedFen -= 1200;
		books.transactions = books.transactions.filter((t) => !(t.stan === refund.stan && t !== original));
		for (const key of Object.keys(books.seen)) if (key.endsWith(`/${refund.stan}`)) delete books.seen[key];
		await settleNow(session);
		assertBalanced(host, session);
		assert.equal(onHost(host, refund.stan).length, 1);
		assert.equal(original.refundedFen, 1200);
		assert.equal(session.terminal.journal!.txn(refund.stan), undefined, "the batch was closed");
		assert.equal(session.terminal.journal!.state.lastSettlement!.totals.domestic.creditFen, 1200);
	});

	it("a resend that fails again refuses the settlement and keeps the advice unsent; the next settlement sends it", async () => {
		const session = await openDay(host);
		sessions.push(session);
		const refund = await lostRefund(host, session);
		const settlementsBefore = host.books.settlements.length;
		host.inject({ fault: { kind: "close" }, match: { mti: "0220" }, times: 0 });
		await settleNow(session);
		assert.ok(session.screen().includes("离线交易上送失败"), session.screen());
		assert.equal(session.terminal.journal!.txn(refund.stan)!.status, "unsent");
		assert.equal(session.terminal.journal!.state.settlement, undefined, "no 0500 went out");
		assert.equal(host.books.settlements.length, settlementsBefore);
		host.clearFaults();
		session.keys("ENTER");
		await session.settle();
		await settleNow(session);
		assertBalanced(host, session);
		assert.equal(onHost(host, refund.stan).length, 1);
	});

	const swallow = (reason: unknown) => {
		if (!(reason instanceof PowerCut)) throw reason;
	};
	before(() => process.on("unhandledRejection", swallow));
	after(() => process.off("unhandledRejection", swallow));

	for (const fraction of [0, 0.5]) {
		it(`a power cut at each write of the settlement with a resend (${fraction === 0 ? "nothing" : "half"} landed): counted once, balanced`, async () => {
			let cuts = 0;
			for (let atWrite = 1; atWrite <= 40; atWrite++) {
				await host.stop();
				host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
				const session = await openDay(host);
				sessions.push(session);
				const refund = await lostRefund(host, session);
				session.armPowerCut(atWrite, fraction);
				await settleNow(session);
				if (session.boots === 1) {
					assertBalanced(host, session);
					break;
				}
				cuts++;
				for (let i = 0; i < 4 && session.terminal.state.kind !== "idle"; i++) {
					if (session.terminal.state.kind === "login-operator") session.keys("01", "ENTER", "0000", "ENTER");
					else session.keys("ENTER");
					await session.settle();
				}
				assert.equal(session.terminal.state.kind, "idle", session.screen());
				if (session.terminal.journal!.counters.batch === 1) await settleNow(session);
				assert.equal(
					session.terminal.journal!.counters.batch,
					2,
					`cut at write ${atWrite}: batch 1 closed once; ${session.screen()}`,
				);
				assert.equal(onHost(host, refund.stan).length, 1, `cut at write ${atWrite}: the refund is on the host once`);
				assert.equal(host.engine.hostTotals(TERMINAL_ID, 1).domestic.credit.amount, 1200);
				assert.deepEqual(
					host.books.settlements.filter((x) => x.batch === 1).at(-1)?.balanced,
					{ domestic: true, foreign: true },
					`cut at write ${atWrite}: batch 1 settled balanced`,
				);
			}
			assert.ok(cuts >= 2, `${cuts} cuts`);
		});
	}
});
