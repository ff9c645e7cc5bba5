// `posterm sim [SUBCOMMAND] …`: the terminal in the host simulator. Without a subcommand it runs the
// terminal interactively; each subcommand lives in commands/sim/NAME.ts.

import type { CliIo, CommandModule } from "../command.js";

const SUBCOMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {};

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [first, ...rest] = args;
	const sub = first === undefined ? undefined : SUBCOMMANDS[first];
	if (sub) return (await sub()).run(rest, io);
	return (await import("./sim/interactive.js")).run(args, io);
}
