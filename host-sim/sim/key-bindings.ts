// PC keyboard → terminal keys, for the console simulator (and shown in its help).

import type { KeyCode } from "../../hal/keypad.js";

/** Raw terminal input sequences (xterm) and the key each one presses. */
export const KEY_BINDINGS: readonly (readonly [string, KeyCode, string])[] = [
	...[..."0123456789"].map((d) => [d, d as KeyCode, d] as const),
	["z", "00", "z"],
	[".", ".", "."],
	["\r", "ENTER", "Enter"],
	["\n", "ENTER", "Enter"],
	["\x7f", "CLEAR", "Backspace"],
	["\b", "CLEAR", "Backspace"],
	["\x1b", "CANCEL", "Esc"],
	["m", "MENU", "m"],
	["\x1bOP", "F1", "F1"],
	["\x1b[11~", "F1", "F1"],
	["\x1bOQ", "F2", "F2"],
	["\x1b[12~", "F2", "F2"],
	["\x1b[A", "UP", "↑"],
	["\x1b[B", "DOWN", "↓"],
];

/** One piece of raw input: a terminal key, or any other character (the console's own commands). */
export type InputToken = { readonly key: KeyCode } | { readonly char: string };

/** Splits a chunk of raw input into terminal keys and other characters. Longest sequence wins. */
export function inputTokens(chunk: string): InputToken[] {
	const tokens: InputToken[] = [];
	const sorted = [...KEY_BINDINGS].sort((a, b) => b[0].length - a[0].length);
	for (let i = 0; i < chunk.length;) {
		const hit = sorted.find(([seq]) => chunk.startsWith(seq, i));
		if (hit) {
			tokens.push({ key: hit[1] });
			i += hit[0].length;
		} else {
			const char = String.fromCodePoint(chunk.codePointAt(i)!);
			tokens.push({ char });
			i += char.length;
		}
	}
	return tokens;
}
