import { assert } from "../../support/assert.js";
import type { PixelFormat } from "../../../hal/display.js";
import type { Rect } from "../../../hal/geometry.js";
import { FramebufferDisplay } from "../../../host-sim/hal/framebuffer-display.js";
import { galleryScreens } from "../../../host-sim/sim/screen-gallery.js";
import { BAND_ROWS } from "../../../src/ui/render/frame-painter.js";
import { DirtyBands, firmwareFont, ScreenRenderer } from "../../../src/ui/render/screen-renderer.js";
import { layoutScreen } from "../../../src/ui/render/layout.js";
import { COLOUR_THEME } from "../../../src/ui/render/theme.js";
import { line, type Screen } from "../../../src/ui/screen.js";

const PANELS: readonly (readonly [string, number, number, PixelFormat])[] = [
	["320×240 colour", 320, 240, "rgb565"],
	["128×64 mono", 128, 64, "mono1"],
];

const status = { title: "消费", clock: "09:30", batteryPercent: 50, signalBars: 2 };

function drawn(width: number, height: number, format: PixelFormat, screen: Screen) {
	const display = new FramebufferDisplay(width, height, format);
	const frames: (readonly Rect[])[] = [];
	display.onFrame((rects) => frames.push(rects));
	const renderer = new ScreenRenderer(display);
	renderer.draw(screen);
	return { display, renderer, frames };
}

function texts(screen: Screen, width: number, height: number, format: PixelFormat): string[] {
	return layoutScreen(screen, { width, height, format }, firmwareFont()).flatMap((p) => (p.kind === "text" ? [p.text] : []));
}

describe("screen rendering", () => {
	for (const [name, width, height, format] of PANELS) {
		it(`draws every example screen on the ${name} panel in both languages, fully, in one frame`, () => {
			for (const language of ["zh", "en"] as const) {
				for (const { name: screenName, screen } of galleryScreens(language)) {
					const { display, frames } = drawn(width, height, format, screen);
					assert.equal(frames.length, 1, screenName);
					const covered = frames[0]!.reduce((sum, r) => sum + r.w * r.h, 0);
					assert.equal(covered, width * height, `${screenName}: the first frame covers the panel`);
					const colours = new Set<number>();
					for (let y = 0; y < height; y += 2) for (let x = 0; x < width; x += 2) colours.add(display.rgb565At(x, y));
					assert.ok(
						screen.pattern === "all-on" || screen.pattern === "all-off" || colours.size > 1,
						`${screenName} is not blank`,
					);
				}
			}
		});
	}

	it("draws each glyph pixel-exact where the layout puts it (Unifont A at the body's left edge)", () => {
		const { display } = drawn(320, 240, "rgb565", { status, lines: [line("A")], hints: [] });
		// Large panel: body text starts at x = 8, first row at y = 28 (24 px title bar + 2 + 2) inside a 20 px row.
		const ink = COLOUR_THEME.ink,
			paper = COLOUR_THEME.paper;
		const rowTop = 28 + 2;
		const glyphRow = (gy: number) =>
			[0, 1, 2, 3, 4, 5, 6, 7]
				.map((gx) =>
					display.rgb565At(8 + gx, rowTop + gy) === ink ? "#" : display.rgb565At(8 + gx, rowTop + gy) === paper ? "." : "?",
				)
				.join("");
		assert.deepEqual([4, 5, 9, 13].map(glyphRow), ["...##...", "..#..#..", ".######.", ".#....#."]);
	});

	it("tints the title bar on the colour panel and inverts it on the mono panel", () => {
		assert.equal(drawn(320, 240, "rgb565", { status, lines: [], hints: [] }).display.rgb565At(2, 2), COLOUR_THEME.titleBackground);
		assert.equal(drawn(128, 64, "mono1", { status, lines: [], hints: [] }).display.rgb565At(1, 1), 0x0000);
	});

	it("writes only the changed area on the next frame: a new clock redraws the clock's bands, nothing else", () => {
		const { display, frames, renderer } = drawn(320, 240, "rgb565", { status, lines: [line("金额")], hints: ["确认"] });
		renderer.draw({ status: { ...status, clock: "09:31" }, lines: [line("金额")], hints: ["确认"] });
		assert.equal(frames.length, 2);
		const rects = frames[1]!;
		assert.ok(rects.length >= 1, "something was written");
		for (const r of rects) {
			assert.ok(r.y + r.h <= 24 && r.x >= 320 - 8 - 40, `inside the title-bar clock: ${JSON.stringify(r)}`);
		}
		const written = rects.reduce((sum, r) => sum + r.w * r.h, 0);
		assert.ok(written < (320 * 24) / 4, `${written} pixels`);
		assert.equal(display.frameCount, 2);
	});

	it("writes no frame at all when the screen did not change", () => {
		const screen: Screen = { status, lines: [line("请刷卡")], hints: [] };
		const { frames, renderer } = drawn(128, 64, "mono1", screen);
		renderer.draw({ ...screen, lines: [line("请刷卡")] });
		assert.equal(frames.length, 1);
		assert.equal(renderer.stats.frames, 1);
	});

	/** The bands a DirtyBands cuts for `changed`, copied (its band objects are rewritten by its next call). */
	const dirtyBands = (changed: readonly Rect[], height: number, align?: number, bands = new DirtyBands(height, align)): Rect[] => {
		bands.clear();
		for (const r of changed) bands.add(r.x, r.y, r.w, r.h);
		return bands.bands().map((b) => ({ ...b }));
	};

	it("cuts the same bands as scanning every band with every rectangle, rectangles off the panel included", () => {
		// The plain reading of the rule, band by band: the reference the band-by-rectangle walk must match.
		const reference = (changed: readonly Rect[], height: number, align?: number): Rect[] => {
			const out: Rect[] = [];
			for (let top = 0; top < height; top += BAND_ROWS) {
				const bottom = Math.min(height, top + BAND_ROWS);
				const hit = changed.filter((r) => r.w > 0 && r.h > 0 && r.y < bottom && r.y + r.h > top);
				if (hit.length === 0) continue;
				let x0 = Math.min(...hit.map((r) => r.x)),
					x1 = Math.max(...hit.map((r) => r.x + r.w));
				const y0 = Math.min(...hit.map((r) => Math.max(top, r.y))),
					y1 = Math.max(...hit.map((r) => Math.min(bottom, r.y + r.h)));
				if (align !== undefined) [x0, x1] = [x0 & ~7, Math.min(align, (x1 + 7) & ~7)];
				out.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
			}
			return out;
		};
		let seed = 15;
		const next = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
		for (let round = 0; round < 500; round++) {
			const height = [64, 240, 250][next(3)]!;
			const changed: Rect[] = [];
			for (let k = next(7); k > 0; k--)
				changed.push({ x: next(340) - 10, y: next(height + 40) - 20, w: next(80) - 5, h: next(60) - 5 });
			const align = next(2) === 0 ? 128 : undefined;
			assert.deepEqual(dirtyBands(changed, height, align), reference(changed, height, align), JSON.stringify({ changed, height }));
		}
	});

	it("cuts changed areas into bands of at most BAND_ROWS lines spanning the changed columns, whole bytes on mono", () => {
		assert.deepEqual(
			dirtyBands(
				[
					{ x: 10, y: 5, w: 20, h: 30 },
					{ x: 50, y: 20, w: 5, h: 2 },
				],
				240,
			),
			[
				{ x: 10, y: 5, w: 20, h: BAND_ROWS - 5 },
				{ x: 10, y: 16, w: 45, h: 16 },
				{ x: 10, y: 32, w: 20, h: 3 },
			],
		);
		assert.deepEqual(dirtyBands([{ x: 0, y: 0, w: 0, h: 10 }], 64), []);
		// One DirtyBands frame after frame: clear() forgets the last frame's rectangles and bands.
		const kept = new DirtyBands(240);
		assert.equal(dirtyBands([{ x: 0, y: 0, w: 320, h: 240 }], 240, undefined, kept).length, 15);
		assert.deepEqual(dirtyBands([{ x: 50, y: 20, w: 5, h: 2 }], 240, undefined, kept), [{ x: 50, y: 20, w: 5, h: 2 }]);
		assert.deepEqual(
			dirtyBands(
				[
					{ x: 13, y: 2, w: 10, h: 4 },
					{ x: 125, y: 20, w: 3, h: 2 },
				],
				64,
				128,
			),
			[
				{ x: 8, y: 2, w: 16, h: 4 },
				{ x: 120, y: 20, w: 8, h: 2 },
			],
		);
	});

	it("pages a long menu on the small panel around the highlight and shows it whole on the large one", () => {
		const items = ["消费", "消费撤销", "退货", "余额查询", "预授权", "结算", "签退", "签到", "管理"].map((label, i) => ({
			key: String(i + 1),
			label,
		}));
		const screen: Screen = { status, lines: [], menu: { items, highlight: 4 }, hints: [] };
		const small = texts(screen, 128, 64, "mono1").filter((t) => /^\d\./.test(t));
		assert.deepEqual(small, ["4.余额查询", "5.预授权", "6.结算"]);
		assert.ok(texts(screen, 128, 64, "mono1").includes("▲") && texts(screen, 128, 64, "mono1").includes("▼"));
		assert.equal(texts(screen, 320, 240, "rgb565").filter((t) => /^\d\./.test(t)).length, 9);
	});

	it("draws large lines at double size where they fit, normal size where they do not", () => {
		const screen: Screen = { status, lines: [{ ...line("1,234.56", "center"), size: "large" }], hints: [] };
		const scales = (w: number, h: number, f: PixelFormat) =>
			layoutScreen(screen, { width: w, height: h, format: f }, firmwareFont()).flatMap((p) =>
				p.kind === "text" && p.text === "1,234.56" ? [p.scale] : [],
			);
		assert.deepEqual(scales(320, 240, "rgb565"), [2]);
		assert.deepEqual(scales(128, 64, "mono1"), [2], "exactly 128 px: the padding is used");
		const wide: Screen = { status, lines: [{ ...line("12,345,678.90", "center"), size: "large" }], hints: [] };
		assert.deepEqual(
			layoutScreen(wide, { width: 128, height: 64, format: "mono1" }, firmwareFont()).flatMap((p) =>
				p.kind === "text" && p.text === "12,345,678.90" ? [p.scale] : [],
			),
			[1],
		);
	});

	it("pages the lines of a screen that scrolls, a line at a time, wrapped at spaces, marking more with ▲/▼", () => {
		const lines = ["批次 000001", "消费: 1 笔 50.00", "消费撤销: 1 笔 50.00", "退货: 1 笔 12.00", "确认键结算"].map((t) => line(t));
		const at = (scroll: number) => texts({ status, lines, hints: [], scroll }, 128, 64, "mono1").slice(2);
		assert.deepEqual(at(0), ["批次 000001", "消费: 1 笔", "50.00", "▼"]);
		assert.deepEqual(at(1), ["消费: 1 笔", "▲", "50.00", "消费撤销: 1 笔", "▼"]);
		assert.deepEqual(at(3), ["退货: 1 笔", "▲", "12.00", "确认键结算"]);
		assert.deepEqual(at(4), ["确认键结算", "▲"]);
		assert.deepEqual(at(9), at(4), "past the end: the last line");
		// Without scroll the lines are cut, as before; on the large panel they all fit and nothing is marked.
		assert.ok(!texts({ status, lines, hints: [] }, 128, 64, "mono1").includes("▼"));
		const large = texts({ status, lines, hints: [], scroll: 0 }, 320, 240, "rgb565");
		assert.ok(large.includes("确认键结算") && !large.includes("▼") && !large.includes("▲"));
	});

	it("drops empty spacer lines before content on the small panel", () => {
		const screen: Screen = { status, lines: [line("posterm"), line("898310048990001"), line(""), line("请刷卡")], hints: [] };
		assert.ok(texts(screen, 128, 64, "mono1").includes("请刷卡"));
	});

	it("wraps a long line onto the next rows where they are free, and cuts it with … where they are not", () => {
		const prompt = "请输入操作员 01 密码:";
		assert.deepEqual(texts({ status, lines: [line(prompt)], hints: [] }, 128, 64, "mono1").slice(-2), ["请输入操作员 01", " 密码:"]);
		const full: Screen = { status, lines: [line("金额: 123.45"), line("请持卡人输入密码:"), line("***")], hints: [] };
		assert.deepEqual(texts(full, 128, 64, "mono1").slice(-3), ["金额: 123.45", "请持卡人输入密…", "***"]);
		assert.ok(texts({ status, lines: [line(prompt)], hints: [] }, 320, 240, "rgb565").includes(prompt), "one row on the large panel");
	});

	it("draws a QR code with its finder pattern and quiet zone", () => {
		const { display } = drawn(320, 240, "rgb565", { status, lines: [], hints: [], qr: "posterm" });
		const paints = layoutScreen({ status, lines: [], hints: [], qr: "posterm" }, display, firmwareFont());
		const qr = paints.find((p) => p.kind === "bits");
		assert.ok(qr && qr.kind === "bits" && qr.id.endsWith(":posterm"));
		if (qr?.kind !== "bits") return;
		const s = qr.scale,
			x0 = qr.rect.x,
			y0 = qr.rect.y;
		assert.deepEqual(
			[0, 1, 2, 3, 4, 5, 6, 7].map((k) => (display.rgb565At(x0 + k * s, y0 + 3 * s) === 0 ? 1 : 0)),
			[1, 0, 1, 1, 1, 0, 1, 0],
		);
		assert.equal(display.rgb565At(x0 - s, y0 - s), 0xffff, "quiet zone");
	});

	it("draws the factory patterns exactly: all on, all off, 8-pixel checkerboard, colour bars", () => {
		const mono = (pattern: Screen["pattern"]) => drawn(128, 64, "mono1", { status, lines: [], hints: [], pattern }).display;
		assert.ok(mono("all-on").pixels.every((b) => b === 0xff));
		assert.ok(mono("all-off").pixels.every((b) => b === 0));
		const checker = mono("checkerboard");
		assert.deepEqual(
			[
				[0, 0],
				[7, 7],
				[8, 0],
				[0, 8],
				[8, 8],
				[127, 63],
			].map(([x, y]) => checker.rgb565At(x!, y!)),
			[0, 0, 0xffff, 0xffff, 0, 0],
		);
		const bars = drawn(320, 240, "rgb565", { status, lines: [], hints: [], pattern: "colour-bars" }).display;
		assert.deepEqual(
			[0, 40, 80, 120, 160, 200, 240, 280].map((x) => bars.rgb565At(x + 5, 100)),
			COLOUR_THEME.bars,
		);
	});
});
