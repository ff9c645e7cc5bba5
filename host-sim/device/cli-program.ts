// Builds and runs a check program on Moddable's x-cli-lin platform (a headless XS program with Moddable's native
// modules, hosted by device/moddable/cli/cli.c): hands it a JSON input on stdin and reads its stdout, one
// `kind<TAB>JSON` line per result; under valgrind's callgrind, also the x86-64 instructions of each measured loop
// (a dump at each entry to the marker, as instruction-count.ts does for xsnap). Needs $MODDABLE with the SDK's
// tools on PATH. Used by crypto-check.ts and render-check.ts.
//
// Public API: cliProgramUnavailable, buildCliProgram, runCliProgram, CliRun, Measured.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { callgrindInstructions, instructionsPerOp } from "../tools/device-estimate.js";
import { runProcess } from "../tools/xs.js";
import { fastBuild } from "./fast-build.js";

/** Why a check program cannot be built here, or undefined when it can. */
export function cliProgramUnavailable(): string | undefined {
	if (process.env.MODDABLE === undefined) return "$MODDABLE is not set";
	if (spawnSync("mcconfig", ["-h"]).error) return "mcconfig is not on PATH";
	return undefined;
}

/** Builds the program of `manifest` into `out` (an incremental rebuild takes about 30 s); returns the binary's path. */
export async function buildCliProgram(manifest: string, out: string): Promise<string> {
	await fastBuild({ platform: "x-cli-lin", out, preload: "all", extra: [], manifest });
	return join(out, "bin/lin/release", basename(out));
}

/** A `measured` line: a loop of `iterations` operations between two markers, and its instructions per operation. */
export type Measured<T> = T & { readonly iterations: number; readonly instructionsPerOp: number };

export interface CliRun {
	/** The JSON of every `kind` line. */
	lines<T>(kind: string): T[];
	/** With callgrind, the `measured` lines and their instructions per operation. */
	measured<T extends object>(): Measured<T>[];
	/** Whether the program printed its last line, `done`. */
	readonly done: boolean;
	readonly stderr: string;
}

export async function runCliProgram(binary: string, input: object, options: { callgrind?: boolean } = {}): Promise<CliRun> {
	const dir = mkdtempSync(join(tmpdir(), "posterm-cli-"));
	try {
		const out = join(dir, "callgrind.out");
		const [command, ...args] = options.callgrind
			? ["valgrind", "-q", "--tool=callgrind", `--callgrind-out-file=${out}`, "--dump-before=xs_cli_mark", binary]
			: [binary];
		const run = await runProcess(command!, args, { input: JSON.stringify(input) });
		const lines = <T>(kind: string): T[] =>
			run.stdout
				.split("\n")
				.filter((line) => line.startsWith(`${kind}\t`))
				.map((line) => JSON.parse(line.slice(kind.length + 1)) as T);
		const measured = options.callgrind
			? lines<{ iterations: number; dump: number }>("measured").map(({ dump, ...m }) => ({
					...m,
					instructionsPerOp: instructionsPerOp(callgrindInstructions(readFileSync(`${out}.${dump}`, "utf8")), m.iterations),
				}))
			: [];
		return {
			lines,
			measured: <T extends object>() => measured as Measured<T>[],
			done: run.stdout.includes("\ndone"),
			stderr: run.stderr,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
