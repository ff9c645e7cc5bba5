// Fixed-pitch text layout for the 384-dot head (fonts of the Epson ESC/POS Command Reference): font A is 12 dots
// wide, so 32 ASCII columns; a Chinese character is 24 dots, two columns. Lines are plain strings that the
// encoder turns into GBK.

/** Columns at the normal font on a 58 mm (384-dot) head. */
export const PAPER_COLUMNS = 32;

/** Columns one character takes: 1 for ASCII, 2 for everything printed from the GBK font. */
export function charColumns(char: string): number {
	const cp = char.codePointAt(0)!;
	return cp < 0x80 ? 1 : 2;
}

export function textColumns(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		// A surrogate pair is one character: count its high half only.
		if (c < 0xdc00 || c > 0xdfff) n += c < 0x80 ? 1 : 2;
	}
	return n;
}

/**
 * Breaks text into lines of at most `columns`, at spaces where an ASCII word allows it, between any two
 * Chinese characters otherwise; a word longer than a line is split. Existing newlines are kept.
 */
export function wrap(text: string, columns = PAPER_COLUMNS): string[] {
	if (text.indexOf("\n") < 0 && textColumns(text) <= columns) return [text.trimEnd()];
	const lines: string[] = [];
	for (const paragraph of text.split("\n")) {
		let line = "";
		let width = 0;
		const breakLine = () => {
			lines.push(line.trimEnd());
			line = "";
			width = 0;
		};
		for (const token of tokens(paragraph)) {
			const w = textColumns(token);
			if (width + w > columns && width > 0) {
				breakLine();
				if (token === " ") continue;
			}
			for (const char of w > columns ? token : [token]) {
				const cw = textColumns(char);
				if (width + cw > columns) breakLine();
				line += char;
				width += cw;
			}
		}
		lines.push(line.trimEnd());
	}
	return lines;
}

/** ASCII words, single spaces and single non-ASCII characters, in order. */
function tokens(text: string): string[] {
	return text.match(/[\x21-\x7e]+| |[^\x00-\x7f]/gu) ?? [];
}

/** `left` and `right` on one line, `right` flush right; undefined when they do not fit together. */
export function spread(left: string, right: string, columns = PAPER_COLUMNS): string | undefined {
	const gap = columns - textColumns(left) - textColumns(right);
	return gap >= 1 ? left + " ".repeat(gap) + right : undefined;
}

/** Text flush right in `columns` (text wider than a line is wrapped, each line flush right). */
export function alignRight(text: string, columns = PAPER_COLUMNS): string[] {
	return wrap(text, columns).map((line) => " ".repeat(columns - textColumns(line)) + line);
}

/** Text centred in `columns` (left-biased when the spare columns are odd). */
export function centre(text: string, columns = PAPER_COLUMNS): string[] {
	return wrap(text, columns).map((line) => " ".repeat((columns - textColumns(line)) >> 1) + line);
}

/**
 * A label and its value: on one line with the value flush right when both fit, otherwise the label on its
 * own line and the value flush right below (wrapped when longer than a line).
 */
export function labelValue(label: string, value: string, columns = PAPER_COLUMNS): string[] {
	const oneLine = spread(label, value, columns);
	if (oneLine !== undefined) return [oneLine];
	return [...wrap(label, columns), ...alignRight(value, columns)];
}

/** A rule across the paper. */
export function rule(char = "-", columns = PAPER_COLUMNS): string {
	return char.repeat(Math.floor(columns / charColumns(char)));
}
