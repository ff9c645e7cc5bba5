// The PIN policy end to end (src/card/pin-policy.ts): a debit card cannot skip its PIN with ENTER; a credit card
// whose service code allows it can, and the request then says so (field 22 = 022, no field 52).

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS, type TestCardName } from "../../../host-sim/cards/test-cards.js";
import type { ScriptedTerminal } from "../../../host-sim/sim/scripted-terminal.js";
import { pinPause, signOn, terminalOn } from "../support/terminal-on-host.js";

describe("PIN policy end to end", () => {
	let host: AcquirerHost;
	let session: ScriptedTerminal;

	const start = async (params: Record<string, unknown>) => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		session = terminalOn(host, params);
		await signOn(session);
	};
	afterEach(async () => {
		session.stop();
		await host.stop();
	});

	const requests = () => host.log.entries.filter((e) => e.direction === "in" && (e.mti === "0200" || e.mti === "0100"));

	/** Menu 1 (or 5-1), swipe, ENTER, amount, ENTER: at the PIN prompt. */
	const toPin = async (card: TestCardName, menu: readonly string[]) => {
		session.keys("ENTER", ...menu);
		session.swipe({ card: card });
		session.keys("ENTER", "3000", "ENTER");
		await pinPause(session);
		assert.equal(session.terminal.state.kind === "txn" && session.terminal.state.step.kind, "pin", session.screen());
	};

	for (const [flow, menu] of [
		["sale", ["1"]],
		["pre-auth", ["5", "1"]],
	] as const) {
		it(`a debit card's ${flow}: ENTER with no digits does not skip the PIN; nothing goes to the host without it`, async () => {
			await start({});
			await toPin("debit", menu);
			assert.ok(!session.screen().includes("无密码请按确认"), session.screen());
			session.keys("ENTER");
			await pinPause(session);
			assert.equal(
				session.terminal.state.kind === "txn" && session.terminal.state.step.kind,
				"pin",
				`still asking for the PIN:\n${session.screen()}`,
			);
			assert.equal(requests().length, 0, "no request without the PIN");
			session.keys(TEST_CARDS.debit.pin, "ENTER");
			await session.until(() => session.terminal.state.kind === "notice", "the result");
			assert.ok(session.screen().includes("交易成功"), session.screen());
			const [request] = requests();
			assert.equal(request?.fields?.["22"], "021", "entered with a PIN");
			assert.ok(request?.fields?.["52"] !== undefined, "the PIN block went with it");
		});
	}

	it("a credit card (its BIN in creditBins, service code 101) may skip the PIN: the prompt says so, 22 = 022, no 52", async () => {
		await start({ creditBins: TEST_CARDS.credit.pan.slice(0, 6) });
		await toPin("credit", ["1"]);
		assert.ok(session.screen().includes("无密码请按确认"), session.screen());
		session.keys("ENTER");
		await session.until(() => session.terminal.state.kind === "notice", "the result");
		assert.ok(session.screen().includes("交易成功"), session.screen());
		const [request] = requests();
		assert.equal(request?.fields?.["22"], "022");
		assert.equal(request?.fields?.["52"], undefined);
	});

	it("the same credit card without the BIN table is taken as a debit card: PIN required", async () => {
		await start({});
		await toPin("credit", ["1"]);
		session.keys("ENTER");
		await pinPause(session);
		assert.equal(session.terminal.state.kind === "txn" && session.terminal.state.step.kind, "pin", session.screen());
		assert.equal(requests().length, 0);
	});
});
