// A 16-pixel-high bitmap font: 8×16 glyphs for half-width characters, 16×16 for CJK (the GNU Unifont
// grid). Rows are 1 bit per pixel, MSB = leftmost, 1 = ink. The glyph set is the subset in font-data.ts.

import { decodeBase64 } from "./base64.js";

export const GLYPH_HEIGHT = 16;

export interface Glyph {
	/** 8 (half-width) or 16 (full-width) pixels. */
	readonly width: number;
	/** GLYPH_HEIGHT rows of width/8 bytes. */
	readonly rows: Uint8Array;
}

/** The font asset: narrow and wide characters, each string in glyph order, and the bitmaps, narrow first. */
export interface FontSubset {
	readonly narrow: string;
	readonly wide: string;
	/** base64 of every narrow glyph (16 bytes each) then every wide glyph (32 bytes each). */
	readonly bitmaps: string;
}

/** Unifont's own picture for a missing glyph is a box; ours is an 8×16 hollow box too. */
const MISSING: Glyph = {
	width: 8,
	rows: Uint8Array.of(0, 0, 0x7e, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x7e, 0, 0),
};

export class BitmapFont {
	readonly #glyphs = new Map<string, Glyph>();

	constructor(subset: FontSubset) {
		const bytes = decodeBase64(subset.bitmaps);
		let offset = 0;
		const take = (chars: string, width: number) => {
			const size = (width >> 3) * GLYPH_HEIGHT;
			for (const ch of chars) {
				this.#glyphs.set(ch, { width, rows: bytes.subarray(offset, offset + size) });
				offset += size;
			}
		};
		take(subset.narrow, 8);
		take(subset.wide, 16);
		if (offset !== bytes.length) throw new RangeError(`font subset: ${bytes.length} bitmap bytes for ${offset} expected`);
	}

	has(ch: string): boolean {
		return this.#glyphs.has(ch);
	}

	/** The glyph of one character (one code point); a box for a character outside the subset. */
	glyph(ch: string): Glyph {
		return this.#glyphs.get(ch) ?? MISSING;
	}

	/** Width in pixels of `text` at scale 1. */
	textWidth(text: string): number {
		let w = 0;
		for (const ch of text) w += this.glyph(ch).width;
		return w;
	}

	/** The characters of `text` the subset lacks (each once). */
	missing(text: string): string[] {
		const out: string[] = [];
		for (const ch of text) if (!this.#glyphs.has(ch) && !out.includes(ch)) out.push(ch);
		return out;
	}
}
