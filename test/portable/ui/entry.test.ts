import { assert } from "../../support/assert.js";
import type { KeyCode } from "../../../hal/keypad.js";
import { formatFen } from "../../../src/ui/amount-text.js";
import {
	DEFAULT_AMOUNT_CONFIG,
	EMPTY_AMOUNT,
	stepAmount,
	type AmountEntryConfig,
	type AmountEntryState,
} from "../../../src/ui/entry/amount-entry.js";
import { digitText, EMPTY_DIGITS, stepDigits, type DigitEntryConfig, type DigitEntryState } from "../../../src/ui/entry/digit-entry.js";
import { CARD_NUMBER_ENTRY } from "../../../src/ui/entry/card-number-entry.js";
import { luhnValid } from "../../../src/card/pan.js";
import { passwordConfig } from "../../../src/ui/entry/password-entry.js";

const OPERATOR_PASSWORD = passwordConfig(4);
const SUPERVISOR_PASSWORD = passwordConfig(6);
import type { EntryEffect, EntryKey, EntryStep } from "../../../src/ui/entry/entry-step.js";
import { stepMenu, typedChoice } from "../../../src/ui/entry/menu-entry.js";

const press = (key: KeyCode) => ({ key, repeat: false });

/** Feeds `keys` through a widget's step function from `initial`; returns the end state and every effect. */
function typeKeys<S, V>(step: (state: S, key: EntryKey) => EntryStep<S, V>, initial: S, keys: readonly KeyCode[]) {
	let state = initial;
	const effects: EntryEffect<V>[] = [];
	for (const key of keys) {
		const next = step(state, press(key));
		state = next.state;
		effects.push(next.effect);
	}
	return { state, effects, last: effects.at(-1)! };
}

const typeAmount = (keys: readonly KeyCode[], config: AmountEntryConfig = DEFAULT_AMOUNT_CONFIG) =>
	typeKeys((s: AmountEntryState, k) => stepAmount(config, s, k), EMPTY_AMOUNT, keys);
const typeDigits = (config: DigitEntryConfig, keys: readonly KeyCode[]) =>
	typeKeys((s: DigitEntryState, k) => stepDigits(config, s, k), EMPTY_DIGITS, keys);

describe("amount formatting", () => {
	it("groups thousands and always shows two decimals", () => {
		assert.equal(formatFen(0), "0.00");
		assert.equal(formatFen(5), "0.05");
		assert.equal(formatFen(123456), "1,234.56");
		assert.equal(formatFen(999_999_999_999), "9,999,999,999.99");
		assert.equal(formatFen(100000, false), "1000.00");
		assert.equal(formatFen(-150), "-1.50");
	});

	it("refuses fractional fen", () => {
		assert.throws(() => formatFen(1.5));
	});
});

describe("amount entry (cents-shift)", () => {
	it("starts at 0.00 and shifts digits in from the right as fen", () => {
		assert.equal(formatFen(EMPTY_AMOUNT.fen), "0.00");
		const steps = ["1", "2", "3", "4", "5", "6"] as const;
		const shown: string[] = [];
		let state = EMPTY_AMOUNT;
		for (const key of steps) {
			state = stepAmount(DEFAULT_AMOUNT_CONFIG, state, press(key)).state;
			shown.push(formatFen(state.fen));
		}
		assert.deepEqual(shown, ["0.01", "0.12", "1.23", "12.34", "123.45", "1,234.56"]);
		assert.equal(state.fen, 123456);
	});

	it("refuses the `.` key with a notice that amounts are keyed in fen, the amount unchanged", () => {
		const { state, last } = typeAmount(["1", "2", "."]);
		assert.deepEqual(last, { kind: "refused", notice: "amountNoDecimal" });
		assert.equal(state.fen, 12);
		assert.equal(stepAmount(DEFAULT_AMOUNT_CONFIG, state, press("5")).state.notice, undefined);
	});

	it("shifts two places with 00 and ignores leading zeros", () => {
		assert.equal(typeAmount(["0", "0", "5", "00"]).state.fen, 500);
		assert.equal(typeAmount(["00", "3"]).state.fen, 3);
	});

	it("deletes the last digit with CLEAR", () => {
		const { state, last } = typeAmount(["1", "2", "3", "CLEAR"]);
		assert.equal(state.fen, 12);
		assert.deepEqual(last, { kind: "changed" });
	});

	it("goes back on a fresh CLEAR at 0.00", () => {
		assert.deepEqual(typeAmount(["CLEAR"]).last, { kind: "back" });
		assert.deepEqual(typeAmount(["7", "CLEAR", "CLEAR"]).last, { kind: "back" });
	});

	it("clears everything on a long press (auto-repeated CLEAR) without going back", () => {
		const typed = typeAmount(["9", "8", "7"]).state;
		const held = stepAmount(DEFAULT_AMOUNT_CONFIG, typed, { key: "CLEAR", repeat: true });
		assert.equal(held.state.fen, 0);
		assert.deepEqual(held.effect, { kind: "changed" });
		const stillHeld = stepAmount(DEFAULT_AMOUNT_CONFIG, held.state, { key: "CLEAR", repeat: true });
		assert.deepEqual(stillHeld.effect, { kind: "ignored" });
	});

	it("finishes with the amount in fen on ENTER", () => {
		assert.deepEqual(typeAmount(["1", "00", "ENTER"]).last, { kind: "done", value: 100 });
	});

	it("refuses zero with the 金额不能为零 notice and stays on the field", () => {
		const { state, last } = typeAmount(["0", "ENTER"]);
		assert.deepEqual(last, { kind: "refused", notice: "amountZero" });
		assert.equal(state.notice, "amountZero");
		const next = stepAmount(DEFAULT_AMOUNT_CONFIG, state, press("5"));
		assert.deepEqual(next.state, { fen: 5 }, "the next key clears the notice");
	});

	it("refuses a digit that would pass the maximum and keeps the amount", () => {
		const config = { maxFen: 50000 };
		const { state, last } = typeAmount(["5", "0", "0", "0", "0", "1"], config);
		assert.equal(state.fen, 50000);
		assert.deepEqual(last, { kind: "refused", notice: "amountOverLimit" });
		assert.equal(typeAmount(["6", "00", "00"], config).state.fen, 600);
	});

	it("never passes field 4's n12 even with a larger configured cap", () => {
		const keys = Array.from({ length: 13 }, () => "9" as KeyCode);
		const { state, last } = typeAmount(keys, { maxFen: Number.MAX_SAFE_INTEGER });
		assert.equal(state.fen, 999_999_999_999);
		assert.equal(last.kind, "refused");
	});

	it("leaves with CANCEL at any point", () => {
		assert.deepEqual(typeAmount(["1", "CANCEL"]).last, { kind: "cancel" });
	});

	it("ignores keys that mean nothing here", () => {
		assert.deepEqual(typeAmount(["1", "F1"]), {
			state: { fen: 1 },
			effects: [{ kind: "changed" }, { kind: "ignored" }],
			last: { kind: "ignored" },
		});
	});
});

describe("password entry", () => {
	it("shows only asterisks and returns the digits on ENTER", () => {
		const { state, last } = typeDigits(OPERATOR_PASSWORD, ["0", "0", "0", "0", "ENTER"]);
		assert.equal(digitText(OPERATOR_PASSWORD, state), "****");
		assert.deepEqual(last, { kind: "done", value: "0000" });
	});

	it("refuses ENTER before the full length and a digit beyond it", () => {
		assert.deepEqual(typeDigits(SUPERVISOR_PASSWORD, ["1", "2", "3", "ENTER"]).last, { kind: "refused", notice: "passwordTooShort" });
		const full = typeDigits(OPERATOR_PASSWORD, ["1", "2", "3", "4", "5"]);
		assert.equal(full.state.digits, "1234");
		assert.deepEqual(full.last, { kind: "refused", notice: "entryTooLong" });
	});

	it("deletes with CLEAR, goes back on CLEAR when empty, leaves with CANCEL", () => {
		assert.equal(typeDigits(OPERATOR_PASSWORD, ["1", "2", "CLEAR"]).state.digits, "1");
		assert.deepEqual(typeDigits(OPERATOR_PASSWORD, ["CLEAR"]).last, { kind: "back" });
		assert.deepEqual(typeDigits(OPERATOR_PASSWORD, ["1", "CANCEL"]).last, { kind: "cancel" });
	});
});

describe("card-number entry", () => {
	it("groups the digits in fours", () => {
		const keys = [..."6222021234567890123"] as KeyCode[];
		assert.equal(digitText(CARD_NUMBER_ENTRY, typeDigits(CARD_NUMBER_ENTRY, keys).state), "6222 0212 3456 7890 123");
		assert.equal(digitText(CARD_NUMBER_ENTRY, typeDigits(CARD_NUMBER_ENTRY, ["6", "2", "2", "2", "0"]).state), "6222 0");
	});

	it("checks the Luhn digit (ISO/IEC 7812-1 Annex B)", () => {
		assert.ok(luhnValid("79927398713"));
		assert.ok(!luhnValid("79927398710"));
		assert.ok(luhnValid("4111111111111111"));
		assert.ok(!luhnValid(""));
	});

	it("accepts 13 to 19 digits with a valid check digit, and refuses the rest with a reason", () => {
		const valid = [..."4111111111111111", "ENTER"] as KeyCode[];
		assert.deepEqual(typeDigits(CARD_NUMBER_ENTRY, valid).last, { kind: "done", value: "4111111111111111" });
		const badCheck = [..."4111111111111112", "ENTER"] as KeyCode[];
		assert.deepEqual(typeDigits(CARD_NUMBER_ENTRY, badCheck).last, { kind: "refused", notice: "cardNumberInvalid" });
		const short = [..."411111111111", "ENTER"] as KeyCode[];
		assert.deepEqual(typeDigits(CARD_NUMBER_ENTRY, short).last, { kind: "refused", notice: "cardNumberTooShort" });
		const long = [..."41111111111111111111"] as KeyCode[];
		assert.equal(typeDigits(CARD_NUMBER_ENTRY, long).state.digits.length, 19);
	});
});

describe("menu selection", () => {
	const menu = {
		items: [
			{ key: "1", label: "消费" },
			{ key: "2", label: "撤销" },
			{ key: "8", label: "签到" },
		],
		highlight: 0,
	};

	it("selects an entry directly by its number", () => {
		const chosen = stepMenu(menu, press("8"));
		assert.deepEqual(chosen.effect, { kind: "done", value: "8" });
		assert.equal(chosen.state.highlight, 2);
		assert.deepEqual(stepMenu(menu, press("5")).effect, { kind: "ignored" });
	});

	it("moves the highlight with UP/DOWN, wrapping, and confirms it with ENTER", () => {
		const up = stepMenu(menu, press("UP"));
		assert.equal(up.state.highlight, 2);
		const down = stepMenu(up.state, press("DOWN"));
		assert.equal(down.state.highlight, 0);
		assert.deepEqual(stepMenu(stepMenu(menu, press("DOWN")).state, press("ENTER")).effect, { kind: "done", value: "2" });
	});

	it("goes back with CANCEL or CLEAR", () => {
		assert.deepEqual(stepMenu(menu, press("CANCEL")).effect, { kind: "back" });
		assert.deepEqual(stepMenu(menu, press("CLEAR")).effect, { kind: "back" });
	});

	const long = { items: Array.from({ length: 22 }, (_, i) => ({ key: String(i + 1), label: `p${i + 1}` })), highlight: 0 };

	it("on a list past nine, picks 10–22 by two digits; a first digit that starts more entries waits", () => {
		const one = stepMenu(long, press("1"));
		assert.deepEqual(one.effect, { kind: "changed" });
		assert.equal(one.state.typed, "1");
		assert.equal(one.state.highlight, 0);
		assert.equal(typedChoice(one.state), "1", "alone after the wait: entry 1");
		assert.deepEqual(stepMenu(one.state, press("2")).effect, { kind: "done", value: "12" });
		assert.deepEqual(stepMenu(one.state, press("ENTER")).effect, { kind: "done", value: "1" });
		const two = stepMenu(long, press("2"));
		assert.deepEqual(stepMenu(two.state, press("2")).effect, { kind: "done", value: "22" });
		assert.deepEqual(stepMenu(long, press("5")).effect, { kind: "done", value: "5" }, "no entry 50–59: 5 at once");
	});

	it("starts again from a digit that makes no number on the list (2 then 7: entry 7)", () => {
		const two = stepMenu(long, press("2"));
		assert.deepEqual(stepMenu(two.state, press("7")).effect, { kind: "done", value: "7" });
	});
});
