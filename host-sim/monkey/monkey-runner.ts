// Runs a list of monkey steps against the acquirer simulator on 127.0.0.1 and a scripted terminal (virtual
// time from a fixed epoch, seeded randomness) and checks the money invariants: after every step, and in
// full after every reboot and at the end — nothing approved without the host, nothing approved twice,
// every host approval in the journal or reversed, every settlement equal to the host's books of its batch.
// The first violation ends the run.

import { AcquirerHost } from "../acquirer/acquirer-host.js";
import { DEFAULT_TERMINAL_ID, defaultAcquirerConfig } from "../acquirer/acquirer-config.js";
import { loadBoard } from "../hal/boards.js";
import { PowerCut } from "../hal/power-cut.js";
import { SeededRandom } from "../hal/seeded-random.js";
import { moneyViolations, settlementViolations, type HostApproval } from "../sim/money-invariants.js";
import { ScriptedTerminal } from "../sim/scripted-terminal.js";
import { perform, saleMove, settlementMove, signOnMove, toIdle, voidMove } from "../sim/terminal-moves.js";
import type { MonkeyStep } from "./monkey-steps.js";

/** 2026-11-21 10:00 Beijing time. */
export const MONKEY_EPOCH_MS = Date.UTC(2026, 10, 21, 2, 0, 0);

export interface MonkeyFailure {
	/** Index of the step after which it showed (steps.length: the final settlement). */
	readonly step: number;
	readonly when: "step" | "reboot" | "end";
	readonly violations: readonly string[];
}

export interface MonkeyReport {
	readonly steps: number;
	readonly executed: number;
	readonly powerCuts: number;
	/** Requests the acquirer answered with a fault. */
	readonly hostFaults: number;
	/** Transactions the host approved. */
	readonly hostApprovals: number;
	readonly settlements: number;
	/** The first violation. */
	readonly failure?: MonkeyFailure;
	/** With `keepGoing`: every distinct violation, where it first showed. */
	readonly found: readonly MonkeyFailure[];
}

export interface MonkeyOptions {
	readonly seed: number;
	/** Called after each step with its index (progress). */
	readonly onStep?: (index: number) => void;
	/** Go on after a violation, recording each distinct one once (figures of a long run). */
	readonly keepGoing?: boolean;
}

export async function runMonkey(steps: readonly MonkeyStep[], options: MonkeyOptions): Promise<MonkeyReport> {
	let hostFaults = 0;
	let now = () => MONKEY_EPOCH_MS;
	const random = new SeededRandom(options.seed);
	const host = await AcquirerHost.start({
		config: defaultAcquirerConfig(),
		port: 0,
		now: () => now(),
		randomBytes: (n) => {
			const bytes = new Uint8Array(n);
			random.fill(bytes);
			return bytes;
		},
		onLog: (entry) => {
			if (entry.direction === "in" && entry.note?.startsWith("fault:")) hostFaults++;
		},
	});
	const session = new ScriptedTerminal({
		board: loadBoard(),
		acquirerHost: "127.0.0.1",
		acquirerPort: host.port,
		params: { slipCopies: 1 },
		startMs: MONKEY_EPOCH_MS,
		passwordIterations: 4,
		securePolicy: { minIntervalMs: 0, maxPerHour: 1_000_000 },
	});
	now = () => session.clock.nowMs();
	// A cut stops the old instance mid-call; its pending promises reject with PowerCut.
	const swallow = (reason: unknown) => {
		if (!(reason instanceof PowerCut)) throw reason;
	};
	process.on("unhandledRejection", swallow);
	const checker = new BooksChecker(host, session);
	let executed = 0;
	const found: MonkeyFailure[] = [];
	const seen = new Set<string>();
	const record = (step: number, when: MonkeyFailure["when"], violations: string[]) => {
		const fresh = violations.filter((v) => !seen.has(v));
		for (const v of fresh) seen.add(v);
		if (fresh.length > 0) found.push({ step, when, violations: fresh });
	};
	try {
		await session.settle();
		for (const [index, step] of steps.entries()) {
			const boots = session.boots;
			const violations = await attempt(() => runStep(session, host, step));
			executed++;
			const rebooted = session.boots !== boots;
			violations.push(...checker.afterStep(index));
			options.onStep?.(index);
			record(index, rebooted ? "reboot" : "step", violations);
			if (found.length > 0 && !options.keepGoing) break;
		}
		if (found.length === 0 || options.keepGoing) record(steps.length, "end", await attempt(() => checker.atEnd()));
	} finally {
		session.stop();
		await host.stop();
		process.off("unhandledRejection", swallow);
	}
	const approvals = host.books.transactions.filter((t) => t.terminalId === DEFAULT_TERMINAL_ID).length;
	return {
		steps: steps.length,
		executed,
		powerCuts: session.boots - 1,
		hostFaults,
		hostApprovals: approvals,
		settlements: checker.settled.size,
		found,
		...(found[0] ? { failure: found[0] } : {}),
	};
}

/** Runs `action`; a crash of the firmware (anything but a power cut) is a violation. */
async function attempt(action: () => Promise<string[] | void>): Promise<string[]> {
	try {
		return (await action()) ?? [];
	} catch (error) {
		if (error instanceof PowerCut) return [];
		return [`crash: ${(error as Error).stack ?? String(error)}`];
	}
}

async function runStep(session: ScriptedTerminal, host: AcquirerHost, step: MonkeyStep): Promise<void> {
	switch (step.do) {
		case "key":
			session.keys(step.key);
			return session.settle();
		case "sign-on":
			return perform(session, signOnMove());
		// The operator goes back to the idle screen before a transaction.
		case "sale":
			await toIdle(session);
			return perform(session, saleMove(step.card, String(step.amountFen)));
		case "void":
			await toIdle(session);
			return perform(session, voidMove(session.terminal.journal?.counters.lastStan ?? 1));
		case "settle":
			await toIdle(session);
			return perform(session, settlementMove());
		case "swipe":
			session.swipe({ card: step.card });
			return session.settle();
		case "garbage":
			try {
				session.swipe({ card: { track2: step.track2, ...(step.track1 ? { track1: step.track1 } : {}) } });
			} catch (error) {
				// Bits the synthesizer cannot write are no swipe at all.
				if (!(error instanceof RangeError && error.message.startsWith("cannot synthesize"))) throw error;
			}
			return session.settle();
		case "fault":
			host.inject(step.rule);
			return;
		case "cut":
			session.armPowerCut(step.atWrite, step.fraction);
			return;
		case "wait":
			return session.wait(step.ms);
	}
}

/** The host's books against the terminal's journal and settlements. */
class BooksChecker {
	/** Batches the terminal settled, checked against the host's totals when they closed. */
	readonly settled = new Set<number>();
	readonly #host: AcquirerHost;
	readonly #session: ScriptedTerminal;
	/** The step during which each host transaction (by index in the books) was approved. */
	readonly #stepOf: number[] = [];

	constructor(host: AcquirerHost, session: ScriptedTerminal) {
		this.#host = host;
		this.#session = session;
	}

	#approvals(): HostApproval[] {
		return this.#host.books.transactions
			.filter((t) => t.terminalId === DEFAULT_TERMINAL_ID)
			.map((t) => ({ stan: t.stan, batch: t.batch, amountFen: t.amountFen, reversed: t.status === "reversed" }));
	}

	afterStep(index: number): string[] {
		const books = this.#host.books.transactions;
		while (this.#stepOf.length < books.length) this.#stepOf.push(index);
		const journal = this.#session.terminal.journal;
		if (!journal || this.#session.terminal.busy) return [];
		const out = moneyViolations(journal.state, this.#approvals(), { owedAllowed: true });
		const last = journal.state.lastSettlement;
		if (last && !this.settled.has(last.batch)) {
			this.settled.add(last.batch);
			out.push(...settlementViolations(last, this.#host.engine.hostTotals(DEFAULT_TERMINAL_ID, last.batch)));
		}
		return out;
	}

	/** Faults off, no more cuts: sign on, settle the open batch, then every host approval must be settled. */
	async atEnd(): Promise<string[]> {
		this.#host.clearFaults();
		this.#session.armPowerCut(Number.MAX_SAFE_INTEGER);
		await toIdle(this.#session);
		const journal = () => this.#session.terminal.journal!;
		const batch = journal().counters.batch;
		for (let i = 0; i < 3 && journal().state.lastSettlement?.batch !== batch; i++) {
			await perform(this.#session, settlementMove());
			await toIdle(this.#session);
		}
		const out = this.afterStep(Number.MAX_SAFE_INTEGER);
		if (journal().state.lastSettlement?.batch !== batch)
			out.push(`the final settlement of batch ${batch} did not finish: ${this.#session.screen()}`);
		if (journal().state.reversal)
			out.push(`a reversal of STAN ${journal().state.reversal!.stan} is still owed after the final settlement`);
		// A batch closed inside one step together with the next one (a settlement resumed at boot, then the
		// operator's settlement of the new, empty batch) is never seen as the journal's last settlement: the
		// host's 0500 for it and a terminal batch number past it show it was settled.
		const hostSettled = new Set(this.#host.books.settlements.filter((s) => s.terminalId === DEFAULT_TERMINAL_ID).map((s) => s.batch));
		const closed = (b: number) => this.settled.has(b) || (hostSettled.has(b) && b < batch);
		const unsettled = new Set(
			this.#approvals()
				.filter((a) => !a.reversed && !closed(a.batch))
				.map((a) => a.batch),
		);
		for (const b of unsettled) out.push(`host approvals of batch ${b} were never in a terminal settlement`);
		const perStep = new Map<number, number>();
		this.#host.books.transactions.forEach((t, i) => {
			if (t.terminalId === DEFAULT_TERMINAL_ID && t.kind === "sale" && t.status === "approved")
				perStep.set(this.#stepOf[i]!, (perStep.get(this.#stepOf[i]!) ?? 0) + 1);
		});
		for (const [step, count] of perStep) if (count > 1) out.push(`step ${step} got ${count} sales approved on the host`);
		return out;
	}
}
