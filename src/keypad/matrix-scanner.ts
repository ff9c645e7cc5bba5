// Turns raw row/column samples of a key matrix into key events: debounce, ghost rejection, auto-repeat and
// stuck-key reports (docs/cashier-ui.md §1). Pure: time comes only from the samples, so the device scan timer,
// the simulator and the tests drive it the same way.

import type { KeyCode, KeyEvent, MatrixSample } from "../../hal/keypad.js";

export interface MatrixScannerOptions {
	/** map[row][column]: the logical key, or null where no key is fitted (the board description). */
	readonly map: readonly (readonly (KeyCode | null)[])[];
	/** true when every key has a diode: no ghosting, n-key rollover. */
	readonly diodes: boolean;
	/** A key changes state after its contact reads the same for this long. Default 20 ms (ESP-IDF matrix_keyboard). */
	readonly debounceMs?: number;
	/** Keys that auto-repeat while held. Default CLEAR, UP, DOWN. */
	readonly repeatKeys?: readonly KeyCode[];
	/** First repeat after this long held. Default 500 ms. */
	readonly repeatDelayMs?: number;
	/** Then one repeat every this long. Default 100 ms. */
	readonly repeatIntervalMs?: number;
	/** A key held longer than this is reported stuck. Default 20 000 ms. */
	readonly stuckMs?: number;
}

/** A key that reads closed when scanning starts, or stays closed longer than `stuckMs`. */
export interface StuckKey {
	readonly key: KeyCode;
	readonly row: number;
	readonly column: number;
	readonly cause: "down-at-start" | "held-too-long";
	/** false when the key is found stuck, true when it is finally released. */
	readonly cleared: boolean;
	readonly atMs: number;
}

export type ScanOutput = { readonly kind: "key"; readonly event: KeyEvent } | { readonly kind: "stuck"; readonly stuck: StuckKey };

const DEFAULT_REPEAT_KEYS: readonly KeyCode[] = ["CLEAR", "UP", "DOWN"];

/** What the scanner does with a debounced closure of one key. */
type Acceptance = "pressed" | "ignored" | "stuck-at-start" | "stuck-held";

interface KeyState {
	readonly key: KeyCode;
	readonly row: number;
	readonly column: number;
	readonly repeats: boolean;
	raw: boolean;
	rawSinceMs: number;
	stable: boolean;
	stableSinceMs: number;
	/** Set while `stable` is true. */
	acceptance: Acceptance | undefined;
	nextRepeatMs: number;
}

export class MatrixScanner {
	readonly #keys: KeyState[] = [];
	readonly #diodes: boolean;
	readonly #debounceMs: number;
	readonly #repeatDelayMs: number;
	readonly #repeatIntervalMs: number;
	readonly #stuckMs: number;
	#started = false;

	constructor(options: MatrixScannerOptions) {
		this.#diodes = options.diodes;
		this.#debounceMs = options.debounceMs ?? 20;
		this.#repeatDelayMs = options.repeatDelayMs ?? 500;
		this.#repeatIntervalMs = options.repeatIntervalMs ?? 100;
		this.#stuckMs = options.stuckMs ?? 20_000;
		const repeatKeys = options.repeatKeys ?? DEFAULT_REPEAT_KEYS;
		options.map.forEach((columns, row) => {
			if (columns.length > 16) throw new RangeError("a MatrixSample row holds at most 16 columns");
			columns.forEach((key, column) => {
				if (key === null) return;
				this.#keys.push({
					key,
					row,
					column,
					repeats: repeatKeys.includes(key),
					raw: false,
					rawSinceMs: 0,
					stable: false,
					stableSinceMs: 0,
					acceptance: undefined,
					nextRepeatMs: 0,
				});
			});
		});
	}

	/** true when every key reads open and no change is pending: the shell may stop scanning. */
	get idle(): boolean {
		return this.#keys.every((state) => !state.raw && !state.stable);
	}

	/** Feeds one sample (timestamps must not go backwards) and returns what it caused, in order. */
	feed(sample: MatrixSample): ScanOutput[] {
		const out: ScanOutput[] = [];
		const at = sample.atMs;
		// Without diodes, a closed rectangle corner may be a phantom: keep the last trusted reading.
		const trusted = this.#diodes || !isAmbiguous(sample.rows);
		for (const state of this.#keys) {
			const raw = trusted ? (((sample.rows[state.row] ?? 0) >> state.column) & 1) === 1 : state.raw;
			if (!this.#started) {
				state.raw = raw;
				state.rawSinceMs = at;
				if (raw) state.acceptance = "stuck-at-start";
				continue;
			}
			if (raw !== state.raw) {
				state.raw = raw;
				state.rawSinceMs = at;
			}
		}
		if (!this.#started) {
			this.#started = true;
			return out;
		}
		for (const state of this.#keys) {
			if (state.raw !== state.stable && at - state.rawSinceMs >= this.#debounceMs) {
				if (state.raw) this.#press(state, at, out);
				else this.#release(state, at, out);
			}
		}
		for (const state of this.#keys) {
			if (state.stable && state.acceptance === "pressed") this.#whileHeld(state, at, out);
		}
		return out;
	}

	#press(state: KeyState, at: number, out: ScanOutput[]): void {
		state.stable = true;
		state.stableSinceMs = at;
		if (state.acceptance === "stuck-at-start") {
			out.push(stuck(state, "down-at-start", false, at));
			return;
		}
		// Without diodes, at most two keys at once (2-key rollover): a third press is ignored until released.
		const othersDown = this.#keys.filter(
			(other) => other !== state && (other.acceptance === "pressed" || other.acceptance === "ignored"),
		).length;
		if (!this.#diodes && othersDown > 1) {
			state.acceptance = "ignored";
			return;
		}
		state.acceptance = "pressed";
		state.nextRepeatMs = at + this.#repeatDelayMs;
		out.push(keyEvent(state.key, true, false, at));
	}

	#release(state: KeyState, at: number, out: ScanOutput[]): void {
		const acceptance = state.acceptance;
		state.stable = false;
		state.acceptance = undefined;
		if (acceptance === "stuck-at-start") {
			out.push(stuck(state, "down-at-start", true, at));
		} else if (acceptance === "stuck-held") {
			out.push(keyEvent(state.key, false, false, at));
			out.push(stuck(state, "held-too-long", true, at));
		} else if (acceptance === "pressed") {
			out.push(keyEvent(state.key, false, false, at));
		}
	}

	#whileHeld(state: KeyState, at: number, out: ScanOutput[]): void {
		if (at - state.stableSinceMs >= this.#stuckMs) {
			state.acceptance = "stuck-held";
			out.push(stuck(state, "held-too-long", false, at));
			return;
		}
		// Repeat only while the key is the only one held.
		const alone = this.#keys.every((other) => other === state || !other.stable);
		if (state.repeats && alone && at >= state.nextRepeatMs) {
			state.nextRepeatMs = at + this.#repeatIntervalMs;
			out.push(keyEvent(state.key, true, true, at));
		} else if (!alone) {
			state.nextRepeatMs = Math.max(state.nextRepeatMs, at + this.#repeatDelayMs);
		}
	}
}

/**
 * A matrix without diodes reads a phantom fourth key when three keys form an L; any two rows sharing two
 * or more closed columns are therefore a rectangle whose corners cannot all be trusted.
 */
export function isAmbiguous(rows: Uint16Array): boolean {
	for (let i = 0; i < rows.length; i++) {
		for (let j = i + 1; j < rows.length; j++) {
			const shared = (rows[i] ?? 0) & (rows[j] ?? 0);
			if ((shared & (shared - 1)) !== 0) return true;
		}
	}
	return false;
}

function keyEvent(key: KeyCode, down: boolean, repeat: boolean, atMs: number): ScanOutput {
	return { kind: "key", event: { key, down, repeat, atMs } };
}

function stuck(state: KeyState, cause: StuckKey["cause"], cleared: boolean, atMs: number): ScanOutput {
	return { kind: "stuck", stuck: { key: state.key, row: state.row, column: state.column, cause, cleared, atMs } };
}
