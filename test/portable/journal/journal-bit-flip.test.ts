import { assert } from "../../support/assert.js";
import { FuzzRandom } from "../../../host-sim/tools/iso8583-fuzzer.js";
import { flipOutcome, tally, writtenJournal, type FlipOutcome } from "./journal-bit-flip.js";

// The exhaustive version (every bit of every written sector) is test/node/journal-bit-flip.test.ts.
describe("journal: a flipped bit", () => {
	it("repairs 400 random single-bit flips of a 12-sale journal (seed 12): the state replays unchanged", () => {
		const scenario = writtenJournal(12, 5000, 8, 4096);
		const random = new FuzzRandom(12);
		const outcomes: FlipOutcome[] = [];
		for (let i = 0; i < 400; i++) {
			const range = scenario.ranges[random.below(scenario.ranges.length)]!;
			outcomes.push(flipOutcome(scenario, range.start + random.below(range.end - range.start), random.below(8)));
		}
		// Each one repaired: not even a named loss.
		assert.deepEqual(tally(outcomes), { same: 400, named: 0, silent: 0, "approved-reversed": 0, "open-failed": 0 });
	});
});
