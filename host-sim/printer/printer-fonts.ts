// The emulated printer's resident fonts: the built-in 8×16 ASCII font, and a 16×16 CJK font supplied by the caller
// (the GB2312 subset of GNU Unifont on the desktop; none in the XS benchmark). Glyphs are scaled to the printer's
// cells: font A 12×24, font B 9×17, Chinese 24×24 (the Epson ESC/POS Command Reference's fonts A and B).
// Platform-free.

import { ASCII_FONT, ASCII_FONT_FIRST } from "./fonts/ascii-font.js";

/** A 1-bit glyph: `rows` rows of `width` dots, row-major, 1 = dot. */
export interface Glyph {
	readonly width: number;
	readonly height: number;
	readonly dots: Uint8Array;
}

/** 16×16 CJK glyphs by Unicode code point. */
export interface CjkFont {
	glyph16(codePoint: number): Uint8Array | undefined;
}

export const NO_CJK_FONT: CjkFont = { glyph16: () => undefined };

const asciiCache = new Map<number, Uint8Array>();

/** 8×16 dots (one byte per row) of a printable ASCII character, or undefined. */
function ascii8x16(codePoint: number): Uint8Array | undefined {
	const hex = ASCII_FONT[codePoint - ASCII_FONT_FIRST];
	if (hex === undefined) return undefined;
	let rows = asciiCache.get(codePoint);
	if (!rows) {
		rows = new Uint8Array(16);
		for (let i = 0; i < 16; i++) rows[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
		asciiCache.set(codePoint, rows);
	}
	return rows;
}

/** Nearest-neighbour scaling of a `srcW`×`srcH` bit grid read through `bit(x, y)`. */
function scaled(srcW: number, srcH: number, width: number, height: number, bit: (x: number, y: number) => boolean): Glyph {
	const dots = new Uint8Array(width * height);
	for (let y = 0; y < height; y++) {
		const sy = Math.floor((y * srcH) / height);
		for (let x = 0; x < width; x++) dots[y * width + x] = bit(Math.floor((x * srcW) / width), sy) ? 1 : 0;
	}
	return { width, height, dots };
}

/** An empty box: what a printer with no glyph for a code prints here. */
function box(width: number, height: number): Glyph {
	return scaled(width, height, width, height, (x, y) => x === 1 || y === 1 || x === width - 2 || y === height - 2);
}

/** A half-width character cell (font A 12×24 or font B 9×17). */
export function asciiGlyph(codePoint: number, fontB: boolean): Glyph {
	const width = fontB ? 9 : 12;
	const height = fontB ? 17 : 24;
	const rows = ascii8x16(codePoint);
	if (!rows) return box(width, height);
	return scaled(8, 16, width, height, (x, y) => ((rows[y]! >> (7 - x)) & 1) === 1);
}

/** A full-width 24×24 Chinese character cell. */
export function cjkGlyph(font: CjkFont, codePoint: number): Glyph {
	const rows = font.glyph16(codePoint);
	if (!rows) return box(24, 24);
	return scaled(16, 16, 24, 24, (x, y) => ((rows[y * 2 + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1);
}
