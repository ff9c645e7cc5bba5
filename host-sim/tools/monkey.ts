// The monkey test: random keys, swipes (test cards and garbage), acquirer faults and power cuts at random
// storage writes against the simulator, with the money invariants checked (host-sim/monkey).
//
//   npm run monkey -- [--seed S (1)] [--steps N (200)] [--keep-going] [--no-shrink] [--shrink-runs M (150)] [--out FILE]
//   npm run monkey -- --replay FILE
//
// Deterministic per seed (virtual time from a fixed epoch, seeded random). On a violation it shrinks the
// steps up to it by delta debugging, writes the short sequence as JSON (FILE, default
// .posterm/monkey-seed-S.json) and prints the command that replays it; exit 1. `--keep-going` runs every
// step and lists each distinct violation once (it shrinks the first).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { generateSteps, type MonkeyStep } from "../monkey/monkey-steps.js";
import { runMonkey, type MonkeyReport } from "../monkey/monkey-runner.js";
import { parseReplay, shrinkRun } from "../monkey/monkey-replay.js";

const { values } = parseArgs({
	options: {
		seed: { type: "string", default: "1" },
		steps: { type: "string", default: "200" },
		replay: { type: "string" },
		"keep-going": { type: "boolean", default: false },
		"no-shrink": { type: "boolean", default: false },
		"shrink-runs": { type: "string", default: "150" },
		out: { type: "string" },
	},
});

let seed = Number(values.seed);
let steps: readonly MonkeyStep[];
if (values.replay) {
	const replay = parseReplay(readFileSync(values.replay, "utf8"));
	seed = replay.seed;
	steps = replay.steps;
} else {
	const count = Number(values.steps);
	if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(count) || count < 1)
		throw new RangeError("--seed is a non-negative integer, --steps a positive one");
	steps = generateSteps(seed, count);
}

const started = Date.now();
const report = await runMonkey(steps, {
	seed,
	keepGoing: values["keep-going"],
	onStep: (i) => (i + 1) % 100 === 0 && process.stderr.write(`step ${i + 1}/${steps.length}\n`),
});
print(report);
if (report.failure) {
	for (const f of report.found)
		process.stdout.write(`invariant violated after step ${f.step} (${f.when}):\n${f.violations.map((v) => `  ${v}`).join("\n")}\n`);
	if (!values.replay && !values["no-shrink"]) {
		const { replay, runs } = await shrinkRun(steps, seed, report.failure, Number(values["shrink-runs"]));
		const file = values.out ?? `.posterm/monkey-seed-${seed}.json`;
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, `${JSON.stringify(replay, null, 1)}\n`);
		process.stdout.write(
			`shrunk to ${replay.steps.length} steps in ${runs} runs: ${file}\n${JSON.stringify(replay.steps)}\nreplay: npm run monkey -- --replay ${file}\n`,
		);
	}
	process.exitCode = 1;
}

function print(r: MonkeyReport): void {
	const summary = {
		seed,
		steps: r.steps,
		executed: r.executed,
		powerCuts: r.powerCuts,
		hostFaults: r.hostFaults,
		hostApprovals: r.hostApprovals,
		settlements: r.settlements,
		violations: r.found.reduce((n, f) => n + f.violations.length, 0),
		seconds: Math.round((Date.now() - started) / 100) / 10,
	};
	process.stdout.write(`${JSON.stringify(summary)}\n`);
}
