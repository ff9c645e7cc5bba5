// `posterm host [--port N] [--config F] [--state FILE] [--quiet]`: runs the acquirer host simulator on
// 127.0.0.1 until Ctrl-C. Without --config it serves the built-in default configuration (the default
// terminal 10000001 / 898310058120001 and the named test cards); its books persist in --state
// (default .posterm/acquirer-state.json). Every message is printed decoded (PAN masked) as one JSON line.
// Faults can be scripted while it runs: each line on stdin is a fault rule as JSON, e.g.
//   {"fault":{"kind":"no-response"}}                                   the next request
//   {"fault":{"kind":"response-code","code":"51"},"match":{"mti":"0200"},"times":0}   every 0200
//   {"clear":true}                                                      drops every rule

import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { type CliIo, CommandError, UsageError } from "../command.js";
import { ConfigError, DEFAULT_ACQUIRER_PORT, defaultAcquirerConfig } from "../../acquirer/acquirer-config.js";
import { loadAcquirerConfig } from "../../acquirer/acquirer-config-file.js";
import { AcquirerHost } from "../../acquirer/acquirer-host.js";
import { parseFaultRule } from "../../acquirer/fault-plan.js";
import { StateFileError } from "../../acquirer/acquirer-state-file.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args: [...args],
		options: {
			port: { type: "string" },
			config: { type: "string" },
			state: { type: "string" },
			quiet: { type: "boolean", default: false },
		},
	});
	const port = values.port === undefined ? DEFAULT_ACQUIRER_PORT : Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not 0..65535`);
	let config;
	try {
		config = values.config === undefined ? defaultAcquirerConfig() : loadAcquirerConfig(values.config);
	} catch (error) {
		if (error instanceof ConfigError) throw new CommandError(error.message);
		throw error;
	}
	const stateFile = values.state ?? ".posterm/acquirer-state.json";
	mkdirSync(dirname(stateFile), { recursive: true });
	let host: AcquirerHost;
	try {
		host = await AcquirerHost.start({
			config,
			port,
			stateFile,
			...(values.quiet ? {} : { onLog: (entry) => io.stdout.write(`${JSON.stringify(entry)}\n`) }),
		});
	} catch (error) {
		if (error instanceof StateFileError) throw new CommandError(error.message);
		throw error;
	}
	io.stderr.write(
		`posterm host: acquirer simulator on 127.0.0.1:${host.port}, ${config.terminals.length} terminal(s), ${config.accounts.length} account(s), state in ${stateFile}; Ctrl-C stops\n`,
	);
	const lines = createInterface({ input: io.stdin });
	lines.on("line", (line) => {
		if (line.trim() === "") return;
		try {
			const json = JSON.parse(line) as { clear?: unknown };
			if (json.clear === true) {
				host.clearFaults();
				io.stderr.write("posterm host: fault rules cleared\n");
				return;
			}
			host.inject(parseFaultRule(json));
			io.stderr.write(`posterm host: fault rule added: ${line.trim()}\n`);
		} catch (error) {
			io.stderr.write(`posterm host: not a fault rule (${(error as Error).message}): ${line.trim()}\n`);
		}
	});
	await new Promise<void>((resolve) => {
		const stop = () => {
			process.off("SIGINT", stop);
			process.off("SIGTERM", stop);
			resolve();
		};
		process.on("SIGINT", stop);
		process.on("SIGTERM", stop);
	});
	lines.close();
	await host.stop();
	return 0;
}
