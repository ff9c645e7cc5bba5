// A failing monkey run shrunk to a short replayable sequence: the steps up to the failure, reduced by delta
// debugging to those that still produce the same kind of violation, saved as JSON for `--replay FILE`.

import { shrinkFailing } from "./delta-debug.js";
import { runMonkey, type MonkeyFailure } from "./monkey-runner.js";
import type { MonkeyStep } from "./monkey-steps.js";

export interface Replay {
	readonly seed: number;
	readonly steps: readonly MonkeyStep[];
	/** What the run found, for the reader; a replay checks the invariants afresh. */
	readonly violations?: readonly string[];
}

/** The violation's words without numbers, so the same fault at another STAN or amount still counts. */
export function signatureOf(failure: MonkeyFailure): string {
	return (failure.violations[0] ?? "").split("\n")[0]!.replace(/[0-9]+/g, "#");
}

export async function shrinkRun(
	steps: readonly MonkeyStep[],
	seed: number,
	failure: MonkeyFailure,
	maxRuns = 150,
): Promise<{ replay: Replay; runs: number }> {
	const wanted = signatureOf(failure);
	const prefix = steps.slice(0, failure.step + 1);
	let last = failure;
	const result = await shrinkFailing(
		prefix,
		async (candidate) => {
			const report = await runMonkey(candidate, { seed });
			if (report.failure && signatureOf(report.failure) === wanted) {
				last = report.failure;
				return true;
			}
			return false;
		},
		maxRuns,
	);
	return { replay: { seed, steps: result.items, violations: last.violations }, runs: result.runs };
}

/** Reads a replay file's JSON; throws RangeError naming what is wrong. */
export function parseReplay(text: string): Replay {
	const json = JSON.parse(text) as Partial<Replay>;
	if (typeof json !== "object" || json === null || !Number.isInteger(json.seed) || !Array.isArray(json.steps))
		throw new RangeError('a replay is {"seed": N, "steps": [...]}');
	return json as Replay;
}
