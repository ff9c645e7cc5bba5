// Lays a Screen out for the panel it is given, as a display list (paint.ts). Two panel classes:
//   large  (320×240 colour, ILI9341/ST7789): 24 px title bar, up to 9 body rows of 20 px, a 22 px hint bar
//   small  (128×64 mono, ST7565/SSD1306): 16 px inverted title row and 3 rows of 16 px; hints take the
//          bottom row when the body leaves it free, and menus page (docs/cashier-ui.md §5).
// The same function draws the device and the simulator picture.

import type { Rect } from "../../../hal/geometry.js";
import type { PixelFormat } from "../../../hal/display.js";
import { encodeQr, type QrSymbol } from "../../qr/qr-encoder.js";
import { utf8Encode } from "../../text/utf8.js";
import type { Menu, Screen, ScreenLine, StatusBar } from "../screen.js";
import { GLYPH_HEIGHT, type FontMetrics } from "./bitmap-font.js";
import { DisplayList } from "./display-list.js";
import type { Paint, Rgb565 } from "./paint.js";
import { COLOUR_THEME, MONO_THEME, type Theme } from "./theme.js";

export interface Panel {
	readonly width: number;
	readonly height: number;
	readonly format: PixelFormat;
}

interface Metrics {
	readonly titleHeight: number;
	readonly hintHeight: number;
	readonly rowHeight: number;
	readonly padX: number;
	/** Hints have their own bar (large) or share the last body row when it is free (small). */
	readonly hintBar: boolean;
	readonly progressHeight: number;
}

const LARGE: Metrics = { titleHeight: 24, hintHeight: 22, rowHeight: 20, padX: 8, hintBar: true, progressHeight: 14 };
const SMALL: Metrics = { titleHeight: 16, hintHeight: 16, rowHeight: 16, padX: 2, hintBar: false, progressHeight: 10 };

const ELLIPSIS = "…";
const MORE_ABOVE = "▲";
const MORE_BELOW = "▼";

function isSmallPanel(panel: Panel): boolean {
	return panel.height < 128 || panel.width < 200;
}

/** One body row: its height and how to paint it at `y`. */
interface Row {
	readonly height: number;
	readonly paint: (y: number, out: DisplayList) => void;
}

/**
 * The display list of `screen` on `panel`. Given the list the last frame was laid out in (`list`), the paints
 * that did not change are the last frame's objects (display-list.ts); the result is valid until the list's
 * frame after next.
 */
export function layoutScreen(screen: Screen, panel: Panel, font: FontMetrics, list = new DisplayList()): readonly Paint[] {
	const theme = panel.format === "mono1" ? MONO_THEME : COLOUR_THEME;
	const full: Rect = { x: 0, y: 0, w: panel.width, h: panel.height };
	const out = list;
	out.begin();
	if (screen.pattern) {
		testPattern(screen.pattern, full, theme, out);
		return out.end();
	}
	const m = isSmallPanel(panel) ? SMALL : LARGE;
	const text = new TextPainter(font, out);
	out.fill(0, 0, full.w, full.h, theme.paper);
	const status = screen.status;
	if (!out.part(TITLE_PART, status.title, status.clock, status.batteryPercent, status.signalBars)) {
		titleBar(status, { x: 0, y: 0, w: panel.width, h: m.titleHeight }, m, theme, text, out);
		out.endPart(TITLE_PART);
	}

	const bodyTop = m.titleHeight + (m.hintBar ? 2 : 0);
	const bodyBottom = panel.height - (m.hintBar ? m.hintHeight : 0);
	let body: Rect = { x: 0, y: bodyTop, w: panel.width, h: bodyBottom - bodyTop };
	if (screen.qr !== undefined) body = qrBlock(screen.qr, body, m, out);

	const fixedRows = (large: boolean, spacers: boolean, wrap: boolean) => {
		const list: Row[] = [];
		for (let i = 0; i < screen.lines.length; i++) {
			const l = screen.lines[i]!;
			if (!spacers && l.text === "") continue;
			if (!wrap || (l.size === "large" && large && text.font.textWidth(l.text) * 2 <= body.w))
				list.push(lineRow(l, body, m, theme, text, large));
			else for (const part of wrapLine(l, body.w - 2 * m.padX, text.font)) list.push(lineRow(part, body, m, theme, text, large));
		}
		if (screen.progress) list.push(progressRow(screen.progress.done, screen.progress.total, body, m, theme));
		return list;
	};
	// Too tall: first give up double size, then the empty spacer lines, then wrapping long lines (cut with …).
	const room = body.h - (screen.menu ? m.rowHeight : 0);
	let fixed: Row[] = [];
	for (let i = 0; i < FIT_ATTEMPTS.length; i += 3) {
		fixed = fixedRows(FIT_ATTEMPTS[i]!, FIT_ATTEMPTS[i + 1]!, FIT_ATTEMPTS[i + 2]!);
		if (height(fixed) <= room) break;
	}
	// The menu's rows go between the lines and the progress bar.
	let rows = fixed;
	if (screen.scroll !== undefined && !screen.menu && height(fixed) > room) {
		// Paged: every line at normal size, wrapped at spaces; `scroll` counts lines, not rows.
		const paged: Row[] = [];
		let first = -1;
		screen.lines.forEach((l, i) => {
			if (l.text === "") return;
			if (first < 0 && i >= screen.scroll!) first = paged.length;
			for (const part of wrapLine(l, body.w - 2 * m.padX, text.font, true)) paged.push(lineRow(part, body, m, theme, text, false));
		});
		rows = linePage(paged, first < 0 ? paged.length - 1 : first, body.h - (m.hintBar ? 2 : 0), body, m, theme, text);
	} else if (screen.menu) {
		const lineCount = fixed.length - (screen.progress ? 1 : 0);
		const menuRows = menuPage(screen.menu, body, Math.max(1, Math.floor((body.h - height(fixed)) / m.rowHeight)), m, theme, text);
		rows = [...fixed.slice(0, lineCount), ...menuRows, ...fixed.slice(lineCount)];
	}

	let y = body.y + (m.hintBar ? 2 : 0);
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i]!;
		if (y + row.height > body.y + body.h) break;
		row.paint(y, out);
		y += row.height;
	}
	const hints = screen.hints;
	if (hints.length > 0 && (m.hintBar || panel.height - y >= m.rowHeight)) {
		// Taken over from the last frame when its hints were the same (up to three compared; more: laid out).
		const same = hints.length <= 3 && out.part(HINTS_PART, hints.length, hints[0], hints[1], hints[2]);
		if (!same) {
			const h = m.hintBar ? m.hintHeight : m.rowHeight;
			hintBar(hints, { x: 0, y: panel.height - h, w: panel.width, h }, m, theme, text, out);
			if (hints.length <= 3) out.endPart(HINTS_PART);
		}
	}
	return out.end();
}

/** The parts a frame takes over from the last when their inputs are the same (display-list.ts). */
const TITLE_PART = 0,
	HINTS_PART = 1;

/** What layout gives up, in turn, when the lines do not fit: (double size, spacer lines, wrapping) per attempt. */
const FIT_ATTEMPTS: readonly boolean[] = [true, true, true, false, true, true, false, false, true, false, false, false];

function height(rows: readonly Row[]): number {
	let sum = 0;
	for (let i = 0; i < rows.length; i++) sum += rows[i]!.height;
	return sum;
}

class TextPainter {
	readonly font: FontMetrics;
	readonly #out: DisplayList;

	constructor(font: FontMetrics, out: DisplayList) {
		this.font = font;
		this.#out = out;
	}

	/** `s` cut to `width` pixels at `scale`, ending in … when cut. */
	fit(s: string, width: number, scale = 1): string {
		if (this.font.textWidth(s) * scale <= width) return s;
		const room = width - this.font.textWidth(ELLIPSIS) * scale;
		let cut = "",
			w = 0;
		for (const ch of s) {
			const cw = this.font.glyph(ch).width * scale;
			if (w + cw > room) break;
			cut += ch;
			w += cw;
		}
		return cut + ELLIPSIS;
	}

	/** Draws `s` in the box bx, by, bw × bh (vertically centred), aligned, cut to fit. */
	draw(s: string, bx: number, by: number, bw: number, bh: number, align: "left" | "center" | "right", color: Rgb565, scale = 1): void {
		const whole = this.font.textWidth(s) * scale;
		const shown = whole <= bw ? s : this.fit(s, bw, scale);
		const w = shown === s ? whole : this.font.textWidth(shown) * scale;
		const x = align === "left" ? bx : align === "right" ? bx + bw - w : bx + ((bw - w) >> 1);
		const y = by + ((bh - GLYPH_HEIGHT * scale) >> 1);
		if (shown !== "") this.#out.text(x, y, shown, color, scale, bx, by, bw, bh);
	}
}

function titleBar(status: StatusBar, bar: Rect, m: Metrics, theme: Theme, text: TextPainter, out: DisplayList): void {
	out.fill(bar.x, bar.y, bar.w, bar.h, theme.titleBackground);
	const small = m === SMALL;
	const clockWidth = text.font.textWidth(status.clock);
	let right = bar.x + bar.w - m.padX;
	text.draw(status.clock, right - clockWidth, bar.y, clockWidth, bar.h, "right", theme.titleInk);
	right -= clockWidth + (small ? 2 : 6);
	const batteryWidth = small ? 12 : 22;
	battery(
		status.batteryPercent,
		{ x: right - batteryWidth, y: bar.y + (bar.h >> 1) - (small ? 3 : 5), w: batteryWidth, h: small ? 7 : 11 },
		theme,
		out,
	);
	right -= batteryWidth + (small ? 2 : 6);
	const signalWidth = small ? 9 : 15;
	signal(
		status.signalBars,
		{ x: right - signalWidth, y: bar.y + (small ? 3 : 5), w: signalWidth, h: bar.h - (small ? 6 : 10) },
		theme,
		out,
	);
	right -= signalWidth + (small ? 2 : 6);
	text.draw(status.title, bar.x + m.padX, bar.y, right - bar.x - m.padX, bar.h, "left", theme.titleInk);
}

/** Outline, terminal nub, and a level bar in proportion to `percent`. */
function battery(percent: number, r: Rect, theme: Theme, out: DisplayList): void {
	const c = theme.titleInk;
	const body = { x: r.x, y: r.y, w: r.w - 2, h: r.h };
	out.fill(body.x, body.y, body.w, 1, c);
	out.fill(body.x, body.y + body.h - 1, body.w, 1, c);
	out.fill(body.x, body.y, 1, body.h, c);
	out.fill(body.x + body.w - 1, body.y, 1, body.h, c);
	out.fill(r.x + r.w - 2, r.y + (r.h >> 2), 2, r.h - 2 * (r.h >> 2), c);
	const inner = body.w - 4;
	const level = Math.round((Math.max(0, Math.min(100, percent)) / 100) * inner);
	if (level > 0) out.fill(body.x + 2, body.y + 2, level, body.h - 4, c);
}

/** Four bars of rising height; bars above `bars` are a one-pixel stub. */
function signal(bars: number, r: Rect, theme: Theme, out: DisplayList): void {
	const barWidth = Math.max(1, Math.floor((r.w - 3) / 4));
	for (let i = 0; i < 4; i++) {
		const h = i < bars ? Math.max(1, Math.round((r.h * (i + 1)) / 4)) : 1;
		out.fill(r.x + i * (barWidth + 1), r.y + r.h - h, barWidth, h, theme.titleInk);
	}
}

/**
 * `l` split into rows that fit `width`, breaking between characters, or with `atSpaces` after the row's last
 * space where it has one (so "消费: 1 笔 50.00" keeps its amount whole).
 */
function wrapLine(l: ScreenLine, width: number, font: FontMetrics, atSpaces = false): ScreenLine[] {
	if (font.textWidth(l.text) <= width) return [l];
	const rows: ScreenLine[] = [];
	let row = "",
		w = 0;
	for (const ch of l.text) {
		const cw = font.glyph(ch).width;
		if (w + cw > width && row !== "") {
			const space = atSpaces ? row.lastIndexOf(" ") : -1;
			rows.push({ ...l, text: space > 0 ? row.slice(0, space) : row });
			row = space > 0 ? row.slice(space + 1) : "";
			w = font.textWidth(row);
		}
		row += ch;
		w += cw;
	}
	if (row !== "") rows.push({ ...l, text: row });
	return rows;
}

function lineRow(l: ScreenLine, body: Rect, m: Metrics, theme: Theme, text: TextPainter, allowLarge: boolean): Row {
	const wantLarge = l.size === "large" && allowLarge;
	// Double size may use the padding too: "1,234.56" is exactly 128 px on the small panel.
	const large = wantLarge && text.font.textWidth(l.text) * 2 <= body.w;
	const h = large ? GLYPH_HEIGHT * 2 + (m === SMALL ? 0 : 8) : m.rowHeight;
	return {
		height: h,
		paint: (y, out) => {
			let ink = theme.tones[l.tone ?? "normal"];
			if (l.emphasis) {
				out.fill(body.x, y, body.w, h, theme.highlightBackground);
				ink = theme.highlightInk;
			}
			if (large) text.draw(l.text, body.x, y, body.w, h, l.align, ink, 2);
			else text.draw(l.text, body.x + m.padX, y, body.w - 2 * m.padX, h, l.align, ink);
		},
	};
}

function progressRow(done: number, total: number, body: Rect, m: Metrics, theme: Theme): Row {
	const h = m.rowHeight;
	return {
		height: h,
		paint: (y, out) => {
			const bar: Rect = { x: body.x + m.padX, y: y + ((h - m.progressHeight) >> 1), w: body.w - 2 * m.padX, h: m.progressHeight };
			const c = theme.highlightBackground;
			out.fill(bar.x, bar.y, bar.w, bar.h, c);
			out.fill(bar.x + 1, bar.y + 1, bar.w - 2, bar.h - 2, theme.paper);
			const fraction = total <= 0 ? 0 : Math.max(0, Math.min(1, done / total));
			const w = Math.round((bar.w - 4) * fraction);
			if (w > 0) out.fill(bar.x + 2, bar.y + 2, w, bar.h - 4, c);
		},
	};
}

/**
 * The rows from row `scroll` on that fit `room` (the last row at most); ▲ on the first row shown when rows are
 * above it, ▼ on the last when rows are below.
 */
function linePage(rows: readonly Row[], scroll: number, room: number, body: Rect, m: Metrics, theme: Theme, text: TextPainter): Row[] {
	const first = Math.max(0, Math.min(Math.floor(scroll), rows.length - 1));
	const shown: Row[] = [];
	for (let i = first, h = 0; i < rows.length && h + rows[i]!.height <= room; i++) {
		shown.push(rows[i]!);
		h += rows[i]!.height;
	}
	if (shown.length === 0) return shown;
	const markWidth = text.font.textWidth(MORE_BELOW) + 2;
	const marked = (row: Row, mark: string): Row => ({
		height: row.height,
		paint: (y, out) => {
			row.paint(y, out);
			const x = body.x + body.w - m.padX - markWidth;
			out.fill(x, y, markWidth + m.padX, row.height, theme.paper);
			text.draw(mark, x, y, markWidth, row.height, "right", theme.ink);
		},
	});
	if (first > 0) shown[0] = marked(shown[0]!, MORE_ABOVE);
	if (first + shown.length < rows.length) shown[shown.length - 1] = marked(shown[shown.length - 1]!, MORE_BELOW);
	return shown;
}

/** The page of `menu` that holds the highlight, `pageSize` rows; ▲/▼ mark further pages. */
function menuPage(menu: Menu, body: Rect, pageSize: number, m: Metrics, theme: Theme, text: TextPainter): Row[] {
	const page = Math.floor(Math.max(0, menu.highlight) / pageSize);
	const first = page * pageSize;
	const items = menu.items.slice(first, first + pageSize);
	const paged = menu.items.length > pageSize;
	const markWidth = paged ? text.font.textWidth(MORE_BELOW) + 2 : 0;
	return items.map((item, i) => ({
		height: m.rowHeight,
		paint: (y, out) => {
			const selected = first + i === menu.highlight;
			const h = m.rowHeight;
			if (selected) out.fill(body.x, y, body.w, h, theme.highlightBackground);
			const ink = selected ? theme.highlightInk : theme.ink;
			text.draw(`${item.key}.${item.label}`, body.x + m.padX, y, body.w - 2 * m.padX - markWidth, h, "left", ink);
			const mark =
				i === 0 && page > 0 ? MORE_ABOVE : i === items.length - 1 && first + pageSize < menu.items.length ? MORE_BELOW : "";
			if (mark) text.draw(mark, body.x + body.w - m.padX - markWidth, y, markWidth, h, "right", ink);
		},
	}));
}

/** The last payload encoded: a screen showing a QR code is redrawn (clock, status) without encoding it again. */
let lastQr: { readonly payload: string; readonly symbol: QrSymbol | undefined } | undefined;

function qrSymbol(payload: string): QrSymbol | undefined {
	if (lastQr?.payload !== payload) {
		// Byte mode over UTF-8, as phone readers expect (ISO/IEC 18004 §7.4.5 without an ECI).
		const encoded = encodeQr(utf8Encode(payload), "M");
		lastQr = { payload, symbol: encoded.ok ? encoded.value : undefined };
	}
	return lastQr.symbol;
}

/** Places the QR code at the right of the body (the whole body on a small panel); returns the rest of the body. */
function qrBlock(payload: string, body: Rect, m: Metrics, out: DisplayList): Rect {
	const symbol = qrSymbol(payload);
	if (!symbol) return body;
	const quiet = 2;
	const side = symbol.size + 2 * quiet;
	const scale = Math.max(1, Math.floor(Math.min(body.h, body.w) / side));
	const px = side * scale;
	const x = body.x + body.w - px - (m === SMALL ? 0 : m.padX);
	const y = body.y + ((body.h - px) >> 1);
	out.fill(x, y, px, px, 0xffff);
	out.push({
		kind: "bits",
		rect: { x: x + quiet * scale, y: y + quiet * scale, w: symbol.size * scale, h: symbol.size * scale },
		columns: symbol.size,
		bits: symbol.bits,
		scale,
		color: 0x0000,
		id: `qr:${symbol.version}:${payload}`,
	});
	return { x: body.x, y: body.y, w: x - body.x, h: body.h };
}

function hintBar(hints: readonly string[], bar: Rect, m: Metrics, theme: Theme, text: TextPainter, out: DisplayList): void {
	out.fill(bar.x, bar.y, bar.w, bar.h, theme.hintBackground);
	if (!m.hintBar || theme === MONO_THEME) out.fill(bar.x, bar.y, bar.w, 1, theme.hintInk);
	const cell = Math.floor((bar.w - 2 * m.padX) / hints.length);
	for (let i = 0; i < hints.length; i++) {
		const align = hints.length === 1 || i === 0 ? "left" : i === hints.length - 1 ? "right" : "center";
		text.draw(hints[i]!, bar.x + m.padX + i * cell, bar.y + 1, cell, bar.h - 1, align, theme.hintInk);
	}
}

function testPattern(pattern: NonNullable<Screen["pattern"]>, full: Rect, theme: Theme, out: DisplayList): void {
	switch (pattern) {
		case "all-on":
			out.fill(0, 0, full.w, full.h, theme === MONO_THEME ? theme.ink : 0xffff);
			return;
		case "all-off":
			out.fill(0, 0, full.w, full.h, theme === MONO_THEME ? theme.paper : 0x0000);
			return;
		case "checkerboard":
			out.push({ kind: "checker", rect: full, cell: 8, color: theme.ink, background: theme.paper });
			return;
		case "colour-bars": {
			const n = theme.bars.length;
			theme.bars.forEach((color, i) => {
				const x0 = Math.floor((full.w * i) / n),
					x1 = Math.floor((full.w * (i + 1)) / n);
				out.fill(x0, 0, x1 - x0, full.h, color);
			});
			return;
		}
	}
}
