// The render check (Moddable x-cli-lin, a headless XS program): draws screens with Moddable's Poco through the
// device's painter (poco-display.ts) and with the JavaScript band rasteriser through the device's PixelsOut
// display (display.ts), each into a Commodetto BufferOut of the whole panel in RGB565 little-endian, and prints
// per screen whether the two frames are the same. Screens, panels and the Poco fonts (host-sim/tools/poco-font.ts)
// come as JSON on stdin; each panel's screens are drawn in order by one renderer per path, so every screen after
// the first is a partial update. With `measure` it then loops a whole-panel draw and a menu-highlight move per
// path between two calls of `mark()`, for callgrind (--dump-before=xs_cli_mark).
// Built and run by host-sim/device/render-check.ts (test/node/device/render-check.test.ts, `npm run bench --
// --instructions poco`).

import Bitmap from "commodetto/Bitmap";
import BufferOut from "commodetto/BufferOut";
import parseBMF from "commodetto/parseBMF";
import Poco from "commodetto/Poco";
import type PixelsOut from "commodetto/PixelsOut";
import type { Display, PixelFormat } from "../../../hal/display.js";
import { firmwareFont, ScreenRenderer } from "../../../src/ui/render/screen-renderer.js";
import { BAND_ROWS } from "../../../src/ui/render/frame-painter.js";
import type { Screen } from "../../../src/ui/screen.js";
import { hexToBytes } from "../../../src/factory/hex-text.js";
import { input, print } from "../cli/cli.js";
import { measure } from "../cli/measure.js";
import { createPixelsOutDisplay } from "../display.js";
import { PocoDisplay, type PocoRenderer } from "../poco-display.js";
import { hostBuffer } from "./host-buffer.js";
import { IDLE_POCO } from "./idle-poco.js";

interface RenderCheckInput {
	readonly panels: readonly { readonly width: number; readonly height: number; readonly format: PixelFormat }[];
	readonly screens: readonly { readonly name: string; readonly screen: Screen }[];
	/** Per text scale: the BMF file and its monochrome atlas, hex. */
	readonly fonts: readonly { readonly scale: number; readonly fnt: string; readonly atlas: string; readonly atlasWidth: number }[];
	/** Loop length of each measurement; the screens measured by name. */
	readonly measure?: { readonly loops: number; readonly whole: string; readonly menu: string };
}

const request = JSON.parse(input()) as RenderCheckInput;
const buffer = (hex: string) => hexToBytes(hex)!.buffer as ArrayBuffer;
const fonts = new Map<number, object>();
for (const f of request.fonts) {
	const font = parseBMF(buffer(f.fnt));
	const bits = buffer(f.atlas);
	// A host buffer, as the device's Resource is (host-buffer.c says why).
	font.bitmap = new Bitmap(f.atlasWidth, (bits.byteLength * 8) / f.atlasWidth, Bitmap.Monochrome, hostBuffer(bits), 0);
	fonts.set(f.scale, font);
}

function panel(width: number, height: number, format: PixelFormat) {
	const out = () => new BufferOut({ width, height, pixelFormat: Bitmap.RGB565LE });
	const jsOut = out(),
		pocoOut = out();
	const jsDisplay = createPixelsOutDisplay({ pixelsOut: jsOut, format, width, height });
	if (!jsDisplay.ok) throw new Error(jsDisplay.error.detail);
	const painter = (poco: PocoRenderer, display: Display) =>
		new PocoDisplay({
			display,
			poco,
			fonts,
			glyphs: firmwareFont(),
			monochrome: (w, h, bits) => new Bitmap(w, h, Bitmap.Monochrome, bits, 0),
		});
	const pocoRaw = createPixelsOutDisplay({ pixelsOut: pocoOut, format, width, height });
	if (!pocoRaw.ok) throw new Error(pocoRaw.error.detail);
	const poco = new Poco(pocoOut as unknown as PixelsOut, { pixels: width * BAND_ROWS, displayListLength: 4096 });
	return {
		js: jsDisplay.value,
		poco: painter(poco as unknown as PocoRenderer, pocoRaw.value),
		idle: painter(IDLE_POCO, pocoRaw.value),
		differing: () => {
			const a = new Uint16Array(jsOut.buffer),
				b = new Uint16Array(pocoOut.buffer);
			let n = 0;
			for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
			return n;
		},
	};
}

for (const { width, height, format } of request.panels) {
	const label = `${width}×${height} ${format}`;
	const p = panel(width, height, format);
	const js = new ScreenRenderer(p.js),
		poco = new ScreenRenderer(p.poco);
	for (const { name, screen } of request.screens) {
		js.draw(screen);
		poco.draw(screen);
		print(`frame\t${JSON.stringify({ panel: label, screen: name, differing: p.differing() })}`);
	}
	const m = request.measure;
	if (m) {
		const whole = request.screens.find((s) => s.name === m.whole)!.screen;
		const menu = request.screens.find((s) => s.name === m.menu)!.screen;
		for (const [path, display] of [
			["JavaScript rasteriser", p.js],
			["Poco", p.poco],
			["Poco's JavaScript side (Poco idle)", p.idle],
		] as const) {
			measure({ name: `${label}: whole panel (${m.whole}), ${path}` }, m.loops, () => new ScreenRenderer(display).draw(whole));
			const renderer = new ScreenRenderer(display);
			renderer.draw(menu);
			let highlight = 0;
			measure({ name: `${label}: menu highlight moves, ${path}` }, m.loops, () =>
				renderer.draw({ ...menu, menu: { items: menu.menu!.items, highlight: ++highlight % menu.menu!.items.length } }),
			);
		}
	}
}
print("done");
