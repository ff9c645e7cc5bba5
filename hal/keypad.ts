// Logical keys of a POS keypad (docs/device-keypad.md). The physical (row, col) to key mapping is
// board data (hal/boards/*.json), not code.

import type { Unsubscribe } from "./result.js";

// Frozen: the application and the secure element both read it, and a module of the contract may be one instance
// for both (a preloaded module is shared).
export const KEY_CODES = Object.freeze([
	"0",
	"1",
	"2",
	"3",
	"4",
	"5",
	"6",
	"7",
	"8",
	"9",
	"00",
	".",
	"CANCEL",
	"CLEAR",
	"ENTER",
	"F1",
	"F2",
	"UP",
	"DOWN",
	"MENU",
] as const);

export type KeyCode = (typeof KEY_CODES)[number];

export function isKeyCode(value: string): value is KeyCode {
	return (KEY_CODES as readonly string[]).includes(value);
}

export function isDigitKey(key: KeyCode): key is "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" {
	return key.length === 1 && key >= "0" && key <= "9";
}

export interface KeyEvent {
	readonly key: KeyCode;
	/** true on press, false on release. */
	readonly down: boolean;
	/** true for an auto-repeat press generated while the key is held. */
	readonly repeat: boolean;
	/** Clock.monotonicMs() of the event. */
	readonly atMs: number;
}

/** One raw sample of a row/column matrix: bit c of rows[r] is set when the key at (r, c) reads closed. */
export interface MatrixSample {
	readonly atMs: number;
	readonly rows: Uint16Array;
}

export interface Keypad {
	/** Debounced logical key events. While a PIN entry session runs, digit keys go to the secure element only. */
	onKey(handler: (event: KeyEvent) => void): Unsubscribe;
	/** Stops scanning and releases the pins; no key events follow. */
	close(): void;
}
