// `posterm escpos render FILE.bin [--png OUT.png] [--text]`: runs a captured ESC/POS byte stream through the
// printer emulator. The plain-text rendering goes to stdout (always; --text is accepted for clarity), the
// paper image to OUT.png. Unknown or truncated commands are reported on stderr with their byte offset;
// the exit code is non-zero only when a file cannot be read or written.

import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type CliIo, UsageError } from "../command.js";
import { desktopInterpreter } from "../../printer/desktop-printer.js";
import { paperPng } from "../../printer/paper-png.js";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const [sub, ...rest] = args;
	if (sub !== "render") throw new UsageError(sub === undefined ? "missing subcommand" : `unknown subcommand "${sub}"`);
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: { png: { type: "string" }, text: { type: "boolean", default: false } },
	});
	if (positionals.length !== 1) throw new UsageError("exactly one input file");
	const bytes = readFileSync(positionals[0]!);
	const interpreter = desktopInterpreter();
	interpreter.run(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
	io.stdout.write(interpreter.paper.text());
	for (const d of interpreter.diagnostics) io.stderr.write(`offset ${d.offset} (0x${d.offset.toString(16)}): ${d.message}\n`);
	if (values.png !== undefined) writeFileSync(values.png, paperPng(interpreter.paper));
	return 0;
}
