// What an entry widget answers to one key. Every widget in src/ui/entry is a pure state machine:
// `step(config, state, key)` returns the next state and what the caller should do about the key.

import type { KeyCode, KeyEvent } from "../../../hal/keypad.js";
import type { MessageId } from "../messages.js";

/** The part of a key event an entry widget reads. Releases never reach a widget. */
export interface EntryKey {
	readonly key: KeyCode;
	/** An auto-repeat while the key is held: a repeated CLEAR is a long press. */
	readonly repeat: boolean;
}

export type EntryEffect<V> =
	/** The state changed: redraw. */
	| { readonly kind: "changed" }
	/** The key means nothing here: no redraw, no beep. */
	| { readonly kind: "ignored" }
	/** The key was refused: beep, and show `notice` (kept in the state until the next key). */
	| { readonly kind: "refused"; readonly notice: MessageId }
	/** ENTER with a valid value. */
	| { readonly kind: "done"; readonly value: V }
	/** CLEAR on an empty field: go back one screen. */
	| { readonly kind: "back" }
	/** CANCEL: leave the transaction. */
	| { readonly kind: "cancel" };

export interface EntryStep<S, V> {
	readonly state: S;
	readonly effect: EntryEffect<V>;
}

/** The key of a press event for a widget, or undefined for a release. */
export function entryKey(event: KeyEvent): EntryKey | undefined {
	return event.down ? { key: event.key, repeat: event.repeat } : undefined;
}
