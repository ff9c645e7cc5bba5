// Power cuts at every durable storage write of a working day (sign-in, two sales, a void, settlement), whole
// and half-written: after the reboot the operator signs on again and settles. The host's books and the
// terminal's must then agree: nothing approved lost, nothing recorded twice, every unconfirmed request
// reversed, settlement balanced.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import { PowerCut } from "../../../host-sim/hal/power-cut.js";
import { loadBoard } from "../../../host-sim/hal/boards.js";
import { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";

const TERMINAL_ID = "10000001";

async function day(host: AcquirerHost, cut?: { atWrite: number; fraction: number }): Promise<ScriptedTerminal> {
	const session = new ScriptedTerminal({ board: loadBoard(), acquirerHost: "127.0.0.1", acquirerPort: host.port, params: { slipCopies: 1 }, startMs: Date.UTC(2026, 10, 21, 2, 0, 0), passwordIterations: 4 });
	await session.settle();
	if (cut) session.armPowerCut(cut.atWrite, cut.fraction);
	const bootsAtStart = session.boots;
	const steps: (() => void | Promise<void>)[] = [
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
		() => session.keys("ENTER", "ENTER", "6"),
	];
	for (const step of steps) {
		await step();
		await session.settle();
		if (session.boots !== bootsAtStart) break;
	}
	return session;
}

/** After a reboot: sign on (the reversal gate and the sign-in run), settle whatever the batch holds. */
async function recover(session: ScriptedTerminal): Promise<void> {
	for (let i = 0; i < 4 && session.terminal.state.kind !== "idle"; i++) {
		const kind = session.terminal.state.kind;
		if (kind === "login-operator") session.keys("01", "ENTER", "0000", "ENTER");
		else session.keys("ENTER");
		await session.settle();
	}
	assert.equal(session.terminal.state.kind, "idle", session.screen());
	session.keys("ENTER", "6");
	await session.settle();
	assert.ok(session.screen().includes("结算完成"), session.screen());
}

function checkBooks(host: AcquirerHost, session: ScriptedTerminal, label: string): void {
	const journal = session.terminal.journal!;
	assert.equal(journal.state.reversal, undefined, `${label}: no reversal left owed`);
	assert.equal(journal.state.settlement, undefined, `${label}: settlement finished`);
	const mine = host.books.transactions.filter((t) => t.terminalId === TERMINAL_ID);
	const keys = mine.map((t) => `${t.batch}/${t.stan}`);
	assert.equal(new Set(keys).size, keys.length, `${label}: nothing recorded twice on the host`);
	for (const s of host.books.settlements.filter((x) => x.terminalId === TERMINAL_ID)) {
		const uploaded = host.books.uploads[`${TERMINAL_ID}/${s.batch}`] ?? 0;
		assert.ok((s.balanced.domestic && s.balanced.foreign) || uploaded > 0, `${label}: batch ${s.batch} settled balanced or uploaded`);
	}
	const last = journal.state.lastSettlement!;
	const hostTotals = host.engine.hostTotals(TERMINAL_ID, last.batch);
	assert.deepEqual(
		{ dd: last.totals.domestic.debitFen, dc: last.totals.domestic.creditFen, fd: last.totals.foreign.debitFen, fc: last.totals.foreign.creditFen },
		{ dd: hostTotals.domestic.debit.amount, dc: hostTotals.domestic.credit.amount, fd: hostTotals.foreign.debit.amount, fc: hostTotals.foreign.credit.amount },
		`${label}: the settled totals equal the host's`,
	);
}

describe("power cuts at every storage write of a working day", () => {
	const swallow = (reason: unknown) => {
		if (!(reason instanceof PowerCut)) throw reason;
	};
	before(() => process.on("unhandledRejection", swallow));
	after(() => process.off("unhandledRejection", swallow));

	it("a day without a cut settles balanced", async () => {
		const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		try {
			const session = await day(host);
			assert.ok(session.screen().includes("结算完成, 对账平"), session.screen());
			checkBooks(host, session, "baseline");
			const totals = session.terminal.journal!.state.lastSettlement!.totals;
			assert.deepEqual([totals.domestic.debitFen, totals.foreign.debitFen, totals.foreign.creditFen], [1000, 2500, 2500], "two sales and a void of the second");
			session.stop();
		} finally {
			await host.stop();
		}
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
});
