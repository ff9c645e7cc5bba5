// Draws Screens on a hal Display with partial updates: each new screen is laid out (layout.ts), compared
// paint by paint with the previous one, and only the changed areas, band by band, are painted (frame-painter.ts:
// rasterised in JavaScript and written between beginFrame() and endFrame(), or painted by a Display that paints
// display lists itself). The device and the simulator both draw through this class.

import type { Display } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import type { Screen } from "../screen.js";
import { BitmapFont } from "./bitmap-font.js";
import { UNIFONT_SUBSET } from "./font-data.js";
import { BAND_ROWS, paintsItself, RasterPainter, type FramePainter } from "./frame-painter.js";
import { layoutScreen } from "./layout.js";
import { intersect, paintBounds, paintKey, type Paint } from "./paint.js";

/**
 * The firmware font, decoded as the module loads: on the device the module is preloaded, so its 360 glyphs and
 * their table are built at link time and stay in flash with the code (Moddable SDK, XS linker "preload"),
 * where a font decoded at run time would hold about 4,000 heap slots.
 */
const FIRMWARE_FONT = new BitmapFont(UNIFONT_SUBSET);

export function firmwareFont(): BitmapFont {
	return FIRMWARE_FONT;
}

export class ScreenRenderer {
	readonly #display: Display;
	readonly #font: BitmapFont;
	readonly #painter: FramePainter;
	#previous = new Map<string, Paint>();
	#frames = 0;
	#pixelsWritten = 0;

	constructor(display: Display, font: BitmapFont = firmwareFont()) {
		this.#display = display;
		this.#font = font;
		this.#painter = paintsItself(display) ? display : new RasterPainter(display, font);
	}

	/** Frames drawn and pixels written so far (partial updates write fewer). */
	get stats(): { readonly frames: number; readonly pixelsWritten: number } {
		return { frames: this.#frames, pixelsWritten: this.#pixelsWritten };
	}

	/** Draws `screen`; the first call draws the whole panel, later calls only what changed. */
	draw(screen: Screen): void {
		const d = this.#display;
		const paints = layoutScreen(screen, d, this.#font);
		const next = new Map<string, Paint>();
		for (const p of paints) next.set(paintKey(p), p);
		const full: Rect = { x: 0, y: 0, w: d.width, h: d.height };
		const changed: Rect[] = [];
		if (this.#frames === 0) changed.push(full);
		else {
			const width = (t: string) => this.#font.textWidth(t);
			for (const [key, p] of next) if (!this.#previous.has(key)) changed.push(intersect(paintBounds(p, width), full));
			for (const [key, p] of this.#previous) if (!next.has(key)) changed.push(intersect(paintBounds(p, width), full));
		}
		this.#previous = next;
		const bands = dirtyBands(changed, d.height, d.format === "mono1" ? d.width : undefined);
		if (bands.length === 0 && this.#frames > 0) return;
		this.#painter.paintFrame(bands, paints);
		for (const band of bands) this.#pixelsWritten += band.w * band.h;
		this.#frames++;
	}
}

/**
 * The changed rectangles cut into bands of BAND_ROWS lines, each band spanning the changed columns.
 * With `byteAlignWidth` (mono1 panels, 8 pixels a byte) the columns widen to whole bytes, up to that width.
 */
export function dirtyBands(changed: readonly Rect[], panelHeight: number, byteAlignWidth?: number): Rect[] {
	const bands: Rect[] = [];
	// Only the bands between the highest and the lowest changed line are looked at (a key changes a few rows).
	let first = panelHeight,
		last = 0;
	for (const r of changed) {
		if (r.w <= 0 || r.h <= 0) continue;
		if (r.y < first) first = r.y;
		if (r.y + r.h > last) last = r.y + r.h;
	}
	for (let top = first <= 0 ? 0 : first - (first % BAND_ROWS); top < panelHeight && top < last; top += BAND_ROWS) {
		const bottom = Math.min(panelHeight, top + BAND_ROWS);
		let x0 = Infinity,
			x1 = -Infinity,
			y0 = Infinity,
			y1 = -Infinity;
		for (const r of changed) {
			if (r.w <= 0 || r.h <= 0 || r.y >= bottom || r.y + r.h <= top) continue;
			x0 = Math.min(x0, r.x);
			x1 = Math.max(x1, r.x + r.w);
			y0 = Math.min(y0, Math.max(top, r.y));
			y1 = Math.max(y1, Math.min(bottom, r.y + r.h));
		}
		if (x1 <= x0) continue;
		if (byteAlignWidth !== undefined) {
			x0 &= ~7;
			x1 = Math.min(byteAlignWidth, (x1 + 7) & ~7);
		}
		bands.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
	}
	return bands;
}
