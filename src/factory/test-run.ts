// Runs one factory test under its timeout and the jig's ABORT (docs/factory-mode.md §6): the result is the
// test's own, or ERROR with code TIMEOUT / ABORTED, whichever comes first. Every wait a test makes ends
// when the run ends, so an abandoned test returns promptly and leaves the peripheral idle.

import type { BoardDescription } from "../../hal/board.js";
import type { Timer } from "../../hal/clock.js";
import type { Hal } from "../../hal/hal.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { Confirmation, EventFields, FactoryTest, TestContext } from "./factory-test.js";
import { errorResult, Outcome, type Limits, type TestResult } from "./test-result.js";

/** How a run talks to the jig. */
export interface RunChannel {
	event(fields: Readonly<Record<string, unknown>>): void;
	/** Registers the handler for the CONFIRM that answers `step`; returns its removal. */
	awaitConfirmation(step: string, handler: (confirmation: Confirmation) => void): Unsubscribe;
}

export interface RunSetup {
	readonly hal: Hal;
	readonly board: BoardDescription;
	readonly serial: string | undefined;
	readonly heldKeys: ReadonlySet<KeyCode>;
	readonly params: Readonly<Record<string, unknown>>;
	readonly limits: Limits;
	readonly channel: RunChannel;
}

export class TestRun implements TestContext {
	readonly hal: Hal;
	readonly board: BoardDescription;
	readonly params: Readonly<Record<string, unknown>>;
	readonly outcome: Outcome;
	readonly serial: string | undefined;
	readonly heldKeys: ReadonlySet<KeyCode>;
	readonly #test: FactoryTest;
	readonly #channel: RunChannel;
	/** Called once when the run ends: each pending wait's cleanup. */
	readonly #endings = new Set<() => void>();
	#end: { code: string } | undefined;
	#finish: ((code: string) => void) | undefined;

	constructor(test: FactoryTest, setup: RunSetup) {
		this.#test = test;
		this.hal = setup.hal;
		this.board = setup.board;
		this.params = setup.params;
		this.serial = setup.serial;
		this.heldKeys = setup.heldKeys;
		this.outcome = new Outcome(setup.limits);
		this.#channel = setup.channel;
	}

	get aborted(): boolean {
		return this.#end !== undefined;
	}

	/** Runs the test to its result. */
	async result(): Promise<TestResult> {
		const clock = this.hal.clock;
		const started = clock.monotonicMs();
		const ended = new Promise<string>((resolve) => (this.#finish = resolve));
		const timer: Timer = clock.after(this.#test.timeoutMs, () => this.abort("TIMEOUT"));
		const ran = this.#test.run(this).then(
			() => undefined,
			(error: unknown) => `EXCEPTION: ${String(error)}`,
		);
		const first = await Promise.race([ran, ended]);
		timer.cancel();
		const durationMs = Math.round(clock.monotonicMs() - started);
		if (this.#end) return errorResult(this.#test.id, this.#end.code, durationMs);
		this.#end = { code: "DONE" };
		this.#stopWaits();
		return first === undefined
			? this.outcome.result(this.#test.id, durationMs)
			: errorResult(this.#test.id, "EXCEPTION", durationMs, first);
	}

	/** Ends the run now with ERROR `code` (ABORTED, TIMEOUT). */
	abort(code: string): void {
		if (this.#end) return;
		this.#end = { code };
		this.#stopWaits();
		this.#finish?.(code);
	}

	progress(message: string): void {
		if (!this.aborted) this.#channel.event({ evt: "progress", test: this.#test.id, message });
	}

	action(step: string, fields: EventFields = {}): void {
		if (!this.aborted) this.#channel.event({ evt: "action", test: this.#test.id, step, ...fields });
	}

	confirm(step: string, fields: EventFields, timeoutMs: number): Promise<Confirmation | undefined> {
		if (this.aborted) return Promise.resolve(undefined);
		return this.waitFor<Confirmation>((deliver) => {
			const stop = this.#channel.awaitConfirmation(step, deliver);
			this.#channel.event({ evt: "confirm", test: this.#test.id, step, ...fields });
			return stop;
		}, timeoutMs);
	}

	wait(ms: number): Promise<void> {
		return this.waitFor<void>(() => () => undefined, ms).then(() => undefined);
	}

	waitFor<T>(subscribe: (deliver: (value: T) => void) => Unsubscribe, timeoutMs: number): Promise<T | undefined> {
		if (this.aborted) return Promise.resolve(undefined);
		return new Promise((resolve) => {
			let settled = false;
			let timer: Timer | undefined;
			let unsubscribe: Unsubscribe | undefined;
			const settle = (value: T | undefined) => {
				if (settled) return;
				settled = true;
				timer?.cancel();
				unsubscribe?.();
				this.#endings.delete(ending);
				resolve(value);
			};
			const ending = () => settle(undefined);
			this.#endings.add(ending);
			timer = this.hal.clock.after(timeoutMs, () => settle(undefined));
			const stop = subscribe((value) => settle(value));
			if (settled) stop();
			else unsubscribe = stop;
		});
	}

	#stopWaits(): void {
		for (const ending of [...this.#endings]) ending();
	}
}
