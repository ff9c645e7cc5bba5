// Amount entry the way cashiers expect (docs/cashier-ui.md §2): the display starts at 0.00,
// each digit shifts in from the right as fen, `00` shifts two, CLEAR drops the last digit, `.` is refused with
// a notice (no decimal point to key). Integer fen only.

import { isDigitKey } from "../../../hal/keypad.js";
import { FIELD4_MAX_FEN, type Fen } from "../amount-text.js";
import type { MessageId } from "../messages.js";
import type { EntryKey, EntryStep } from "./entry-step.js";

export interface AmountEntryConfig {
	/** The largest amount accepted, e.g. the merchant's single-transaction limit. At most field 4's n12. */
	readonly maxFen: Fen;
}

/** 99,999,999.99 yuan: a common default cap, below field 4's n12 limit. */
export const DEFAULT_AMOUNT_CONFIG: AmountEntryConfig = { maxFen: 9_999_999_999 };

export interface AmountEntryState {
	readonly fen: Fen;
	/** Why the last key was refused; cleared by the next key. */
	readonly notice?: MessageId;
}

export const EMPTY_AMOUNT: AmountEntryState = { fen: 0 };

export function stepAmount(config: AmountEntryConfig, state: AmountEntryState, input: EntryKey): EntryStep<AmountEntryState, Fen> {
	const { fen } = state;
	const { key } = input;
	const max = Math.min(config.maxFen, FIELD4_MAX_FEN);
	const to = (next: Fen): EntryStep<AmountEntryState, Fen> =>
		next > max
			? { state: { fen, notice: "amountOverLimit" }, effect: { kind: "refused", notice: "amountOverLimit" } }
			: { state: { fen: next }, effect: { kind: "changed" } };
	if (isDigitKey(key)) return to(fen * 10 + Number(key));
	switch (key) {
		case "00":
			return to(fen * 100);
		case "CLEAR":
			// A long press (auto-repeat) clears everything; a fresh CLEAR on 0.00 goes back.
			if (input.repeat) return { state: EMPTY_AMOUNT, effect: fen === 0 ? { kind: "ignored" } : { kind: "changed" } };
			if (fen === 0) return { state: EMPTY_AMOUNT, effect: { kind: "back" } };
			return { state: { fen: Math.floor(fen / 10) }, effect: { kind: "changed" } };
		case "ENTER":
			if (fen === 0) return { state: { fen, notice: "amountZero" }, effect: { kind: "refused", notice: "amountZero" } };
			return { state: { fen }, effect: { kind: "done", value: fen } };
		case ".":
			// Digits shift in as fen (12345 is 123.45): there is no decimal point to key, and the screen says so.
			return { state: { fen, notice: "amountNoDecimal" }, effect: { kind: "refused", notice: "amountNoDecimal" } };
		case "CANCEL":
			return { state, effect: { kind: "cancel" } };
		default:
			return { state, effect: { kind: "ignored" } };
	}
}
