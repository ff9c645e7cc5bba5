// Draws Screens on a hal Display with partial updates: each new screen is laid out (layout.ts) into a display
// list that keeps the previous frame's paints where nothing changed (display-list.ts), and only the areas of
// the new and the dropped paints, band by band, are painted (frame-painter.ts:
// rasterised in JavaScript and written between beginFrame() and endFrame(), or painted by a Display that paints
// display lists itself). The device and the simulator both draw through this class.

import type { Display } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import type { Screen } from "../screen.js";
import { BitmapFont, GLYPH_HEIGHT, TextWidths } from "./bitmap-font.js";
import { UNIFONT_SUBSET } from "./font-data.js";
import { BAND_ROWS, paintsItself, RasterPainter, type FramePainter } from "./frame-painter.js";
import { Layout, layoutScreen } from "./layout.js";
import type { Paint } from "./paint.js";

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
	readonly #layout = new Layout();
	readonly #bands: DirtyBands;
	#frames = 0;
	#pixelsWritten = 0;

	constructor(display: Display, font: BitmapFont = firmwareFont()) {
		this.#display = display;
		this.#font = new TextWidths(font);
		this.#painter = paintsItself(display) ? display : new RasterPainter(display, font);
		this.#bands = new DirtyBands(display.height, display.format === "mono1" ? display.width : undefined);
	}

	/** Frames drawn and pixels written so far (partial updates write fewer). */
	get stats(): { readonly frames: number; readonly pixelsWritten: number } {
		return { frames: this.#frames, pixelsWritten: this.#pixelsWritten };
	}

	/** Draws `screen`; the first call draws the whole panel, later calls only what changed. */
	draw(screen: Screen): void {
		const d = this.#display;
		const paints = layoutScreen(screen, d, this.#font, this.#layout);
		const bands = this.#bands;
		bands.clear();
		if (this.#frames === 0) bands.add(0, 0, d.width, d.height);
		else {
			// What layout did not take over from the last frame (display-list.ts) changed: its new paints and
			// the last frame's paints it left out.
			const list = this.#layout.list,
				previous = list.previous;
			for (let i = 0; i < paints.length; i++) if (!list.kept(i)) this.#changed(paints[i]!);
			for (let i = 0; i < previous.length; i++) if (!list.reused(i)) this.#changed(previous[i]!);
		}
		const areas = bands.bands();
		if (areas.length === 0 && this.#frames > 0) return;
		this.#painter.paintFrame(areas, paints);
		for (let i = 0; i < areas.length; i++) this.#pixelsWritten += areas[i]!.w * areas[i]!.h;
		this.#frames++;
	}

	/** Marks the area `paint` can change, on the panel, as changed (paint.ts paintBounds, without a Rect). */
	#changed(paint: Paint): void {
		let x: number, y: number, w: number, h: number;
		if (paint.kind === "text") {
			const c = paint.clip;
			x = Math.max(paint.x, c.x);
			y = Math.max(paint.y, c.y);
			w = Math.min(paint.x + this.#font.textWidth(paint.text) * paint.scale, c.x + c.w) - x;
			h = Math.min(paint.y + GLYPH_HEIGHT * paint.scale, c.y + c.h) - y;
		} else ({ x, y, w, h } = paint.rect);
		if (w <= 0 || h <= 0) return;
		const d = this.#display;
		const x0 = Math.max(x, 0),
			y0 = Math.max(y, 0);
		this.#bands.add(x0, y0, Math.min(x + w, d.width) - x0, Math.min(y + h, d.height) - y0);
	}
}

/**
 * The changed rectangles cut into bands of BAND_ROWS lines, each band spanning the changed columns. With
 * `byteAlignWidth` (mono1 panels, 8 pixels a byte) the columns widen to whole bytes, up to that width. Kept by
 * the renderer from frame to frame: the changed rectangles go in as numbers, only the bands are objects.
 */
export class DirtyBands {
	readonly #panelHeight: number;
	readonly #byteAlignWidth: number | undefined;
	/** Per band: the changed columns x0…x1 and rows y0…y1 so far (x1 <= x0: none). */
	readonly #spans: Int32Array;

	constructor(panelHeight: number, byteAlignWidth?: number) {
		this.#panelHeight = panelHeight;
		this.#byteAlignWidth = byteAlignWidth;
		this.#spans = new Int32Array(Math.ceil(panelHeight / BAND_ROWS) * 4);
		this.clear();
	}

	/** Forgets every rectangle added. */
	clear(): void {
		const spans = this.#spans;
		for (let b = 0; b < spans.length; b += 4) {
			spans[b] = spans[b + 2] = 0x7fffffff;
			spans[b + 1] = spans[b + 3] = -0x80000000;
		}
	}

	/** Adds the changed rectangle x, y, w × h: it visits only the bands it crosses. */
	add(x: number, y: number, w: number, h: number): void {
		const spans = this.#spans,
			panelHeight = this.#panelHeight;
		const top = y > 0 ? y : 0,
			bottom = y + h < panelHeight ? y + h : panelHeight;
		if (w <= 0 || h <= 0 || top >= bottom) return;
		for (let bandTop = top - (top % BAND_ROWS); bandTop < bottom; bandTop += BAND_ROWS) {
			const b = (bandTop / BAND_ROWS) * 4,
				bandBottom = bandTop + BAND_ROWS;
			if (x < spans[b]!) spans[b] = x;
			if (x + w > spans[b + 1]!) spans[b + 1] = x + w;
			const y0 = top > bandTop ? top : bandTop,
				y1 = bottom < bandBottom ? bottom : bandBottom;
			if (y0 < spans[b + 2]!) spans[b + 2] = y0;
			if (y1 > spans[b + 3]!) spans[b + 3] = y1;
		}
	}

	/** The bands of the rectangles added, top to bottom. */
	bands(): readonly Rect[] {
		const spans = this.#spans,
			bands: Rect[] = [];
		for (let b = 0; b < spans.length; b += 4) {
			let x0 = spans[b]!,
				x1 = spans[b + 1]!;
			if (x1 <= x0) continue;
			if (this.#byteAlignWidth !== undefined) {
				x0 &= ~7;
				x1 = Math.min(this.#byteAlignWidth, (x1 + 7) & ~7);
			}
			bands.push({ x: x0, y: spans[b + 2]!, w: x1 - x0, h: spans[b + 3]! - spans[b + 2]! });
		}
		return bands;
	}
}
