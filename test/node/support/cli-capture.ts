// Runs `posterm …` in-process with captured output, or as a child process of the real executable (test/node only).

import { spawn } from "node:child_process";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { main } from "../../../host-sim/cli/posterm.js";
import { repoRoot } from "../../../host-sim/tools/xs.js";

export interface CliRun {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
	const chunks: Buffer[] = [];
	const stream = new Writable({
		write(chunk: Buffer | string, _encoding, done) {
			chunks.push(Buffer.from(chunk));
			done();
		},
	});
	return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

export async function runCli(argv: readonly string[], stdin = ""): Promise<CliRun> {
	const out = sink(),
		err = sink();
	const code = await main(argv, { stdout: out.stream, stderr: err.stream, stdin: Readable.from([Buffer.from(stdin)]) });
	return { code, stdout: out.text(), stderr: err.text() };
}

/** `posterm …` in-process, its output as `out` and `err`. */
export async function posterm(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
	const run = await runCli(argv);
	return { code: run.code, out: run.stdout, err: run.stderr };
}

/** `posterm …` as a child process of host-sim/cli/bin.js (it compiles the CLI as it starts), killed after 170 s. */
export function postermProcess(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [join(repoRoot, "host-sim/cli/bin.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "",
			stderr = "";
		child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
		child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => child.kill("SIGTERM"), 170_000);
		child.on("error", reject);
		child.on("close", (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}
