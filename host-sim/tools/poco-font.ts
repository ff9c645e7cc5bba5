// The firmware font for Moddable's Poco renderer, built from the same Unifont subset the JavaScript rasteriser
// draws (src/ui/render/font-data.ts), once per text scale the layout uses (1 and 2):
// - `unifont-<16·scale>.fnt`: AngelCode BMFont binary, version 3 (www.angelcode.com/products/bmfont/doc/
//   file_format.html): info, common, pages and chars blocks, chars ascending by code point, as Commodetto's
//   BMF engine (modules/commodetto/cfeBMF.c) binary-searches them;
// - `unifont-<16·scale>.bm1`: the glyph atlas it points into, a Commodetto monochrome bitmap (1 bit a pixel,
//   MSB = leftmost, rows padded to bytes, 1 = ink): one glyph per 16·scale rows, 16·scale pixels wide, each
//   glyph at its top left. Poco draws set bits in the text colour and leaves the others, as band-raster.ts does,
//   so both give the same pixels.
// The subset's missing-glyph box goes in as U+FFFD; the device drawer shows it for a character the subset lacks.
//
// `node host-sim/tools/run-ts.js host-sim/tools/poco-font.ts DIR` writes the four files to DIR; the fast build
// (host-sim/device/fast-build.ts) writes them into its tree, where device/moddable/manifest.json takes them.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GLYPH_HEIGHT, type BitmapFont } from "../../src/ui/render/bitmap-font.js";
import { UNIFONT_SUBSET } from "../../src/ui/render/font-data.js";
import { firmwareFont } from "../../src/ui/render/screen-renderer.js";

/** The code point of the missing-glyph box in the device font (device/moddable/poco-display.ts). */
export const MISSING_GLYPH = "\uFFFD";

/** The text scales the layout uses (src/ui/render/layout.ts: normal and double-size lines). */
export const POCO_FONT_SCALES = [1, 2] as const;

export interface PocoFontFiles {
	/** BMF version 3. */
	readonly fnt: Uint8Array;
	/** The monochrome atlas. */
	readonly atlas: Uint8Array;
	readonly atlasWidth: number;
	readonly atlasHeight: number;
}

export function pocoFontName(scale: number): string {
	return `unifont-${GLYPH_HEIGHT * scale}`;
}

/** Little-endian fields of a BMF block. */
class BlockWriter {
	readonly bytes: number[] = [];
	u8(v: number): this {
		this.bytes.push(v & 0xff);
		return this;
	}
	u16(v: number): this {
		return this.u8(v).u8(v >> 8);
	}
	u32(v: number): this {
		return this.u16(v & 0xffff).u16(v >>> 16);
	}
	zstring(s: string): this {
		for (const ch of s) this.u8(ch.charCodeAt(0));
		return this.u8(0);
	}
}

function block(type: number, body: BlockWriter): number[] {
	return new BlockWriter().u8(type).u32(body.bytes.length).bytes.concat(body.bytes);
}

/** The glyphs in code-point order, the box last (U+FFFD sorts after every character of the subset). */
function glyphOrder(font: BitmapFont): string[] {
	const chars = [...UNIFONT_SUBSET.narrow, ...UNIFONT_SUBSET.wide].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
	if (font.has(MISSING_GLYPH)) throw new RangeError("the subset holds U+FFFD, which the device font uses for the missing-glyph box");
	return [...chars, MISSING_GLYPH];
}

export function pocoFont(scale: number, font: BitmapFont = firmwareFont()): PocoFontFiles {
	const cell = GLYPH_HEIGHT * scale;
	const chars = glyphOrder(font);
	const stride = cell >> 3;
	const atlas = new Uint8Array(stride * cell * chars.length);
	const table = new BlockWriter();
	chars.forEach((ch, i) => {
		const glyph = font.glyph(ch);
		const glyphStride = glyph.width >> 3;
		for (let y = 0; y < cell; y++) {
			const row = Math.floor(y / scale) * glyphStride;
			for (let x = 0; x < glyph.width * scale; x++) {
				const col = Math.floor(x / scale);
				if (glyph.rows[row + (col >> 3)]! & (0x80 >> (col & 7))) atlas[(i * cell + y) * stride + (x >> 3)]! |= 0x80 >> (x & 7);
			}
		}
		// id, x, y, width, height, xoffset, yoffset, xadvance, page, channel (15: all; no Moddable flag bits 0x40/0x80)
		table
			.u32(ch.codePointAt(0)!)
			.u16(0)
			.u16(i * cell)
			.u16(glyph.width * scale)
			.u16(cell)
			.u16(0)
			.u16(0)
			.u16(glyph.width * scale);
		table.u8(0).u8(15);
	});
	const name = pocoFontName(scale);
	const info = new BlockWriter().u16(cell).u8(0x02).u8(0).u16(100).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).zstring("Unifont");
	// lineHeight, base, scaleW, scaleH, pages, bitField, alpha, red, green, blue channels
	const common = new BlockWriter()
		.u16(cell)
		.u16(cell)
		.u16(cell)
		.u16(cell * chars.length)
		.u16(1)
		.u8(0)
		.u8(0)
		.u8(4)
		.u8(4)
		.u8(4);
	const pages = new BlockWriter().zstring(`${name}.bm1`);
	const fnt = Uint8Array.from([0x42, 0x4d, 0x46, 3, ...block(1, info), ...block(2, common), ...block(3, pages), ...block(4, table)]);
	return { fnt, atlas, atlasWidth: cell, atlasHeight: cell * chars.length };
}

/** Writes every scale's two files to `dir`; returns their names. */
export function writePocoFonts(dir: string): string[] {
	mkdirSync(dir, { recursive: true });
	const names: string[] = [];
	for (const scale of POCO_FONT_SCALES) {
		const files = pocoFont(scale);
		const name = pocoFontName(scale);
		writeFileSync(join(dir, `${name}.fnt`), files.fnt);
		writeFileSync(join(dir, `${name}.bm1`), files.atlas);
		names.push(`${name}.fnt`, `${name}.bm1`);
	}
	return names;
}

if (process.argv[1]?.endsWith("poco-font.ts")) {
	const dir = process.argv[2];
	if (dir === undefined) {
		process.stderr.write("usage: poco-font.ts DIR\n");
		process.exitCode = 2;
	} else process.stdout.write(`${writePocoFonts(dir).join(" ")}\n`);
}
