// The device's screen painter: the display list of src/ui/render (paint.ts) drawn with Moddable's Poco, the native
// Commodetto renderer (Moddable SDK documentation, "Poco"), straight to the panel's PixelsOut, only in the areas
// the screen renderer found changed. Poco renders each area in bands into its own buffer and sends them; no
// frame buffer and no JavaScript band buffer. Rectangles are Poco fills, text is Poco text from the BMF font built
// from the same Unifont subset (host-sim/tools/poco-font.ts), the QR code a monochrome bitmap. The JavaScript
// rasteriser (band-raster.ts) stays the reference; the device check in Moddable's simulator compares the two.
// Raw pixel writes (the factory's frame-checksum patterns) still go to the wrapped Display.

import type { Display, PixelFormat } from "../../hal/display.js";
import type { Rect } from "../../hal/geometry.js";
import type { BitmapFont } from "../../src/ui/render/bitmap-font.js";
import type { PaintingDisplay } from "../../src/ui/render/frame-painter.js";
import { intersect, isInk, type Paint, type Rgb565 } from "../../src/ui/render/paint.js";

/** The part of Commodetto's Poco this painter uses (commodetto/Poco). */
export interface PocoRenderer {
	begin(x: number, y: number, width: number, height: number): void;
	end(): void;
	clip(x: number, y: number, width: number, height: number): void;
	clip(): void;
	makeColor(r: number, g: number, b: number): number;
	fillRectangle(color: number, x: number, y: number, width: number, height: number): void;
	drawText(text: string, font: object, color: number, x: number, y: number): void;
	drawMonochrome(bitmap: object, fore: number | undefined, back: number | undefined, x: number, y: number): void;
}

export interface PocoDisplayOptions {
	/** The panel's Display (display.ts): size, format and raw pixel writes. */
	readonly display: Display;
	readonly poco: PocoRenderer;
	/** Parsed BMF fonts (commodetto/parseBMF, with their `bitmap`) by text scale: the layout uses 1 and 2. */
	readonly fonts: ReadonlyMap<number, object>;
	/** The glyphs the fonts hold: the firmware font they were built from. */
	readonly glyphs: BitmapFont;
	/** A Commodetto monochrome Bitmap over `bits` (1 bit a pixel, MSB first, rows padded to bytes). */
	readonly monochrome: (width: number, height: number, bits: ArrayBuffer) => object;
}

/** The font's missing-glyph box (host-sim/tools/poco-font.ts), for a character the subset lacks. */
const MISSING_GLYPH = "\uFFFD";

/** Texts whose drawn form the painter keeps (a frame has about 20; a language change doubles them). */
const SHOWN_KEPT = 64;

export class PocoDisplay implements PaintingDisplay {
	readonly width: number;
	readonly height: number;
	readonly format: PixelFormat;
	readonly #display: Display;
	readonly #poco: PocoRenderer;
	readonly #fonts: ReadonlyMap<number, object>;
	readonly #glyphs: BitmapFont;
	readonly #monochrome: PocoDisplayOptions["monochrome"];
	readonly #colors = new Map<Rgb565, number>();
	/** The text drawn for recent texts (#known), kept across frames: a key press redraws mostly the same texts. */
	readonly #shown = new Map<string, string>();
	/** The last image drawn (the QR code), scaled, kept while its paint's id stays the same. */
	#image: { readonly id: string; readonly bitmap: object } | undefined;
	/** The indices of a frame's paints that reach its changed areas (grown to the longest list). */
	#picked = new Uint16Array(64);

	constructor(options: PocoDisplayOptions) {
		this.#display = options.display;
		this.width = options.display.width;
		this.height = options.display.height;
		this.format = options.display.format;
		this.#poco = options.poco;
		this.#fonts = options.fonts;
		this.#glyphs = options.glyphs;
		this.#monochrome = options.monochrome;
	}

	beginFrame(): void {
		this.#display.beginFrame();
	}

	write(rect: Rect, pixels: Uint8Array): void {
		this.#display.write(rect, pixels);
	}

	endFrame(): void {
		this.#display.endFrame();
	}

	paintFrame(areas: readonly Rect[], paints: readonly Paint[]): void {
		const poco = this.#poco;
		// The paints that reach the areas' bounding box, once: each area then walks only those (a key's redraw
		// touches a few rows; the title bar, the hints and the other rows are left out of every band).
		let left = this.width,
			top = this.height,
			right = 0,
			bottom = 0;
		for (let a = 0; a < areas.length; a++) {
			const area = areas[a]!;
			if (area.w <= 0 || area.h <= 0) continue;
			if (area.x < left) left = area.x;
			if (area.y < top) top = area.y;
			if (area.x + area.w > right) right = area.x + area.w;
			if (area.y + area.h > bottom) bottom = area.y + area.h;
		}
		if (this.#picked.length < paints.length) this.#picked = new Uint16Array(paints.length);
		const picked = this.#picked;
		let count = 0;
		for (let i = 0; i < paints.length; i++) {
			const p = paints[i]!;
			const r = p.kind === "text" ? p.clip : p.rect;
			if (r.x < right && r.y < bottom && r.x + r.w > left && r.y + r.h > top) picked[count++] = i;
		}
		this.#forgetOtherScreens(paints, count);
		for (let a = 0; a < areas.length; a++) {
			const area = areas[a]!;
			if (area.w <= 0 || area.h <= 0) continue;
			const right = area.x + area.w,
				bottom = area.y + area.h;
			poco.begin(area.x, area.y, area.w, area.h);
			for (let k = 0; k < count; k++) {
				const p = paints[picked[k]!]!;
				// Poco clips every command to the area given to begin(); paints that miss the area are skipped here.
				const r = p.kind === "text" ? p.clip : p.rect;
				if (r.x >= right || r.y >= bottom || r.x + r.w <= area.x || r.y + r.h <= area.y) continue;
				if (p.kind !== "text") this.#paint(p, area);
				else {
					const font = this.#fonts.get(p.scale);
					if (font === undefined) throw new RangeError(`no device font for text scale ${p.scale}`);
					poco.clip(r.x, r.y, r.w, r.h);
					poco.drawText(this.#known(p.text), font, this.#color(p.color), p.x, p.y);
					poco.clip();
				}
			}
			poco.end();
		}
	}

	#paint(p: Exclude<Paint, { kind: "text" }>, area: Rect): void {
		const poco = this.#poco;
		switch (p.kind) {
			case "fill":
				poco.fillRectangle(this.#color(p.color), p.rect.x, p.rect.y, p.rect.w, p.rect.h);
				return;
			case "bits":
				poco.drawMonochrome(this.#scaled(p), this.#color(p.color), undefined, p.rect.x, p.rect.y);
				return;
			case "checker": {
				const r = intersect(p.rect, area);
				const on = this.#color(p.color);
				poco.fillRectangle(this.#color(p.background), r.x, r.y, r.w, r.h);
				const first = (v: number, origin: number) => origin + Math.floor((v - origin) / p.cell) * p.cell;
				for (let y = first(r.y, p.rect.y); y < r.y + r.h; y += p.cell) {
					for (let x = first(r.x, p.rect.x); x < r.x + r.w; x += p.cell) {
						if (((x - p.rect.x) / p.cell + (y - p.rect.y) / p.cell) & 1) continue;
						const cell = intersect({ x, y, w: p.cell, h: p.cell }, r);
						if (cell.w > 0) poco.fillRectangle(on, cell.x, cell.y, cell.w, cell.h);
					}
				}
				return;
			}
		}
	}

	/** The panel colour of an RGB565 colour: itself on a colour panel, black ink or white paper on a mono one. */
	#color(color: Rgb565): number {
		let value = this.#colors.get(color);
		if (value === undefined) {
			const c = this.format === "mono1" ? (isInk(color) ? 0x0000 : 0xffff) : color;
			value = this.#poco.makeColor(((c >> 11) & 31) << 3, ((c >> 5) & 63) << 2, (c & 31) << 3);
			this.#colors.set(color, value);
		}
		return value;
	}

	/**
	 * A frame whose texts are mostly not remembered draws another screen: the texts remembered are then the last
	 * screens', and go, so that what stays in the heap (at idle above all, where the device's budget is counted)
	 * is the texts of the screen shown, not those of up to SHOWN_KEPT texts of screens gone.
	 */
	#forgetOtherScreens(paints: readonly Paint[], count: number): void {
		let known = 0,
			unknown = 0;
		for (let k = 0; k < count; k++) {
			const p = paints[this.#picked[k]!]!;
			if (p.kind === "text") {
				if (this.#shown.has(p.text)) known++;
				else unknown++;
			}
		}
		if (unknown > known) this.#shown.clear();
	}

	/**
	 * `text` with each character the font lacks replaced by its box, as the JavaScript rasteriser draws it.
	 * Remembered for SHOWN_KEPT texts: walking a text makes a string per character (XS's string iterator).
	 */
	#known(text: string): string {
		const known = this.#shown.get(text);
		if (known !== undefined) return known;
		let out = text;
		for (const ch of text) if (!this.#glyphs.has(ch)) out = out.split(ch).join(MISSING_GLYPH);
		if (this.#shown.size === SHOWN_KEPT) this.#shown.clear();
		this.#shown.set(text, out);
		return out;
	}

	/** The image of a "bits" paint, each cell a scale × scale square (Poco does not scale bitmaps). */
	#scaled(p: Extract<Paint, { kind: "bits" }>): object {
		if (this.#image?.id === p.id) return this.#image.bitmap;
		const { w, h } = p.rect;
		const stride = (w + 7) >> 3,
			sourceStride = (p.columns + 7) >> 3;
		const bits = new Uint8Array(stride * h);
		for (let y = 0; y < h; y++) {
			const row = Math.floor(y / p.scale) * sourceStride;
			for (let x = 0; x < w; x++) {
				const col = Math.floor(x / p.scale);
				if (p.bits[row + (col >> 3)]! & (0x80 >> (col & 7))) bits[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
			}
		}
		const bitmap = this.#monochrome(w, h, bits.buffer);
		this.#image = { id: p.id, bitmap };
		return bitmap;
	}
}
