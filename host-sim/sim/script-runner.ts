// `posterm sim script`: runs a JSON script of key presses, swipes, waits, host faults and power cuts against
// the firmware in the simulator, and returns a transcript (issue 7 "Scripted sessions", a stable contract).
//
//   { "params": {…}, "acquirer": { "host": "127.0.0.1", "port": 8583 }, "steps": [
//       {"key":"1"}, {"keys":"0000"}, {"keys":["01","ENTER"]},
//       {"swipe":{"card":"debit"|{"track2":"…","track1":"…"},"ips":20,"reverse":false}},
//       {"insert":"pboc-debit"|{"profile":"pboc-credit","fault":"mute"|"wrong-atr"|"removed"|"blocked"}}, {"remove":true},
//       {"tap":"quickpass"|{"profile":"quickpass","fault":"mute"|"removed"|"blocked"|"collision","holdMs":500}},
//       {"wait":ms}, {"host":{"fault":"no-response"|"close"|"garbage"|"bad-mac"|"delay","ms":…,"count":1}},
//       {"power":"cut"}, {"power":"cut","atWrite":N}, {"expect":{"screen":"text…"}} ] }
//
// Without "acquirer" an acquirer host simulator runs in-process on a free 127.0.0.1 port.

import { AcquirerHost } from "../acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../acquirer/acquirer-config.js";
import type { Fault } from "../acquirer/fault-plan.js";
import { maskPan } from "../../src/card/pan.js";
import { PowerCut } from "../hal/power-cut.js";
import { boardNames, loadBoard } from "../hal/boards.js";
import { isKeyCode } from "../../hal/keypad.js";
import { validateParam, type ParamError } from "../../src/params/validate.js";
import type { ParamSpec } from "../../src/params/schema.js";
import { TEST_CARD_NAMES } from "../cards/test-cards.js";
import {
	CHIP_FAULT_NAMES,
	CHIP_PROFILE_NAMES,
	TAP_FAULT_NAMES,
	TAP_PROFILE_NAMES,
	type ChipSpec,
	type TapSpec,
} from "../chip/virtual-test-cards.js";
import { VIRTUAL_EPOCH_MS } from "../hal/virtual-clock.js";
import { ScriptedTerminal, type SwipeSpec } from "./scripted-terminal.js";

export type ScriptStep =
	| { readonly key: string }
	| { readonly keys: string | readonly string[] }
	| { readonly swipe: SwipeSpec }
	| { readonly insert: string | ChipSpec }
	| { readonly remove: true }
	| { readonly tap: string | TapSpec }
	| { readonly wait: number }
	| { readonly host: { readonly fault: string; readonly ms?: number; readonly count?: number } }
	| { readonly power: "cut"; readonly atWrite?: number }
	| { readonly expect: { readonly screen: string } };

export interface Script {
	readonly board?: string;
	readonly params?: Readonly<Record<string, unknown>>;
	readonly acquirer?: { readonly host: string; readonly port: number };
	/** ISO 8601 start time of the virtual clock (default VIRTUAL_EPOCH_MS, 2026-11-21 10:00 at UTC+8). */
	readonly startTime?: string;
	readonly steps: readonly ScriptStep[];
}

export interface StepRecord {
	readonly index: number;
	readonly step: ScriptStep;
	readonly screen: string;
	readonly printed?: readonly string[];
	readonly failure?: string;
}

export interface Transcript {
	readonly ok: boolean;
	readonly steps: readonly StepRecord[];
	readonly slips: readonly string[];
	readonly host: unknown;
	readonly journal: unknown;
	readonly boots: number;
}

const FAULTS = ["no-response", "close", "garbage", "bad-mac", "delay", "wrong-stan"];

/** Checks the script's shape, its keys, cards and parameters; throws RangeError naming the first problem. */
export function parseScript(json: unknown): Script {
	if (typeof json !== "object" || json === null || !Array.isArray((json as Script).steps))
		throw new RangeError('a script is an object with a "steps" array');
	const script = json as Script;
	if (script.board !== undefined && !boardNames().includes(script.board))
		throw new RangeError(`"board": unknown board ${JSON.stringify(script.board)}; known: ${boardNames().join(", ")}`);
	if (script.startTime !== undefined && Number.isNaN(Date.parse(script.startTime)))
		throw new RangeError(`"startTime": ${JSON.stringify(script.startTime)} is not an ISO 8601 time`);
	for (const [name, value] of Object.entries(script.params ?? {})) {
		const checked = validateParam(name, value);
		if (!checked.ok) throw new RangeError(`"params": ${paramProblem(checked.error, value)}`);
	}
	script.steps.forEach((step, i) => {
		const keys = Object.keys(step);
		const kind = keys.find((k) => ["key", "keys", "swipe", "insert", "remove", "tap", "wait", "host", "power", "expect"].includes(k));
		if (!kind) throw new RangeError(`step ${i}: unknown step ${JSON.stringify(step)}`);
		if (kind === "key" || kind === "keys") checkKeys(i, (step as { key?: unknown; keys?: unknown })[kind]);
		if (kind === "swipe") checkSwipe(i, (step as { swipe: unknown }).swipe);
		if (kind === "insert") checkChip(i, (step as { insert: unknown }).insert);
		if (kind === "tap") checkTap(i, (step as { tap: unknown }).tap);
		if (kind === "remove" && (step as { remove: unknown }).remove !== true) throw new RangeError(`step ${i}: "remove" takes true`);
		if (kind === "wait" && !(typeof (step as { wait: unknown }).wait === "number" && (step as { wait: number }).wait >= 0))
			throw new RangeError(`step ${i}: "wait" takes milliseconds`);
		if (kind === "host" && !FAULTS.includes((step as { host: { fault: string } }).host?.fault))
			throw new RangeError(`step ${i}: host fault must be one of ${FAULTS.join(", ")}`);
		if (kind === "power" && (step as { power: string }).power !== "cut") throw new RangeError(`step ${i}: "power" takes "cut"`);
	});
	return script;
}

function paramProblem(error: ParamError, value: unknown): string {
	if (error.kind === "unknown") return `no parameter named "${error.name}"`;
	if (error.kind === "type") return `${error.name} takes ${PARAM_KINDS[error.expected]}, not ${JSON.stringify(value)}`;
	return `${error.name} ${JSON.stringify(value)} breaks its rule: ${error.rule}`;
}

const PARAM_KINDS: Readonly<Record<ParamSpec["kind"], string>> = {
	int: "a whole number",
	bool: "true or false",
	digits: "a string of digits",
	text: "a string",
	host: "a host name as a string",
	hex: "a hex string",
	choice: "a string",
	"digit-list": "a string of comma-separated numbers",
};

/** A key is a key name (hal/keypad.ts) or a run of digits, each digit one press. */
function checkKeys(index: number, keys: unknown): void {
	const list = typeof keys === "string" ? [keys] : keys;
	if (!Array.isArray(list) || list.length === 0) throw new RangeError(`step ${index}: keys are a key name or a list of them`);
	for (const key of list)
		if (typeof key !== "string" || !(isKeyCode(key) || /^[0-9]+$/.test(key)))
			throw new RangeError(`step ${index}: unknown key ${JSON.stringify(key)}; keys: 0-9 00 . ENTER CLEAR CANCEL MENU F1 F2 UP DOWN`);
}

function checkSwipe(index: number, swipe: unknown): void {
	const { card, ips } = (swipe ?? {}) as { card?: unknown; ips?: unknown };
	if (typeof card === "string" ? !(TEST_CARD_NAMES as readonly string[]).includes(card) : typeof card !== "object" || card === null)
		throw new RangeError(`step ${index}: "card" is one of ${TEST_CARD_NAMES.join(", ")} or {"track2": "…"}`);
	if (ips !== undefined && !(typeof ips === "number" && ips >= 3 && ips <= 100))
		throw new RangeError(`step ${index}: "ips" is a number from 3 to 100`);
}

function checkChip(index: number, chip: unknown): void {
	const spec = (typeof chip === "string" ? { profile: chip } : (chip ?? {})) as { profile?: unknown; fault?: unknown };
	if (typeof spec.profile !== "string" || !CHIP_PROFILE_NAMES.includes(spec.profile))
		throw new RangeError(`step ${index}: the chip card is one of ${CHIP_PROFILE_NAMES.join(", ")}, or {"profile": …, "fault": …}`);
	if (spec.fault !== undefined && !(typeof spec.fault === "string" && CHIP_FAULT_NAMES.includes(spec.fault)))
		throw new RangeError(`step ${index}: "fault" is one of ${CHIP_FAULT_NAMES.join(", ")}`);
}

/** A tap names a card with a contactless side, a tap's fault, and how long the card is held (ms). */
function checkTap(index: number, chip: unknown): void {
	const spec = (typeof chip === "string" ? { profile: chip } : (chip ?? {})) as { profile?: unknown; fault?: unknown; holdMs?: unknown };
	if (typeof spec.profile !== "string" || !TAP_PROFILE_NAMES.includes(spec.profile))
		throw new RangeError(
			`step ${index}: the tapped card is one of ${TAP_PROFILE_NAMES.join(", ")} (a contactless side), or {"profile": …, "fault": …, "holdMs": …}`,
		);
	if (spec.fault !== undefined && !(typeof spec.fault === "string" && TAP_FAULT_NAMES.includes(spec.fault)))
		throw new RangeError(`step ${index}: a tap's "fault" is one of ${TAP_FAULT_NAMES.join(", ")}`);
	if (spec.holdMs !== undefined && !(Number.isInteger(spec.holdMs) && (spec.holdMs as number) >= 1 && (spec.holdMs as number) <= 60_000))
		throw new RangeError(`step ${index}: "holdMs" is a whole number of milliseconds from 1 to 60000`);
}

export async function runScript(script: Script): Promise<Transcript> {
	const host = script.acquirer ? undefined : await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 });
	const target = script.acquirer ?? { host: "127.0.0.1", port: host!.port };
	const session = new ScriptedTerminal({
		board: loadBoard(script.board),
		acquirerHost: target.host,
		acquirerPort: target.port,
		params: script.params ?? {},
		startMs: script.startTime ? Date.parse(script.startTime) : VIRTUAL_EPOCH_MS,
	});
	host?.followClock(session.clock);
	// A power cut can strike inside the firmware's promise callbacks: the session reboots, nothing is lost.
	const swallow = (reason: unknown) => {
		if (!(reason instanceof PowerCut)) throw reason;
	};
	process.on("unhandledRejection", swallow);
	const steps: StepRecord[] = [];
	try {
		await session.settle();
		for (const [index, step] of script.steps.entries()) {
			const before = session.paperLines().length;
			const failure = await runStep(session, host, step);
			await session.settle();
			const printed = session.paperLines().slice(before);
			steps.push({
				index,
				step,
				screen: session.screen(),
				...(printed.length > 0 ? { printed } : {}),
				...(failure ? { failure } : {}),
			});
		}
		return {
			ok: steps.every((s) => s.failure === undefined),
			steps,
			slips: session.paperLines(),
			host: host ? hostView(host, session) : { note: "external acquirer: its books are not visible here" },
			journal: journalSummary(session),
			boots: session.boots,
		};
	} finally {
		session.stop();
		process.off("unhandledRejection", swallow);
		await host?.stop();
	}
}

async function runStep(session: ScriptedTerminal, host: AcquirerHost | undefined, step: ScriptStep): Promise<string | undefined> {
	if ("key" in step) session.keys(step.key);
	else if ("keys" in step) session.keys(...(typeof step.keys === "string" ? [step.keys] : step.keys));
	else if ("swipe" in step) session.swipe(step.swipe);
	else if ("insert" in step) session.insert(typeof step.insert === "string" ? { profile: step.insert } : step.insert);
	else if ("remove" in step) session.removeCard();
	else if ("tap" in step) await session.tap(typeof step.tap === "string" ? { profile: step.tap } : step.tap);
	else if ("wait" in step) await session.wait(step.wait);
	else if ("host" in step) {
		if (!host) return "host faults need the in-process acquirer simulator";
		const fault: Fault =
			step.host.fault === "delay" ? { kind: "delay", ms: step.host.ms ?? 1000 } : ({ kind: step.host.fault } as Fault);
		host.inject({ fault, times: step.host.count ?? 1 });
	} else if ("power" in step) {
		if (step.atWrite !== undefined) session.armPowerCut(step.atWrite);
		else session.powerCut();
	} else if ("expect" in step) {
		const screen = session.screen();
		if (!screen.includes(step.expect.screen)) return `expected the screen to show ${JSON.stringify(step.expect.screen)}`;
	}
	return undefined;
}

function hostView(host: AcquirerHost, session: ScriptedTerminal): unknown {
	const params = { terminalId: "10000001" };
	const batch = session.terminal.journal?.counters.batch ?? 0;
	return {
		transactions: host.books.transactions
			.filter((t) => t.terminalId === params.terminalId)
			.map((t) => ({
				kind: t.kind,
				batch: t.batch,
				stan: t.stan,
				amountFen: t.amountFen,
				status: t.status,
				pan: maskPan(t.pan),
				rrn: t.rrn,
				...(t.closedBy ? { closedBy: t.closedBy } : {}),
			})),
		totals: host.engine.hostTotals(params.terminalId, batch),
		settlements: host.books.settlements,
	};
}

function journalSummary(session: ScriptedTerminal): unknown {
	const journal = session.terminal.journal;
	if (!journal) return undefined;
	const { counters, txns, reversal, settlement, lastSettlement } = journal.state;
	return {
		batch: counters.batch,
		stan: counters.stan,
		signInDay: counters.signInDay,
		transactions: [...txns.values()].map((t) => ({
			stan: t.stan,
			kind: t.kind,
			status: t.status,
			amountFen: t.amountFen,
			pan: t.panMasked,
			responseCode: t.responseCode,
			rrn: t.rrn,
			voided: t.voided,
			printedCopies: t.printedCopies,
		})),
		reversal: reversal ? { stan: reversal.stan, reason: reversal.reason, tries: reversal.tries } : null,
		settlement: settlement ? { phase: settlement.phase, batch: settlement.batch } : null,
		lastSettlement: lastSettlement
			? {
					batch: lastSettlement.batch,
					domestic: lastSettlement.domestic,
					foreign: lastSettlement.foreign,
					totals: lastSettlement.totals,
				}
			: null,
	};
}
