// `posterm sim` (`npm start`): the terminal in the browser simulator. Starts the firmware on the simulator
// HAL, serves the page on 127.0.0.1 (port printed; `--port N` chooses it) and runs until Ctrl-C.

import { parseArgs } from "node:util";
import { type CliIo, UsageError } from "../../command.js";
import { DEFAULT_BOARD, loadBoard } from "../../../hal/boards.js";
import { SimSession } from "../../../sim/web/sim-session.js";
import { startWebSimulator } from "../../../sim/web/web-server.js";

export const DEFAULT_PORT = 8580;

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args: [...args],
		options: { board: { type: "string", default: DEFAULT_BOARD }, lang: { type: "string", default: "zh" }, port: { type: "string", default: String(DEFAULT_PORT) } },
	});
	if (values.lang !== "zh" && values.lang !== "en") throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not "${values.port}"`);
	const session = new SimSession(loadBoard(values.board), values.lang);
	const web = await startWebSimulator(session, port);
	io.stdout.write(`posterm simulator: ${web.url} (board ${session.board.model}); Ctrl-C stops\n`);
	return new Promise<number>((resolve) => {
		const stop = () => {
			process.off("SIGINT", stop);
			process.off("SIGTERM", stop);
			session.stop();
			void web.close().then(() => resolve(0));
		};
		process.on("SIGINT", stop);
		process.on("SIGTERM", stop);
	});
}
