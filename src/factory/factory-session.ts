// Factory mode (docs/factory-mode.md): serves the line protocol on the jig port, runs the tests one at a
// time, keeps the latest result of each as the stored report, and exits by LOCK, REBOOT or FACTORY_RESET.
// Payment menus do not exist here; with no command for `idleRebootMs` the unit reboots to the application.

import type { BoardDescription } from "../../hal/board.js";
import type { Timer } from "../../hal/clock.js";
import type { Hal } from "../../hal/hal.js";
import { JIG_MAX_LINE_BYTES } from "../../hal/jig-port.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import { FIRMWARE_VERSION } from "../version.js";
import type { Confirmation, FactoryTest } from "./factory-test.js";
import { FACTORY_TESTS } from "./factory-tests.js";
import { verdictOf, readyToLock, type FactoryReport } from "./factory-report.js";
import { isKeptOnReset, readReport, readSerial, writeLock, writeReport, writeSerial } from "./factory-records.js";
import { showFactoryScreen } from "./factory-screen.js";
import { eventLine, errLine, okLine, parseRequest, PROTOCOL_VERSION, type Request } from "./protocol.js";
import { TestRun } from "./test-run.js";
import type { Limits, TestResult } from "./test-result.js";

export interface BuildInfo {
	/** Source revision the firmware was built from. */
	readonly git: string;
	readonly type: "release" | "debug";
}

export interface FactoryModeOptions {
	readonly board: BoardDescription;
	readonly build: BuildInfo;
	/** Defaults to FACTORY_TESTS. */
	readonly tests?: readonly FactoryTest[];
	/** No command for this long: reboot to the application (default 10 minutes). */
	readonly idleRebootMs?: number;
	/** Chip, MAC address, memory: whatever the platform can tell, added to INFO. */
	readonly systemInfo?: () => Readonly<Record<string, string | number>>;
}

/** Serial numbers: 4 to 32 upper-case letters, digits and dashes (they go into a QR code and file names). */
const SERIAL_PATTERN = /^[0-9A-Z-]{4,32}$/;
const IDENTITY_PATTERN = /^[^\u0000-\u001f]{1,32}$/;
/** Lets the reply line leave the UART before the reboot. */
const REBOOT_DELAY_MS = 100;

interface Running {
	readonly id: number;
	run: TestRun | undefined;
	aborted: boolean;
}

function objectArg(value: unknown): Readonly<Record<string, unknown>> {
	return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Why `value` is not a parameter object `test` takes (its declared names and types, and `skip`), or undefined. */
function paramsProblem(test: FactoryTest, value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== "object" || value === null || Array.isArray(value)) return `${test.id}: params must be an object`;
	for (const [name, param] of Object.entries(value)) {
		const kind = name === "skip" ? "boolean" : test.params[name];
		if (kind === undefined) return `${test.id}.${name}: no such parameter (${Object.keys(test.params).join(", ") || "none"}, skip)`;
		const actual = param === null || Array.isArray(param) ? "other" : typeof param;
		if (actual !== kind) return `${test.id}.${name}: must be a ${kind}, not ${JSON.stringify(param)}`;
	}
	return undefined;
}

/** The plan's limits for one test, or the name of the first malformed one. */
function limitsArg(value: unknown): Limits | string {
	const limits = objectArg(value);
	for (const [name, limit] of Object.entries(limits)) {
		if (objectArg(limit) !== limit) return name;
		const { low, high } = limit as { low?: unknown; high?: unknown };
		if (!(low === null || typeof low === "number") || !(high === null || typeof high === "number")) return name;
	}
	return limits as Limits;
}

export class FactorySession {
	readonly #hal: Hal;
	readonly #options: FactoryModeOptions;
	readonly #tests: readonly FactoryTest[];
	readonly #held = new Set<KeyCode>();
	readonly #subscriptions: Unsubscribe[] = [];
	readonly #confirmations = new Map<string, (confirmation: Confirmation) => void>();
	#results = new Map<string, TestResult>();
	#station: string | null = null;
	#operator: string | null = null;
	#running: Running | undefined;
	#idleTimer: Timer | undefined;
	#exiting = false;

	constructor(hal: Hal, options: FactoryModeOptions) {
		this.#hal = hal;
		this.#options = options;
		this.#tests = options.tests ?? FACTORY_TESTS;
		const stored = readReport(hal.storage.records);
		if (stored) {
			for (const result of stored.results) this.#results.set(result.test, result);
			this.#station = stored.station;
			this.#operator = stored.operator;
		}
	}

	start(): void {
		this.#subscriptions.push(
			this.#hal.jig.onLine(
				(line) => this.#onLine(line),
				() => this.#send(errLine(0, "LINE_TOO_LONG", `a line is at most ${JIG_MAX_LINE_BYTES} bytes; it was dropped`)),
			),
		);
		this.#subscriptions.push(
			this.#hal.keypad.onKey((event) => {
				if (event.down) this.#held.add(event.key);
				else this.#held.delete(event.key);
			}),
		);
		this.#hal.jig.writeLine(eventLine(0, { evt: "factory", proto: PROTOCOL_VERSION, fw: FIRMWARE_VERSION }));
		showFactoryScreen(this.#hal, readSerial(this.#hal.storage.records), { kind: "waiting" });
		this.#touch();
	}

	stop(): void {
		this.#idleTimer?.cancel();
		this.#running?.run?.abort("ABORTED");
		for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
	}

	#touch(): void {
		this.#idleTimer?.cancel();
		this.#idleTimer = this.#hal.clock.after(this.#options.idleRebootMs ?? 600000, () => {
			if (this.#running) return this.#touch();
			this.#exit();
		});
	}

	#send(line: string): void {
		if (!this.#exiting) this.#hal.jig.writeLine(line);
	}

	#onLine(line: string): void {
		if (this.#exiting) return;
		this.#touch();
		const parsed = parseRequest(line);
		if (!parsed.ok) return this.#send(errLine(parsed.error.id, parsed.error.code, parsed.error.message));
		const request = parsed.value;
		const busy = this.#running !== undefined;
		switch (request.cmd) {
			case "HELLO":
				return this.#send(okLine(request.id, this.#identity()));
			case "ENTER_FACTORY":
				return this.#send(okLine(request.id, { factory: true }));
			case "INFO":
				return this.#send(okLine(request.id, this.#info()));
			case "LIST":
				return this.#send(
					okLine(request.id, {
						tests: this.#tests.map((t) => ({ id: t.id, description: t.description, timeoutMs: t.timeoutMs })),
					}),
				);
			case "REPORT": {
				const records = this.#hal.storage.records;
				const report = readReport(records);
				// The unit's serial, also when SET_SERIAL came after the run that stored the report.
				if (report) return this.#send(okLine(request.id, { report: { ...report, serial: readSerial(records) ?? null } }));
				return this.#send(errLine(request.id, "NO_REPORT", "no test has run yet"));
			}
			case "ABORT":
				return this.#abort(request);
			case "CONFIRM":
				return this.#confirm(request);
			default:
				if (busy) return this.#send(errLine(request.id, "BUSY", `a test run (request ${this.#running!.id}) is in progress`));
		}
		switch (request.cmd) {
			case "SET_SERIAL":
				return this.#setSerial(request);
			case "SET_STATION":
				return this.#setStation(request);
			case "RUN":
				return void this.#run(request);
			case "LOCK":
				return this.#lock(request);
			case "REBOOT":
				this.#send(okLine(request.id, { rebooting: true }));
				return this.#exit();
			case "FACTORY_RESET":
				return this.#factoryReset(request);
		}
	}

	#identity(): Record<string, unknown> {
		const { build } = this.#options;
		return { proto: PROTOCOL_VERSION, fw: FIRMWARE_VERSION, git: build.git, build: build.type, tests: this.#tests.map((t) => t.id) };
	}

	#info(): Record<string, unknown> {
		const { board, systemInfo } = this.#options;
		const power = this.#hal.power.status();
		return {
			...this.#identity(),
			serial: readSerial(this.#hal.storage.records) ?? null,
			model: board.model,
			hw_rev: board.hardwareRevision,
			battery_mv: power.batteryMillivolts,
			charging: power.charging,
			locked: false,
			...(systemInfo ? systemInfo() : {}),
		};
	}

	#setSerial(request: Request): void {
		const serial = request.args.serial;
		if (typeof serial !== "string" || !SERIAL_PATTERN.test(serial))
			return this.#send(errLine(request.id, "BAD_SERIAL", "serial: 4-32 of 0-9 A-Z -"));
		const written = writeSerial(this.#hal.storage.records, serial);
		if (written.ok) return this.#send(okLine(request.id, { serial }));
		if (written.error.kind === "already-set")
			return this.#send(errLine(request.id, "ALREADY_SET", `serial number is ${written.error.value}`));
		this.#send(errLine(request.id, "STORAGE", written.error.kind));
	}

	#setStation(request: Request): void {
		const { station, operator } = request.args;
		if (
			typeof station !== "string" ||
			!IDENTITY_PATTERN.test(station) ||
			typeof operator !== "string" ||
			!IDENTITY_PATTERN.test(operator)
		) {
			return this.#send(errLine(request.id, "BAD_REQUEST", "station and operator: 1-32 printable characters"));
		}
		this.#station = station;
		this.#operator = operator;
		this.#send(okLine(request.id, { station, operator }));
	}

	#abort(request: Request): void {
		const running = this.#running;
		if (!running) return this.#send(errLine(request.id, "NOT_RUNNING", "no test is running"));
		running.aborted = true;
		running.run?.abort("ABORTED");
		this.#send(okLine(request.id, { aborted: running.id }));
	}

	#confirm(request: Request): void {
		const { step, pass, observed } = request.args;
		const deliver = typeof step === "string" ? this.#confirmations.get(step) : undefined;
		if (!deliver) return this.#send(errLine(request.id, "NO_CONFIRM_PENDING", `nothing waits for ${JSON.stringify(step)}`));
		if (typeof pass !== "boolean" || (observed !== undefined && typeof observed !== "number"))
			return this.#send(errLine(request.id, "BAD_REQUEST", "CONFIRM needs pass (boolean) and an optional observed (number)"));
		this.#send(okLine(request.id));
		deliver(observed === undefined ? { pass } : { pass, observed });
	}

	async #run(request: Request): Promise<void> {
		const { test } = request.args;
		const all = test === "ALL";
		const selected = all ? this.#tests : this.#tests.filter((t) => t.id === test);
		if (selected.length === 0) return this.#send(errLine(request.id, "UNKNOWN_TEST", `unknown test ${JSON.stringify(test)}`));
		for (const name of ["params", "limits"] as const) {
			const value = request.args[name];
			if (value !== undefined && objectArg(value) !== value)
				return this.#send(errLine(request.id, name === "params" ? "BAD_PARAMS" : "BAD_LIMITS", `${name} must be an object`));
		}
		const params = objectArg(request.args.params),
			limits = objectArg(request.args.limits);
		for (const factoryTest of selected) {
			const problem = paramsProblem(factoryTest, all ? params[factoryTest.id] : params);
			if (problem) return this.#send(errLine(request.id, "BAD_PARAMS", problem));
			const checked = limitsArg(all ? limits[factoryTest.id] : limits);
			if (typeof checked === "string")
				return this.#send(errLine(request.id, "BAD_LIMITS", `${factoryTest.id}.${checked}: low and high must be numbers or null`));
		}
		const running: Running = { id: request.id, run: undefined, aborted: false };
		this.#running = running;
		let last: TestResult | undefined;
		for (const factoryTest of selected) {
			if (running.aborted) break;
			const testParams = all ? objectArg(params[factoryTest.id]) : params;
			const testLimits = limitsArg(all ? limits[factoryTest.id] : limits) as Limits;
			last = await this.#runOne(factoryTest, running, testParams, testLimits);
			if (this.#exiting) return;
			if (all) this.#send(eventLine(request.id, { evt: "result", result: last }));
		}
		this.#running = undefined;
		const report = this.#report();
		const stored = writeReport(this.#hal.storage.records, report);
		if (!stored.ok) return this.#send(errLine(request.id, "STORAGE", `report not stored: ${stored.error.kind}`));
		this.#send(okLine(request.id, all ? { report } : { result: last }));
	}

	async #runOne(test: FactoryTest, running: Running, params: Readonly<Record<string, unknown>>, limits: Limits): Promise<TestResult> {
		if (params.skip === true) {
			const skipped: TestResult = {
				test: test.id,
				status: "SKIP",
				measurements: [],
				durationMs: 0,
				code: "SKIPPED",
				detail: "skipped by the plan",
			};
			this.#results.set(test.id, skipped);
			return skipped;
		}
		const run = new TestRun(test, {
			hal: this.#hal,
			board: this.#options.board,
			serial: readSerial(this.#hal.storage.records),
			heldKeys: this.#held,
			params,
			limits,
			channel: {
				event: (fields) => this.#send(eventLine(running.id, fields)),
				awaitConfirmation: (step, handler) => {
					this.#confirmations.set(step, handler);
					return () => {
						if (this.#confirmations.get(step) === handler) this.#confirmations.delete(step);
					};
				},
			},
		});
		running.run = run;
		this.#send(eventLine(running.id, { evt: "progress", test: test.id, message: "start" }));
		showFactoryScreen(this.#hal, readSerial(this.#hal.storage.records), { kind: "running", test: test.id });
		const result = await run.result();
		running.run = undefined;
		this.#results.set(test.id, result);
		if (!this.#exiting)
			showFactoryScreen(this.#hal, readSerial(this.#hal.storage.records), { kind: "result", test: test.id, status: result.status });
		return result;
	}

	#report(): FactoryReport {
		const results = this.#tests.map((t) => this.#results.get(t.id)).filter((r): r is TestResult => r !== undefined);
		const { build } = this.#options;
		return {
			serial: readSerial(this.#hal.storage.records) ?? null,
			station: this.#station,
			operator: this.#operator,
			timestamp: Math.round(this.#hal.clock.nowMs()),
			fw: FIRMWARE_VERSION,
			git: build.git,
			build: build.type,
			results,
			complete: results.length === this.#tests.length,
			verdict: verdictOf(results),
		};
	}

	#lock(request: Request): void {
		const records = this.#hal.storage.records;
		if (readSerial(records) === undefined) return this.#send(errLine(request.id, "NO_SERIAL", "set the serial number first"));
		if (!readyToLock(readReport(records)))
			return this.#send(errLine(request.id, "NOT_PASSED", "LOCK needs a complete report with verdict PASS"));
		const locked = writeLock(records);
		if (!locked.ok) return this.#send(errLine(request.id, "STORAGE", locked.error.kind));
		this.#send(okLine(request.id, { locked: true }));
		this.#exit();
	}

	#factoryReset(request: Request): void {
		const records = this.#hal.storage.records;
		for (const name of records.names()) if (!isKeptOnReset(name)) records.delete(name);
		const committed = records.commit();
		if (!committed.ok) return this.#send(errLine(request.id, "STORAGE", committed.error.kind));
		for (const { name } of this.#options.board.partitions) {
			const partition = this.#hal.storage.partition(name);
			if (!partition) continue;
			for (let sector = 0; sector < partition.byteLength / partition.sectorBytes; sector++) {
				const erased = partition.eraseSector(sector);
				if (!erased.ok) return this.#send(errLine(request.id, "STORAGE", `${name}: ${erased.error.kind}`));
			}
		}
		this.#send(okLine(request.id, { reset: true }));
		this.#exit();
	}

	/** Leaves factory mode: stop serving and reboot (to the application, or nowhere once locked). */
	#exit(): void {
		this.#exiting = true;
		this.stop();
		this.#hal.clock.after(REBOOT_DELAY_MS, () => this.#hal.power.reboot());
	}
}
