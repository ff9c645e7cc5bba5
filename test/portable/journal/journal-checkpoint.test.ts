// Checkpoints (src/journal/journal-checkpoint.ts): a batch long enough that boot starts at one, and a
// snapshot that ends on one, cut by the power at a sample of its flash writes in both engines.

import { assert } from "../../support/assert.js";
import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { JournalLog } from "../../../src/journal/journal-log.js";
import { Journal } from "../../../src/journal/journal.js";
import { stateKey, workload } from "./journal-fixtures.js";

// 32 sectors: 300 sales fill the ring, so a snapshot of over 64 transactions is copied and ends on a checkpoint.
const SECTOR = 4096;
const BYTES = 32 * SECTOR;
const steps = () => [...workload(300, 5000)];

function open(flash: MemoryFlashPartition): Journal {
	const opened = Journal.open(new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, SECTOR, flash.content()));
	if (!opened.ok) throw new Error(JSON.stringify(opened.error));
	return opened.value.journal;
}

describe("journal: checkpoints", () => {
	it("boots from the newest checkpoint to the same state as the commits left, through a snapshot", () => {
		const flash = new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR);
		const opened = Journal.open(flash);
		if (!opened.ok) throw new Error("fresh journal did not open");
		const journal = opened.value.journal;
		let fromCheckpoint = 0;
		let snapshots = 0;
		let lastEnd = 0;
		for (const [i, step] of steps().entries()) {
			assert.ok(journal.commit(step(journal)).ok);
			if (i % 7 !== 0) continue;
			const log = JournalLog.open(new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR, flash.content()));
			if (!log.ok) throw new Error("the log did not open");
			if (log.value.replay.checkpoint) fromCheckpoint++;
			if (log.value.log.snapshotEndSeq !== lastEnd) snapshots++;
			lastEnd = log.value.log.snapshotEndSeq;
			assert.equal(stateKey(open(flash)), stateKey(journal), `after commit ${i + 1}`);
		}
		assert.ok(fromCheckpoint > 20 && snapshots > 0, JSON.stringify({ fromCheckpoint, snapshots }));
		assert.equal(journal.totals.domestic.debitCount, 300);
		assert.equal(journal.totals.domestic.debitFen, (300 * 301 * 100) / 2);
	});

	it("after a cut at every 23rd flash write (half the bytes landed), reopens at the last committed point and carries on", () => {
		const expected: string[] = [];
		const written = new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR);
		const power = new PowerCutPlan();
		const counted = new MemoryFlashPartition(power, BYTES, SECTOR);
		for (const flash of [written, counted]) {
			const opened = Journal.open(flash);
			if (!opened.ok) throw new Error("fresh journal did not open");
			if (flash === written) expected.push(stateKey(opened.value.journal));
			for (const step of steps()) {
				assert.ok(opened.value.journal.commit(step(opened.value.journal)).ok);
				if (flash === written) expected.push(stateKey(opened.value.journal));
			}
		}
		for (let cut = 23; cut <= power.writes; cut += 23) {
			const flash = new MemoryFlashPartition(new PowerCutPlan(cut, 0.5), BYTES, SECTOR);
			const opened = Journal.open(flash);
			if (!opened.ok) throw new Error("fresh journal did not open");
			let committed = 0;
			try {
				for (const step of steps()) {
					assert.ok(opened.value.journal.commit(step(opened.value.journal)).ok);
					committed++;
				}
			} catch (e) {
				if (!(e instanceof PowerCut)) throw e;
			}
			const after = open(flash);
			assert.equal(stateKey(after), expected[committed], `cut at write ${cut}`);
			assert.ok(
				after.commit([{ op: "counters", counters: { ...after.counters, signInDay: "20261122" } }]).ok,
				`append after cut ${cut}`,
			);
		}
	});
});
