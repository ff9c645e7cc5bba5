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

/** A rectangle layout narrows as it goes (the body, beside a QR code). */
type Area = { -readonly [K in keyof Rect]: Rect[K] };

/** What a body row is: a line (or a wrapped line's part), a menu entry or the progress bar. */
const LINE = 0,
	ITEM = 1,
	PROGRESS = 2;
/** A row's flags: a line at double size; ▲ (more above) and ▼ (more below) at its right. */
const DOUBLE = 1,
	ABOVE = 2,
	BELOW = 4;
/** Numbers per row: kind, height, flags, the menu entry's index, the room kept at the right for ▲/▼. */
const FIELDS = 5;

/**
 * The body rows of the screen being laid out, painted by paintRow: the first `count`, in order, as numbers in
 * one array and the line each shows, not an object (and closures) per row. Kept by the Layout from frame to
 * frame, they hold no heap slot between frames but the two arrays (release() lets the lines go).
 */
class BodyRows {
	count = 0;
	#fields = new Int16Array(16 * FIELDS);
	readonly #lines: (ScreenLine | undefined)[] = [];

	kind(i: number): number {
		return this.#fields[i * FIELDS]!;
	}

	height(i: number): number {
		return this.#fields[i * FIELDS + 1]!;
	}

	has(i: number, flag: number): boolean {
		return (this.#fields[i * FIELDS + 2]! & flag) !== 0;
	}

	index(i: number): number {
		return this.#fields[i * FIELDS + 3]!;
	}

	markWidth(i: number): number {
		return this.#fields[i * FIELDS + 4]!;
	}

	line(i: number): ScreenLine {
		return this.#lines[i]!;
	}

	/** Adds a row; its index. */
	add(kind: number, height: number, line?: ScreenLine, flags = 0, index = 0): number {
		const i = this.count++;
		if ((i + 1) * FIELDS > this.#fields.length) {
			const grown = new Int16Array(this.#fields.length * 2);
			grown.set(this.#fields);
			this.#fields = grown;
		}
		const f = i * FIELDS;
		this.#fields[f] = kind;
		this.#fields[f + 1] = height;
		this.#fields[f + 2] = flags;
		this.#fields[f + 3] = index;
		this.#fields[f + 4] = 0;
		this.#lines[i] = line;
		return i;
	}

	/** Marks row `i` with ▲ or ▼ (ABOVE, BELOW), keeping `width` pixels at its right for it. */
	mark(i: number, flag: number, width: number): void {
		this.#fields[i * FIELDS + 2]! |= flag;
		this.#fields[i * FIELDS + 4] = width;
	}

	clear(): void {
		this.count = 0;
	}

	/** Drops the last row (the progress bar, added again after a menu's entries). */
	dropLast(): void {
		this.count--;
	}

	/** The rows' total height. */
	total(): number {
		let sum = 0;
		for (let i = 0, end = this.count * FIELDS; i < end; i += FIELDS) sum += this.#fields[i + 1]!;
		return sum;
	}

	/** Ends the frame: the lines are the screen's, not to be held after it. */
	release(): void {
		this.#lines.fill(undefined);
		this.count = 0;
	}
}

/**
 * What layout keeps from frame to frame for one panel: the display list and the objects it lays a screen out
 * with. (Made at run time by the renderer, not at module level: on the device a preloaded module's objects are
 * frozen.)
 */
export class Layout {
	readonly list = new DisplayList();
	readonly rows = new BodyRows();
	readonly body: Area = { x: 0, y: 0, w: 0, h: 0 };
	readonly text = new TextPainter();
}

/**
 * The display list of `screen` on `panel`. Given the layout of the last frame (`layout`), the paints that did
 * not change are the last frame's objects (display-list.ts); the result is valid until the list's frame after
 * next.
 */
export function layoutScreen(screen: Screen, panel: Panel, font: FontMetrics, layout = new Layout()): readonly Paint[] {
	const theme = panel.format === "mono1" ? MONO_THEME : COLOUR_THEME;
	const out = layout.list;
	out.begin();
	if (screen.pattern) {
		testPattern(screen.pattern, { x: 0, y: 0, w: panel.width, h: panel.height }, theme, out);
		return out.end();
	}
	const m = isSmallPanel(panel) ? SMALL : LARGE;
	const text = layout.text.use(font, out);
	out.fill(0, 0, panel.width, panel.height, theme.paper);
	const status = screen.status;
	if (!out.part(TITLE_PART, status.title, status.clock, status.batteryPercent, status.signalBars)) {
		titleBar(status, panel.width, m, theme, text, out);
		out.endPart(TITLE_PART);
	}

	const body = layout.body;
	body.x = 0;
	body.y = m.titleHeight + (m.hintBar ? 2 : 0);
	body.w = panel.width;
	body.h = panel.height - (m.hintBar ? m.hintHeight : 0) - body.y;
	if (screen.qr !== undefined) qrBlock(screen.qr, body, m, out);

	// Too tall: first give up double size, then the empty spacer lines, then wrapping long lines (cut with …).
	const rows = layout.rows;
	const room = body.h - (screen.menu ? m.rowHeight : 0);
	for (let i = 0; i < FIT_ATTEMPTS.length; i += 3) {
		fixedRows(rows, screen, FIT_ATTEMPTS[i]!, FIT_ATTEMPTS[i + 1]!, FIT_ATTEMPTS[i + 2]!, body, m, text.font);
		if (rows.total() <= room) break;
	}
	let first = 0,
		end = rows.count;
	if (screen.scroll !== undefined && !screen.menu && rows.total() > room) {
		// Paged: every line at normal size, wrapped at spaces; `scroll` counts lines, not rows.
		rows.clear();
		let scrolled = -1;
		for (let i = 0; i < screen.lines.length; i++) {
			const l = screen.lines[i]!;
			if (l.text === "") continue;
			if (scrolled < 0 && i >= screen.scroll) scrolled = rows.count;
			addLine(rows, l, body.w - 2 * m.padX, text.font, true, false, body, m);
		}
		[first, end] = linePage(rows, scrolled < 0 ? rows.count - 1 : scrolled, body.h - (m.hintBar ? 2 : 0), text.font);
	} else if (screen.menu) {
		// The menu's rows go between the lines and the progress bar.
		const height = rows.total();
		if (screen.progress) rows.dropLast();
		menuPage(rows, screen.menu, Math.max(1, Math.floor((body.h - height) / m.rowHeight)), m, text.font);
		if (screen.progress) rows.add(PROGRESS, m.rowHeight);
		end = rows.count;
	}

	let y = body.y + (m.hintBar ? 2 : 0);
	for (let i = first; i < end; i++) {
		const h = rows.height(i);
		if (y + h > body.y + body.h) break;
		paintRow(rows, i, y, screen, body, m, theme, text, out);
		y += h;
	}
	rows.release();
	const hints = screen.hints;
	if (hints.length > 0 && (m.hintBar || panel.height - y >= m.rowHeight)) {
		// Taken over from the last frame when its hints were the same (up to three compared; more: laid out).
		const same = hints.length <= 3 && out.part(HINTS_PART, hints.length, hints[0], hints[1], hints[2]);
		if (!same) {
			const h = m.hintBar ? m.hintHeight : m.rowHeight;
			hintBar(hints, panel.height - h, panel.width, h, m, theme, text, out);
			if (hints.length <= 3) out.endPart(HINTS_PART);
		}
	}
	return out.end();
}

/** The screen's lines as rows (and the progress bar), at double size or not, with or without spacers and wrapping. */
function fixedRows(
	rows: BodyRows,
	screen: Screen,
	large: boolean,
	spacers: boolean,
	wrap: boolean,
	body: Rect,
	m: Metrics,
	font: FontMetrics,
): void {
	rows.clear();
	for (let i = 0; i < screen.lines.length; i++) {
		const l = screen.lines[i]!;
		if (!spacers && l.text === "") continue;
		if (!wrap || (l.size === "large" && large && font.textWidth(l.text) * 2 <= body.w)) lineRow(rows, l, body, m, font, large);
		else addLine(rows, l, body.w - 2 * m.padX, font, false, large, body, m);
	}
	if (screen.progress) rows.add(PROGRESS, m.rowHeight);
}

/** `l` as one row, or as the rows of its parts when it is wider than `width` (wrapLine). */
function addLine(
	rows: BodyRows,
	l: ScreenLine,
	width: number,
	font: FontMetrics,
	atSpaces: boolean,
	allowLarge: boolean,
	body: Rect,
	m: Metrics,
): void {
	if (font.textWidth(l.text) <= width) lineRow(rows, l, body, m, font, allowLarge);
	else for (const part of wrapLine(l, width, font, atSpaces)) lineRow(rows, part, body, m, font, allowLarge);
}

/** The parts a frame takes over from the last when their inputs are the same (display-list.ts). */
const TITLE_PART = 0,
	HINTS_PART = 1;

/** What layout gives up, in turn, when the lines do not fit: (double size, spacer lines, wrapping) per attempt. */
const FIT_ATTEMPTS: readonly boolean[] = [true, true, true, false, true, true, false, false, true, false, false, false];

/** Draws cut-to-fit text into the display list (the font and list of the frame: use()). */
class TextPainter {
	font!: FontMetrics;
	#out!: DisplayList;

	use(font: FontMetrics, out: DisplayList): this {
		this.font = font;
		this.#out = out;
		return this;
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

function titleBar(status: StatusBar, width: number, m: Metrics, theme: Theme, text: TextPainter, out: DisplayList): void {
	const h = m.titleHeight;
	out.fill(0, 0, width, h, theme.titleBackground);
	const small = m === SMALL;
	const clockWidth = text.font.textWidth(status.clock);
	let right = width - m.padX;
	text.draw(status.clock, right - clockWidth, 0, clockWidth, h, "right", theme.titleInk);
	right -= clockWidth + (small ? 2 : 6);
	const batteryWidth = small ? 12 : 22;
	battery(status.batteryPercent, right - batteryWidth, (h >> 1) - (small ? 3 : 5), batteryWidth, small ? 7 : 11, theme, out);
	right -= batteryWidth + (small ? 2 : 6);
	const signalWidth = small ? 9 : 15;
	signal(status.signalBars, right - signalWidth, small ? 3 : 5, signalWidth, h - (small ? 6 : 10), theme, out);
	right -= signalWidth + (small ? 2 : 6);
	text.draw(status.title, m.padX, 0, right - m.padX, h, "left", theme.titleInk);
}

/** Outline, terminal nub, and a level bar in proportion to `percent`, in the box x, y, w × h. */
function battery(percent: number, x: number, y: number, w: number, h: number, theme: Theme, out: DisplayList): void {
	const c = theme.titleInk;
	const bodyWidth = w - 2;
	out.fill(x, y, bodyWidth, 1, c);
	out.fill(x, y + h - 1, bodyWidth, 1, c);
	out.fill(x, y, 1, h, c);
	out.fill(x + bodyWidth - 1, y, 1, h, c);
	out.fill(x + w - 2, y + (h >> 2), 2, h - 2 * (h >> 2), c);
	const inner = bodyWidth - 4;
	const level = Math.round((Math.max(0, Math.min(100, percent)) / 100) * inner);
	if (level > 0) out.fill(x + 2, y + 2, level, h - 4, c);
}

/** Four bars of rising height in the box x, y, w × h; bars above `bars` are a one-pixel stub. */
function signal(bars: number, x: number, y: number, w: number, h: number, theme: Theme, out: DisplayList): void {
	const barWidth = Math.max(1, Math.floor((w - 3) / 4));
	for (let i = 0; i < 4; i++) {
		const barHeight = i < bars ? Math.max(1, Math.round((h * (i + 1)) / 4)) : 1;
		out.fill(x + i * (barWidth + 1), y + h - barHeight, barWidth, barHeight, theme.titleInk);
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

function lineRow(rows: BodyRows, l: ScreenLine, body: Rect, m: Metrics, font: FontMetrics, allowLarge: boolean): void {
	const wantLarge = l.size === "large" && allowLarge;
	// Double size may use the padding too: "1,234.56" is exactly 128 px on the small panel.
	const large = wantLarge && font.textWidth(l.text) * 2 <= body.w;
	rows.add(LINE, large ? GLYPH_HEIGHT * 2 + (m === SMALL ? 0 : 8) : m.rowHeight, l, large ? DOUBLE : 0);
}

/** Paints `row` at `y`. */
function paintRow(
	rows: BodyRows,
	i: number,
	y: number,
	screen: Screen,
	body: Rect,
	m: Metrics,
	theme: Theme,
	text: TextPainter,
	out: DisplayList,
): void {
	const h = rows.height(i);
	switch (rows.kind(i)) {
		case LINE: {
			const l = rows.line(i);
			let ink = theme.tones[l.tone ?? "normal"];
			if (l.emphasis) {
				out.fill(body.x, y, body.w, h, theme.highlightBackground);
				ink = theme.highlightInk;
			}
			if (rows.has(i, DOUBLE)) text.draw(l.text, body.x, y, body.w, h, l.align, ink, 2);
			else text.draw(l.text, body.x + m.padX, y, body.w - 2 * m.padX, h, l.align, ink);
			// A paged line's ▲ and ▼, over what the line drew there.
			if (rows.has(i, ABOVE | BELOW))
				for (let flag = ABOVE; flag <= BELOW; flag <<= 1) {
					if (!rows.has(i, flag)) continue;
					const w = rows.markWidth(i),
						x = body.x + body.w - m.padX - w;
					out.fill(x, y, w + m.padX, h, theme.paper);
					text.draw(flag === ABOVE ? MORE_ABOVE : MORE_BELOW, x, y, w, h, "right", theme.ink);
				}
			return;
		}
		case ITEM: {
			const menu = screen.menu!,
				index = rows.index(i),
				item = menu.items[index]!;
			const selected = index === menu.highlight;
			if (selected) out.fill(body.x, y, body.w, h, theme.highlightBackground);
			const ink = selected ? theme.highlightInk : theme.ink;
			const markWidth = rows.markWidth(i);
			const mark = rows.has(i, ABOVE) ? MORE_ABOVE : rows.has(i, BELOW) ? MORE_BELOW : "";
			text.draw(`${item.key}.${item.label}`, body.x + m.padX, y, body.w - 2 * m.padX - markWidth, h, "left", ink);
			if (mark) text.draw(mark, body.x + body.w - m.padX - markWidth, y, markWidth, h, "right", ink);
			return;
		}
		case PROGRESS: {
			const { done, total } = screen.progress!;
			const bx = body.x + m.padX,
				by = y + ((h - m.progressHeight) >> 1),
				bw = body.w - 2 * m.padX,
				bh = m.progressHeight;
			const c = theme.highlightBackground;
			out.fill(bx, by, bw, bh, c);
			out.fill(bx + 1, by + 1, bw - 2, bh - 2, theme.paper);
			const fraction = total <= 0 ? 0 : Math.max(0, Math.min(1, done / total));
			const w = Math.round((bw - 4) * fraction);
			if (w > 0) out.fill(bx + 2, by + 2, w, bh - 4, c);
			return;
		}
	}
}

/**
 * The rows from row `scroll` on that fit `room` (the last row at most), as [first, end); ▲ on the first row
 * shown when rows are above it, ▼ on the last when rows are below.
 */
function linePage(rows: BodyRows, scroll: number, room: number, font: FontMetrics): [number, number] {
	const first = Math.max(0, Math.min(Math.floor(scroll), rows.count - 1));
	let end = first;
	for (let h = 0; end < rows.count && h + rows.height(end) <= room; end++) h += rows.height(end);
	if (end === first) return [first, end];
	const markWidth = font.textWidth(MORE_BELOW) + 2;
	if (first > 0) rows.mark(first, ABOVE, markWidth);
	if (end < rows.count) rows.mark(end - 1, BELOW, markWidth);
	return [first, end];
}

/** The page of `menu` that holds the highlight, `pageSize` rows; ▲/▼ mark further pages. */
function menuPage(rows: BodyRows, menu: Menu, pageSize: number, m: Metrics, font: FontMetrics): void {
	const page = Math.floor(Math.max(0, menu.highlight) / pageSize);
	const first = page * pageSize;
	const last = Math.min(first + pageSize, menu.items.length) - 1;
	const paged = menu.items.length > pageSize;
	const markWidth = paged ? font.textWidth(MORE_BELOW) + 2 : 0;
	for (let i = first; i <= last; i++) {
		const row = rows.add(ITEM, m.rowHeight, undefined, 0, i);
		rows.mark(row, i === first && page > 0 ? ABOVE : i === last && first + pageSize < menu.items.length ? BELOW : 0, markWidth);
	}
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

/** Places the QR code at the right of the body (the whole body on a small panel); the body narrows to the rest. */
function qrBlock(payload: string, body: Area, m: Metrics, out: DisplayList): void {
	const symbol = qrSymbol(payload);
	if (!symbol) return;
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
	body.w = x - body.x;
}

/** The hints in the bar from row `y` down, `width` × `h`. */
function hintBar(
	hints: readonly string[],
	y: number,
	width: number,
	h: number,
	m: Metrics,
	theme: Theme,
	text: TextPainter,
	out: DisplayList,
): void {
	out.fill(0, y, width, h, theme.hintBackground);
	if (!m.hintBar || theme === MONO_THEME) out.fill(0, y, width, 1, theme.hintInk);
	const cell = Math.floor((width - 2 * m.padX) / hints.length);
	for (let i = 0; i < hints.length; i++) {
		const align = hints.length === 1 || i === 0 ? "left" : i === hints.length - 1 ? "right" : "center";
		text.draw(hints[i]!, m.padX + i * cell, y + 1, cell, h - 1, align, theme.hintInk);
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
