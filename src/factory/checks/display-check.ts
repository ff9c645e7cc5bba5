// Display (docs/factory-mode.md §4, "display"): all on, all off, checkerboard and colour bars, each drawn whole
// by the screen renderer (src/ui/render, `Screen.pattern`) through the display HAL. For each pattern the
// unit reports `fb_checksum_<pattern>`, the CRC-32 (ISO-HDLC) of the whole frame exactly as written: the
// panel's pixel format (hal/display.ts), rows top to bottom. The plan pins it to the reference value, which
// catches a drawing or driver fault; the panel itself is checked by the jig — a camera, the operator, or on
// the simulator the framebuffer — which answers CONFIRM with `pass` (and the checksum it observed). The panel
// is left all off.

import { pixelBytes, type Display } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { crc32 } from "../../journal/crc32.js";
import { ScreenRenderer } from "../../ui/render/screen-renderer.js";
import type { TestPattern } from "../../ui/screen.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

export const DISPLAY_PATTERNS: readonly TestPattern[] = ["all-on", "all-off", "checkerboard", "colour-bars"];

/** The display as the renderer sees it, keeping a copy of every pixel written: the frame the checksum covers. */
export class RecordingDisplay implements Display {
	readonly width: number;
	readonly height: number;
	readonly format: Display["format"];
	/** Every pixel as last written, in `format` layout. */
	readonly frame: Uint8Array;
	readonly #panel: Display;

	constructor(panel: Display) {
		this.#panel = panel;
		this.width = panel.width;
		this.height = panel.height;
		this.format = panel.format;
		this.frame = new Uint8Array(pixelBytes(panel.format, panel.width, panel.height));
	}

	beginFrame(): void {
		this.#panel.beginFrame();
	}

	write(rect: Rect, pixels: Uint8Array): void {
		this.#panel.write(rect, pixels);
		const x0 = Math.max(0, rect.x),
			y0 = Math.max(0, rect.y);
		const x1 = Math.min(this.width, rect.x + rect.w),
			y1 = Math.min(this.height, rect.y + rect.h);
		for (let y = y0; y < y1; y++) {
			if (this.format === "rgb565") {
				const from = ((y - rect.y) * rect.w + (x0 - rect.x)) * 2;
				this.frame.set(pixels.subarray(from, from + (x1 - x0) * 2), (y * this.width + x0) * 2);
				continue;
			}
			const source = (y - rect.y) * ((rect.w + 7) >> 3),
				target = y * ((this.width + 7) >> 3);
			for (let x = x0; x < x1; x++) {
				const sx = x - rect.x,
					bit = 0x80 >> (x & 7);
				if (pixels[source + (sx >> 3)]! & (0x80 >> (sx & 7))) this.frame[target + (x >> 3)]! |= bit;
				else this.frame[target + (x >> 3)]! &= ~bit;
			}
		}
	}

	endFrame(): void {
		this.#panel.endFrame();
	}
}

/** Draws `pattern` over the whole panel (a fresh renderer draws everything) and returns the frame's CRC-32. */
export function drawPattern(panel: Display, pattern: TestPattern): number {
	const recording = new RecordingDisplay(panel);
	new ScreenRenderer(recording).draw({
		status: { title: "", clock: "", batteryPercent: 0, signalBars: 0 },
		lines: [],
		hints: [],
		pattern,
	});
	return crc32(recording.frame);
}

export const displayCheck: FactoryTest = {
	id: "display",
	description: "all on, all off, checkerboard, colour bars; frame checksums; the jig confirms each (params.confirmTimeoutMs)",
	params: { confirmTimeoutMs: "number" },
	timeoutMs: 300000,
	async run(context) {
		const { display } = context.hal;
		const { outcome } = context;
		const confirmTimeoutMs = numberParam(context.params, "confirmTimeoutMs", 60000);
		for (const pattern of DISPLAY_PATTERNS) {
			const checksum = drawPattern(display, pattern);
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
		if (!context.aborted) drawPattern(display, "all-off");
	},
};
