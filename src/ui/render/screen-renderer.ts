// Draws Screens on a hal Display with partial updates: each new screen is laid out (layout.ts) into a display
// list that keeps the previous frame's paints where nothing changed (display-list.ts), and only the areas of
// the new and the dropped paints, band by band, are painted (frame-painter.ts:
// rasterised in JavaScript and written between beginFrame() and endFrame(), or painted by a Display that paints
// display lists itself). The device and the simulator both draw through this class.

import type { Display } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import type { Screen } from "../screen.js";
import { BitmapFont, TextWidths } from "./bitmap-font.js";
import { UNIFONT_SUBSET } from "./font-data.js";
import { BAND_ROWS, paintsItself, RasterPainter, type FramePainter } from "./frame-painter.js";
import { DisplayList } from "./display-list.js";
import { layoutScreen } from "./layout.js";
import { intersect, paintBounds } from "./paint.js";

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
	readonly #font: TextWidths;
	readonly #painter: FramePainter;
	readonly #list = new DisplayList();
	readonly #width = (text: string) => this.#font.textWidth(text);
	#frames = 0;
	#pixelsWritten = 0;

	constructor(display: Display, font: BitmapFont = firmwareFont()) {
		this.#display = display;
		this.#font = new TextWidths(font);
		this.#painter = paintsItself(display) ? display : new RasterPainter(display, font);
	}

	/** Frames drawn and pixels written so far (partial updates write fewer). */
	get stats(): { readonly frames: number; readonly pixelsWritten: number } {
		return { frames: this.#frames, pixelsWritten: this.#pixelsWritten };
	}

	/** Draws `screen`; the first call draws the whole panel, later calls only what changed. */
	draw(screen: Screen): void {
		const d = this.#display;
		const paints = layoutScreen(screen, d, this.#font, this.#list);
		const full: Rect = { x: 0, y: 0, w: d.width, h: d.height };
		const changed: Rect[] = [];
		if (this.#frames === 0) changed.push(full);
		else {
			// What layout did not take over from the last frame (display-list.ts) changed: its new paints and
			// the last frame's paints it left out.
			const list = this.#list,
				previous = list.previous;
			for (let i = 0; i < paints.length; i++) if (!list.kept(i)) changed.push(intersect(paintBounds(paints[i]!, this.#width), full));
			for (let i = 0; i < previous.length; i++)
				if (!list.reused(i)) changed.push(intersect(paintBounds(previous[i]!, this.#width), full));
		}
		const bands = dirtyBands(changed, d.height, d.format === "mono1" ? d.width : undefined);
		if (bands.length === 0 && this.#frames > 0) return;
		this.#painter.paintFrame(bands, paints);
		for (let i = 0; i < bands.length; i++) this.#pixelsWritten += bands[i]!.w * bands[i]!.h;
		this.#frames++;
	}
}

/**
 * The changed rectangles cut into bands of BAND_ROWS lines, each band spanning the changed columns.
 * With `byteAlignWidth` (mono1 panels, 8 pixels a byte) the columns widen to whole bytes, up to that width.
 */
export function dirtyBands(changed: readonly Rect[], panelHeight: number, byteAlignWidth?: number): Rect[] {
	const count = Math.ceil(panelHeight / BAND_ROWS);
	// Per band: the changed columns x0…x1 and rows y0…y1 so far (x1 <= x0: none). Each rectangle visits only
	// the bands it crosses.
	const spans = new Int32Array(count * 4);
	for (let b = 0; b < spans.length; b += 4) {
		spans[b] = spans[b + 2] = 0x7fffffff;
		spans[b + 1] = spans[b + 3] = -0x80000000;
	}
	for (const r of changed) {
		const top = r.y > 0 ? r.y : 0,
			bottom = r.y + r.h < panelHeight ? r.y + r.h : panelHeight;
		if (r.w <= 0 || r.h <= 0 || top >= bottom) continue;
		for (let bandTop = top - (top % BAND_ROWS); bandTop < bottom; bandTop += BAND_ROWS) {
			const b = (bandTop / BAND_ROWS) * 4,
				bandBottom = bandTop + BAND_ROWS;
			if (r.x < spans[b]!) spans[b] = r.x;
			if (r.x + r.w > spans[b + 1]!) spans[b + 1] = r.x + r.w;
			const y0 = top > bandTop ? top : bandTop,
				y1 = bottom < bandBottom ? bottom : bandBottom;
			if (y0 < spans[b + 2]!) spans[b + 2] = y0;
			if (y1 > spans[b + 3]!) spans[b + 3] = y1;
		}
	}
	const bands: Rect[] = [];
	for (let b = 0; b < spans.length; b += 4) {
		let x0 = spans[b]!,
			x1 = spans[b + 1]!;
		if (x1 <= x0) continue;
		if (byteAlignWidth !== undefined) {
			x0 &= ~7;
			x1 = Math.min(byteAlignWidth, (x1 + 7) & ~7);
		}
		bands.push({ x: x0, y: spans[b + 2]!, w: x1 - x0, h: spans[b + 3]! - spans[b + 2]! });
	}
	return bands;
}
