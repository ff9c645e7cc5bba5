// `posterm <command> …`: one CLI for the simulator and the tools. Each command lives in
// commands/<name>.ts and is loaded only when used.

import type { CliIo, CommandModule } from "./command.js";
import { CommandError, UsageError } from "./command.js";

interface CommandEntry {
	readonly summary: string;
	readonly usage: string;
	readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
	sim: {
		summary: "run the terminal in the host simulator: browser page (default) or --tui; `sim screenshot` writes PNG",
		usage: 'posterm sim [--board NAME] [--lang zh|en] [--port N | --tui] | posterm sim screenshot --out FILE.png [--keys "1 ENTER"] [--scale N] | --gallery DIR',
		load: () => import("./commands/sim.js"),
	},
	crypto: {
		summary: "PIN blocks, DUKPT keys, MACs, check values and sign-in key sets, for test keys (hex in and out)",
		usage:
			"posterm crypto pinblock --format 0|1|3|4 --pin P --pan N [--key K] [--random HEX]\n" +
			"       posterm crypto dukpt --bdk K --ksn S [--aes] [--pin P --pan N] [--random HEX]\n" +
			"       posterm crypto mac --alg cup-ecb|x9.19|iso9797-1|iso9797-3|cmac --key K --data HEX [--pad 1|2|3]\n" +
			"       posterm crypto kcv --key K [--alg des|tdes|aes|sm4]\n" +
			"       posterm crypto signin-keys --tmk K --field62 HEX [--reveal]",
		load: () => import("./commands/crypto.js"),
	},
	boards: {
		summary: "list the board descriptions, or print one as JSON",
		usage: "posterm boards [NAME]",
		load: () => import("./commands/boards.js"),
	},
	escpos: {
		summary: "render an ESC/POS byte stream through the printer emulator (text to stdout, PNG)",
		usage: "posterm escpos render FILE.bin [--png OUT.png] [--text]",
		load: () => import("./commands/escpos.js"),
	},
	host: {
		summary: "run the acquirer host simulator on 127.0.0.1 (default terminal and test cards built in)",
		usage: "posterm host [--port N (8583)] [--config FILE.json] [--state FILE] [--quiet]",
		load: () => import("./commands/host.js"),
	},
	iso8583: {
		summary: "decode a UnionPay ISO 8583 frame from hex to JSON, or encode JSON to a frame",
		usage: "posterm iso8583 decode [FILE|-] [--mak HEX] [--mask] | posterm iso8583 encode FILE.json|- [--mak HEX]",
		load: () => import("./commands/iso8583.js"),
	},
	jig: {
		summary: "factory station: test one unit over its jig line (a serial port, or the simulator)",
		usage: "posterm jig (--port DEVICE [--baud N] [--enter [--entry-key HEX]] | --sim [--enter] [--fault F]…) [--plan FILE] [--station ID] [--operator NAME] [--serial SN] [--reports DIR] [--lock] [--board NAME]",
		load: () => import("./commands/jig.js"),
	},
	swipe: {
		summary: "decode magnetic-stripe captures (JSON intervals or WAV) or synthesize a swipe",
		usage: "posterm swipe decode FILE… | posterm swipe synth --track N --data '…' [--ips 20] [--accel 1] [--jitter 0] [--reverse] [--seed 1] [--json F] [--wav F]",
		load: () => import("./commands/swipe.js"),
	},
	version: {
		summary: "print the firmware version as JSON",
		usage: "posterm version",
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
		io.stderr.write(`posterm: unknown command "${name}"\n${help()}`);
		return 2;
	}
	if (rest.includes("--help") || rest.includes("-h")) {
		io.stdout.write(`usage: ${entry.usage}\n`);
		return 0;
	}
	try {
		return await (await entry.load()).run(rest, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`posterm ${name}: ${error.message}\nusage: ${entry.usage}\n`);
			return 2;
		}
		if (error instanceof CommandError || (error as NodeJS.ErrnoException).code !== undefined) {
			io.stderr.write(`posterm ${name}: ${(error as Error).message}\n`);
			return 1;
		}
		throw error;
	}
}
