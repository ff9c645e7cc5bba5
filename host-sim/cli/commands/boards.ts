import { type CliIo, printJson, UsageError } from "../command.js";
import { boardNames, loadBoard } from "../../hal/boards.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	if (args.length > 1) throw new UsageError("at most one board name");
	const [name] = args;
	if (name === undefined) {
		printJson(io, boardNames());
		return 0;
	}
	printJson(io, loadBoard(name));
	return 0;
}
