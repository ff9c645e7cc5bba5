// `posterm sim` (`npm start`): the terminal in the browser simulator. Starts the built-in acquirer host
// simulator on 127.0.0.1:8583 (`--host-port N`; `--no-host` when one already runs), the firmware on the
// simulator HAL, serves the page on 127.0.0.1 (port printed; `--port N` chooses it) and runs until Ctrl-C.

import { parseArgs } from "node:util";
import { type CliIo, CommandError, UsageError } from "../../command.js";
import { DEFAULT_BOARD, loadBoard } from "../../../hal/boards.js";
import { AcquirerHost } from "../../../acquirer/acquirer-host.js";
import { DEFAULT_ACQUIRER_PORT, defaultAcquirerConfig } from "../../../acquirer/acquirer-config.js";
import { acquirerLogLine } from "../../../sim/web/acquirer-log-line.js";
import { SimSession } from "../../../sim/web/sim-session.js";
import { startWebSimulator } from "../../../sim/web/web-server.js";

export const DEFAULT_PORT = 8580;

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args: [...args],
		options: {
			board: { type: "string", default: DEFAULT_BOARD },
			lang: { type: "string", default: "zh" },
			port: { type: "string", default: String(DEFAULT_PORT) },
			"host-port": { type: "string", default: String(DEFAULT_ACQUIRER_PORT) },
			"no-host": { type: "boolean", default: false },
		},
	});
	if (values.lang !== "zh" && values.lang !== "en") throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
	const port = tcpPort("--port", values.port);
	const hostPort = tcpPort("--host-port", values["host-port"]);
	const session = new SimSession(loadBoard(values.board), values.lang);
	const host = values["no-host"]
		? undefined
		: await AcquirerHost.start({
				config: defaultAcquirerConfig(),
				port: hostPort,
				onLog: (entry) => session.hostLog(acquirerLogLine(entry)),
			}).catch((error: NodeJS.ErrnoException) => {
				session.stop();
				if (error.code === "EADDRINUSE")
					throw new CommandError(
						`127.0.0.1:${hostPort} is taken: is a \`posterm host\` running? Use --no-host to use it, or --host-port N`,
					);
				throw error;
			});
	if (host) session.hostLog(`acquirer simulator listening on 127.0.0.1:${host.port}`);
	const web = await startWebSimulator(session, port);
	io.stdout.write(
		`posterm simulator: ${web.url} (board ${session.board.model}${host ? `, acquirer on 127.0.0.1:${host.port}` : ""}); Ctrl-C stops\n`,
	);
	return new Promise<number>((resolve) => {
		const stop = () => {
			process.off("SIGINT", stop);
			process.off("SIGTERM", stop);
			session.stop();
			void Promise.all([web.close(), host?.stop()]).then(() => resolve(0));
		};
		process.on("SIGINT", stop);
		process.on("SIGTERM", stop);
	});
}

function tcpPort(flag: string, text: string): number {
	const port = Number(text);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be 0..65535, not "${text}"`);
	return port;
}
