// What a factory test is and what it gets to work with. Tests talk to peripherals only through the HAL
// (docs/factory-mode.md §8); the operator or a jig sensor is reached through `action` and `confirm` events.

import type { BoardDescription } from "../../hal/board.js";
import type { Hal } from "../../hal/hal.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { Outcome } from "./test-result.js";

/** The operator's or the jig sensor's answer to a `confirm` event. */
export interface Confirmation {
	readonly pass: boolean;
	/** A reading the jig took (a framebuffer checksum from its camera, a luminance…), when it has one. */
	readonly observed?: number;
}

export type EventFields = Readonly<Record<string, string | number | boolean>>;

export interface TestContext {
	readonly hal: Hal;
	readonly board: BoardDescription;
	/** Parameters from the jig's plan (`RUN {params}`); each test documents its own. */
	readonly params: Readonly<Record<string, unknown>>;
	readonly outcome: Outcome;
	/** The unit's serial number, once set. */
	readonly serial: string | undefined;
	/** Keys held down right now (seen going down since factory mode started, not yet up). */
	readonly heldKeys: ReadonlySet<KeyCode>;
	/** The run was aborted or timed out: stop touching the hardware and return. */
	readonly aborted: boolean;
	progress(message: string): void;
	/** Asks the operator (or the jig's actuator) to do something on the unit; no reply expected. */
	action(step: string, fields?: EventFields): void;
	/** Asks the jig to confirm `step`; undefined when no answer came within `timeoutMs` or the run ended. */
	confirm(step: string, fields: EventFields, timeoutMs: number): Promise<Confirmation | undefined>;
	/** Resolves after `ms` on the HAL clock, or at once when the run ends. */
	wait(ms: number): Promise<void>;
	/** The first value `subscribe` delivers within `timeoutMs`; undefined on timeout or when the run ends. */
	waitFor<T>(subscribe: (deliver: (value: T) => void) => Unsubscribe, timeoutMs: number): Promise<T | undefined>;
}

/** The JSON type a plan parameter must have. */
export type ParamKind = "number" | "string" | "boolean" | "object";

export interface FactoryTest {
	readonly id: string;
	readonly description: string;
	/** The parameters the test reads and their types; RUN refuses others (every test also takes `skip`, a boolean). */
	readonly params: Readonly<Record<string, ParamKind>>;
	/** Whole-test limit; on expiry the result is ERROR with code TIMEOUT. */
	readonly timeoutMs: number;
	/** Runs the test, recording into `context.outcome`; leaves the peripheral idle. */
	run(context: TestContext): Promise<void>;
}

/** A number parameter from the plan, or `fallback` when absent or not a finite number. */
export function numberParam(params: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
	const value = params[name];
	return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
