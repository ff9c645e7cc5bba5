// Rasterises a display list into one rectangle of pixels in the panel's own format (hal/display.ts), the way
// Poco renders a band of scan lines: the device never holds a full frame in RAM, only one band.

import { pixelBytes, type PixelFormat } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { GLYPH_HEIGHT, type BitmapFont } from "./bitmap-font.js";
import { intersect, isInk, type Paint, type Rgb565 } from "./paint.js";

/** RGB565 pixels are written through a Uint16Array view: the "rgb565" layout is little-endian, as are the
 *  ESP32 (Xtensa, RISC-V) and every desktop CPU; a big-endian host byte-swaps the colour first. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const toWire = (color: Rgb565) => (LITTLE_ENDIAN ? color : ((color & 0xff) << 8) | (color >> 8));

export class BandRaster {
	readonly format: PixelFormat;
	readonly #font: BitmapFont;
	/** Largest band in pixels; the buffer is allocated once. */
	readonly #buffer: Uint8Array;
	#area: Rect = { x: 0, y: 0, w: 0, h: 0 };
	#pixels: Uint8Array;
	#words: Uint16Array;
	/** The colour of the paint being drawn, as stored: a wire-order RGB565 word, or 1/0 for ink/paper. */
	#value = 0;

	constructor(format: PixelFormat, font: BitmapFont, maxWidth: number, maxRows: number) {
		this.format = format;
		this.#font = font;
		this.#buffer = new Uint8Array(pixelBytes(format, maxWidth, maxRows) + 1);
		this.#pixels = this.#buffer.subarray(0, 0);
		this.#words = new Uint16Array(this.#buffer.buffer, 0, 0);
	}

	/** Paints `paints` in order into `area`; returns its pixels, valid until the next call. */
	render(area: Rect, paints: readonly Paint[]): Uint8Array {
		const bytes = pixelBytes(this.format, area.w, area.h);
		if (bytes > this.#buffer.length) throw new RangeError(`band ${area.w}×${area.h} exceeds the band buffer`);
		this.#area = area;
		this.#pixels = this.#buffer.subarray(0, bytes);
		this.#words = new Uint16Array(this.#buffer.buffer, this.#buffer.byteOffset, bytes >> 1);
		this.#pixels.fill(0);
		for (const paint of paints) this.#paint(paint);
		return this.#pixels;
	}

	#use(color: Rgb565): void {
		this.#value = this.format === "rgb565" ? toWire(color) : isInk(color) ? 1 : 0;
	}

	#paint(p: Paint): void {
		switch (p.kind) {
			case "fill": {
				const r = intersect(p.rect, this.#area);
				this.#use(p.color);
				for (let y = r.y; y < r.y + r.h; y++) this.#span(r.x, r.x + r.w, y);
				return;
			}
			case "text":
				this.#use(p.color);
				this.#text(p.x, p.y, p.text, p.scale, intersect(p.clip, this.#area));
				return;
			case "bits": {
				const r = intersect(p.rect, this.#area);
				const stride = (p.columns + 7) >> 3;
				this.#use(p.color);
				for (let y = r.y; y < r.y + r.h; y++) {
					const row = Math.floor((y - p.rect.y) / p.scale) * stride;
					for (let x = r.x; x < r.x + r.w; x++) {
						const col = Math.floor((x - p.rect.x) / p.scale);
						if (p.bits[row + (col >> 3)]! & (0x80 >> (col & 7))) this.#set(x, y);
					}
				}
				return;
			}
			case "checker": {
				const r = intersect(p.rect, this.#area);
				const on = this.#valueOf(p.color),
					off = this.#valueOf(p.background);
				for (let y = r.y; y < r.y + r.h; y++) {
					for (let x = r.x; x < r.x + r.w; x++) {
						this.#value = (Math.floor((x - p.rect.x) / p.cell) + Math.floor((y - p.rect.y) / p.cell)) & 1 ? off : on;
						this.#set(x, y);
					}
				}
				return;
			}
		}
	}

	#valueOf(color: Rgb565): number {
		this.#use(color);
		return this.#value;
	}

	#text(x0: number, y0: number, text: string, scale: number, clip: Rect): void {
		if (clip.w <= 0 || clip.h <= 0) return;
		let x = x0;
		for (const ch of text) {
			const glyph = this.#font.glyph(ch);
			const gw = glyph.width * scale;
			if (x + gw > clip.x && x < clip.x + clip.w) {
				const stride = glyph.width >> 3;
				const yStart = Math.max(y0, clip.y),
					yEnd = Math.min(y0 + GLYPH_HEIGHT * scale, clip.y + clip.h);
				const xStart = Math.max(x, clip.x),
					xEnd = Math.min(x + gw, clip.x + clip.w);
				for (let y = yStart; y < yEnd; y++) {
					const row = Math.floor((y - y0) / scale) * stride;
					for (let px = xStart; px < xEnd; px++) {
						const col = Math.floor((px - x) / scale);
						if (glyph.rows[row + (col >> 3)]! & (0x80 >> (col & 7))) this.#set(px, y);
					}
				}
			}
			x += gw;
		}
	}

	#span(x0: number, x1: number, y: number): void {
		const a = this.#area;
		if (this.format === "rgb565") {
			const start = (y - a.y) * a.w - a.x;
			this.#words.fill(this.#value, start + x0, start + x1);
			return;
		}
		// mono1: partial bytes bit by bit, whole bytes at once.
		let x = x0;
		for (; x < x1 && ((x - a.x) & 7) !== 0; x++) this.#set(x, y);
		const row = (y - a.y) * ((a.w + 7) >> 3);
		for (; x + 8 <= x1; x += 8) this.#pixels[row + ((x - a.x) >> 3)] = this.#value ? 0xff : 0;
		for (; x < x1; x++) this.#set(x, y);
	}

	#set(x: number, y: number): void {
		const a = this.#area;
		const lx = x - a.x,
			ly = y - a.y;
		if (this.format === "rgb565") {
			this.#words[ly * a.w + lx] = this.#value;
			return;
		}
		const i = ly * ((a.w + 7) >> 3) + (lx >> 3),
			bit = 0x80 >> (lx & 7);
		this.#pixels[i] = this.#value ? this.#pixels[i]! | bit : this.#pixels[i]! & ~bit;
	}
}
