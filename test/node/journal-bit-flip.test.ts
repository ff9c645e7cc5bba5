import { assert } from "../support/assert.js";
import { flipOutcome, tally, writtenJournal, type FlipOutcome } from "../portable/journal/journal-bit-flip.js";

// Every single-bit flip of every byte a journal wrote (and of the erased bytes after them) (Node only: tens of thousands of reboots; the
// portable test runs a random sample in both engines).
describe("journal: every single-bit flip", () => {
	const scenarios = [
		{ name: "12 sales in 4 KiB sectors", sales: 12, settleEvery: 5000, sectors: 8, sectorBytes: 4096 },
		{ name: "12 sales with a settlement and compaction in 512-byte sectors", sales: 12, settleEvery: 5, sectors: 16, sectorBytes: 512 },
	];
	for (const s of scenarios) {
		it(`${s.name}: every flip is repaired, so the state replays unchanged (nothing silent, no approved sale owing a reversal)`, () => {
			const scenario = writtenJournal(s.sales, s.settleEvery, s.sectors, s.sectorBytes);
			const outcomes: FlipOutcome[] = [];
			for (const range of scenario.ranges) {
				for (let offset = range.start; offset < range.end; offset++) {
					for (let bit = 0; bit < 8; bit++) outcomes.push(flipOutcome(scenario, offset, bit));
				}
			}
			const counts = tally(outcomes);
			assert.ok(outcomes.length >= 10_000, `${outcomes.length} flips`);
			assert.deepEqual(counts, { same: outcomes.length, named: 0, silent: 0, "approved-reversed": 0, "open-failed": 0 });
		});
	}
});
