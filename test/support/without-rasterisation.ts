// Runs a scenario with BandRaster.render handing back a blank band: the display list is still built and
// compared frame to frame, no pixel is set. That is the firmware's JavaScript once the device draws the
// display list natively; the benchmarks report it beside the JavaScript rasteriser's figures.
//
// xsnap names a module by the path it was imported by and resolves only the first "../" of a specifier
// (xsnapPlatform.c, fxFindModule), so the same file imported along two paths is two module instances. The
// terminal must be imported as "../../src/terminal.js" from test/bench or test/support for its BandRaster to be
// this one; the check at the end catches a scenario that drew through another.

import { BandRaster } from "../../src/ui/render/band-raster.js";

export async function withoutRasterisation<T>(run: () => T | Promise<T>): Promise<T> {
	const render = BandRaster.prototype.render;
	const blank = new Uint8Array(320 * 16 * 2);
	let bands = 0;
	BandRaster.prototype.render = () => (bands++, blank);
	try {
		return await run();
	} finally {
		BandRaster.prototype.render = render;
		if (bands === 0) throw new Error("no band was drawn through the BandRaster replaced (another module instance?)");
	}
}
