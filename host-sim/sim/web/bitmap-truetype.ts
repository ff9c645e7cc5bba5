// The terminal's own bitmap font (the Unifont subset in src/ui/render/font-data.ts) as a TrueType font, so the
// browser page draws its Chinese key caps and screen text with the glyphs the panel uses, also on a machine
// without CJK fonts. Each glyph is its pixels as square outlines (horizontal runs, merged down the rows):
// 16 pixels to the em, 64 units a pixel, baseline under row 14 (Unifont's 14 up, 2 down).
// Tables and fields as in the OpenType specification 1.9 (head, hhea, maxp, OS/2 v4, cmap format 4 on
// platform 3 encoding 1, glyf/loca long offsets, hmtx, name, post v3).

import { BitmapFont, GLYPH_HEIGHT, type FontSubset } from "../../../src/ui/render/bitmap-font.js";

const PIXEL = 64;
const UNITS_PER_EM = GLYPH_HEIGHT * PIXEL;
const ASCENT_ROWS = 14;
const ASCENDER = ASCENT_ROWS * PIXEL;
const DESCENDER = -(GLYPH_HEIGHT - ASCENT_ROWS) * PIXEL;

interface Rect {
	x0: number;
	x1: number;
	top: number;
	bottom: number;
}

interface Outline {
	readonly advance: number;
	readonly rects: readonly Rect[];
}

/** Ink as rectangles in pixel units (x right, rows down): runs of one row, merged with the same run below. */
function rectsOf(width: number, rows: Uint8Array): Rect[] {
	const bytesPerRow = width >> 3;
	const done: Rect[] = [];
	let open: Rect[] = [];
	for (let row = 0; row < GLYPH_HEIGHT; row++) {
		const next: Rect[] = [];
		for (let x = 0; x < width;) {
			const ink = (px: number) => (rows[row * bytesPerRow + (px >> 3)]! >> (7 - (px & 7))) & 1;
			if (!ink(x)) {
				x++;
				continue;
			}
			const start = x;
			while (x < width && ink(x)) x++;
			const above = open.find((r) => r.x0 === start && r.x1 === x);
			if (above) {
				above.bottom = row + 1;
				next.push(above);
				open = open.filter((r) => r !== above);
			} else next.push({ x0: start, x1: x, top: row, bottom: row + 1 });
		}
		done.push(...open);
		open = next;
	}
	return [...done, ...open];
}

class Writer {
	readonly #bytes: number[] = [];
	u8(v: number): this {
		this.#bytes.push(v & 0xff);
		return this;
	}
	u16(v: number): this {
		return this.u8(v >> 8).u8(v);
	}
	u32(v: number): this {
		return this.u16(v >>> 16).u16(v & 0xffff);
	}
	bytes(b: ArrayLike<number>): this {
		for (let i = 0; i < b.length; i++) this.u8(b[i]!);
		return this;
	}
	get length(): number {
		return this.#bytes.length;
	}
	done(): Uint8Array {
		return Uint8Array.from(this.#bytes);
	}
}

function glyphData({ rects }: Outline): Uint8Array {
	if (rects.length === 0) return new Uint8Array(0);
	const points = rects.flatMap((r) => {
		const [left, right] = [r.x0 * PIXEL, r.x1 * PIXEL];
		const [top, bottom] = [(ASCENT_ROWS - r.top) * PIXEL, (ASCENT_ROWS - r.bottom) * PIXEL];
		// Clockwise (the filled side is on the right): up the left edge, along the top, down the right edge.
		return [
			[left, bottom],
			[left, top],
			[right, top],
			[right, bottom],
		] as const;
	});
	const xs = points.map(([x]) => x);
	const ys = points.map(([, y]) => y);
	const w = new Writer()
		.u16(rects.length)
		.u16(Math.min(...xs))
		.u16(Math.min(...ys))
		.u16(Math.max(...xs))
		.u16(Math.max(...ys));
	rects.forEach((_, i) => w.u16(i * 4 + 3));
	w.u16(0);
	for (let i = 0; i < points.length; i++) w.u8(0x01); // on-curve, 16-bit deltas
	let last = 0;
	for (const x of xs) (w.u16(x - last), (last = x));
	last = 0;
	for (const y of ys) (w.u16(y - last), (last = y));
	while (w.length % 4) w.u8(0);
	return w.done();
}

function cmap(codes: readonly number[]): Uint8Array {
	// One segment per character (glyph i + 1 for codes[i]), then the closing 0xFFFF segment.
	const segments = [...codes.map((code, i) => ({ code, delta: (i + 1 - code) & 0xffff })), { code: 0xffff, delta: 1 }];
	const n = segments.length;
	const pow = 2 ** Math.floor(Math.log2(n));
	const w = new Writer().u16(0).u16(1).u16(3).u16(1).u32(12);
	w.u16(4)
		.u16(16 + 8 * n)
		.u16(0);
	w.u16(2 * n)
		.u16(2 * pow)
		.u16(Math.log2(pow))
		.u16(2 * n - 2 * pow);
	for (const s of segments) w.u16(s.code);
	w.u16(0);
	for (const s of segments) w.u16(s.code);
	for (const s of segments) w.u16(s.delta);
	for (let i = 0; i < n; i++) w.u16(0);
	return w.done();
}

function nameTable(names: readonly string[]): Uint8Array {
	const utf16 = names.map((s) => [...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
	const w = new Writer()
		.u16(0)
		.u16(names.length)
		.u16(6 + 12 * names.length);
	let offset = 0;
	utf16.forEach((bytes, id) => {
		w.u16(3).u16(1).u16(0x0409).u16(id).u16(bytes.length).u16(offset);
		offset += bytes.length;
	});
	for (const bytes of utf16) w.bytes(bytes);
	return w.done();
}

function checksum(table: Uint8Array): number {
	let sum = 0;
	for (let i = 0; i < table.length; i += 4)
		sum = (sum + (((table[i] ?? 0) << 24) | ((table[i + 1] ?? 0) << 16) | ((table[i + 2] ?? 0) << 8) | (table[i + 3] ?? 0))) >>> 0;
	return sum;
}

/** A TrueType font of every glyph of `subset`, named `family`. */
export function bitmapTrueType(subset: FontSubset, family: string): Uint8Array {
	const font = new BitmapFont(subset);
	const chars = [...subset.narrow, ...subset.wide].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
	const outlines: Outline[] = [
		{ advance: UNITS_PER_EM / 2, rects: [] },
		...chars.map((ch) => {
			const g = font.glyph(ch);
			return { advance: g.width * PIXEL, rects: rectsOf(g.width, g.rows) };
		}),
	];
	const glyphs = outlines.map(glyphData);
	const loca = new Writer();
	let at = 0;
	for (const g of glyphs) (loca.u32(at), (at += g.length));
	loca.u32(at);
	const glyf = new Writer();
	for (const g of glyphs) glyf.bytes(g);
	const hmtx = new Writer();
	for (const o of outlines) hmtx.u16(o.advance).u16(o.rects.length ? Math.min(...o.rects.map((r) => r.x0)) * PIXEL : 0);
	const maxContours = Math.max(...outlines.map((o) => o.rects.length));
	const codes = chars.map((c) => c.codePointAt(0)!);
	const head = new Writer()
		.u32(0x00010000)
		.u32(0x00010000)
		.u32(0) // checkSumAdjustment, set below
		.u32(0x5f0f3cf5)
		.u16(0x000b) // baseline at y=0, left sidebearing at x=0, integer ppem
		.u16(UNITS_PER_EM)
		.bytes(new Uint8Array(16)) // created, modified
		.u16(0)
		.u16(DESCENDER)
		.u16(UNITS_PER_EM)
		.u16(ASCENDER)
		.u16(0)
		.u16(8)
		.u16(2)
		.u16(1) // long loca offsets
		.u16(0);
	const hhea = new Writer().u32(0x00010000).u16(ASCENDER).u16(DESCENDER).u16(0).u16(UNITS_PER_EM).u16(0).u16(0).u16(UNITS_PER_EM);
	hhea.u16(1).u16(0).u16(0).bytes(new Uint8Array(8)).u16(0).u16(outlines.length);
	const maxp = new Writer()
		.u32(0x00010000)
		.u16(outlines.length)
		.u16(maxContours * 4)
		.u16(maxContours)
		.u16(0)
		.u16(0)
		.u16(2);
	maxp.bytes(new Uint8Array(16));
	const os2 = new Writer()
		.u16(4)
		.u16(UNITS_PER_EM / 2)
		.u16(400)
		.u16(5)
		.u16(0);
	for (const v of [512, 448, 0, 64, 512, 448, 0, 448, 64, 256, 0]) os2.u16(v);
	os2.bytes(new Uint8Array(10 + 16)).bytes([..."NONE"].map((c) => c.charCodeAt(0)));
	os2.u16(0x0040)
		.u16(codes[0]!)
		.u16(codes[codes.length - 1]!)
		.u16(ASCENDER)
		.u16(DESCENDER)
		.u16(0)
		.u16(ASCENDER)
		.u16(-DESCENDER);
	os2.u32(0x00040001)
		.u32(0)
		.u16(8 * PIXEL)
		.u16(10 * PIXEL)
		.u16(0)
		.u16(32)
		.u16(1); // code pages: Latin 1, simplified Chinese
	const post = new Writer()
		.u32(0x00030000)
		.u32(0)
		.u16(-PIXEL * 2)
		.u16(PIXEL)
		.bytes(new Uint8Array(20));
	const name = nameTable([
		"Glyphs: GNU Unifont, Copyright 1998-2019 Roman Czyborra, Paul Hardy, Qianqian Fang and others; SIL OFL 1.1",
		family,
		"Regular",
		`${family} subset`,
		family,
		"Version 1.0",
		family.replace(/[^A-Za-z0-9-]/g, "-"),
	]);
	const tables: [string, Uint8Array][] = [
		["OS/2", os2.done()],
		["cmap", cmap(codes)],
		["glyf", glyf.done()],
		["head", head.done()],
		["hhea", hhea.done()],
		["hmtx", hmtx.done()],
		["loca", loca.done()],
		["maxp", maxp.done()],
		["name", name],
		["post", post.done()],
	];
	const pow = 2 ** Math.floor(Math.log2(tables.length));
	const file = new Writer()
		.u32(0x00010000)
		.u16(tables.length)
		.u16(pow * 16)
		.u16(Math.log2(pow))
		.u16(tables.length * 16 - pow * 16);
	let offset = 12 + 16 * tables.length;
	for (const [tag, data] of tables) {
		file.bytes([...tag].map((c) => c.charCodeAt(0)))
			.u32(checksum(data))
			.u32(offset)
			.u32(data.length);
		offset += (data.length + 3) & ~3;
	}
	for (const [, data] of tables) file.bytes(data).bytes(new Uint8Array(((data.length + 3) & ~3) - data.length));
	const bytes = file.done();
	const headAt = 12 + 16 * tables.length + tables.slice(0, 3).reduce((n, [, d]) => n + ((d.length + 3) & ~3), 0);
	new DataView(bytes.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(bytes)) >>> 0);
	return bytes;
}
