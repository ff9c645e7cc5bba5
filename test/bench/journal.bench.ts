// The journal on XS: recovery at boot (replaying the partition) of a batch of 1,000 transactions, each
// with its three journal points (request + reversal owed, approved, printed), in the board's partition;
// and the dearest single commit of a day of 1,000 sales and their settlement, compaction included.

import { bench, measurementRows } from "../xs/bench.js";
import { MemoryFlashPartition } from "../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../host-sim/hal/power-cut.js";
import { Journal } from "../../src/journal/journal.js";
import { workload } from "../portable/journal/journal-fixtures.js";
import { freshJournal, partition, recoveryPartition, SECTOR_BYTES } from "./journal-partition.js";

const content = recoveryPartition();

// Recovery of 1,000 transactions at boot on host-sim's path (the CRC-32 in JavaScript), without a budget: the
// budget of issue 15 (≤ 200 ms) applies to the device's path, the native CRC (`npm run bench -- --instructions native`).
const recovery = bench.measure("recover a journal of 1,000 transactions at boot (replay)", 10, () => {
	const opened = Journal.open(new MemoryFlashPartition(new PowerCutPlan(), partition.byteLength, SECTOR_BYTES, content));
	if (!opened.ok || opened.value.journal.state.txns.size !== 1000) throw new Error("recovery lost transactions");
});

// Budget (issue 15): no commit stalls over 50 ms, whichever commit compacts.
const day = freshJournal();
const steps = [...workload(1000, 1000)];
const stall = bench.worst(
	`worst single commit of a day (${steps.length} commits: 1,000 sales, settlement)`,
	steps.length,
	(index) => {
		if (!day.journal.commit(steps[index]!(day.journal)).ok) throw new Error("a commit failed");
	},
	{ budgetMs: 50 },
);
bench.table("journal", measurementRows([recovery, stall]));
bench.note(`the worst commit is commit ${stall.index + 1} of ${steps.length}`);
