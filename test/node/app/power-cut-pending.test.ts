// A power cut while a sale waits on the host ends that run of the firmware: its response timeout never fires,
// its connection is gone, and only the rebooted terminal reverses the sale (from the journal), once.

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARD_PIN } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { terminalOn } from "../support/terminal-on-host.js";
import { defaultParams } from "../../../src/params/schema.js";

const stateOf = (session: ScriptedTerminal): string => session.terminal.state.kind;
const received = (host: AcquirerHost, mti: string) => host.log.entries.filter((e) => e.direction === "in" && e.mti === mti).length;

async function realTicksUntil(predicate: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 2000 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
	assert.ok(predicate(), `timed out waiting for ${what}`);
}

describe("a power cut ends the old run of the firmware", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;
	beforeEach(async () => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host);
	});
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	it("a sale pending at the host, cut, reboot: exactly one reversal, from the rebooted terminal, even after the old timeout", async () => {
		await session.settle();
		session.keys("01", "ENTER", "0000", "ENTER");
		await session.settle();
		assert.equal(session.terminal.state.kind, "idle", session.screen());
		// The host books the sale and never answers: the terminal waits on its response timeout.
		host.inject({ fault: { kind: "no-response" }, match: { mti: "0200" }, times: 1 });
		session.keys("ENTER", "1");
		session.swipe({ card: "debit" });
		session.keys("ENTER", "1000", "ENTER");
		await session.settle();
		session.keys(TEST_CARD_PIN, "ENTER");
		await realTicksUntil(() => received(host, "0200") === 1, "the sale at the host");
		assert.equal(session.terminal.busy, true, "the sale waits on the host");

		session.powerCut();
		// Far past the old instance's response timeout, on the clock both runs shared.
		await session.wait(defaultParams().responseTimeoutMs * 3 + 60_000);
		assert.equal(
			received(host, "0400"),
			0,
			`the dead run sent no reversal; host log: ${JSON.stringify(host.log.entries.map((e) => e.mti ?? e.note))}`,
		);

		session.keys("01", "ENTER", "0000", "ENTER");
		await session.settle();
		if (stateOf(session) === "notice") session.keys("ENTER");
		await session.settle();
		assert.equal(session.terminal.state.kind, "idle", session.screen());
		assert.equal(received(host, "0400"), 1, "the rebooted terminal reversed the sale once");
		assert.equal(session.terminal.journal!.state.reversal, undefined, "no reversal left owed");
		assert.deepEqual(
			host.books.transactions.map((t) => `${t.amountFen} ${t.status}`),
			["1000 reversed"],
		);
	});
});
