// Poco's calls doing nothing: what a frame costs besides Poco's own drawing is the JavaScript side of it
// (render-check's "Poco idle" rows, test/bench/render.bench.ts's "device (Poco)" rows).

import type { PocoRenderer } from "../poco-display.js";

export const IDLE_POCO: PocoRenderer = {
	begin() {},
	end() {},
	clip() {},
	makeColor: (r, g, b) => ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3),
	fillRectangle() {},
	drawText() {},
	drawMonochrome() {},
};
