// `posterm sim [SUBCOMMAND] …`: the terminal in the host simulator. Without a subcommand it serves the
// browser simulator (`--tui` for the text console instead); each subcommand lives in commands/sim/NAME.ts.

import type { CliIo, CommandModule } from "../command.js";

const SUBCOMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
	screenshot: () => import("./sim/screenshot.js"),
	script: () => import("./sim/script.js"),
};

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [first, ...rest] = args;
	const sub = first === undefined ? undefined : SUBCOMMANDS[first];
	if (sub) return (await sub()).run(rest, io);
	if (args.includes("--tui")) return (await import("./sim/interactive.js")).run(args.filter((a) => a !== "--tui"), io);
	return (await import("./sim/web.js")).run(args, io);
}
