// `posterm sim --tui`: the terminal in this text console (host-sim/sim/console-simulator.ts), against its own
// acquirer simulator (simulator-start.ts). Keys: the terminal's on the PC keyboard, s swipes a card, p shows
// the paper, o c n x t are the faults, h helps, q or Ctrl-C quits. Without a TTY it reads the same keys from
// stdin, prints the view after each change and stops at end of input, so it can be driven by a pipe.

import { parseArgs } from "node:util";
import type { CliIo } from "../../command.js";
import { ConsoleSimulator } from "../../../sim/console-simulator.js";
import { SIMULATOR_OPTIONS, startSimulator } from "./simulator-start.js";

/** Changes closer together than this are drawn once. */
const DRAW_DELAY_MS = 30;

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({ args: [...args], options: SIMULATOR_OPTIONS });
	const simulator = await startSimulator(values, io);
	const tui = new ConsoleSimulator(simulator.session);
	const stdin = io.stdin as NodeJS.ReadStream;
	const tty = stdin.isTTY === true;
	io.stdout.write(`posterm simulator in the console (board ${simulator.session.board.model}, ${simulator.acquirer})\n`);
	let pending: ReturnType<typeof setTimeout> | undefined;
	const draw = () => {
		pending = undefined;
		io.stdout.write(`${tty ? "\x1b[2J\x1b[H" : ""}${tui.view(tty)}\n`);
	};
	const later = () => (pending ??= setTimeout(draw, DRAW_DELAY_MS));
	tui.watch(later);
	draw();
	return new Promise<number>((resolve) => {
		let done = false;
		const quit = () => {
			if (done) return;
			done = true;
			tui.close();
			clearTimeout(pending);
			if (tty) stdin.setRawMode(false);
			stdin.pause();
			void simulator.stop().then(() => resolve(0));
		};
		if (tty) stdin.setRawMode(true);
		stdin.setEncoding("utf8");
		stdin.on("data", (chunk: string) => {
			if (!tui.input(chunk)) return quit();
			later();
		});
		stdin.on("end", quit);
	});
}
