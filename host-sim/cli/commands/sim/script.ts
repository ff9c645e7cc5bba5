// `posterm sim script FILE.json`: runs a scripted session (host-sim/sim/script-runner.ts) and prints its
// JSON transcript; exit 1 when an `expect` step fails.

import { readFileSync } from "node:fs";
import { CommandError, printJson, UsageError, type CliIo } from "../../command.js";
import { parseScript, runScript } from "../../../sim/script-runner.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [file, ...extra] = args;
	if (file === undefined || extra.length > 0) throw new UsageError("posterm sim script FILE.json");
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, "utf8"));
	} catch (e) {
		throw new CommandError(`cannot read ${file}: ${(e as Error).message}`);
	}
	let script;
	try {
		script = parseScript(json);
	} catch (e) {
		throw new CommandError(`${file}: ${(e as Error).message}`);
	}
	const transcript = await runScript(script);
	printJson(io, transcript);
	return transcript.ok ? 0 : 1;
}
