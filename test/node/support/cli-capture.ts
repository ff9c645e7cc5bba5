// Runs `posterm …` in-process with captured output (test/node only).

import { Readable, Writable } from "node:stream";
import { main } from "../../../host-sim/cli/posterm.js";

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
