// A pixel surface of known size and depth. src/ decides every pixel (one rendering path for the device
// and the simulator); an implementation only moves pixels to the panel.

import type { Rect } from "./geometry.js";

/**
 * Pixel layouts of `write()`:
 * - "rgb565": 2 bytes per pixel, little-endian RGB565 (ILI9341/ST7789 native order after the driver's swap).
 * - "mono1": 1 bit per pixel, MSB = leftmost pixel, each row padded to a whole byte, 1 = ink (ST7565/SSD1306).
 */
export type PixelFormat = "rgb565" | "mono1";

export interface Display {
	readonly width: number;
	readonly height: number;
	readonly format: PixelFormat;
	/**
	 * Starts a frame. Only the rectangles written before `endFrame()` change on the panel
	 * (partial update); everything else keeps its previous pixels.
	 */
	beginFrame(): void;
	/** Replaces the pixels of `rect` (clipped to the panel) with `pixels` in `format` layout, row by row. */
	write(rect: Rect, pixels: Uint8Array): void;
	/** Ends the frame; the panel shows every rectangle written since `beginFrame()`. */
	endFrame(): void;
}

/** Bytes needed for `width` × `height` pixels of `format`. */
export function pixelBytes(format: PixelFormat, width: number, height: number): number {
	return format === "rgb565" ? width * height * 2 : ((width + 7) >> 3) * height;
}
