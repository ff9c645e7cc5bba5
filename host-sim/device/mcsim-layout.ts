// Where the posterm device of mcsim (device/mcsim/posterm/terminal.js) puts its panel and keys, from the same
// numbers (device/mcsim/posterm/layout.json) and the board description, relative to the device body's
// top-left corner.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BoardDescription } from "../../hal/board.js";
import { repoRoot } from "../tools/xs.js";

export interface DeviceLayout {
	readonly bodyWidth: number;
	readonly panel: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
	/** Centre of the card slot. */
	readonly slot: { readonly x: number; readonly y: number };
	/** Centre of each key by its name in the board's key map. */
	readonly keys: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
}

interface LayoutNumbers {
	readonly keyWidth: number;
	readonly keyHeight: number;
	readonly gap: number;
	readonly margin: number;
	readonly slotHeight: number;
}

export function deviceLayout(board: BoardDescription): DeviceLayout {
	const all = JSON.parse(readFileSync(join(repoRoot, "device/mcsim/posterm/layout.json"), "utf8")) as Record<string, LayoutNumbers>;
	const numbers = all[board.model];
	if (!numbers) throw new Error(`device/mcsim/posterm/layout.json has no ${board.model}`);
	const { keyWidth, keyHeight, gap, margin, slotHeight } = numbers;
	const { width, height } = board.display;
	const { columns, map } = board.keypad;
	const keysWidth = columns.length * keyWidth + (columns.length - 1) * gap;
	const bodyWidth = Math.max(width, keysWidth) + 2 * margin;
	const keysLeft = (bodyWidth - keysWidth) >> 1;
	const slotTop = margin + height + (margin >> 1);
	const keysTop = slotTop + slotHeight + (margin >> 1);
	const keys = new Map<string, { x: number; y: number }>();
	map.forEach((line, r) =>
		line.forEach((name, c) => {
			if (name !== null)
				keys.set(name, {
					x: keysLeft + c * (keyWidth + gap) + (keyWidth >> 1),
					y: keysTop + r * (keyHeight + gap) + (keyHeight >> 1),
				});
		}),
	);
	return {
		bodyWidth,
		panel: { x: (bodyWidth - width) >> 1, y: margin, width, height },
		slot: { x: bodyWidth >> 1, y: slotTop + (slotHeight >> 1) },
		keys,
	};
}
