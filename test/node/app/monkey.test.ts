// The monkey (host-sim/monkey): a few seeds of 200 random steps keep the money invariants, the steps are
// the same for the same seed, and delta debugging shrinks a planted failure to the steps that cause it.
// The long run is `npm run monkey -- --seed S --steps N`.

import { strict as assert } from "node:assert";
import { shrinkFailing } from "../../../host-sim/monkey/delta-debug.js";
import { runMonkey } from "../../../host-sim/monkey/monkey-runner.js";
import { generateSteps, type MonkeyStep } from "../../../host-sim/monkey/monkey-steps.js";
import { shrinkRun, signatureOf } from "../../../host-sim/monkey/monkey-replay.js";

async function assertKeepsMoney(seed: number): Promise<void> {
	const report = await runMonkey(generateSteps(seed, 200), { seed });
	assert.equal(report.failure, undefined, `seed ${seed}: ${JSON.stringify(report.failure)}`);
	assert.equal(report.executed, 200);
	assert.ok(
		report.powerCuts > 0 && report.hostFaults > 0 && report.hostApprovals > 5,
		`seed ${seed} exercised cuts, faults and sales: ${JSON.stringify(report)}`,
	);
}

describe("monkey: random keys, swipes, host faults and power cuts", function () {
	this.timeout(60_000);

	it("generates the same steps for the same seed, others for another", () => {
		assert.deepEqual(generateSteps(7, 300), generateSteps(7, 300));
		assert.notDeepEqual(generateSteps(7, 300), generateSteps(8, 300));
		const kinds = new Set(generateSteps(7, 300).map((s) => s.do));
		assert.deepEqual([...kinds].sort(), ["cut", "fault", "garbage", "key", "sale", "settle", "sign-on", "swipe", "void", "wait"]);
	});

	for (const seed of [1, 2, 4]) {
		it(`seed ${seed}, 200 steps: the money invariants hold after every step, every reboot and the final settlement`, () =>
			assertKeepsMoney(seed));
	}

	it("delta debugging finds the two items a failure needs in a list of 100", async () => {
		const { items, runs } = await shrinkFailing([...Array(100).keys()], async (list) => list.includes(17) && list.includes(42));
		assert.deepEqual(items, [17, 42]);
		assert.ok(runs < 100, `${runs} runs`);
	});

	it("shrinks a planted failure (the acquirer forced to answer 00 without booking the sale) to a short replayable sequence", async () => {
		const planted: MonkeyStep = { do: "fault", rule: { fault: { kind: "response-code", code: "00" }, match: { mti: "0200" } } };
		const steps = generateSteps(4, 24);
		steps.splice(12, 0, planted, { do: "sign-on" }, { do: "sale", card: "debit", amountFen: 1234 });
		const report = await runMonkey(steps, { seed: 4 });
		assert.ok(report.failure, "the planted lie is found");
		assert.match(report.failure.violations[0]!, /never approved by the host/);
		const { replay } = await shrinkRun(steps, 4, report.failure);
		assert.ok(replay.steps.length <= 4, `shrunk to ${JSON.stringify(replay.steps)}`);
		assert.ok(
			replay.steps.some((s) => JSON.stringify(s) === JSON.stringify(planted)),
			"the planted fault is kept",
		);
		const again = await runMonkey(JSON.parse(JSON.stringify(replay.steps)) as MonkeyStep[], { seed: replay.seed });
		assert.equal(again.failure && signatureOf(again.failure), signatureOf(report.failure), "the replay fails the same way");
	});
});

// Seed 3 meets a forced 12 on a 0400: the simulator books the reversal it signs, so the journal and the host agree.
describe("monkey: a forced 0410 code reaches the reversal gate (issue 12 item 2)", function () {
	this.timeout(60_000);
	it("seed 3, 200 steps: the money invariants hold", () => assertKeepsMoney(3));
});
