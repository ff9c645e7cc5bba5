// The contract between the `posterm` dispatcher and its subcommands. Output is for machines: JSON on
// stdout, messages on stderr, a non-zero exit on error.

export interface CliIo {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly stdin: NodeJS.ReadableStream;
	/** The `posterm` executable's own process (not a caller such as a test runner): `sim` may freeze its built-ins. */
	readonly ownProcess?: boolean;
}

export interface CommandModule {
	/** Runs with the arguments after the command name; resolves to the exit code. */
	run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Bad arguments: the dispatcher prints the message and the command's usage, exit 2. */
export class UsageError extends Error {
	override name = "UsageError";
}

/** The command ran and failed for a reason the user can act on: message on stderr, exit 1. */
export class CommandError extends Error {
	override name = "CommandError";
}

export function printJson(io: CliIo, value: unknown): void {
	io.stdout.write(`${JSON.stringify(value)}\n`);
}
