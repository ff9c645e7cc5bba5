// Compares a panel captured from mcsim's window with host-sim's framebuffer, in RGB565: mcsim expands each
// RGB565 pixel to 8 bits by shifting (white is 248,252,248), so the 8-bit values differ from host-sim's PNGs
// (which scale to 255) while the panels are the same. The device body is found in the capture by its colour
// (device/mcsim/posterm/terminal.js: bodySkin).

import { PNG } from "pngjs";

/** RGB565 pixels of a panel, row by row. */
export interface Panel {
	readonly width: number;
	readonly height: number;
	readonly pixels: Uint16Array;
}

export interface PanelDifference {
	readonly count: number;
	/** Bounding box of the differing pixels, if any. */
	readonly box?: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
}

const BODY = [0x3a, 0x3f, 0x44] as const;

function rgb565(r: number, g: number, b: number): number {
	return ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
}

/** The top-left corner of the device body in an X11 capture (PNG): the first pixel of the body's colour. */
export function findBody(capture: Buffer): { readonly x: number; readonly y: number } {
	const png = PNG.sync.read(capture);
	for (let y = 0; y < png.height; y++) {
		for (let x = 0; x < png.width; x++) {
			const i = (y * png.width + x) * 4;
			if (png.data[i] === BODY[0] && png.data[i + 1] === BODY[1] && png.data[i + 2] === BODY[2]) return { x, y };
		}
	}
	throw new Error("no posterm device body in the capture (is mcsim showing the posterm device?)");
}

/** The panel at `rect` (absolute) of an X11 capture (PNG). */
export function panelFromCapture(
	capture: Buffer,
	rect: { readonly x: number; readonly y: number; readonly width: number; readonly height: number },
): Panel {
	const png = PNG.sync.read(capture);
	const { width, height } = rect;
	const pixels = new Uint16Array(width * height);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = ((rect.y + y) * png.width + rect.x + x) * 4;
			pixels[y * width + x] = rgb565(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!);
		}
	}
	return { width, height, pixels };
}

/** The panel of a host-sim display (FramebufferDisplay.rgb565At). */
export function panelFromDisplay(display: {
	readonly width: number;
	readonly height: number;
	rgb565At(x: number, y: number): number;
}): Panel {
	const pixels = new Uint16Array(display.width * display.height);
	for (let y = 0; y < display.height; y++) for (let x = 0; x < display.width; x++) pixels[y * display.width + x] = display.rgb565At(x, y);
	return { width: display.width, height: display.height, pixels };
}

export function comparePanels(a: Panel, b: Panel): PanelDifference {
	if (a.width !== b.width || a.height !== b.height)
		throw new Error(`panels differ in size: ${a.width}×${a.height} and ${b.width}×${b.height}`);
	let count = 0,
		x0 = a.width,
		y0 = a.height,
		x1 = -1,
		y1 = -1;
	for (let y = 0; y < a.height; y++) {
		for (let x = 0; x < a.width; x++) {
			const i = y * a.width + x;
			if (a.pixels[i] === b.pixels[i]) continue;
			count++;
			x0 = Math.min(x0, x);
			y0 = Math.min(y0, y);
			x1 = Math.max(x1, x);
			y1 = Math.max(y1, y);
		}
	}
	return count === 0 ? { count } : { count, box: { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } };
}

/** A panel as PNG, expanded the way mcsim does (shifts), for the report. */
export function panelPng(panel: Panel): Buffer {
	const png = new PNG({ width: panel.width, height: panel.height });
	panel.pixels.forEach((c, i) => {
		png.data[4 * i] = (c >> 11) << 3;
		png.data[4 * i + 1] = ((c >> 5) & 63) << 2;
		png.data[4 * i + 2] = (c & 31) << 3;
		png.data[4 * i + 3] = 255;
	});
	return PNG.sync.write(png);
}
