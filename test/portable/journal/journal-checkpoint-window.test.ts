// Boot replays from a checkpoint at every point of a long batch in the bench's partition (issue 15: no
// window after a snapshot in which boot replays the whole chain, about twelve times the bench's recovery).

import { assert } from "../../support/assert.js";
import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { JournalLog } from "../../../src/journal/journal-log.js";
import { freshJournal, SECTOR_BYTES } from "../../bench/journal-partition.js";
import { workload } from "./journal-fixtures.js";

/** Records boot replays before the first checkpoint (the journal begins one at 64). */
const BEFORE_FIRST_CHECKPOINT = 64;

describe("journal: a checkpoint at every commit", () => {
	it("boots from a checkpoint after every third commit of 1,100 sales in the bench's partition, through its snapshots", () => {
		const { flash, journal } = freshJournal();
		let commits = 0;
		let snapshots = 0;
		let lastEnd = 0;
		for (const step of workload(1100, 5000)) {
			assert.ok(journal.commit(step(journal)).ok);
			if (++commits % 3 !== 0) continue;
			const opened = JournalLog.open(new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, SECTOR_BYTES, flash.content()));
			if (!opened.ok) throw new Error("the log did not open");
			const { replay, log } = opened.value;
			const bounded = replay.checkpoint !== undefined || replay.records.length <= BEFORE_FIRST_CHECKPOINT;
			assert.ok(bounded, `after commit ${commits}: ${replay.records.length} records replayed without a checkpoint`);
			if (log.snapshotEndSeq !== lastEnd) snapshots++;
			lastEnd = log.snapshotEndSeq;
		}
		assert.ok(snapshots >= 4, `${snapshots} snapshots`);
	});
});
