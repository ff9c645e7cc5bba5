// `posterm sim script`: runs a JSON script of key presses, swipes, waits, host faults and power cuts against
// the firmware in the simulator, and returns a transcript (issue 7 "Scripted sessions", a stable contract).
//
//   { "params": {…}, "acquirer": { "host": "127.0.0.1", "port": 8583 }, "steps": [
//       {"key":"1"}, {"keys":"0000"}, {"keys":["01","ENTER"]},
//       {"swipe":{"card":"debit"|{"track2":"…","track1":"…"},"ips":20,"reverse":false}},
//       {"wait":ms}, {"host":{"fault":"no-response"|"close"|"garbage"|"bad-mac"|"delay","ms":…,"count":1}},
//       {"power":"cut"}, {"power":"cut","atWrite":N}, {"expect":{"screen":"text…"}} ] }
//
// Without "acquirer" an acquirer host simulator runs in-process on a free 127.0.0.1 port.

import { AcquirerHost } from "../acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../acquirer/acquirer-config.js";
import type { Fault } from "../acquirer/fault-plan.js";
import { maskPan } from "../../src/card/pan.js";
import { PowerCut } from "../hal/power-cut.js";
import { loadBoard } from "../hal/boards.js";
import { VIRTUAL_EPOCH_MS } from "../hal/virtual-clock.js";
import { ScriptedTerminal, type SwipeSpec } from "./scripted-terminal.js";

export type ScriptStep =
	| { readonly key: string }
	| { readonly keys: string | readonly string[] }
	| { readonly swipe: SwipeSpec }
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

/** Checks the script's shape; throws RangeError naming the first problem. */
export function parseScript(json: unknown): Script {
	if (typeof json !== "object" || json === null || !Array.isArray((json as Script).steps))
		throw new RangeError('a script is an object with a "steps" array');
	const script = json as Script;
	script.steps.forEach((step, i) => {
		const keys = Object.keys(step);
		const kind = keys.find((k) => ["key", "keys", "swipe", "wait", "host", "power", "expect"].includes(k));
		if (!kind) throw new RangeError(`step ${i}: unknown step ${JSON.stringify(step)}`);
		if (kind === "wait" && !(typeof (step as { wait: unknown }).wait === "number" && (step as { wait: number }).wait >= 0))
			throw new RangeError(`step ${i}: "wait" takes milliseconds`);
		if (kind === "host" && !FAULTS.includes((step as { host: { fault: string } }).host?.fault))
			throw new RangeError(`step ${i}: host fault must be one of ${FAULTS.join(", ")}`);
		if (kind === "power" && (step as { power: string }).power !== "cut") throw new RangeError(`step ${i}: "power" takes "cut"`);
	});
	return script;
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
