// The PIN policy end to end (src/card/pin-policy.ts): a debit card cannot skip its PIN with ENTER; a credit card
// whose service code allows it can, and the request then says so (field 22 = 022, no field 52).

import { strict as assert } from "node:assert";
import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import { TEST_CARDS, type TestCardName } from "../../../host-sim/cards/test-cards.js";
import { pinPause, signOn, startRig, type Rig } from "./terminal-harness.js";

describe("PIN policy end to end", () => {
	let host: AcquirerHost;
	let rig: Rig;

	const start = async (params: Record<string, unknown>) => {
		host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
		rig = await startRig(params, host);
		await signOn(rig);
	};
	afterEach(async () => {
		await rig.stop();
		await host.stop();
	});

	const requests = () => host.log.entries.filter((e) => e.direction === "in" && (e.mti === "0200" || e.mti === "0100"));

	/** Menu 1 (or 5-1), swipe, ENTER, amount, ENTER: at the PIN prompt. */
	const toPin = async (card: TestCardName, menu: readonly string[]) => {
		rig.keys("ENTER", ...menu);
		rig.swipe(card);
		rig.keys("ENTER", "3000", "ENTER");
		await pinPause(rig);
		assert.equal(rig.terminal.state.kind === "txn" && rig.terminal.state.step.kind, "pin", rig.text());
	};

	for (const [flow, menu] of [["sale", ["1"]], ["pre-auth", ["5", "1"]]] as const) {
		it(`a debit card's ${flow}: ENTER with no digits does not skip the PIN; nothing goes to the host without it`, async () => {
			await start({});
			await toPin("debit", menu);
			assert.ok(!rig.text().includes("无密码请按确认"), rig.text());
			rig.keys("ENTER");
			await pinPause(rig);
			assert.equal(rig.terminal.state.kind === "txn" && rig.terminal.state.step.kind, "pin", `still asking for the PIN:\n${rig.text()}`);
			assert.equal(requests().length, 0, "no request without the PIN");
			rig.keys(TEST_CARDS.debit.pin, "ENTER");
			await rig.until(() => rig.terminal.state.kind === "notice", "the result");
			assert.ok(rig.text().includes("交易成功"), rig.text());
			const [request] = requests();
			assert.equal(request?.fields?.["22"], "021", "entered with a PIN");
			assert.ok(request?.fields?.["52"] !== undefined, "the PIN block went with it");
		});
	}

	it("a credit card (its BIN in creditBins, service code 101) may skip the PIN: the prompt says so, 22 = 022, no 52", async () => {
		await start({ creditBins: TEST_CARDS.credit.pan.slice(0, 6) });
		await toPin("credit", ["1"]);
		assert.ok(rig.text().includes("无密码请按确认"), rig.text());
		rig.keys("ENTER");
		await rig.until(() => rig.terminal.state.kind === "notice", "the result");
		assert.ok(rig.text().includes("交易成功"), rig.text());
		const [request] = requests();
		assert.equal(request?.fields?.["22"], "022");
		assert.equal(request?.fields?.["52"], undefined);
	});

	it("the same credit card without the BIN table is taken as a debit card: PIN required", async () => {
		await start({});
		await toPin("credit", ["1"]);
		rig.keys("ENTER");
		await pinPause(rig);
		assert.equal(rig.terminal.state.kind === "txn" && rig.terminal.state.step.kind, "pin", rig.text());
		assert.equal(requests().length, 0);
	});
});
