// The rendering path on XS: a whole panel drawn from a screen (first frame), a partial update (the title-bar
// clock changes), a menu highlight move, the QR encoder, and layout alone, on both panel classes. The "device
// (Poco)" rows are the JavaScript the device runs when Poco draws (device/moddable/poco-display.ts): layout, the
// changed bands and the painter's calls, into a Poco that does nothing; Poco's own native drawing is not in them.

import { bench, measurementRows } from "../xs/bench.js";
import { FramebufferDisplay } from "../../host-sim/hal/framebuffer-display.js";
import { galleryScreens } from "../../host-sim/sim/screen-gallery.js";
import { firmwareFont, ScreenRenderer } from "../../src/ui/render/screen-renderer.js";
import { layoutScreen } from "../../src/ui/render/layout.js";
import { encodeQr } from "../../src/qr/qr-encoder.js";
import type { PixelFormat } from "../../hal/display.js";
import { PocoDisplay } from "../../device/moddable/poco-display.js";
import { IDLE_POCO } from "../../device/moddable/render-check/idle-poco.js";
import type { Screen } from "../../src/ui/screen.js";

const screens = new Map(galleryScreens("zh").map((g) => [g.name, g.screen]));
const amount = screens.get("amount")!;
const menu = screens.get("menu")!;
const rows = [];
for (const [label, width, height, format] of [
	["320×240 RGB565", 320, 240, "rgb565"],
	["128×64 mono", 128, 64, "mono1"],
] as const) {
	const display = new FramebufferDisplay(width, height, format as PixelFormat);
	// host-sim's JavaScript rasteriser, measured without a budget: the budgets of issue 15 (a whole-panel redraw
	// ≤ 40 ms, a key's redraw ≤ 15 ms) apply to what the device draws with, Poco (`npm run bench -- --instructions poco`).
	rows.push(
		bench.measure(`${label}: whole panel (amount screen)`, 20, () => {
			new ScreenRenderer(display).draw(amount);
		}),
	);
	const renderer = new ScreenRenderer(display);
	renderer.draw(amount);
	let minute = 0;
	rows.push(
		bench.measure(`${label}: clock change (partial update)`, 100, () => {
			const clock = `09:${String(minute++ % 60).padStart(2, "0")}`;
			renderer.draw({ ...amount, status: { ...amount.status, clock } });
		}),
	);
	let highlight = 0;
	rows.push(
		bench.measure(`${label}: menu highlight moves`, 50, () => {
			const next: Screen = { ...menu, menu: { items: menu.menu!.items, highlight: highlight++ % 9 } };
			renderer.draw(next);
		}),
	);
	rows.push(
		bench.measure(`${label}: layout only (amount screen)`, 200, () => {
			layoutScreen(amount, display, firmwareFont());
		}),
	);
}
for (const [label, width, height, format] of [
	["320×240 RGB565", 320, 240, "rgb565"],
	["128×64 mono", 128, 64, "mono1"],
] as const) {
	const display = new PocoDisplay({
		display: new FramebufferDisplay(width, height, format as PixelFormat),
		poco: IDLE_POCO,
		fonts: new Map([
			[1, {}],
			[2, {}],
		]),
		glyphs: firmwareFont(),
		monochrome: () => ({}),
	});
	rows.push(
		bench.measure(`${label}, device (Poco): whole panel (amount screen), JavaScript side`, 20, () => {
			new ScreenRenderer(display).draw(amount);
		}),
	);
	const renderer = new ScreenRenderer(display);
	renderer.draw(menu);
	let highlight = 0;
	rows.push(
		bench.measure(`${label}, device (Poco): menu highlight moves, JavaScript side`, 50, () => {
			renderer.draw({ ...menu, menu: { items: menu.menu!.items, highlight: highlight++ % 9 } });
		}),
	);
}
const qrScreen = screens.get("qr")!;
const qrPanel = new ScreenRenderer(new FramebufferDisplay(320, 240, "rgb565"));
qrPanel.draw(qrScreen);
let qrMinute = 0;
rows.push(
	bench.measure("320×240 RGB565: QR screen, clock change (symbol kept)", 100, () => {
		qrPanel.draw({ ...qrScreen, status: { ...qrScreen.status, clock: `10:${String(qrMinute++ % 60).padStart(2, "0")}` } });
	}),
);
const payload = new Uint8Array(60).fill(0x41);
rows.push(
	bench.measure("QR encode, 60 bytes at M (version 4, 8 masks scored)", 20, () => {
		encodeQr(payload, "M");
	}),
);
bench.table("screen rendering", measurementRows(rows));
