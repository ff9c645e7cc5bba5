import { type CliIo, printJson, UsageError } from "../command.js";
import { FIRMWARE_VERSION, PRODUCT_NAME } from "../../../src/version.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
	printJson(io, { product: PRODUCT_NAME, version: FIRMWARE_VERSION });
	return 0;
}
