// Runs inside xsnap with `-w` (host-sim/tools/journal-ram.ts): a journal of `sales` sales (sent, approved,
// printed) written to a partition, then opened as at boot. The partition stays referenced in both runs;
// the opened journal only when `keep` is set, so the two heap snapshots differ by the journal's RAM.

import { MemoryFlashPartition } from "../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../host-sim/hal/power-cut.js";
import { Journal } from "../../src/journal/journal.js";
import { workload } from "../portable/journal/journal-fixtures.js";
import { TEST_BOARD } from "../support/test-board.js";

declare function print(...values: unknown[]): void;
declare function gc(): void;

const SECTOR_BYTES = 4096;

export function runJournalHeapProbe(sales: number, keep: boolean): void {
	const partition = TEST_BOARD.partitions.find((p) => p.name === "journal")!;
	const written = new MemoryFlashPartition(new PowerCutPlan(), partition.byteLength, SECTOR_BYTES);
	const fresh = Journal.open(written);
	if (!fresh.ok) throw new Error("a fresh journal did not open");
	for (const step of workload(sales, 5000)) {
		if (!fresh.value.journal.commit(step(fresh.value.journal)).ok) throw new Error("a commit failed");
	}
	const flash = new MemoryFlashPartition(new PowerCutPlan(), partition.byteLength, SECTOR_BYTES, written.content());
	const opened = Journal.open(flash);
	if (!opened.ok || opened.value.journal.state.txns.size !== sales) throw new Error("the journal did not reopen whole");
	const held = globalThis as { journalProbe?: unknown };
	held.journalProbe = { flash, journal: keep ? opened.value.journal : undefined };
	// xsnap's snapshot still holds the last instance made of a class (seen here: a dropped 512 KB partition
	// stays until another partition is made). A small journal made last, in both runs, takes its place.
	Journal.open(new MemoryFlashPartition(new PowerCutPlan(), 2 * SECTOR_BYTES, SECTOR_BYTES));
	gc();
	print(`probe\t${JSON.stringify({ sales, keep })}`);
}
