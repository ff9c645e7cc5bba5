// A numbered menu (docs/cashier-ui.md §3): a number key selects its entry directly, UP/DOWN move the
// highlight (wrapping), ENTER confirms the highlighted entry, CANCEL or CLEAR go back.

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
		default: {
			const index = menu.items.findIndex((item) => item.key === input.key);
			if (index < 0) return { state: menu, effect: { kind: "ignored" } };
			return { state: { items: menu.items, highlight: index }, effect: { kind: "done", value: input.key } };
		}
	}
}
