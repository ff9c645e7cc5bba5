// Rasterises a display list into one rectangle of pixels in the panel's own format (hal/display.ts), the way
// Poco renders a band of scan lines: the device never holds a full frame in RAM, only one band.

import { pixelBytes, type PixelFormat } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { GLYPH_HEIGHT, type BitmapFont } from "./bitmap-font.js";
import { intersect, type Paint, type Rgb565 } from "./paint.js";

/** A monochrome panel shows ink where the colour is dark (BT.601 luma below one half). */
export function isInk(color: Rgb565): boolean {
	const r = ((color >> 11) & 31) * 255 / 31, g = ((color >> 5) & 63) * 255 / 63, b = (color & 31) * 255 / 31;
	return 299 * r + 587 * g + 114 * b < 128_000;
}

export class BandRaster {
	readonly format: PixelFormat;
	readonly #font: BitmapFont;
	/** Largest band in pixels; the buffer is allocated once. */
	readonly #buffer: Uint8Array;
	#area: Rect = { x: 0, y: 0, w: 0, h: 0 };
	#pixels: Uint8Array;

	constructor(format: PixelFormat, font: BitmapFont, maxWidth: number, maxRows: number) {
		this.format = format;
		this.#font = font;
		this.#buffer = new Uint8Array(pixelBytes(format, maxWidth, maxRows));
		this.#pixels = this.#buffer.subarray(0, 0);
	}

	/** Paints `paints` in order into `area`; returns its pixels, valid until the next call. */
	render(area: Rect, paints: readonly Paint[]): Uint8Array {
		this.#area = area;
		this.#pixels = this.#buffer.subarray(0, pixelBytes(this.format, area.w, area.h));
		if (this.#pixels.length > this.#buffer.length || pixelBytes(this.format, area.w, area.h) > this.#buffer.length) {
			throw new RangeError(`band ${area.w}×${area.h} exceeds the band buffer`);
		}
		this.#pixels.fill(0);
		for (const paint of paints) this.#paint(paint);
		return this.#pixels;
	}

	#paint(p: Paint): void {
		switch (p.kind) {
			case "fill": {
				const r = intersect(p.rect, this.#area);
				for (let y = r.y; y < r.y + r.h; y++) this.#span(r.x, r.x + r.w, y, p.color);
				return;
			}
			case "text":
				this.#text(p.x, p.y, p.text, p.color, p.scale, intersect(p.clip, this.#area));
				return;
			case "bits": {
				const r = intersect(p.rect, this.#area);
				const stride = (p.columns + 7) >> 3;
				for (let y = r.y; y < r.y + r.h; y++) {
					const row = Math.floor((y - p.rect.y) / p.scale);
					for (let x = r.x; x < r.x + r.w; x++) {
						const col = Math.floor((x - p.rect.x) / p.scale);
						if (p.bits[row * stride + (col >> 3)]! & (0x80 >> (col & 7))) this.#set(x, y, p.color);
					}
				}
				return;
			}
			case "checker": {
				const r = intersect(p.rect, this.#area);
				for (let y = r.y; y < r.y + r.h; y++) {
					for (let x = r.x; x < r.x + r.w; x++) {
						const odd = (Math.floor((x - p.rect.x) / p.cell) + Math.floor((y - p.rect.y) / p.cell)) & 1;
						this.#set(x, y, odd ? p.background : p.color);
					}
				}
				return;
			}
		}
	}

	#text(x0: number, y0: number, text: string, color: Rgb565, scale: number, clip: Rect): void {
		if (clip.w <= 0 || clip.h <= 0) return;
		let x = x0;
		for (const ch of text) {
			const glyph = this.#font.glyph(ch);
			const gw = glyph.width * scale;
			if (x + gw > clip.x && x < clip.x + clip.w) {
				const stride = glyph.width >> 3;
				const yStart = Math.max(y0, clip.y), yEnd = Math.min(y0 + GLYPH_HEIGHT * scale, clip.y + clip.h);
				const xStart = Math.max(x, clip.x), xEnd = Math.min(x + gw, clip.x + clip.w);
				for (let y = yStart; y < yEnd; y++) {
					const row = Math.floor((y - y0) / scale) * stride;
					for (let px = xStart; px < xEnd; px++) {
						const col = Math.floor((px - x) / scale);
						if (glyph.rows[row + (col >> 3)]! & (0x80 >> (col & 7))) this.#set(px, y, color);
					}
				}
			}
			x += gw;
		}
	}

	#span(x0: number, x1: number, y: number, color: Rgb565): void {
		for (let x = x0; x < x1; x++) this.#set(x, y, color);
	}

	#set(x: number, y: number, color: Rgb565): void {
		const a = this.#area;
		const lx = x - a.x, ly = y - a.y;
		if (this.format === "rgb565") {
			const i = (ly * a.w + lx) * 2;
			this.#pixels[i] = color & 0xff;
			this.#pixels[i + 1] = color >> 8;
			return;
		}
		const i = ly * ((a.w + 7) >> 3) + (lx >> 3), bit = 0x80 >> (lx & 7);
		this.#pixels[i] = isInk(color) ? this.#pixels[i]! | bit : this.#pixels[i]! & ~bit;
	}
}
