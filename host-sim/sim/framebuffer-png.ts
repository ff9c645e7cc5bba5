// The simulator's panel as a PNG (pngjs): each framebuffer pixel expanded from RGB565 (mono: ink black on
// paper white) to RGB888, optionally enlarged by an integer `scale` for screenshots.

import { PNG } from "pngjs";
import type { FramebufferDisplay } from "../hal/framebuffer-display.js";

export function framebufferPng(display: FramebufferDisplay, scale = 1): Buffer {
	const png = new PNG({ width: display.width * scale, height: display.height * scale });
	for (let y = 0; y < display.height; y++) {
		for (let x = 0; x < display.width; x++) {
			const c = display.rgb565At(x, y);
			const r = (((c >> 11) & 31) * 255) / 31,
				g = (((c >> 5) & 63) * 255) / 63,
				b = ((c & 31) * 255) / 31;
			for (let dy = 0; dy < scale; dy++) {
				for (let dx = 0; dx < scale; dx++) {
					const i = ((y * scale + dy) * png.width + x * scale + dx) * 4;
					png.data[i] = Math.round(r);
					png.data[i + 1] = Math.round(g);
					png.data[i + 2] = Math.round(b);
					png.data[i + 3] = 255;
				}
			}
		}
	}
	return PNG.sync.write(png);
}
