// The simulator's panel: a framebuffer in the display's own pixel format, updated only where the
// firmware writes, exactly like the device panel. Platform-free.

import { pixelBytes, type Display, type PixelFormat } from "../../hal/display.js";
import type { Rect } from "../../hal/geometry.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

export class FramebufferDisplay implements Display {
	readonly width: number;
	readonly height: number;
	readonly format: PixelFormat;
	/** The panel's pixels in `format` layout, row by row. */
	readonly pixels: Uint8Array;
	#inFrame = false;
	#dirty: Rect[] = [];
	readonly #frames = new Listeners<readonly Rect[]>();
	#frameCount = 0;

	constructor(width: number, height: number, format: PixelFormat) {
		this.width = width;
		this.height = height;
		this.format = format;
		this.pixels = new Uint8Array(pixelBytes(format, width, height));
	}

	/** Frames completed so far. */
	get frameCount(): number {
		return this.#frameCount;
	}

	/** Called after each frame with the rectangles it changed. */
	onFrame(handler: (changed: readonly Rect[]) => void): Unsubscribe {
		return this.#frames.add(handler);
	}

	beginFrame(): void {
		if (this.#inFrame) throw new Error("beginFrame() inside a frame");
		this.#inFrame = true;
		this.#dirty = [];
	}

	write(rect: Rect, pixels: Uint8Array): void {
		if (!this.#inFrame) throw new Error("write() outside beginFrame()/endFrame()");
		const need = pixelBytes(this.format, rect.w, rect.h);
		if (pixels.length < need) throw new RangeError(`write() of ${rect.w}×${rect.h} needs ${need} bytes, got ${pixels.length}`);
		const x0 = Math.max(0, rect.x),
			y0 = Math.max(0, rect.y);
		const x1 = Math.min(this.width, rect.x + rect.w),
			y1 = Math.min(this.height, rect.y + rect.h);
		if (x1 <= x0 || y1 <= y0) return;
		for (let y = y0; y < y1; y++) {
			if (this.format === "rgb565") {
				const from = ((y - rect.y) * rect.w + (x0 - rect.x)) * 2;
				this.pixels.set(pixels.subarray(from, from + (x1 - x0) * 2), (y * this.width + x0) * 2);
			} else if (((x0 - rect.x) & 7) === 0 && (x0 & 7) === 0) {
				const whole = (x1 - x0) >> 3,
					from = (y - rect.y) * ((rect.w + 7) >> 3) + ((x0 - rect.x) >> 3);
				this.pixels.set(pixels.subarray(from, from + whole), y * ((this.width + 7) >> 3) + (x0 >> 3));
				for (let x = x0 + whole * 8; x < x1; x++) this.#copyPixel(pixels, rect, x - rect.x, y - rect.y, x, y);
			} else {
				for (let x = x0; x < x1; x++) this.#copyPixel(pixels, rect, x - rect.x, y - rect.y, x, y);
			}
		}
		this.#dirty.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
	}

	endFrame(): void {
		if (!this.#inFrame) throw new Error("endFrame() without beginFrame()");
		this.#inFrame = false;
		this.#frameCount++;
		this.#frames.emit(this.#dirty);
	}

	/** The pixel at (x, y) as RGB565 (mono panels: ink 0x0000 on paper 0xFFFF). */
	rgb565At(x: number, y: number): number {
		if (this.format === "rgb565") {
			const i = (y * this.width + x) * 2;
			return this.pixels[i]! | (this.pixels[i + 1]! << 8);
		}
		const stride = (this.width + 7) >> 3;
		return this.pixels[y * stride + (x >> 3)]! & (0x80 >> (x & 7)) ? 0x0000 : 0xffff;
	}

	/** One mono1 pixel; "rgb565" rows and byte-aligned mono1 runs are copied whole. */
	#copyPixel(src: Uint8Array, rect: Rect, sx: number, sy: number, dx: number, dy: number): void {
		const sStride = (rect.w + 7) >> 3,
			dStride = (this.width + 7) >> 3;
		const on = src[sy * sStride + (sx >> 3)]! & (0x80 >> (sx & 7));
		const d = dy * dStride + (dx >> 3),
			bit = 0x80 >> (dx & 7);
		this.pixels[d] = on ? this.pixels[d]! | bit : this.pixels[d]! & ~bit;
	}
}
