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

/** What layout needs of a font: glyph widths, text widths. */
export interface FontMetrics {
	glyph(ch: string): Glyph;
	textWidth(text: string): number;
}

export class BitmapFont implements FontMetrics {
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

/** Texts whose widths a TextWidths keeps (a frame has about 20; a language change doubles them). */
const WIDTHS_KEPT = 64;

/**
 * A font whose text widths are remembered for recent texts: layout, the frame comparison and the cut-to-fit
 * measure the same texts several times a frame and again on the next, and each walk of a text makes a string
 * per character (XS's string iterator), garbage on every key press. Made at run time by the renderer: the
 * firmware font itself is preloaded into flash on the device and stays unchanged. Emptied when full.
 */
export class TextWidths implements FontMetrics {
	readonly #font: BitmapFont;
	readonly #widths = new Map<string, number>();

	constructor(font: BitmapFont) {
		this.#font = font;
	}

	glyph(ch: string): Glyph {
		return this.#font.glyph(ch);
	}

	textWidth(text: string): number {
		const known = this.#widths.get(text);
		if (known !== undefined) return known;
		const width = this.#font.textWidth(text);
		if (this.#widths.size === WIDTHS_KEPT) this.#widths.clear();
		this.#widths.set(text, width);
		return width;
	}
}
