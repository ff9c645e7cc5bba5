// What both front ends of `posterm sim` (browser page, console) start the same way: the options they share,
// the built-in acquirer simulator and the terminal that signs in to it. Without --host-port the acquirer takes
// 127.0.0.1:8583, or a free port when another simulator holds 8583 (and says so): the terminal never signs
// in to another simulator's acquirer unless --no-host asks for it.

import { type CliIo, CommandError, UsageError } from "../../command.js";
import { DEFAULT_BOARD, loadBoard } from "../../../hal/boards.js";
import { AcquirerHost } from "../../../acquirer/acquirer-host.js";
import { DEFAULT_ACQUIRER_PORT, defaultAcquirerConfig } from "../../../acquirer/acquirer-config.js";
import type { LogEntry } from "../../../acquirer/message-log.js";
import { acquirerLogLine } from "../../../sim/web/acquirer-log-line.js";
import { SimSession } from "../../../sim/sim-session.js";

/** node:util parseArgs options every front end takes. */
export const SIMULATOR_OPTIONS = {
	board: { type: "string", default: DEFAULT_BOARD },
	lang: { type: "string", default: "zh" },
	"host-port": { type: "string" },
	"no-host": { type: "boolean", default: false },
} as const;

export interface SimulatorValues {
	readonly board: string;
	readonly lang: string;
	readonly "host-port"?: string | undefined;
	readonly "no-host": boolean;
}

export interface RunningSimulator {
	readonly session: SimSession;
	/** The built-in acquirer simulator, unless --no-host. */
	readonly host: AcquirerHost | undefined;
	/** Where the terminal signs in, as the banner says it. */
	readonly acquirer: string;
	stop(): Promise<void>;
}

export function tcpPort(flag: string, text: string): number {
	const port = Number(text);
	if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`${flag} must be 0..65535, not "${text}"`);
	return port;
}

export async function startSimulator(values: SimulatorValues, io: CliIo): Promise<RunningSimulator> {
	if (values.lang !== "zh" && values.lang !== "en") throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
	const board = loadBoard(values.board);
	const asked = values["host-port"] === undefined ? undefined : tcpPort("--host-port", values["host-port"]);
	let session: SimSession | undefined;
	const onLog = (entry: LogEntry) => session?.hostLog(acquirerLogLine(entry));
	let host: AcquirerHost | undefined;
	if (!values["no-host"]) {
		host = await listen(asked ?? DEFAULT_ACQUIRER_PORT, onLog).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== "EADDRINUSE") throw error;
			if (asked !== undefined)
				throw new CommandError(
					`127.0.0.1:${asked} is taken: is a \`posterm host\` running? Use --no-host to use it, or --host-port N`,
				);
			return undefined;
		});
		if (!host) {
			host = await listen(0, onLog);
			io.stderr.write(
				`127.0.0.1:${DEFAULT_ACQUIRER_PORT} is taken (another simulator?): this terminal's own acquirer simulator is on 127.0.0.1:${host.port}\n`,
			);
		}
	}
	const port = host?.port ?? asked ?? DEFAULT_ACQUIRER_PORT;
	session = new SimSession(board, values.lang, { host: "127.0.0.1", port });
	const acquirer = host ? `acquirer simulator on 127.0.0.1:${port}` : `signs in to the acquirer on 127.0.0.1:${port} (--no-host)`;
	session.hostLog(acquirer);
	const running = session;
	return {
		session: running,
		host,
		acquirer,
		stop: async () => {
			running.stop();
			await host?.stop();
		},
	};
}

function listen(port: number, onLog: (entry: LogEntry) => void): Promise<AcquirerHost> {
	return AcquirerHost.start({ config: defaultAcquirerConfig(), port, onLog });
}
