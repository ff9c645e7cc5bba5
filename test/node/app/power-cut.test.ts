// Power cuts at every durable storage write of a working day (sign-in, two sales, a void, settlement), and
// of a day of refund and the pre-auth family (pre-auth, its void, completion online and by advice,
// completion void), whole and half-written: after the reboot the operator signs on again and settles. The
// host's books and the terminal's must then agree: nothing approved lost, nothing recorded twice, every
// unconfirmed request reversed (advices resent instead), settlement balanced.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { checkBooks, day as dayOf, recover, TERMINAL_ID, type Step, swallowPowerCuts } from "../support/power-cut-day.js";
import { terminalOn } from "../support/terminal-on-host.js";

/** `unbalanced`: the host forgets the first sale before settlement, so settlement goes through batch upload. */
function salesDay(host: AcquirerHost, session: ScriptedTerminal, unbalanced: boolean): Step[] {
	return [
		() => session.keys("01", "ENTER", "0000", "ENTER"),
		() => session.keys("ENTER", "ENTER", "1"),
		() => session.swipe({ card: "debit" }),
		() => session.keys("ENTER", "1000", "ENTER"),
		() => session.keys(TEST_CARD_PIN, "ENTER"),
		() => session.keys("ENTER", "ENTER", "1"),
		() => session.swipe({ card: "foreign" }),
		() => session.keys("ENTER", "2500", "ENTER"),
		() => session.keys(TEST_CARD_PIN, "ENTER"),
		() => session.keys("ENTER", "ENTER", "2", "123456", "ENTER"),
		() => session.keys(String(session.terminal.journal?.counters.lastStan ?? 0), "ENTER", "ENTER"),
		() => {
			if (unbalanced) for (const t of host.books.transactions.filter((x) => x.amountFen === 1000)) t.status = "reversed";
			session.keys("ENTER", "ENTER", "6", "ENTER");
		},
	];
}

/** Refund of part of a sale, a pre-auth and its void, a pre-auth completed online then voided, one completed by advice. */
function preAuthDay(session: ScriptedTerminal): Step[] {
	const last = () => session.terminal.journal?.txn(session.terminal.journal.counters.lastStan);
	const preAuth = (amount: string): Step[] => [
		() => session.keys("ENTER", "ENTER", "5", "1"),
		() => session.swipe({ card: "credit" }),
		() => session.keys("ENTER", amount, "ENTER"),
		() => session.keys(TEST_CARD_PIN, "ENTER"),
	];
	const byAuthCode = (menu: string, amount: string): Step[] => [
		() => session.keys("ENTER", "ENTER", "5", menu, ...(menu === "2" ? ["123456", "ENTER"] : [])),
		() => session.swipe({ card: "credit" }),
		() => session.keys("ENTER", last()?.authCode ?? "000000", "ENTER", last()?.hostDate ?? "0101", "ENTER", amount, "ENTER"),
	];
	return [
		() => session.keys("01", "ENTER", "0000", "ENTER"),
		() => session.keys("ENTER", "ENTER", "1"),
		() => session.swipe({ card: "debit" }),
		() => session.keys("ENTER", "5000", "ENTER"),
		() => session.keys(TEST_CARD_PIN, "ENTER"),
		() => session.keys("ENTER", "ENTER", "3", "123456", "ENTER"),
		() => session.swipe({ card: "debit" }),
		() => session.keys("ENTER", last()?.rrn ?? "000000000000", "ENTER", last()?.hostDate ?? "0101", "ENTER", "1200", "ENTER"),
		...preAuth("10000"),
		...byAuthCode("2", "10000"),
		...preAuth("3000"),
		...byAuthCode("3", "3000"),
		() => session.keys(TEST_CARD_PIN, "ENTER"),
		() =>
			session.keys(
				"ENTER",
				"ENTER",
				"5",
				"5",
				"123456",
				"ENTER",
				String(session.terminal.journal?.counters.lastStan ?? 0),
				"ENTER",
				"ENTER",
			),
		...preAuth("2000"),
		...byAuthCode("4", "1800"),
		() => session.keys("ENTER", "ENTER", "6", "ENTER"),
	];
}

/** A day of `script` (the sales day unless told). */
function day(
	host: AcquirerHost,
	cut?: { atWrite: number; fraction: number },
	script: (session: ScriptedTerminal) => Step[] = (session) => salesDay(host, session, false),
): Promise<ScriptedTerminal> {
	return dayOf(host, cut, script);
}

/** The state as of now (a function, so TypeScript does not carry a narrowing across key presses). */
function stateOf(session: ScriptedTerminal): string {
	return session.terminal.state.kind;
}

describe("power cuts at every storage write of a working day", () => {
	swallowPowerCuts();

	it("a day without a cut settles balanced", async () => {
		const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		try {
			const session = await day(host);
			assert.ok(session.screen().includes("结算完成, 对账平"), session.screen());
			checkBooks(host, session, "baseline");
			const totals = session.terminal.journal!.state.lastSettlement!.totals;
			assert.deepEqual(
				[totals.domestic.debitFen, totals.foreign.debitFen, totals.foreign.creditFen],
				[1000, 2500, 2500],
				"two sales and a void of the second",
			);
			session.stop();
		} finally {
			await host.stop();
		}
	});

	it("an unbalanced settlement cut at every write resumes its batch upload after the reboot and closes the batch", async () => {
		let cutsHit = 0;
		for (let atWrite = 1; atWrite <= 400; atWrite++) {
			const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
			try {
				const session = await day(host, { atWrite, fraction: 0 }, (x) => salesDay(host, x, true));
				if (session.boots === 1) {
					assert.ok(session.screen().includes("对账不平"), session.screen());
					session.stop();
					break;
				}
				cutsHit++;
				await recover(session);
				const journal = session.terminal.journal!;
				assert.equal(journal.state.reversal, undefined, `cut at write ${atWrite}: no reversal left owed`);
				assert.equal(journal.state.settlement, undefined, `cut at write ${atWrite}: settlement finished`);
				const first = host.books.settlements.filter((x) => x.terminalId === TERMINAL_ID && x.batch === 1);
				assert.ok(first.length > 0, `cut at write ${atWrite}: the host saw batch 1 settled`);
				const unbalanced = first.some((x) => !(x.balanced.domestic && x.balanced.foreign));
				assert.ok(
					!unbalanced || (host.books.uploads[`${TERMINAL_ID}/1`] ?? 0) > 0,
					`cut at write ${atWrite}: the batch upload finished after the reboot`,
				);
				assert.equal(
					journal.counters.batch,
					journal.state.lastSettlement!.batch + 1,
					`cut at write ${atWrite}: the batch number advanced once per settlement`,
				);
				session.stop();
			} finally {
				await host.stop();
			}
		}
		assert.ok(cutsHit > 15, `${cutsHit} cuts`);
	});

	for (const fraction of [0, 0.5]) {
		it(`cut at every write (${fraction === 0 ? "before any byte lands" : "half the bytes landed"}): reboot, sign on, settle, books agree`, async () => {
			let cutsHit = 0;
			for (let atWrite = 1; atWrite <= 400; atWrite++) {
				const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
				try {
					const session = await day(host, { atWrite, fraction });
					if (session.boots === 1) {
						session.stop();
						break; // the day finished before write `atWrite`: every write has been cut once
					}
					cutsHit++;
					await recover(session);
					checkBooks(host, session, `cut at write ${atWrite}`);
					session.stop();
				} finally {
					await host.stop();
				}
			}
			assert.ok(cutsHit > 15, `${cutsHit} cuts`);
		});
	}

	it("a cut at any write of a later sign-in keeps an earlier sale's card data: its void by voucher is approved after the reboot", async () => {
		let cutsHit = 0;
		for (let atWrite = 1; atWrite <= 40; atWrite++) {
			const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
			try {
				const session = terminalOn(host);
				for (const step of [
					["01", "ENTER", "0000", "ENTER"],
					["ENTER", "ENTER", "1"],
					"swipe",
					["ENTER", "1000", "ENTER"],
					[TEST_CARD_PIN, "ENTER"],
					["ENTER", "ENTER", "9", "2"],
					["ENTER"],
				]) {
					await session.settle();
					if (step === "swipe") session.swipe({ card: "debit" });
					else session.keys(...step);
				}
				await session.settle();
				assert.equal(stateOf(session), "needs-sign-in", session.screen());
				const sale = session.terminal.journal!.counters.lastStan;
				session.armPowerCut(atWrite);
				session.keys("ENTER");
				await session.settle();
				if (session.boots === 1) {
					assert.equal(stateOf(session), "idle", session.screen());
					session.stop();
					break; // the sign-in finished before write `atWrite`: each of its writes has been cut once
				}
				cutsHit++;
				for (let i = 0; i < 4 && stateOf(session) !== "idle"; i++) {
					session.keys(...(stateOf(session) === "login-operator" ? ["01", "ENTER", "0000", "ENTER"] : ["ENTER"]));
					await session.settle();
				}
				assert.equal(stateOf(session), "idle", `cut at write ${atWrite}: ${session.screen()}`);
				session.keys("ENTER", "2", "123456", "ENTER", String(sale), "ENTER", "ENTER");
				await session.settle();
				assert.ok(session.screen().includes("交易成功"), `cut at write ${atWrite}: ${session.screen()}`);
				assert.equal(session.terminal.journal!.txn(sale)!.voided, true, `cut at write ${atWrite}`);
				assert.equal(
					host.books.transactions.some((t) => t.terminalId === TERMINAL_ID && t.kind === "sale-void"),
					true,
					`cut at write ${atWrite}: the host approved the void`,
				);
				session.stop();
			} finally {
				await host.stop();
			}
		}
		assert.ok(cutsHit > 0, `${cutsHit} cuts`);
	});

	it("a day of refund and the pre-auth family without a cut settles balanced", async () => {
		const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		try {
			const session = await day(host, undefined, preAuthDay);
			assert.ok(session.screen().includes("结算完成, 对账平"), session.screen());
			checkBooks(host, session, "baseline");
			const kinds = host.books.transactions
				.filter((t) => t.terminalId === TERMINAL_ID)
				.map((t) => `${t.kind} ${t.amountFen} ${t.status}`);
			assert.deepEqual(kinds, [
				"sale 5000 approved",
				"refund 1200 approved",
				"preauth 10000 approved",
				"preauth-void 10000 approved",
				"preauth 3000 approved",
				"preauth-completion 3000 approved",
				"completion-void 3000 approved",
				"preauth 2000 approved",
				"preauth-completion-advice 1800 approved",
			]);
			const t = session.terminal.journal!.state.lastSettlement!.totals;
			assert.deepEqual(
				[t.domestic.debitFen + t.foreign.debitFen, t.domestic.creditFen + t.foreign.creditFen],
				[5000 + 3000 + 1800, 1200 + 3000],
			);
			session.stop();
		} finally {
			await host.stop();
		}
	});

	for (const fraction of [0, 0.5]) {
		it(`refund and pre-auth family cut at every write (${fraction === 0 ? "before any byte lands" : "half the bytes landed"}): reboot, sign on, settle, books agree`, async () => {
			let cutsHit = 0;
			for (let atWrite = 1; atWrite <= 600; atWrite++) {
				const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
				try {
					const session = await day(host, { atWrite, fraction }, preAuthDay);
					if (session.boots === 1) {
						session.stop();
						break;
					}
					cutsHit++;
					await recover(session, host, `cut at write ${atWrite}`);
					checkBooks(host, session, `cut at write ${atWrite}`);
					session.stop();
				} finally {
					await host.stop();
				}
			}
			assert.ok(cutsHit > 35, `${cutsHit} cuts`);
		});
	}
});
