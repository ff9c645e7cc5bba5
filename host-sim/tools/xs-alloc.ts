// What an XS operation allocates, and how many garbage collections a stage sees (issue 15: ≤ 200 slots and
// ≤ 4 KB per key press; the collections of a sale). xsnap exposes no allocation counter to JavaScript, but the
// engine keeps two in its machine (Moddable xs/sources/xsMemory.c): `currentHeapCount`, raised by one for
// every slot fxNewSlot hands out, and `currentChunksSize`, raised by every chunk's capacity (fxCheckChunk,
// fxRenewChunk); a collection resets both to what is live. So between two points with no collection between
// them, their differences are exactly the slots and chunk bytes allocated.
//
// The bench module runs in an xsnap built from the same sources with the same options plus `-g` (debug
// information only: gcc generates the same code), under gdb: a breakpoint on `xs_resetMeter` prints both
// counters at each resetMeter call (test/xs/bench.ts calls it around every measured call), and one on
// `fxCollect` counts collections. Chunk bytes are the 64-bit host's: each chunk carries a 16-byte header here
// and 8 bytes on the 32-bit device, so the device allocates slightly less; slots are counted, not sized.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ensureXsnap, repoRoot, runProcess } from "./xs.js";

const debugBuildDir = join(repoRoot, "build/xsnap-g");
const debugBinary = join(debugBuildDir, "bin/lin/release/xsnap");

/** Budgets (issue 15 item 6) per key press. */
export const KEY_PRESS_SLOT_BUDGET = 200;
export const KEY_PRESS_CHUNK_BUDGET_BYTES = 4096;

/** XS's counters at one resetMeter call. */
export interface HeapCounters {
	readonly slots: number;
	readonly chunkBytes: number;
	/** Collections since the machine started. */
	readonly collections: number;
}

/** gdb's own output (the counters) goes to `log`; the program's output stays on stdout. */
const gdbScript = (log: string) => `set pagination off
set logging file ${log}
set logging overwrite on
set logging redirect on
set logging enabled on
set $collections = 0
break fxCollect
commands
silent
set $collections = $collections + 1
continue
end
break xs_resetMeter
commands
silent
printf "heap-counters\\t%u\\t%u\\t%u\\n", ((txMachine*)the)->currentHeapCount, ((txMachine*)the)->currentChunksSize, $collections
continue
end
run
`;

/** The release xsnap with debug information (built once, like build/xsnap; about a minute on 2 cores). */
async function ensureDebugInfoXsnap(): Promise<string> {
	if (existsSync(debugBinary)) return debugBinary;
	await ensureXsnap();
	const pkg = dirname(createRequire(import.meta.url).resolve("@agoric/xsnap/package.json"));
	process.stderr.write("building xsnap with debug information (for the allocation counts), once…\n");
	const result = await runProcess(
		"make",
		["-f", "xsnap.mk", "-j2", "GOAL=release", `MODDABLE=${join(pkg, "moddable")}`, `BUILD_DIR=${debugBuildDir}`, "CC=cc -g"],
		{ cwd: join(pkg, "xsnap-native/xsnap/makefiles/lin") },
	);
	if (result.code !== 0 || !existsSync(debugBinary)) throw new Error(`building xsnap -g failed:\n${result.stdout}${result.stderr}`);
	return debugBinary;
}

/** Why the allocation counts cannot be taken here, or undefined when they can. */
export async function allocationUnavailable(): Promise<string | undefined> {
	const gdb = await runProcess("gdb", ["--version"]).catch(() => undefined);
	return gdb?.code === 0 ? undefined : "gdb is not installed";
}

/** Runs the entry under gdb; returns its output and the counters at each resetMeter call. */
export async function runCountingHeap(entry: string): Promise<{ stdout: string; counters: HeapCounters[] }> {
	const xsnap = await ensureDebugInfoXsnap();
	const dir = mkdtempSync(join(tmpdir(), "posterm-alloc-"));
	try {
		const script = join(dir, "counters.gdb");
		const log = join(dir, "counters.log");
		writeFileSync(script, gdbScript(log));
		const run = await runProcess("gdb", ["-q", "-batch", "-x", script, "--args", xsnap, "-m", entry]);
		const counters: HeapCounters[] = [];
		for (const line of readFileSync(log, "utf8").split("\n")) {
			const [kind, slots, chunkBytes, collections] = line.split("\t");
			if (kind === "heap-counters")
				counters.push({ slots: Number(slots), chunkBytes: Number(chunkBytes), collections: Number(collections) });
		}
		if (counters.length === 0) throw new Error(`no heap counters from gdb (exit ${run.code}): ${run.stderr}`);
		return { stdout: run.stdout, counters };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The `allocation` lines of a bench run (test/xs/bench.ts `bench.allocation`). */
interface AllocationLine {
	readonly name: string;
	readonly calls: number;
	/** The resetMeter call (1-based) before the first call. */
	readonly firstReset: number;
	/** Whether the key press's budget applies (what the device runs); the host's reference has none. */
	readonly budgeted: boolean;
}

/** A stage's `measured` line carries the resetMeter calls that open and close it. */
interface StageLine {
	readonly name: string;
	readonly resets?: readonly [number, number];
}

type Row = Record<string, string | number>;

/**
 * Rows for the allocation lines (per call: mean and largest, over the calls no collection interrupted) and
 * for the stages (collections seen), from one run's output and counters; `over` counts budgets missed.
 */
export function allocationTables(
	stdout: string,
	counters: readonly HeapCounters[],
): { allocations: Row[]; collections: Row[]; over: number } {
	const at = (reset: number) => {
		const c = counters[reset - 1];
		if (!c) throw new Error(`no heap counters at resetMeter call ${reset} (of ${counters.length})`);
		return c;
	};
	const rows: Row[] = [];
	const collections: Row[] = [];
	let over = 0;
	for (const line of stdout.split("\n")) {
		const [kind, payload = ""] = line.split("\t");
		if (kind === "allocation") {
			const a = JSON.parse(payload) as AllocationLine;
			const calls: { slots: number; chunkBytes: number }[] = [];
			for (let i = 0; i < a.calls; i++) {
				const before = at(a.firstReset + i),
					after = at(a.firstReset + i + 1);
				if (after.collections === before.collections)
					calls.push({ slots: after.slots - before.slots, chunkBytes: after.chunkBytes - before.chunkBytes });
			}
			const mean = (pick: (c: { slots: number; chunkBytes: number }) => number) =>
				calls.length === 0 ? 0 : Math.round(calls.reduce((s, c) => s + pick(c), 0) / calls.length);
			const max = (pick: (c: { slots: number; chunkBytes: number }) => number) => Math.max(0, ...calls.map(pick));
			const within = max((c) => c.slots) <= KEY_PRESS_SLOT_BUDGET && max((c) => c.chunkBytes) <= KEY_PRESS_CHUNK_BUDGET_BYTES;
			if (a.budgeted && !within) over++;
			rows.push({
				operation: a.name,
				"calls counted": `${calls.length} of ${a.calls}`,
				"slots/call (mean)": mean((c) => c.slots),
				"slots/call (max)": max((c) => c.slots),
				"chunk bytes/call (mean)": mean((c) => c.chunkBytes),
				"chunk bytes/call (max)": max((c) => c.chunkBytes),
				budget: a.budgeted ? `${KEY_PRESS_SLOT_BUDGET} slots, ${KEY_PRESS_CHUNK_BUDGET_BYTES} B` : "",
				verdict: !a.budgeted ? "no budget" : within ? "within" : "OVER",
			});
		} else if (kind === "measured") {
			const stage = JSON.parse(payload) as StageLine;
			if (!stage.resets) continue;
			const [first, last] = stage.resets;
			collections.push({
				stage: stage.name,
				"garbage collections": at(last).collections - at(first).collections,
			});
		}
	}
	return { allocations: rows, collections, over };
}
