// The journal partition the benchmarks recover: 1,000 transactions left by `workload(1000, 5000)` of
// test/portable/journal/journal-fixtures.ts in the board's journal partition. test/bench/journal.bench.ts opens
// it in xsnap; host-sim/tools/native-bench.ts has xsnap print it (`printRecoveryPartition`) for the device's
// path in x-cli-lin.

import { MemoryFlashPartition } from "../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../host-sim/hal/power-cut.js";
import { Journal } from "../../src/journal/journal.js";
import { workload } from "../portable/journal/journal-fixtures.js";
import { TEST_BOARD } from "../support/test-board.js";

declare function print(...values: unknown[]): void;

export const SECTOR_BYTES = 4096;
export const RECOVERY_TRANSACTIONS = 1000;
export const partition = TEST_BOARD.partitions.find((p) => p.name === "journal")!;

export function freshJournal(): { flash: MemoryFlashPartition; journal: Journal } {
	const flash = new MemoryFlashPartition(new PowerCutPlan(), partition.byteLength, SECTOR_BYTES);
	const opened = Journal.open(flash);
	if (!opened.ok) throw new Error("a fresh journal did not open");
	return { flash, journal: opened.value.journal };
}

/** The partition's bytes after the workload. */
export function recoveryPartition(): Uint8Array {
	const written = freshJournal();
	for (const step of workload(RECOVERY_TRANSACTIONS, 5000))
		if (!written.journal.commit(step(written.journal)).ok) throw new Error("a commit failed");
	return written.flash.content();
}

/** Prints the partition as one `journal-partition` line of hex. */
export function printRecoveryPartition(): void {
	const bytes = recoveryPartition();
	const hex: string[] = [];
	for (const byte of bytes) hex.push((byte < 16 ? "0" : "") + byte.toString(16));
	print(`journal-partition\t${hex.join("")}`);
}
