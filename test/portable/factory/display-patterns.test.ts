import { assert } from "../../support/assert.js";
import { patternFrame } from "../../../src/factory/tests/display-test.js";

function rgb565At(frame: Uint8Array, width: number, x: number, y: number): number {
	const i = (y * width + x) * 2;
	return frame[i]! | (frame[i + 1]! << 8);
}

describe("factory display patterns", () => {
	it("fills every pixel for all on and none for all off", () => {
		assert.ok(patternFrame("all-on", 320, 240, "rgb565").every((b) => b === 0xff));
		assert.ok(patternFrame("all-off", 320, 240, "rgb565").every((b) => b === 0));
		assert.ok(patternFrame("all-on", 128, 64, "mono1").every((b) => b === 0xff));
	});

	it("alternates 8-pixel squares in the checkerboard, down to the last row", () => {
		const frame = patternFrame("checkerboard", 320, 240, "rgb565");
		assert.equal(rgb565At(frame, 320, 0, 0), 0xffff);
		assert.equal(rgb565At(frame, 320, 8, 0), 0x0000);
		assert.equal(rgb565At(frame, 320, 0, 8), 0x0000);
		assert.equal(rgb565At(frame, 320, 319, 239), 0xffff, "square (39, 29) has an even sum");
		const mono = patternFrame("checkerboard", 128, 64, "mono1");
		assert.deepEqual([mono[0], mono[1], mono[16], mono[16 * 8]], [0xff, 0x00, 0xff, 0x00]);
	});

	it("draws eight colour bars, white to black, full height", () => {
		const frame = patternFrame("colour-bars", 320, 240, "rgb565");
		const bars = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => rgb565At(frame, 320, i * 40 + 20, 239));
		assert.deepEqual(bars, [0xffff, 0xffe0, 0x07ff, 0x07e0, 0xf81f, 0xf800, 0x001f, 0x0000]);
	});
});
