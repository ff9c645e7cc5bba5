// The device's Poco painter (device/moddable/poco-display.ts) and its fonts (host-sim/tools/poco-font.ts) against
// the JavaScript rasteriser, in Node. Poco itself is native and runs only in a Moddable build (the device check
// compares mcsim's panels with host-sim's); here a stand-in with Poco's drawing rules (begin clips to the area,
// clip() intersects and pops, monochrome bitmaps draw set bits only, text glyphs are looked up in the BMF chars
// block by code point and cut from the atlas) draws what the painter asks for, reading the generated BMF bytes.

import { strict as assert } from "node:assert";
import type { PixelFormat } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { PocoDisplay, type PocoRenderer } from "../../../device/moddable/poco-display.js";
import { FramebufferDisplay } from "../../../host-sim/hal/framebuffer-display.js";
import { galleryScreens } from "../../../host-sim/sim/screen-gallery.js";
import { MISSING_GLYPH, POCO_FONT_SCALES, pocoFont } from "../../../host-sim/tools/poco-font.js";
import { UNIFONT_SUBSET } from "../../../src/ui/render/font-data.js";
import { firmwareFont, ScreenRenderer } from "../../../src/ui/render/screen-renderer.js";
import { intersect } from "../../../src/ui/render/paint.js";
import { line, type Screen } from "../../../src/ui/screen.js";

interface MonoBitmap {
	readonly width: number;
	readonly height: number;
	readonly bits: Uint8Array;
}

interface StandInFont {
	readonly fnt: Uint8Array;
	readonly bitmap: MonoBitmap;
}

/** The chars block of a BMF v3 file: code point → [x, y, width, height, xoffset, yoffset, xadvance]. */
function charsBlock(fnt: Uint8Array): Map<number, number[]> {
	const view = new DataView(fnt.buffer, fnt.byteOffset, fnt.byteLength);
	assert.deepEqual([...fnt.subarray(0, 4)], [0x42, 0x4d, 0x46, 3], "BMF version 3 header");
	let at = 4;
	for (const type of [1, 2, 3]) {
		assert.equal(fnt[at], type, `block ${type}`);
		at += 5 + view.getUint32(at + 1, true);
	}
	assert.equal(fnt[at], 4, "chars block");
	const size = view.getUint32(at + 1, true);
	assert.equal(size % 20, 0);
	const chars = new Map<number, number[]>();
	let previous = -1;
	for (let p = at + 5; p < at + 5 + size; p += 20) {
		const id = view.getUint32(p, true);
		assert.ok(id > previous, "chars ascending by code point (Commodetto's BMF engine binary-searches them)");
		previous = id;
		chars.set(
			id,
			[0, 2, 4, 6, 8, 10, 12].map((o) => view.getInt16(p + 4 + o, true)),
		);
	}
	return chars;
}

/** Draws into an RGB565 framebuffer as Poco would. */
class StandInPoco implements PocoRenderer {
	readonly pixels: Uint16Array;
	readonly width: number;
	#clips: Rect[] = [];
	#chars = new Map<StandInFont, Map<number, number[]>>();

	constructor(width: number, height: number) {
		this.width = width;
		this.pixels = new Uint16Array(width * height);
	}

	begin(x: number, y: number, w: number, h: number): void {
		assert.equal(this.#clips.length, 0, "begin() inside a frame");
		this.#clips = [{ x, y, w, h }];
	}

	end(): void {
		assert.equal(this.#clips.length, 1, "every clip() popped before end()");
		this.#clips = [];
	}

	clip(x?: number, y?: number, w?: number, h?: number): void {
		if (x === undefined) {
			assert.ok(this.#clips.length > 1, "clip() pops only what clip(x, y, w, h) pushed");
			this.#clips.pop();
		} else this.#clips.push(intersect(this.#clip, { x, y: y!, w: w!, h: h! }));
	}

	makeColor(r: number, g: number, b: number): number {
		return ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
	}

	fillRectangle(color: number, x: number, y: number, w: number, h: number): void {
		const r = intersect(this.#clip, { x, y, w, h });
		for (let py = r.y; py < r.y + r.h; py++) this.pixels.fill(color, py * this.width + r.x, py * this.width + r.x + r.w);
	}

	drawMonochrome(bitmap: object, fore: number | undefined, back: number | undefined, x: number, y: number): void {
		const b = bitmap as MonoBitmap;
		assert.equal(back, undefined, "foreground only: unset bits keep what is below");
		this.#bits(b, fore!, x, y, 0, 0, b.width, b.height);
	}

	drawText(text: string, font: object, color: number, x: number, y: number): void {
		const f = font as StandInFont;
		let chars = this.#chars.get(f);
		if (!chars) this.#chars.set(f, (chars = charsBlock(f.fnt)));
		for (const ch of text) {
			const glyph = chars.get(ch.codePointAt(0)!);
			assert.ok(glyph, `U+${ch.codePointAt(0)!.toString(16)} is in the font (Poco would substitute or skip it)`);
			const [sx, sy, w, h, dx, dy, advance] = glyph as [number, number, number, number, number, number, number];
			this.#bits(f.bitmap, color, x + dx, y + dy, sx, sy, w, h);
			x += advance;
		}
	}

	get #clip(): Rect {
		return this.#clips[this.#clips.length - 1]!;
	}

	#bits(b: MonoBitmap, color: number, x: number, y: number, sx: number, sy: number, w: number, h: number): void {
		const clip = this.#clip,
			stride = (b.width + 7) >> 3;
		for (let j = 0; j < h; j++) {
			for (let i = 0; i < w; i++) {
				const px = x + i,
					py = y + j;
				if (px < clip.x || py < clip.y || px >= clip.x + clip.w || py >= clip.y + clip.h) continue;
				const bx = sx + i,
					by = sy + j;
				if (b.bits[by * stride + (bx >> 3)]! & (0x80 >> (bx & 7))) this.pixels[py * this.width + px] = color;
			}
		}
	}
}

function pocoPanel(width: number, height: number, format: PixelFormat) {
	const poco = new StandInPoco(width, height);
	const fonts = new Map<number, object>();
	for (const scale of POCO_FONT_SCALES) {
		const files = pocoFont(scale);
		assert.equal(files.atlas.length, (files.atlasWidth * files.atlasHeight) / 8);
		fonts.set(scale, { fnt: files.fnt, bitmap: { width: files.atlasWidth, height: files.atlasHeight, bits: files.atlas } });
	}
	const display = new PocoDisplay({
		display: new FramebufferDisplay(width, height, format),
		poco,
		fonts,
		glyphs: firmwareFont(),
		monochrome: (w, h, bits) => ({ width: w, height: h, bits: new Uint8Array(bits) }),
	});
	return { poco, renderer: new ScreenRenderer(display) };
}

function mismatches(poco: StandInPoco, reference: FramebufferDisplay): string[] {
	const out: string[] = [];
	for (let y = 0; y < reference.height; y++)
		for (let x = 0; x < reference.width; x++) {
			const want = reference.rgb565At(x, y),
				got = poco.pixels[y * reference.width + x]!;
			if (want !== got && out.length < 5) out.push(`(${x},${y}) ${got.toString(16)} ≠ ${want.toString(16)}`);
		}
	return out;
}

const PANELS: readonly (readonly [string, number, number, PixelFormat])[] = [
	["320×240 colour", 320, 240, "rgb565"],
	["128×64 mono", 128, 64, "mono1"],
];

describe("device Poco painter and its BMF fonts", () => {
	it("each font holds every glyph of the subset, at the subset's advance, its atlas bits the glyph's scaled", () => {
		const font = firmwareFont();
		for (const scale of POCO_FONT_SCALES) {
			const files = pocoFont(scale);
			const chars = charsBlock(files.fnt);
			const stride = files.atlasWidth >> 3;
			for (const [code, [sx, sy, w, h, , , advance]] of chars as Map<number, number[]>) {
				const ch = String.fromCodePoint(code);
				assert.ok(font.has(ch) || ch === MISSING_GLYPH);
				const glyph = font.glyph(ch);
				assert.equal(advance, glyph.width * scale, ch);
				assert.equal(w, glyph.width * scale);
				assert.equal(h, 16 * scale);
				for (let y = 0; y < h!; y++)
					for (let x = 0; x < w!; x++) {
						const atlas = files.atlas[(sy! + y) * stride + ((sx! + x) >> 3)]! & (0x80 >> ((sx! + x) & 7));
						const col = Math.floor(x / scale),
							row = Math.floor(y / scale);
						const own = glyph.rows[row * (glyph.width >> 3) + (col >> 3)]! & (0x80 >> (col & 7));
						assert.equal(Boolean(atlas), Boolean(own), `${ch} at ${x},${y} scale ${scale}`);
					}
			}
			assert.equal(chars.size, [...UNIFONT_SUBSET.narrow, ...UNIFONT_SUBSET.wide].length + 1, "the subset and the box");
		}
	});

	for (const [name, width, height, format] of PANELS) {
		it(`paints every example screen on the ${name} panel as the JavaScript rasteriser does, whole and as partial updates`, () => {
			for (const language of ["zh", "en"] as const) {
				const screens = galleryScreens(language);
				const reference = new FramebufferDisplay(width, height, format);
				const jsRenderer = new ScreenRenderer(reference);
				const { poco, renderer } = pocoPanel(width, height, format);
				// One renderer each over the whole gallery: the first screen whole, every later one a partial update.
				for (const { name: screenName, screen } of screens) {
					jsRenderer.draw(screen);
					renderer.draw(screen);
					assert.deepEqual(mismatches(poco, reference), [], `${language} ${screenName}`);
				}
			}
		});
	}

	it("shows a character the subset lacks as the same box the JavaScript rasteriser draws", () => {
		const screen: Screen = {
			status: { title: "é", clock: "09:30", batteryPercent: 50, signalBars: 2 },
			lines: [line("Ωx€")],
			hints: [],
		};
		const reference = new FramebufferDisplay(320, 240, "rgb565");
		new ScreenRenderer(reference).draw(screen);
		const { poco, renderer } = pocoPanel(320, 240, "rgb565");
		renderer.draw(screen);
		assert.deepEqual(mismatches(poco, reference), []);
	});
});
