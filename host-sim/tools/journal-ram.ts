// `npm run bench [-- --instructions] journal` also weighs the journal's RAM (issue 15: it must not grow
// with the number of transactions). test/xs/journal-heap-probe.ts opens a journal of N sales in xsnap;
// the heap left with the opened journal held, minus the heap left without it, is the journal's RAM.

import { join } from "node:path";
import { compiledImportPath, repoRoot, writeEntry, xsBuildDir } from "./xs.js";
import { deviceBytes, heapAfter, type XsHeap } from "./xs-heap.js";

/** Budgets (issue 15): a terminal's journal of 1,000 transactions in this much RAM … */
const RAM_BUDGET_BYTES = 48 * 1024;
/** … and no more for 1,000 transactions than for 100, within this. */
const GROWTH_BUDGET_BYTES = 1024;
const COUNTS = [100, 1000] as const;

export interface JournalRam {
	readonly sales: number;
	readonly slots: number;
	readonly chunkBytes: number;
	/** On the 32-bit device: 16-byte slots, plus chunks. */
	readonly deviceBytes: number;
}

async function probeHeap(sales: number, keep: boolean): Promise<XsHeap> {
	const name = `journal-heap-${sales}-${keep}.js`;
	const entry = join(xsBuildDir, name);
	const probe = compiledImportPath(join(repoRoot, "test/xs/journal-heap-probe.ts"), entry);
	writeEntry(name, `import { runJournalHeapProbe } from ${JSON.stringify(probe)};\nrunJournalHeapProbe(${sales}, ${keep});\n`);
	return heapAfter(entry);
}

/** The journal's RAM after opening a journal of `sales` sales. */
export async function journalRam(sales: number): Promise<JournalRam> {
	const held = await probeHeap(sales, true);
	const dropped = await probeHeap(sales, false);
	const heap = { slots: held.slots - dropped.slots, chunkBytes: held.chunkBytes - dropped.chunkBytes };
	return { sales, ...heap, deviceBytes: deviceBytes(heap) };
}

/** The table rows and how many budgets are over. */
export async function journalRamRows(): Promise<{ rows: Record<string, string | number>[]; over: number }> {
	const [few, many] = [await journalRam(COUNTS[0]), await journalRam(COUNTS[1])];
	const verdict = (value: number, budget: number) => (value <= budget ? "within" : "OVER");
	const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
	const rows = [
		...[few, many].map((r) => ({
			measure: `journal RAM, ${r.sales} transactions`,
			slots: r.slots,
			"chunk bytes": r.chunkBytes,
			"device KB": kb(r.deviceBytes),
			"budget KB": r === many ? kb(RAM_BUDGET_BYTES) : "",
			verdict: r === many ? verdict(r.deviceBytes, RAM_BUDGET_BYTES) : "",
		})),
		{
			measure: `growth from ${few.sales} to ${many.sales} transactions`,
			slots: many.slots - few.slots,
			"chunk bytes": many.chunkBytes - few.chunkBytes,
			"device KB": kb(many.deviceBytes - few.deviceBytes),
			"budget KB": kb(GROWTH_BUDGET_BYTES),
			verdict: verdict(many.deviceBytes - few.deviceBytes, GROWTH_BUDGET_BYTES),
		},
	];
	return { rows, over: rows.filter((r) => r.verdict === "OVER").length };
}
