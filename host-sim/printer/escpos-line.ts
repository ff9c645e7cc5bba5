// The line buffer of an ESC/POS printer (Epson ESC/POS Command Reference, "print buffer"): characters
// collect at their dot positions with the print modes they were received in, until LF, ESC d or a full line
// prints them on one baseline. Tab stops every 8 columns of 12 dots (font A), as HT's default.

import type { Paper } from "./paper.js";
import type { Glyph } from "./printer-fonts.js";

/** Dots per text column (font A is 12 dots wide). */
export const COLUMN_DOTS = 12;

/** A character as received: its glyph (magnified), its text, the text columns it spans and its modes. */
export interface LineItem {
	readonly glyph: Glyph;
	readonly text: string;
	readonly columns: number;
	readonly bold: boolean;
	readonly underline: number;
}

export class LineBuffer {
	#items: (LineItem & { readonly x: number })[] = [];
	#width = 0;

	get empty(): boolean {
		return this.#items.length === 0;
	}

	/** Dots used so far (the next character's position). */
	get width(): number {
		return this.#width;
	}

	/** The tallest glyph on the line. */
	get height(): number {
		return this.#items.reduce((h, item) => Math.max(h, item.glyph.height), 0);
	}

	add(item: LineItem): void {
		this.#items.push({ ...item, x: this.#width });
		this.#width += item.glyph.width;
	}

	/** HT: to the next tab stop, if it is on the paper. */
	tab(paperWidthDots: number): void {
		const stop = (Math.floor(this.#width / (8 * COLUMN_DOTS)) + 1) * 8 * COLUMN_DOTS;
		if (stop < paperWidthDots) this.#width = stop;
	}

	/** Draws the line shifted right by `shift` dots on the baseline `bottom`; returns its text rendering. */
	draw(paper: Paper, shift: number, bottom: number): string {
		const cells: string[] = [];
		for (const item of this.#items) {
			const x0 = item.x + shift;
			const y0 = bottom - item.glyph.height;
			const { width, dots } = item.glyph;
			for (let y = 0; y < item.glyph.height; y++) {
				for (let x = 0; x < width; x++) {
					if (!dots[y * width + x]) continue;
					paper.dot(x0 + x, y0 + y);
					if (item.bold) paper.dot(x0 + x + 1, y0 + y);
				}
			}
			for (let u = 0; u < item.underline; u++) for (let x = 0; x < width; x++) paper.dot(x0 + x, bottom - 1 - u);
			const column = Math.max(cells.length, Math.floor(x0 / COLUMN_DOTS));
			while (cells.length < column) cells.push(" ");
			cells.push(item.text);
			for (let i = 1; i < item.columns; i++) cells.push("");
		}
		return cells.join("").trimEnd();
	}

	clear(): void {
		this.#items = [];
		this.#width = 0;
	}
}

export function magnify(glyph: Glyph, wMul: number, hMul: number): Glyph {
	const width = glyph.width * wMul;
	const height = glyph.height * hMul;
	const dots = new Uint8Array(width * height);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) dots[y * width + x] = glyph.dots[Math.floor(y / hMul) * glyph.width + Math.floor(x / wMul)]!;
	return { width, height, dots };
}
