// Soak: many sales with a settlement every 100, through the scripted terminal and the acquirer simulator over
// TCP. CI runs a bounded count; `POSTERM_SOAK=10000 npm test -- --node-only --grep soak` runs the full 10,000.
// Memory must stay flat: the journal compacts after each settlement, nothing accumulates per transaction.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import { loadBoard } from "../../../host-sim/hal/boards.js";
import { VIRTUAL_EPOCH_MS } from "../../../host-sim/hal/virtual-clock.js";
import { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";

const SALES = Number(process.env.POSTERM_SOAK ?? 200);
const SETTLE_EVERY = 100;

describe("soak", () => {
	it(`runs ${SALES} sales with a settlement every ${SETTLE_EVERY}, every batch balanced, memory flat`, async function () {
		// About 70 ms of real time per sale (TCP, slip printing on virtual time).
		this.timeout(Math.max(60_000, SALES * 250));
		const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		const session = new ScriptedTerminal({
			board: loadBoard(),
			acquirerHost: "127.0.0.1",
			acquirerPort: host.port,
			params: { slipCopies: 1 },
			startMs: VIRTUAL_EPOCH_MS,
			passwordIterations: 4,
			securePolicy: { minIntervalMs: 0, maxPerHour: 1_000_000 },
		});
		host.followClock(session.clock);
		try {
			await session.settle();
			session.keys("01", "ENTER", "0000", "ENTER");
			await session.settle();
			let heapAfterFirstBatch = 0;
			for (let i = 1; i <= SALES; i++) {
				session.keys("ENTER", "1");
				session.swipe({ card: i % 3 === 0 ? "foreign" : "debit" });
				session.keys("ENTER", String(100 + (i % 50)), "ENTER");
				await session.settle();
				session.keys(TEST_CARD_PIN, "ENTER");
				await session.settle();
				assert.ok(session.screen().includes("交易成功"), `sale ${i}: ${session.screen()}`);
				session.keys("ENTER");
				if (i % SETTLE_EVERY === 0) {
					session.keys("ENTER", "6", "ENTER");
					await session.settle();
					assert.ok(session.screen().includes("结算完成, 对账平"), `settlement after ${i}: ${session.screen()}`);
					session.keys("ENTER");
					// The host's books hold every transaction; the terminal must hold none of a settled batch.
					host.books.transactions.length = 0;
					host.books.seen = {};
					if (i === SETTLE_EVERY) heapAfterFirstBatch = process.memoryUsage().heapUsed;
				}
			}
			const journal = session.terminal.journal!;
			assert.ok(journal.state.txns.size < SETTLE_EVERY);
			assert.equal(journal.counters.batch, 1 + Math.floor(SALES / SETTLE_EVERY));
			const growth = process.memoryUsage().heapUsed - heapAfterFirstBatch;
			assert.ok(growth < 40 * 1024 * 1024, `heap grew by ${Math.round(growth / 1024)} KiB after the first batch`);
		} finally {
			session.stop();
			await host.stop();
		}
	});
});
