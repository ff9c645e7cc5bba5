// Applies an entry widget's answer to a key (src/ui/entry): redraw, refuse with the error tone, done, back.

import type { EntryEffect } from "../ui/entry/entry-step.js";
import type { AppControl } from "./app-context.js";

export function entryKey<S, V>(
	app: AppControl,
	step: { state: S; effect: EntryEffect<V> },
	update: (state: S) => void,
	done: (value: V) => void,
	back: () => void,
): void {
	switch (step.effect.kind) {
		case "changed":
			return update(step.state);
		case "refused":
			app.errorBeep();
			return update(step.state);
		case "done":
			return done(step.effect.value);
		case "back":
		case "cancel":
			return back();
		case "ignored":
			return;
	}
}
