// Unbounded fuzzing of the ISO 8583 decoder (the bounded run is part of npm test):
//
//   node host-sim/tools/run-ts.js host-sim/tools/fuzz-iso8583.ts [--count N (1000000; 0 = until Ctrl-C)] [--seed S]
//
// Prints progress every million frames and every problem found (with the frame in hex); exit 1 on any.

import { parseArgs } from "node:util";
import { fuzzDecoder } from "./iso8583-fuzzer.js";

const { values } = parseArgs({ options: { count: { type: "string", default: "1000000" }, seed: { type: "string" } } });
const count = Number(values.count) === 0 ? Infinity : Number(values.count);
if (!(count > 0)) throw new Error("--count is a positive number, or 0 for no end");
let stopped = false;
process.on("SIGINT", () => (stopped = true));
const started = Date.now();
let seed = values.seed === undefined ? started >>> 0 : Number(values.seed);
let frames = 0,
	accepted = 0,
	problems = 0;
const CHUNK = 1_000_000;
while (frames < count && !stopped) {
	const report = fuzzDecoder(Math.min(CHUNK, count - frames), seed, () => stopped);
	frames += report.frames;
	accepted += report.accepted;
	problems += report.problems.length;
	for (const p of report.problems) process.stdout.write(`problem (seed ${seed}): ${p}\n`);
	process.stdout.write(
		`${frames} frames, ${accepted} accepted, ${problems} problems, ${Math.round(frames / ((Date.now() - started) / 1000))} frames/s (seed ${seed})\n`,
	);
	seed = (seed + 1) >>> 0;
}
process.exitCode = problems === 0 ? 0 : 1;
