// `posterm <command> …`: one CLI for the simulator and the tools. Each command lives in
// commands/<name>.ts and is loaded only when used.

import type { CliIo, CommandModule } from "./command.js";
import { CommandError, UsageError } from "./command.js";
import { helpText } from "./command-help.js";
import { UnknownBoardError } from "../hal/boards.js";

interface CommandEntry {
	readonly summary: string;
	readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
	sim: {
		summary: "run the terminal in the host simulator: browser page (default) or --tui; `sim screenshot` writes PNG",
		load: () => import("./commands/sim.js"),
	},
	crypto: {
		summary: "PIN blocks, DUKPT keys, MACs, check values and sign-in key sets, for test keys (hex in and out)",
		load: () => import("./commands/crypto.js"),
	},
	boards: {
		summary: "list the board descriptions, or print one as JSON",
		load: () => import("./commands/boards.js"),
	},
	emv: {
		summary: "chip cards: decode BER-TLV (field 55), compute ARQC and ARPC from test issuer keys (hex in and out)",
		load: () => import("./commands/emv.js"),
	},
	escpos: {
		summary: "render an ESC/POS byte stream through the printer emulator (text to stdout, PNG)",
		load: () => import("./commands/escpos.js"),
	},
	host: {
		summary: "run the acquirer host simulator on 127.0.0.1 (default terminal and test cards built in)",
		load: () => import("./commands/host.js"),
	},
	iso8583: {
		summary: "decode a UnionPay ISO 8583 frame from hex to JSON, or encode JSON to a frame",
		load: () => import("./commands/iso8583.js"),
	},
	jig: {
		summary: "factory station: test one unit over its jig line (a serial port, or the simulator)",
		load: () => import("./commands/jig.js"),
	},
	swipe: {
		summary: "decode magnetic-stripe captures (JSON intervals or WAV) or synthesize a swipe",
		load: () => import("./commands/swipe.js"),
	},
	version: {
		summary: "print the firmware version as JSON",
		load: () => import("./commands/version.js"),
	},
};

function help(): string {
	const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
	const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
	return `usage: posterm <command> [options]\n\ncommands:\n${rows.join("\n")}\n\n'posterm <command> --help' shows a command's options.\n`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === "--help" || name === "-h" || name === "help") {
		io.stdout.write(help());
		return name === undefined ? 2 : 0;
	}
	const entry = COMMANDS[name];
	if (!entry) {
		io.stderr.write(`posterm: unknown command "${name}" (posterm --help lists the commands)\n`);
		return 2;
	}
	if (rest.includes("--help") || rest.includes("-h")) {
		io.stdout.write(helpText(name));
		return 0;
	}
	try {
		return await (await entry.load()).run(rest, io);
	} catch (error) {
		const usage = usageMessage(error);
		if (usage !== undefined) {
			io.stderr.write(`posterm ${name}: ${usage} (posterm ${name} --help lists the options)\n`);
			return 2;
		}
		if (error instanceof CommandError || (error as NodeJS.ErrnoException).code !== undefined) {
			io.stderr.write(`posterm ${name}: ${(error as Error).message}\n`);
			return 1;
		}
		throw error;
	}
}

/** The one-line message of an error in the command line, or undefined for any other error. */
function usageMessage(error: unknown): string | undefined {
	if (error instanceof UsageError || error instanceof UnknownBoardError) return error.message;
	// node:util parseArgs: unknown option, missing value, unexpected argument. Its first sentence says which.
	const code = (error as { code?: unknown }).code;
	if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return (error as Error).message.split(". ")[0]!.replace(/\.$/, "");
	return undefined;
}
