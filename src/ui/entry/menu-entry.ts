// A numbered menu (docs/cashier-ui.md §3): a number key selects its entry directly, UP/DOWN move the
// highlight (wrapping), ENTER confirms the highlighted entry, CANCEL or CLEAR go back. On a list of more
// than nine entries a digit that starts a longer number (1 of 10–19) waits: the next digit, ENTER, or the
// caller's short wait (`typedChoice`) decides.

import { isDigitKey } from "../../../hal/keypad.js";
import type { Menu } from "../screen.js";
import type { EntryKey, EntryStep } from "./entry-step.js";

/** Answers the key with the next highlight; `done` carries the chosen entry's key, e.g. "1". */
export function stepMenu(menu: Menu, input: EntryKey): EntryStep<Menu, string> {
	const count = menu.items.length;
	const moveTo = (highlight: number): EntryStep<Menu, string> => ({
		state: { items: menu.items, highlight },
		effect: { kind: "changed" },
	});
	switch (input.key) {
		case "UP":
			return count === 0 ? { state: menu, effect: { kind: "ignored" } } : moveTo((menu.highlight + count - 1) % count);
		case "DOWN":
			return count === 0 ? { state: menu, effect: { kind: "ignored" } } : moveTo((menu.highlight + 1) % count);
		case "ENTER": {
			const item = menu.items[menu.highlight];
			return item ? { state: menu, effect: { kind: "done", value: item.key } } : { state: menu, effect: { kind: "ignored" } };
		}
		case "CANCEL":
		case "CLEAR":
			return input.repeat ? { state: menu, effect: { kind: "ignored" } } : { state: menu, effect: { kind: "back" } };
		default:
			return isDigitKey(input.key) ? typeDigit(menu, input.key) : { state: menu, effect: { kind: "ignored" } };
	}
}

/** A digit after `menu.typed` (or, when no entry starts with both, on its own). */
function typeDigit(menu: Menu, digit: string): EntryStep<Menu, string> {
	for (const typed of menu.typed ? [menu.typed + digit, digit] : [digit]) {
		const starting = menu.items.filter((item) => item.key.startsWith(typed));
		if (starting.length === 0) continue;
		const exact = menu.items.findIndex((item) => item.key === typed);
		if (exact >= 0 && starting.length === 1)
			return { state: { items: menu.items, highlight: exact }, effect: { kind: "done", value: typed } };
		const highlight = exact >= 0 ? exact : menu.items.indexOf(starting[0]!);
		return { state: { items: menu.items, highlight, typed }, effect: { kind: "changed" } };
	}
	return { state: menu, effect: { kind: "ignored" } };
}

/** The entry the typed digits name exactly, chosen when no further digit comes in time. */
export function typedChoice(menu: Menu): string | undefined {
	return menu.items.find((item) => item.key === menu.typed)?.key;
}
