import { assert } from "../../support/assert.js";
import { BitmapFont, GLYPH_HEIGHT, TextWidths } from "../../../src/ui/render/bitmap-font.js";
import { UNIFONT_SUBSET } from "../../../src/ui/render/font-data.js";
import { decodeBase64 } from "../../../src/ui/render/base64.js";
import { MESSAGES, RESPONSE_TEXTS } from "../../../src/ui/messages.js";

const font = new BitmapFont(UNIFONT_SUBSET);

/** The glyph as rows of `#` and `.`. */
function picture(ch: string): string[] {
	const g = font.glyph(ch);
	const rows: string[] = [];
	const stride = g.width >> 3;
	for (let y = 0; y < GLYPH_HEIGHT; y++) {
		let row = "";
		for (let x = 0; x < g.width; x++) row += g.rows[y * stride + (x >> 3)]! & (0x80 >> (x & 7)) ? "#" : ".";
		rows.push(row);
	}
	return rows;
}

describe("bitmap font subset", () => {
	it("has a glyph for every character of every message and response-code text, in both languages", () => {
		const missing: string[] = [];
		const codes = Object.entries(RESPONSE_TEXTS).map(([code, texts]) => [`response ${code}`, texts] as const);
		for (const [id, texts] of [...Object.entries(MESSAGES), ...codes]) {
			for (const [language, text] of Object.entries(texts)) {
				for (const ch of font.missing(text))
					missing.push(`${id}.${language}: ${ch} U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`);
			}
		}
		assert.deepEqual(missing, [], "run `npm run fonts` after adding text");
	});

	it("has all of printable ASCII as 8×16 and CJK as 16×16", () => {
		for (let c = 0x20; c <= 0x7e; c++) assert.equal(font.glyph(String.fromCharCode(c)).width, 8);
		assert.equal(font.glyph("金").width, 16);
		assert.equal(font.textWidth("RMB 金额"), 8 * 4 + 16 * 2);
	});

	it("gives the font's widths from the renderer's remembered widths, past the number it keeps", () => {
		const widths = new TextWidths(font);
		const texts = Array.from({ length: 150 }, (_, i) => `${"金".repeat(i % 5)}${i}`);
		for (const pass of [1, 2])
			for (const text of texts) assert.equal(widths.textWidth(text), font.textWidth(text), `${text}, pass ${pass}`);
		assert.equal(widths.glyph("金"), font.glyph("金"));
	});

	it("draws the Unifont glyph of A (U+0041 = 0000000018242442427E424242420000)", () => {
		assert.deepEqual(picture("A").slice(4, 14), [
			"...##...",
			"..#..#..",
			"..#..#..",
			".#....#.",
			".#....#.",
			".######.",
			".#....#.",
			".#....#.",
			".#....#.",
			".#....#.",
		]);
	});

	it("draws a box for a character outside the subset", () => {
		assert.ok(!font.has("龘"));
		assert.equal(picture("龘")[2], ".######.");
		assert.deepEqual(font.missing("a龘b龘"), ["龘"]);
	});

	it("decodes base64 (RFC 4648 §10 test vectors)", () => {
		const text = (s: string) => String.fromCharCode(...decodeBase64(s));
		assert.equal(text(""), "");
		assert.equal(text("Zg=="), "f");
		assert.equal(text("Zm8="), "fo");
		assert.equal(text("Zm9v"), "foo");
		assert.equal(text("Zm9vYmFy"), "foobar");
		assert.throws(() => decodeBase64("Zm9v!"));
	});
});
