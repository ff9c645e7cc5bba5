// `posterm sim` (`npm start`): the terminal in the browser simulator. Starts the built-in acquirer host
// simulator (simulator-start.ts: 127.0.0.1:8583, `--host-port N`, `--no-host` when one already runs), the
// firmware on the simulator HAL, serves the page on 127.0.0.1 (port printed; `--port N` chooses it) and runs
// until Ctrl-C.

import { parseArgs } from "node:util";
import type { CliIo } from "../../command.js";
import { startWebSimulator } from "../../../sim/web/web-server.js";
import { SIMULATOR_OPTIONS, startSimulator, tcpPort } from "./simulator-start.js";

export const DEFAULT_PORT = 8580;

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args: [...args],
		options: { ...SIMULATOR_OPTIONS, port: { type: "string", default: String(DEFAULT_PORT) } },
	});
	const port = tcpPort("--port", values.port);
	const simulator = await startSimulator(values, io);
	const web = await startWebSimulator(simulator.session, port).catch(async (error: unknown) => {
		await simulator.stop();
		throw error;
	});
	io.stdout.write(`posterm simulator: ${web.url} (board ${simulator.session.board.model}, ${simulator.acquirer}); Ctrl-C stops\n`);
	return new Promise<number>((resolve) => {
		const stop = () => {
			process.off("SIGINT", stop);
			process.off("SIGTERM", stop);
			void Promise.all([web.close(), simulator.stop()]).then(() => resolve(0));
		};
		process.on("SIGINT", stop);
		process.on("SIGTERM", stop);
	});
}
