// `npm run bench -- --instructions poco`: what the device draws with, measured in the render check program
// (device/moddable/render-check, Moddable's x-cli-lin with Commodetto's Poco) under callgrind: a whole panel and a
// menu-highlight key through Poco, through the JavaScript rasteriser, and Poco's JavaScript side with Poco idle.
// The budgets of issue 15 (a whole-panel redraw ≤ 40 ms, a key's redraw ≤ 15 ms, the SPI transfer not counted)
// apply to the Poco rows: that is what the device runs. The JavaScript rasteriser is host-sim's reference.
//
// Public API: POCO_BENCH, pocoBenchTable.

import { runRenderCheck } from "../device/render-check.js";
import { estimateCells } from "./device-estimate.js";

export const POCO_BENCH = "poco";

/** Budgets (issue 15) by the operation as the render check names it, for the rows drawn by Poco. */
const BUDGETS: readonly (readonly [string, number])[] = [
	["whole panel", 40],
	["menu highlight moves", 15],
];

/** Loops of each measured draw (valgrind runs the program about 50 times slower). */
const LOOPS = 8;

/** Builds and measures the program; rows as bench.ts prints them, and how many Poco rows are over budget. */
export async function pocoBenchTable(): Promise<{ rows: Record<string, string | number>[]; over: number }> {
	const run = await runRenderCheck({ measureLoops: LOOPS });
	const differ = run.frames.filter((f) => f.differing > 0);
	if (!run.done || differ.length > 0) throw new Error(`the render check failed (${differ.length} frames differ): ${run.stderr}`);
	const rows = run.measured.map((m) => {
		const poco = m.name.endsWith(", Poco");
		const budgetMs = poco ? BUDGETS.find(([operation]) => m.name.includes(`: ${operation}`))?.[1] : undefined;
		return { operation: m.name, iterations: m.iterations, ...estimateCells(m.instructionsPerOp, budgetMs) };
	});
	const over = rows.filter((r) => r.verdict === "OVER").length;
	return { rows, over };
}
