// Where a frame's display list becomes pixels. The screen renderer decides what changed (the dirty bands);
// a FramePainter paints the whole list clipped to each of those areas. The JavaScript band rasteriser over a
// hal Display is the reference (the simulator, the tests, the factory's frame checksums); a Display that also
// paints the list itself, natively, is used as it is: the device's Poco drawer (device/moddable/poco-display.ts),
// which must give the same pixels (the device check in Moddable's simulator compares them).

import type { Display } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { BandRaster } from "./band-raster.js";
import type { BitmapFont } from "./bitmap-font.js";
import type { Paint } from "./paint.js";

/** Scan lines per band: 16 rows × 320 px × 2 B = 10 KiB of RAM for the band buffer on a colour panel. */
export const BAND_ROWS = 16;

export interface FramePainter {
	/** Paints `paints` in order, clipped to each of `areas` (at most BAND_ROWS lines each), as one frame. */
	paintFrame(areas: readonly Rect[], paints: readonly Paint[]): void;
}

/** A Display that paints display lists itself. */
export type PaintingDisplay = Display & FramePainter;

export function paintsItself(display: Display): display is PaintingDisplay {
	return typeof (display as Partial<FramePainter>).paintFrame === "function";
}

/** The reference painter: each area rasterised in JavaScript (band-raster.ts) and written to the Display. */
export class RasterPainter implements FramePainter {
	readonly #display: Display;
	readonly #raster: BandRaster;

	constructor(display: Display, font: BitmapFont) {
		this.#display = display;
		this.#raster = new BandRaster(display.format, font, display.width, BAND_ROWS);
	}

	paintFrame(areas: readonly Rect[], paints: readonly Paint[]): void {
		const d = this.#display;
		d.beginFrame();
		for (let i = 0; i < areas.length; i++) d.write(areas[i]!, this.#raster.render(areas[i]!, paints));
		d.endFrame();
	}
}
