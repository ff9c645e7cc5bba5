// The building blocks every slip shares: a title, label–value lines, rules, the end of a copy (cut, or
// feed past the tear bar), on top of the ESC/POS encoder and the text layout.

import { EscPosEncoder } from "../printer/escpos-encoder.js";
import { encodeGbk } from "../printer/gbk-encoder.js";
import { centre, labelValue, PAPER_COLUMNS, rule, textColumns, wrap } from "../printer/text-layout.js";
import { SLIP_LABELS } from "./slip-labels.js";

/** What the slip needs to know about the printer (a board capability). */
export interface SlipPrinter {
	readonly cutter: boolean;
	/** The printer draws GS ( k QR codes; otherwise the reference goes out as CODE128. */
	readonly qrCode: boolean;
	/** UTC offset of the terminal's clock display, minutes (default China, +480). */
	readonly utcOffsetMinutes?: number;
}

export const DEFAULT_SLIP_PRINTER: SlipPrinter = { cutter: false, qrCode: true };

/**
 * The field labels as GBK bytes, encoded once when the module loads: a label prints as the same bytes on every
 * slip, and as many bytes as it takes columns (one for ASCII, two for a GBK character, text-layout.ts).
 */
const LABEL_BYTES: ReadonlyMap<string, Uint8Array> = new Map(
	(Object.values(SLIP_LABELS) as readonly unknown[])
		.filter((label): label is string => typeof label === "string")
		.map((label) => [label, encodeGbk(label).bytes]),
);

/** Lines fed after the last line so the slip clears the tear bar (no cutter). */
const TEAR_FEED_LINES = 4;

export class SlipWriter {
	readonly encoder = new EscPosEncoder();

	/** A slip's writer: its bytes start with the printer's reset, Chinese mode and the default line spacing. */
	constructor(initialise = true) {
		if (initialise) this.encoder.initialise().lineSpacing();
	}

	/** Lines to go into a slip later (EscPosEncoder.raw), without the slip's initialisation. */
	static fragment(): SlipWriter {
		return new SlipWriter(false);
	}

	/** A double-size centred title with its English line under it. */
	title(chinese: string, english: string): this {
		this.encoder.align("centre").bold(true).size(2, 2).line(chinese).size(1, 1).line(english).bold(false).align("left");
		return this;
	}

	line(text = ""): this {
		for (const l of wrap(text)) this.encoder.line(l);
		return this;
	}

	centred(text: string): this {
		for (const l of centre(text)) this.encoder.line(l);
		return this;
	}

	field(label: string, value: string | undefined): this {
		if (value === undefined || value === "") return this;
		// On one line (labelValue's first form): the label's bytes as encoded at load, then the gap and the value.
		const labelBytes = LABEL_BYTES.get(label);
		const gap = labelBytes === undefined ? 0 : PAPER_COLUMNS - labelBytes.length - textColumns(value);
		if (labelBytes !== undefined && gap >= 1) {
			this.encoder.raw(labelBytes).line(" ".repeat(gap) + value);
			return this;
		}
		for (const l of labelValue(label, value)) this.encoder.line(l);
		return this;
	}

	/** A value that matters (amount, type): bold and double height, flush right on its own line under its label. */
	emphasised(label: string | undefined, value: string): this {
		if (label !== undefined) this.encoder.line(label);
		this.encoder.bold(true).size(1, 2).align("right").line(value).size(1, 1).align("left").bold(false);
		return this;
	}

	rule(): this {
		this.encoder.line(rule("-", PAPER_COLUMNS));
		return this;
	}

	/** Ends one copy: a partial cut where there is a cutter, else feed past the tear bar. */
	end(printer: SlipPrinter): Uint8Array {
		if (printer.cutter) this.encoder.feedLines(3).cut("partial", 0);
		else this.encoder.feedLines(TEAR_FEED_LINES);
		return this.encoder.bytes();
	}
}
