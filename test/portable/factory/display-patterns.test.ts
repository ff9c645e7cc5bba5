import { assert } from "../../support/assert.js";
import { DISPLAY_PATTERNS, drawPattern, RecordingDisplay } from "../../../src/factory/checks/display-check.js";
import { crc32 } from "../../../src/journal/crc32.js";
import { FramebufferDisplay } from "../../../host-sim/hal/framebuffer-display.js";

describe("factory display patterns", () => {
	it("reports the CRC-32 of exactly the frame the panel shows, on a colour and a mono panel", () => {
		for (const [width, height, format] of [
			[320, 240, "rgb565"],
			[128, 64, "mono1"],
		] as const) {
			const panel = new FramebufferDisplay(width, height, format);
			const checksums = DISPLAY_PATTERNS.map((pattern) => {
				const checksum = drawPattern(panel, pattern);
				assert.equal(checksum, crc32(panel.pixels), `${format} ${pattern}`);
				return checksum;
			});
			assert.equal(new Set(checksums).size, 4, "each pattern has its own checksum");
		}
	});

	it("draws all on and all off over every pixel", () => {
		const panel = new FramebufferDisplay(320, 240, "rgb565");
		drawPattern(panel, "all-on");
		assert.ok(panel.pixels.every((b) => b === 0xff));
		drawPattern(panel, "all-off");
		assert.ok(panel.pixels.every((b) => b === 0));
	});

	it("records clipped and unaligned writes the way the panel applies them", () => {
		for (const format of ["rgb565", "mono1"] as const) {
			const panel = new FramebufferDisplay(20, 10, format);
			const recording = new RecordingDisplay(panel);
			const rect = { x: 13, y: -2, w: 11, h: 5 };
			const bytes = format === "rgb565" ? rect.w * rect.h * 2 : ((rect.w + 7) >> 3) * rect.h;
			const pixels = Uint8Array.from({ length: bytes }, (_, i) => (i * 37 + 11) & 0xff);
			recording.beginFrame();
			recording.write(rect, pixels);
			recording.endFrame();
			assert.bytes(recording.frame, Array.from(panel.pixels, (b) => (b < 16 ? "0" : "") + b.toString(16)).join(""));
			assert.ok(
				panel.pixels.some((b) => b !== 0),
				"the write landed",
			);
		}
	});
});
