// `npm run bench -- --instructions`: runs one benchmark module in xsnap under valgrind's callgrind, which
// writes a dump each time XS's resetMeter is entered (xsnap's native `xs_resetMeter`). test/xs/bench.ts
// names, for each measurement, the dump that holds its timed loop and nothing else, so neither the engine's
// start nor the module's setup nor the warm-up call is counted. Instruction counts do not depend on the
// machine's speed or load: the same xsnap binary and input give the same count.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { budgetVerdict, callgrindInstructions, esp32s3Ms, instructionsPerOp, type BudgetVerdict } from "./device-estimate.js";
import { runXsModule, type ProcessResult } from "./xs.js";

/** What test/xs/bench.ts prints for each measurement (a `measured` line). */
export interface MeasuredLine {
	readonly name: string;
	readonly iterations: number;
	readonly meterPerOp: number;
	/** The callgrind dump holding the timed loop. */
	readonly dump: number;
	/** A stage's firmware segments, one dump each (their sum is counted); absent: `dump` alone. */
	readonly dumps?: readonly number[];
	/** Instructions measured elsewhere (the native bench) for work the device does natively, added to the count. */
	readonly nativeInstructions?: number;
	readonly budgetMs?: number;
}

export interface InstructionRow {
	readonly name: string;
	readonly iterations: number;
	readonly meterPerOp: number;
	readonly instructionsPerOp: number;
	readonly estimateMs: number;
	readonly budgetMs: number | undefined;
	readonly verdict: BudgetVerdict;
}

/** The `measured` lines of a bench run's output. */
export function measuredLines(stdout: string): MeasuredLine[] {
	return stdout
		.split("\n")
		.filter((line) => line.startsWith("measured\t"))
		.map((line) => JSON.parse(line.slice("measured\t".length)) as MeasuredLine);
}

/** One row per measurement, from the instruction total of its loop's dump. */
export function instructionRow(measured: MeasuredLine, loopInstructions: number): InstructionRow {
	const perOp = instructionsPerOp(loopInstructions, measured.iterations);
	const estimateMs = esp32s3Ms(perOp);
	return {
		name: measured.name,
		iterations: measured.iterations,
		meterPerOp: measured.meterPerOp,
		instructionsPerOp: perOp,
		estimateMs,
		budgetMs: measured.budgetMs,
		verdict: budgetVerdict(estimateMs, measured.budgetMs),
	};
}

/** Runs the entry module under callgrind and returns its rows (and the run, for its output). */
export async function countInstructions(entry: string): Promise<{ rows: InstructionRow[]; run: ProcessResult }> {
	const dir = mkdtempSync(join(tmpdir(), "posterm-callgrind-"));
	try {
		const out = join(dir, "callgrind.out");
		const run = await runXsModule(entry, {
			under: ["valgrind", "-q", "--tool=callgrind", `--callgrind-out-file=${out}`, "--dump-before=xs_resetMeter"],
		});
		const instructionsOf = (dump: number) => callgrindInstructions(readFileSync(`${out}.${dump}`, "utf8"));
		const rows = measuredLines(run.stdout).map((m) =>
			instructionRow(m, (m.dumps ?? [m.dump]).reduce((sum, dump) => sum + instructionsOf(dump), 0) + (m.nativeInstructions ?? 0)),
		);
		return { rows, run };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
