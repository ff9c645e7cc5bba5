// A field of decimal digits typed on the keypad: operator number, password, voucher number, card number.
// The presets in password-entry.ts and card-number-entry.ts configure it; the field itself is one machine.

import { isDigitKey } from "../../../hal/keypad.js";
import type { MessageId } from "../messages.js";
import type { EntryKey, EntryStep } from "./entry-step.js";

export interface DigitEntryConfig {
	readonly minLength: number;
	readonly maxLength: number;
	/** Shown as `*` per digit (passwords). */
	readonly masked: boolean;
	/** Digits per space-separated group on screen, 0 for none (card numbers: 4). */
	readonly groupSize: number;
	/** The notice when ENTER comes with fewer than `minLength` digits. */
	readonly tooShort: MessageId;
	/** A check on the complete value (e.g. the Luhn digit); returns the notice to refuse it with. */
	readonly check?: (digits: string) => MessageId | undefined;
}

export interface DigitEntryState {
	readonly digits: string;
	readonly notice?: MessageId;
}

export const EMPTY_DIGITS: DigitEntryState = { digits: "" };

export function stepDigits(config: DigitEntryConfig, state: DigitEntryState, input: EntryKey): EntryStep<DigitEntryState, string> {
	const { digits } = state;
	const { key } = input;
	if (isDigitKey(key)) return append(config, digits, key);
	switch (key) {
		case "00":
			return append(config, digits, "00");
		case "CLEAR":
			if (input.repeat) return { state: EMPTY_DIGITS, effect: digits === "" ? { kind: "ignored" } : { kind: "changed" } };
			if (digits === "") return { state: EMPTY_DIGITS, effect: { kind: "back" } };
			return { state: { digits: digits.slice(0, -1) }, effect: { kind: "changed" } };
		case "ENTER": {
			if (digits.length < config.minLength) return refuse(digits, config.tooShort);
			const notice = config.check?.(digits);
			return notice ? refuse(digits, notice) : { state: { digits }, effect: { kind: "done", value: digits } };
		}
		case "CANCEL":
			return { state, effect: { kind: "cancel" } };
		default:
			return { state, effect: { kind: "ignored" } };
	}
}

// Plain functions, not closures made at each key.
function refuse(digits: string, notice: MessageId): EntryStep<DigitEntryState, string> {
	return { state: { digits, notice }, effect: { kind: "refused", notice } };
}

function append(config: DigitEntryConfig, digits: string, more: string): EntryStep<DigitEntryState, string> {
	return digits.length + more.length > config.maxLength
		? refuse(digits, "entryTooLong")
		: { state: { digits: digits + more }, effect: { kind: "changed" } };
}

/** The field as shown: masked or grouped, e.g. `****` or `6222 0212 3456`. */
export function digitText(config: DigitEntryConfig, state: DigitEntryState): string {
	const shown = config.masked ? "*".repeat(state.digits.length) : state.digits;
	if (config.groupSize <= 0) return shown;
	const groups: string[] = [];
	for (let i = 0; i < shown.length; i += config.groupSize) groups.push(shown.slice(i, i + config.groupSize));
	return groups.join(" ");
}
