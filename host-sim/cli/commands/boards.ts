import { type CliIo, CommandError, printJson, UsageError } from "../command.js";
import { boardNames, loadBoard } from "../../hal/boards.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	if (args.length > 1) throw new UsageError("at most one board name");
	const [name] = args;
	if (name === undefined) {
		printJson(io, boardNames());
		return 0;
	}
	if (!boardNames().includes(name)) throw new CommandError(`unknown board "${name}"; known: ${boardNames().join(", ")}`);
	printJson(io, loadBoard(name));
	return 0;
}
