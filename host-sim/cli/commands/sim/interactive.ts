// `posterm sim`: the terminal in this text console. Keys: digits, z = 00, . , Enter, Backspace = CLEAR,
// Esc = CANCEL, m = MENU, F1, F2, ↑ ↓; q or Ctrl-C quits. Without a TTY it reads the same keys from stdin
// and stops at end of input, so it can be driven by a pipe.

import { parseArgs } from "node:util";
import { type CliIo, UsageError } from "../../command.js";
import { DEFAULT_BOARD, loadBoard } from "../../../hal/boards.js";
import { startDesktopTerminal } from "../../../sim/desktop-terminal.js";
import { keysFromInput } from "../../../sim/key-bindings.js";
import { drawScreen } from "../../../sim/text-screen.js";
import type { Language } from "../../../../src/text/language.js";

const HELP_LINE = "keys: 0-9 z=00 . Enter Backspace=CLEAR Esc=CANCEL m=MENU F1 F2 ↑ ↓ · q quits";

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args: [...args],
		options: { board: { type: "string", default: DEFAULT_BOARD }, lang: { type: "string", default: "zh" } },
	});
	if (values.lang !== "zh" && values.lang !== "en") throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
	const { terminal, hal } = startDesktopTerminal(loadBoard(values.board), values.lang as Language);
	const stdin = io.stdin as NodeJS.ReadStream;
	const tty = stdin.isTTY === true;
	const draw = () => io.stdout.write(`${tty ? "\x1b[2J\x1b[H" : ""}${drawScreen(terminal.screen, tty)}\n${HELP_LINE}\n`);
	terminal.onScreen(draw);
	draw();
	return new Promise<number>((resolve) => {
		const quit = () => {
			terminal.stop();
			if (tty) stdin.setRawMode(false);
			stdin.pause();
			resolve(0);
		};
		if (tty) stdin.setRawMode(true);
		stdin.setEncoding("utf8");
		stdin.on("data", (chunk: string) => {
			if (chunk.includes("\x03") || chunk === "q") return quit();
			for (const key of keysFromInput(chunk)) {
				hal.keypad.press(key);
			}
		});
		stdin.on("end", quit);
	});
}
