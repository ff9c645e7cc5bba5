// Display (factory-test.md §6, "display"): all on, all off, checkerboard and colour bars drawn through the
// display HAL. For each pattern the unit reports `fb_checksum_<pattern>`, the CRC-32 (ISO-HDLC) of the
// whole frame exactly as written: the panel's pixel format (display.ts), rows top to bottom. The plan pins
// it to the reference value, which catches a drawing or driver fault; the panel itself is checked by the
// jig — a camera, the operator, or on the simulator the framebuffer — which answers CONFIRM with `pass`
// (and the checksum it observed). The panel is left all off.

import { pixelBytes, type Display } from "../../../hal/display.js";
import { crc32 } from "../../journal/crc32.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

export type DisplayPattern = "all-on" | "all-off" | "checkerboard" | "colour-bars";
export const DISPLAY_PATTERNS: readonly DisplayPattern[] = ["all-on", "all-off", "checkerboard", "colour-bars"];

/** Checkerboard square size in pixels. */
const SQUARE = 8;
// SMPTE-style bar order, RGB565: white, yellow, cyan, green, magenta, red, blue, black.
const BARS = [0xffff, 0xffe0, 0x07ff, 0x07e0, 0xf81f, 0xf800, 0x001f, 0x0000];

/** Pattern colour at (x, y): RGB565, or on a mono panel 0 (paper) / non-zero (ink). */
function colourAt(pattern: DisplayPattern, x: number, y: number, width: number): number {
	switch (pattern) {
		case "all-on":
			return 0xffff;
		case "all-off":
			return 0;
		case "checkerboard":
			return ((Math.floor(x / SQUARE) + Math.floor(y / SQUARE)) & 1) === 0 ? 0xffff : 0;
		case "colour-bars":
			return BARS[Math.floor((x * BARS.length) / width)]!;
	}
}

/** One row `y` of `pattern` in the display's own layout. Mono panels show the bars as alternating ink. */
function patternRow(pattern: DisplayPattern, y: number, width: number, format: Display["format"]): Uint8Array {
	const row = new Uint8Array(pixelBytes(format, width, 1));
	for (let x = 0; x < width; x++) {
		const colour = colourAt(pattern, x, y, width);
		if (format === "rgb565") {
			row[2 * x] = colour & 0xff;
			row[2 * x + 1] = colour >> 8;
		} else if (pattern === "colour-bars" ? (Math.floor((x * BARS.length) / width) & 1) === 0 : colour !== 0) {
			row[x >> 3]! |= 0x80 >> (x & 7);
		}
	}
	return row;
}

/** The frame of `pattern`. Every pattern repeats with a period of at most 2 × SQUARE rows, so rows are built once and copied. */
export function patternFrame(pattern: DisplayPattern, width: number, height: number, format: Display["format"]): Uint8Array {
	const rowBytes = pixelBytes(format, width, 1);
	const frame = new Uint8Array(rowBytes * height);
	const period = Math.min(height, 2 * SQUARE);
	for (let y = 0; y < period; y++) frame.set(patternRow(pattern, y, width, format), y * rowBytes);
	for (let y = period; y < height; y++) frame.copyWithin(y * rowBytes, (y % period) * rowBytes, (y % period + 1) * rowBytes);
	return frame;
}

function show(display: Display, frame: Uint8Array): void {
	display.beginFrame();
	display.write({ x: 0, y: 0, w: display.width, h: display.height }, frame);
	display.endFrame();
}

export const displayTest: FactoryTest = {
	id: "display",
	description: "all on, all off, checkerboard, colour bars; frame checksums; the jig confirms each (params.confirmTimeoutMs)",
	timeoutMs: 300000,
	async run(context) {
		const { display } = context.hal;
		const { outcome } = context;
		const confirmTimeoutMs = numberParam(context.params, "confirmTimeoutMs", 60000);
		for (const pattern of DISPLAY_PATTERNS) {
			const frame = patternFrame(pattern, display.width, display.height, display.format);
			show(display, frame);
			const checksum = crc32(frame);
			outcome.measure(`fb_checksum_${pattern}`, checksum, "crc32", null, null, "FRAME_CHECKSUM", pattern);
			const answer = await context.confirm(`display.${pattern}`, { pattern, checksum }, confirmTimeoutMs);
			if (context.aborted) return;
			if (answer === undefined) {
				outcome.fail("CONFIRM_TIMEOUT", pattern);
				break;
			}
			if (answer.observed !== undefined) outcome.note(`fb_observed_${pattern}`, answer.observed, "crc32");
			outcome.measure(`seen_${pattern}`, answer.pass ? 1 : 0, "bool", 1, 1, "DISPLAY_MISMATCH", pattern);
		}
		if (!context.aborted) show(display, patternFrame("all-off", display.width, display.height, display.format));
	},
};
