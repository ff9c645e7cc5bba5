// `posterm jig --port DEVICE | --sim`: one factory station pass over one unit. Identifies the unit, assigns
// the serial number if it has none, runs the plan, guides the operator through the manual steps, writes
// <reports>/<serial>.json and prints PASS or FAIL (exit 0 / 1).

import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { DEFAULT_BOARD, loadBoard } from "../../hal/boards.js";
import { RealClock } from "../../hal/real-clock.js";
import { isKeyCode } from "../../../hal/keypad.js";
import { hexToBytes } from "../../../src/factory/hex-text.js";
import { ConsoleOperator } from "../../jig/console-operator.js";
import { DEVELOPMENT_ENTRY_KEY } from "../../jig/development-entry-key.js";
import { enterFactory } from "../../jig/factory-entry-client.js";
import { JigClient, JigProtocolError } from "../../jig/jig-client.js";
import type { JigTransport } from "../../jig/jig-transport.js";
import { writeStationReport } from "../../jig/report-file.js";
import { SerialTransport } from "../../jig/serial-transport.js";
import { startSimStation } from "../../jig/sim-station.js";
import type { SimFaults } from "../../jig/sim-unit.js";
import { runStation, type Operator } from "../../jig/station.js";
import { parsePlan, PlanError, type TestPlan } from "../../jig/test-plan.js";
import { CommandError, UsageError, type CliIo } from "../command.js";

const DEFAULT_PLAN = fileURLToPath(new URL("../../jig/plans/default-plan.json", import.meta.url));
/** How long to wait for the unit's boot announcement with --enter (reset the unit meanwhile). */
const BOOT_WAIT_MS = 60000;

interface JigArgs {
	port?: string;
	baud: number;
	sim: boolean;
	plan: string;
	station: string;
	operator: string;
	serial?: string;
	reports: string;
	board: string;
	enter: boolean;
	entryKey: Uint8Array;
	lock: boolean;
	faults: SimFaults;
}

function parseFault(text: string, faults: SimFaults): SimFaults {
	const [name, value] = text.split("=", 2);
	switch (name) {
		case "stuck-key":
			if (value === undefined || !isKeyCode(value))
				throw new UsageError(`--fault stuck-key=KEY needs a key name, got ${JSON.stringify(value)}`);
			return { ...faults, stuckKey: value };
		case "dead-region": {
			const [x, y, w, h] = (value ?? "100,80,20,10").split(",").map(Number);
			if ([x, y, w, h].some((n) => n === undefined || !Number.isInteger(n) || n < 0))
				throw new UsageError("--fault dead-region=X,Y,W,H needs four whole numbers");
			return { ...faults, deadRegion: { x: x!, y: y!, w: w!, h: h! } };
		}
		case "paper-out":
			return { ...faults, paperOut: true };
		case "noisy-head":
			return { ...faults, noisyHead: true };
		case "tamper":
			return { ...faults, tamper: true };
		case "mute-chip":
			return { ...faults, muteChip: true };
		case "nfc-silent":
			return { ...faults, nfcSilent: true };
		default:
			throw new UsageError(
				`unknown fault ${JSON.stringify(name)}: stuck-key=KEY, dead-region=X,Y,W,H, paper-out, noisy-head, tamper, mute-chip, nfc-silent`,
			);
	}
}

function parseArgs(args: readonly string[]): JigArgs {
	const parsed: JigArgs = {
		baud: 115200,
		sim: false,
		plan: DEFAULT_PLAN,
		station: hostname(),
		operator: "operator",
		reports: "jig-reports",
		board: DEFAULT_BOARD,
		enter: false,
		entryKey: DEVELOPMENT_ENTRY_KEY,
		lock: false,
		faults: {},
	};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const value = () => {
			const next = args[++i];
			if (next === undefined) throw new UsageError(`${arg} needs a value`);
			return next;
		};
		switch (arg) {
			case "--port":
				parsed.port = value();
				break;
			case "--baud":
				parsed.baud = Number(value());
				break;
			case "--sim":
				parsed.sim = true;
				break;
			case "--plan":
				parsed.plan = value();
				break;
			case "--station":
				parsed.station = value();
				break;
			case "--operator":
				parsed.operator = value();
				break;
			case "--serial":
				parsed.serial = value();
				break;
			case "--reports":
				parsed.reports = value();
				break;
			case "--board":
				parsed.board = value();
				break;
			case "--enter":
				parsed.enter = true;
				break;
			case "--lock":
				parsed.lock = true;
				break;
			case "--fault":
				parsed.faults = parseFault(value(), parsed.faults);
				break;
			case "--entry-key": {
				const key = hexToBytes(value());
				if (!key || ![16, 24, 32].includes(key.length)) throw new UsageError("--entry-key needs 16, 24 or 32 bytes of hex");
				parsed.entryKey = key;
				break;
			}
			default:
				throw new UsageError(`unexpected argument "${arg}"`);
		}
	}
	if (parsed.sim === (parsed.port !== undefined)) throw new UsageError("give either --port DEVICE or --sim");
	if (!Number.isInteger(parsed.baud) || parsed.baud <= 0) throw new UsageError("--baud needs a positive whole number");
	if (!parsed.sim && Object.keys(parsed.faults).length > 0) throw new UsageError("--fault works with --sim only");
	return parsed;
}

async function loadPlan(path: string): Promise<TestPlan> {
	try {
		return parsePlan(JSON.parse(await readFile(path, "utf8")));
	} catch (error) {
		if (error instanceof PlanError || error instanceof SyntaxError) throw new CommandError(`plan ${path}: ${error.message}`);
		throw error;
	}
}

export async function run(args: readonly string[], io: CliIo): Promise<number> {
	const options = parseArgs(args);
	let plan = await loadPlan(options.plan);
	if (options.lock) plan = { ...plan, lock: true };
	const clock = new RealClock();
	const log = (text: string) => io.stderr.write(`${text}\n`);
	let transport: JigTransport;
	let operator: Operator;
	let closeAll: () => Promise<void>;
	if (options.sim) {
		const station = await startSimStation(loadBoard(options.board), plan, { faults: options.faults, jigDetected: !options.enter, log });
		plan = station.plan;
		transport = station.unit.transport;
		operator = station.operator;
		closeAll = () => station.close();
		options.serial ??= `SIM-${String(clock.nowMs() % 1e8).padStart(8, "0")}`;
	} else {
		transport = await SerialTransport.open(options.port!, options.baud).catch((error: Error) => {
			throw new CommandError(`cannot open the jig line ${options.port}: ${error.message.replace(/^Error: /, "")}`);
		});
		const console = new ConsoleOperator(io.stdin, io.stderr);
		operator = console;
		closeAll = async () => {
			console.close();
			await transport.close();
		};
	}
	const client = new JigClient(transport, clock);
	try {
		if (options.enter) {
			log("waiting for the unit's boot announcement…");
			await enterFactory(client, clock, options.entryKey, BOOT_WAIT_MS);
		}
		const report = await runStation({
			client,
			clock,
			plan,
			operator,
			stationId: options.station,
			operatorName: options.operator,
			...(options.serial ? { serial: options.serial } : {}),
		});
		const path = await writeStationReport(options.reports, report);
		const failed = report.results.filter((r) => r.status === "FAIL" || r.status === "ERROR").map((r) => `${r.test}:${r.code}`);
		io.stdout.write(
			`${report.verdict} ${report.serial}${failed.length ? ` ${failed.join(" ")}` : ""}${report.locked ? " LOCKED" : ""} ${path}\n`,
		);
		return report.verdict === "PASS" ? 0 : 1;
	} catch (error) {
		if (error instanceof JigProtocolError) throw new CommandError(error.message);
		throw error;
	} finally {
		client.close();
		await closeAll();
	}
}
