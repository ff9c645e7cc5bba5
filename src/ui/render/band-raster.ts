// Rasterises a display list into one rectangle of pixels in the panel's own format (hal/display.ts), the way
// Poco renders a band of scan lines: the device never holds a full frame in RAM, only one band.

import { pixelBytes, type PixelFormat } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { GLYPH_HEIGHT, type BitmapFont } from "./bitmap-font.js";
import { isInk, type Paint, type Rgb565 } from "./paint.js";

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
	readonly #words: Uint16Array;
	/** The colour of the paint being drawn, as stored: a wire-order RGB565 word, or 1/0 for ink/paper. */
	#value = 0;

	constructor(format: PixelFormat, font: BitmapFont, maxWidth: number, maxRows: number) {
		this.format = format;
		this.#font = font;
		this.#buffer = new Uint8Array(pixelBytes(format, maxWidth, maxRows) + 1);
		this.#pixels = this.#buffer.subarray(0, 0);
		// One view for every band: a band's pixels are the buffer's first bytes, whatever its size.
		this.#words = new Uint16Array(this.#buffer.buffer, 0, this.#buffer.length >> 1);
	}

	/** Paints `paints` in order into `area`; returns its pixels, valid until the next call. */
	render(area: Rect, paints: readonly Paint[]): Uint8Array {
		const bytes = pixelBytes(this.format, area.w, area.h);
		if (bytes > this.#buffer.length) throw new RangeError(`band ${area.w}×${area.h} exceeds the band buffer`);
		this.#area = area;
		this.#pixels = this.#buffer.subarray(0, bytes);
		this.#buffer.fill(0, 0, bytes);
		for (const paint of paints) this.#paint(paint);
		return this.#pixels;
	}

	#use(color: Rgb565): void {
		this.#value = this.format === "rgb565" ? toWire(color) : isInk(color) ? 1 : 0;
	}

	#paint(p: Paint): void {
		const a = this.#area;
		// The paint's rectangle (text: its clip) within the band; nothing to do when they do not meet.
		const r = p.kind === "text" ? p.clip : p.rect;
		const x0 = Math.max(r.x, a.x),
			y0 = Math.max(r.y, a.y);
		const x1 = Math.min(r.x + r.w, a.x + a.w),
			y1 = Math.min(r.y + r.h, a.y + a.h);
		if (x1 <= x0 || y1 <= y0) return;
		switch (p.kind) {
			case "fill": {
				this.#use(p.color);
				for (let y = y0; y < y1; y++) this.#span(x0, x1, y);
				return;
			}
			case "text":
				this.#use(p.color);
				this.#text(p.x, p.y, p.text, p.scale, x0, y0, x1, y1);
				return;
			case "bits": {
				const stride = (p.columns + 7) >> 3;
				this.#use(p.color);
				for (let y = y0; y < y1; y++) {
					const row = Math.floor((y - p.rect.y) / p.scale) * stride;
					for (let x = x0; x < x1; x++) {
						const col = Math.floor((x - p.rect.x) / p.scale);
						if (p.bits[row + (col >> 3)]! & (0x80 >> (col & 7))) this.#set(x, y);
					}
				}
				return;
			}
			case "checker": {
				const on = this.#valueOf(p.color),
					off = this.#valueOf(p.background);
				for (let y = y0; y < y1; y++) {
					for (let x = x0; x < x1; x++) {
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

	/**
	 * Glyphs of `text` from (x0, y0), clipped to columns cx0…cx1 and rows cy0…cy1 (exclusive ends). The inner
	 * loop sets pixels in place (no call per pixel): text is most of what a frame rasterises.
	 */
	#text(x0: number, y0: number, text: string, scale: number, cx0: number, cy0: number, cx1: number, cy1: number): void {
		const a = this.#area;
		const colour = this.format === "rgb565";
		const words = this.#words,
			pixels = this.#pixels,
			value = this.#value;
		const monoStride = (a.w + 7) >> 3;
		const yStart = Math.max(y0, cy0),
			yEnd = Math.min(y0 + GLYPH_HEIGHT * scale, cy1);
		let x = x0;
		for (const ch of text) {
			const glyph = this.#font.glyph(ch);
			const gw = glyph.width * scale;
			if (x + gw > cx0 && x < cx1) {
				const stride = glyph.width >> 3,
					rows = glyph.rows;
				const xStart = Math.max(x, cx0),
					xEnd = Math.min(x + gw, cx1);
				for (let y = yStart; y < yEnd; y++) {
					// y ≥ y0 and px ≥ x: the divisions are non-negative, so `| 0` is Math.floor.
					const row = (((y - y0) / scale) | 0) * stride;
					const line = (y - a.y) * (colour ? a.w : monoStride);
					for (let px = xStart; px < xEnd; px++) {
						const col = ((px - x) / scale) | 0;
						if (!(rows[row + (col >> 3)]! & (0x80 >> (col & 7)))) continue;
						const lx = px - a.x;
						if (colour) words[line + lx] = value;
						else {
							const i = line + (lx >> 3),
								bit = 0x80 >> (lx & 7);
							pixels[i] = value ? pixels[i]! | bit : pixels[i]! & ~bit;
						}
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
