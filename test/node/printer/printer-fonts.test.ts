import assert from "node:assert/strict";
import { gb2312CodePoints } from "../../../host-sim/tools/generate-printer-fonts.js";
import { gb2312Font } from "../../../host-sim/printer/desktop-printer-fonts.js";
import { ASCII_FONT } from "../../../host-sim/printer/fonts/ascii-font.js";

describe("printer emulator fonts (GNU Unifont subset)", () => {
	it("has a non-blank 16×16 glyph for every GB2312 hanzi", () => {
		const font = gb2312Font();
		for (const cp of gb2312CodePoints()) {
			const glyph = font.glyph16(cp);
			assert.ok(glyph, `U+${cp.toString(16)}`);
			assert.equal(glyph.length, 32);
			if (cp >= 0x4e00 && cp <= 0x9fa5)
				assert.ok(
					glyph.some((b) => b !== 0),
					`U+${cp.toString(16)} is blank`,
				);
		}
	});

	it("has the 95 printable ASCII glyphs, blank only for the space", () => {
		assert.equal(ASCII_FONT.length, 95);
		ASCII_FONT.forEach((hex, i) => assert.equal(/^0+$/.test(hex), i === 0, String.fromCharCode(0x20 + i)));
	});
});
