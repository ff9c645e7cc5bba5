// Display on a Commodetto PixelsOut: the screen driver named by the manifest `config.screen` (ILI9341, ST7789,
// SSD1306 …) on the device, the LCD window in Moddable's simulator. There is no frame buffer in RAM: each
// written rectangle is streamed to the panel at once with PixelsOut's begin/send/end (Moddable SDK
// documentation, Commodetto, "PixelsOut").

import type { PixelFormat, Display } from "../../hal/display.js";
import type { Rect } from "../../hal/geometry.js";
import { err, ok, type Result } from "../../hal/result.js";

/** The part of Commodetto's PixelsOut this driver uses. */
export interface PixelSink {
	readonly width: number;
	readonly height: number;
	readonly pixelFormat: number;
	begin(x: number, y: number, width: number, height: number): void;
	send(pixels: ArrayBufferLike, offset: number, count: number): void;
	end(): void;
}

/** Commodetto pixel formats (commodetto/Bitmap). */
const GRAY256 = 5;
const RGB565LE = 7;

export interface PixelsOutDisplayOptions {
	readonly pixelsOut: PixelSink;
	/** The layout src/ writes (from the board: rgb565 for ILI9341/ST7789, mono1 for ST7565/SSD1306). */
	readonly format: PixelFormat;
	/** Panel size after rotation, from the board description; must match the PixelsOut. */
	readonly width: number;
	readonly height: number;
}

export type DisplayError = { readonly kind: "mismatch"; readonly detail: string };

export function createPixelsOutDisplay(options: PixelsOutDisplayOptions): Result<Display, DisplayError> {
	const { pixelsOut, format, width, height } = options;
	if (pixelsOut.width !== width || pixelsOut.height !== height)
		return err({ kind: "mismatch", detail: `screen is ${pixelsOut.width}×${pixelsOut.height}, board says ${width}×${height}` });
	const target = pixelsOut.pixelFormat;
	if (format === "rgb565" && target !== RGB565LE)
		return err({ kind: "mismatch", detail: `rgb565 needs an rgb565le screen (mcconfig -f rgb565le), got format ${target}` });
	if (format === "mono1" && target !== RGB565LE && target !== GRAY256)
		return err({ kind: "mismatch", detail: `mono1 needs a gray256 or rgb565le screen, got format ${target}` });
	return ok(new PixelsOutDisplay(pixelsOut, format, target === RGB565LE ? 2 : 1));
}

class PixelsOutDisplay implements Display {
	readonly width: number;
	readonly height: number;
	readonly format: PixelFormat;
	readonly #out: PixelSink;
	readonly #targetBytes: number;
	/** Two row buffers: an async driver may still be sending one while the other is filled. */
	readonly #rows: [Uint8Array, Uint8Array];
	#nextRow = 0;

	constructor(out: PixelSink, format: PixelFormat, targetBytes: number) {
		this.#out = out;
		this.width = out.width;
		this.height = out.height;
		this.format = format;
		this.#targetBytes = targetBytes;
		this.#rows = [new Uint8Array(out.width * targetBytes), new Uint8Array(out.width * targetBytes)];
	}

	beginFrame(): void {}

	write(rect: Rect, pixels: Uint8Array): void {
		const x0 = Math.max(0, rect.x),
			y0 = Math.max(0, rect.y);
		const x1 = Math.min(this.width, rect.x + rect.w),
			y1 = Math.min(this.height, rect.y + rect.h);
		if (x1 <= x0 || y1 <= y0) return;
		const out = this.#out;
		out.begin(x0, y0, x1 - x0, y1 - y0);
		if (this.format === "rgb565" && x0 === rect.x && x1 - x0 === rect.w) {
			out.send(pixels.buffer, pixels.byteOffset + (y0 - rect.y) * rect.w * 2, (x1 - x0) * (y1 - y0) * 2);
		} else {
			for (let y = y0; y < y1; y++) this.#sendRow(rect, pixels, y, x0, x1);
		}
		// end() waits for the transfer, so the caller may reuse `pixels` as soon as write() returns.
		out.end();
	}

	endFrame(): void {}

	#sendRow(rect: Rect, pixels: Uint8Array, y: number, x0: number, x1: number): void {
		const row = this.#rows[this.#nextRow]!;
		this.#nextRow ^= 1;
		const count = x1 - x0;
		if (this.format === "rgb565") {
			const start = pixels.byteOffset + ((y - rect.y) * rect.w + (x0 - rect.x)) * 2;
			row.set(new Uint8Array(pixels.buffer, start, count * 2));
		} else {
			const stride = (rect.w + 7) >> 3;
			const base = (y - rect.y) * stride;
			for (let i = 0; i < count; i++) {
				const sx = x0 - rect.x + i;
				const ink = ((pixels[base + (sx >> 3)] ?? 0) >> (7 - (sx & 7))) & 1;
				// Ink is black: 0x00 in gray256, 0x0000 in RGB565; paper is white.
				const value = ink ? 0x00 : 0xff;
				if (this.#targetBytes === 1) row[i] = value;
				else row[2 * i] = row[2 * i + 1] = value;
			}
		}
		this.#out.send(row.buffer, 0, count * this.#targetBytes);
	}
}
