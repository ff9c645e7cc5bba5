// `posterm sim [SUBCOMMAND] …`: the terminal in the host simulator. Without a subcommand it serves the
// browser simulator (`--tui` for the text console instead); each subcommand lives in commands/sim/NAME.ts.

import { hardenIntrinsics } from "../../../src/secure/application-hal.js";
import type { CliIo, CommandModule } from "../command.js";

const SUBCOMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
	screenshot: () => import("./sim/screenshot.js"),
	script: () => import("./sim/script.js"),
};

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [first, ...rest] = args;
	const sub = first === undefined ? undefined : SUBCOMMANDS[first];
	const tui = args.includes("--tui");
	const command = await (sub ? sub() : tui ? import("./sim/interactive.js") : import("./sim/web.js"));
	// The simulator's stand-in for the device's hardened Compartment (host-sim/sim/application-start.ts): with
	// every module loaded, the process's built-ins are frozen before the firmware starts.
	if (io.ownProcess) hardenIntrinsics();
	return command.run(sub ? rest : tui ? args.filter((a) => a !== "--tui") : args, io);
}
