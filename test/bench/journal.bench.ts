// The journal on XS: recovery at boot (replaying the partition) of a batch of 1,000 transactions, each
// with its three journal points (request + reversal owed, approved, printed), in the board's partition.

import { bench, measurementRows } from "../xs/bench.js";
import { MemoryFlashPartition } from "../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../host-sim/hal/power-cut.js";
import { Journal } from "../../src/journal/journal.js";
import { workload } from "../portable/journal/journal-fixtures.js";
import { TEST_BOARD } from "../support/test-board.js";

const SECTOR_BYTES = 4096;
const partition = TEST_BOARD.partitions.find((p) => p.name === "journal")!;
const flash = new MemoryFlashPartition(new PowerCutPlan(), partition.byteLength, SECTOR_BYTES);
const fresh = Journal.open(flash);
if (!fresh.ok) throw new Error("a fresh journal did not open");
for (const step of workload(1000, 5000)) {
	if (!fresh.value.journal.commit(step(fresh.value.journal)).ok) throw new Error("a commit failed");
}
const content = flash.content();

// Budget (issue 15): recovery of 1,000 transactions at boot within 200 ms.
const recovery = bench.measure(
	"recover a journal of 1,000 transactions at boot (replay)",
	10,
	() => {
		const opened = Journal.open(new MemoryFlashPartition(new PowerCutPlan(), partition.byteLength, SECTOR_BYTES, content));
		if (!opened.ok || opened.value.journal.state.txns.size !== 1000) throw new Error("recovery lost transactions");
	},
	{ budgetMs: 200 },
);
bench.table("journal", measurementRows([recovery]));
