// The display list between layout and pixels: what to paint where, in order (later paints cover earlier ones).
// Layout takes over the last frame's paint where a new one would draw the same (display-list.ts), and only the
// areas of the paints that changed are redrawn (partial update).

import type { Rect } from "../../../hal/geometry.js";

/** A colour as RGB565; on a monochrome panel a dark colour is ink, a light one is paper. */
export type Rgb565 = number;

export function rgb(r: number, g: number, b: number): Rgb565 {
	return ((r & 0xf8) << 8) | ((g & 0xfc) << 3) | (b >> 3);
}

/** A monochrome panel shows ink where the colour is dark (ITU-R BT.601 luma below one half). */
export function isInk(color: Rgb565): boolean {
	const r = (((color >> 11) & 31) * 255) / 31,
		g = (((color >> 5) & 63) * 255) / 63,
		b = ((color & 31) * 255) / 31;
	return 299 * r + 587 * g + 114 * b < 128_000;
}

export type Paint =
	| { readonly kind: "fill"; readonly rect: Rect; readonly color: Rgb565 }
	/** Text from the bitmap font, glyphs scaled by `scale`, clipped to `clip`. */
	| {
			readonly kind: "text";
			readonly x: number;
			readonly y: number;
			readonly text: string;
			readonly color: Rgb565;
			readonly scale: number;
			readonly clip: Rect;
	  }
	/**
	 * A 1-bit image of `columns` × `rows` cells (row by row, MSB first, rows padded to bytes), each set cell a
	 * `scale` × `scale` square of `color` from (rect.x, rect.y). `id` names the image's content (for the key).
	 */
	| {
			readonly kind: "bits";
			readonly rect: Rect;
			readonly columns: number;
			readonly bits: Uint8Array;
			readonly scale: number;
			readonly color: Rgb565;
			readonly id: string;
	  }
	/** Alternating `cell`-pixel squares of `color` and `background`, starting with `color` at the top left. */
	| { readonly kind: "checker"; readonly rect: Rect; readonly cell: number; readonly color: Rgb565; readonly background: Rgb565 };

/**
 * Whether two paints draw the same pixels: same kind, place, clip, colours and content (a bits paint's content
 * by its `id`). Compared field by field, so comparing two frames makes no garbage.
 */
export function samePaint(a: Paint, b: Paint): boolean {
	switch (a.kind) {
		case "fill":
			return b.kind === "fill" && a.color === b.color && sameRect(a.rect, b.rect);
		case "text":
			return (
				b.kind === "text" &&
				a.x === b.x &&
				a.y === b.y &&
				a.color === b.color &&
				a.scale === b.scale &&
				a.text === b.text &&
				sameRect(a.clip, b.clip)
			);
		case "bits":
			return b.kind === "bits" && a.color === b.color && a.scale === b.scale && a.id === b.id && sameRect(a.rect, b.rect);
		case "checker":
			return (
				b.kind === "checker" &&
				a.cell === b.cell &&
				a.color === b.color &&
				a.background === b.background &&
				sameRect(a.rect, b.rect)
			);
	}
}

function sameRect(a: Rect, b: Rect): boolean {
	return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

export function intersect(a: Rect, b: Rect): Rect {
	const x = Math.max(a.x, b.x),
		y = Math.max(a.y, b.y);
	const w = Math.min(a.x + a.w, b.x + b.w) - x,
		h = Math.min(a.y + a.h, b.y + b.h) - y;
	return w > 0 && h > 0 ? { x, y, w, h } : { x, y, w: 0, h: 0 };
}
