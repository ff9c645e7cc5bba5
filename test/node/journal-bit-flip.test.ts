import { assert } from "../support/assert.js";
import { FuzzRandom } from "../../host-sim/tools/iso8583-fuzzer.js";
import { damageOutcome, flipOutcome, recordAt, tally, writtenJournal, type FlipOutcome } from "../portable/journal/journal-bit-flip.js";

// Every single-bit flip of every byte a journal wrote (and of the erased bytes after them), and random
// damage beyond one bit (Node only: tens of thousands of reboots; the portable test runs a random sample
// of single flips in both engines).
describe("journal: every single-bit flip", () => {
	const scenarios = [
		{ name: "12 sales in 4 KiB sectors", sales: 12, settleEvery: 5000, sectors: 8, sectorBytes: 4096 },
		{ name: "12 sales with a settlement and compaction in 512-byte sectors", sales: 12, settleEvery: 5, sectors: 16, sectorBytes: 512 },
	];
	for (const s of scenarios) {
		it(`${s.name}: every flip is repaired, so the state replays unchanged (nothing silent, no approved sale owing a reversal)`, function () {
			// Tens of thousands of reboots, each comparing every transaction read back from flash.
			this.timeout(180_000);
			const scenario = writtenJournal(s.sales, s.settleEvery, s.sectors, s.sectorBytes);
			const outcomes: FlipOutcome[] = [];
			for (const range of scenario.ranges) {
				for (let offset = range.start; offset < range.end; offset++) {
					for (let bit = 0; bit < 8; bit++) outcomes.push(flipOutcome(scenario, offset, bit));
				}
			}
			assert.ok(outcomes.length >= 10_000, `${outcomes.length} flips`);
			assert.deepEqual(tally(outcomes), { same: outcomes.length, named: 0, silent: 0, "approved-reversed": 0, "open-failed": 0 });
		});
	}

	it("damage beyond one bit anywhere but the newest record (3,000 random: two flips, zeroed runs, 3-bit bursts; seed 7) is named, never silent, and never leaves an approved sale owing a reversal", () => {
		const scenario = writtenJournal(12, 5000, 8, 4096);
		// The newest record has no successor: damage to its length field is a torn write to any reader.
		const newest = recordAt(scenario.bytes, 36);
		const random = new FuzzRandom(7);
		const outcomes: FlipOutcome[] = [];
		while (outcomes.length < 3000) {
			const range = scenario.ranges[random.below(scenario.ranges.length)]!;
			const at = range.start + random.below(range.end - range.start - 8);
			const kind = random.below(3);
			const spots =
				kind === 0
					? [at, range.start + random.below(range.end - range.start)]
					: kind === 1
						? Array.from({ length: 1 + random.below(32) }, (_, i) => at + i)
						: [0, 1, 2].map(() => at + random.below(8));
			const bits = spots.map(() => random.below(8));
			if (spots.some((o) => o >= newest.offset && o < newest.offset + newest.length)) continue;
			outcomes.push(
				damageOutcome(scenario, (bytes) => spots.forEach((o, i) => (kind === 1 ? (bytes[o] = 0) : (bytes[o]! ^= 1 << bits[i]!)))),
			);
		}
		const counts = tally(outcomes);
		assert.deepEqual(
			{ silent: counts.silent, "approved-reversed": counts["approved-reversed"], "open-failed": counts["open-failed"] },
			{ silent: 0, "approved-reversed": 0, "open-failed": 0 },
			JSON.stringify(counts),
		);
		assert.ok(counts.named > 1000, JSON.stringify(counts));
	});
});
