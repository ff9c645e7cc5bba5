// An ESC/POS interpreter, written from the command reference (the Epson ESC/POS Command
// Reference), not from posterm's encoder: it executes a byte stream the way a 58 mm thermal printer
// with a GB font would, drawing dots on a Paper and keeping a plain-text rendering. Bytes arrive one at a
// time (`push`), so the printer emulator can interleave them with paper motion. Platform-free.

import { asciiGlyph, cjkGlyph, type CjkFont, type Glyph } from "./printer-fonts.js";
import { COLUMN_DOTS, LineBuffer, magnify } from "./escpos-line.js";
import { Paper } from "./paper.js";
import { commandKey, describe, DLE, ESC, FS, GS, hex } from "./escpos-bytes.js";
import { EscPosImages, type Parsed } from "./escpos-images.js";

/** ESC 2 default line spacing in dots (≈ 3.75 mm at 8 dots/mm). */
const DEFAULT_LINE_SPACING = 30;

export interface Diagnostic {
	/** Offset of the command's first byte in the input. */
	readonly offset: number;
	readonly message: string;
}

/** What the interpreter needs from the printer around it. */
export interface InterpreterHost {
	/** GS ( k / GBK text: the character of a two-byte code, or undefined when the code is not GBK. */
	decodeGbk(lead: number, trail: number): string | undefined;
	readonly cjkFont: CjkFont;
	/** GS r n reached in the buffer: the printer answers now (in order, unlike DLE EOT). */
	transmitStatus(n: number): void;
	/** GS a n: automatic status back mask changed. */
	automaticStatusBack(mask: number): void;
}

export class EscPosInterpreter {
	readonly paper: Paper;
	readonly diagnostics: Diagnostic[] = [];
	readonly #host: InterpreterHost;
	#input = new Uint8Array(64);
	#length = 0;
	/** Offset of #input[0] in the whole stream. */
	#offset = 0;
	#need = 1;
	/** Dots of paper fed since power-on (the emulator turns them into print time). */
	dotsFed = 0;

	// Print modes (reset by ESC @).
	#chinese = true; // many Chinese printers power up in Chinese mode
	#fontB = false;
	#bold = false;
	#underline = 0;
	#widthMul = 1;
	#heightMul = 1;
	#cjkDoubleWidth = false;
	#cjkDoubleHeight = false;
	#align = 0;
	#lineSpacing = DEFAULT_LINE_SPACING;
	#images = this.#newImages();
	readonly #line = new LineBuffer();

	constructor(host: InterpreterHost, widthDots = 384) {
		this.#host = host;
		this.paper = new Paper(widthDots);
	}

	/** True when no command is half received. */
	get idle(): boolean {
		return this.#length === 0;
	}

	/** Feeds one byte; executes the command it completes, if any. */
	push(byte: number): void {
		if (this.#length === this.#input.length) {
			const grown = new Uint8Array(this.#input.length * 2);
			grown.set(this.#input);
			this.#input = grown;
		}
		this.#input[this.#length++] = byte;
		while (this.#length >= this.#need) {
			const parsed = this.#parse();
			if (typeof parsed !== "number") {
				this.#need = parsed.need;
				continue;
			}
			// A malformed length field can end a command before the bytes already read: parse those again.
			this.#offset += parsed;
			this.#input.copyWithin(0, parsed, this.#length);
			this.#length -= parsed;
			this.#need = 1;
			if (this.#length === 0) return;
		}
	}

	/** Feeds every byte, then prints what is left in the line buffer and reports a truncated command. */
	run(bytes: Uint8Array): void {
		for (const b of bytes) this.push(b);
		this.end();
	}

	end(): void {
		if (this.#length > 0) {
			this.#diagnose(
				`truncated command ${describe(this.#input[0]!, this.#input[1])} at end of input: ${this.#length} bytes, at least ${this.#need} needed`,
			);
			this.#offset += this.#length;
			this.#length = 0;
			this.#need = 1;
		}
		if (!this.#line.empty) this.#printLine(this.#lineSpacing);
	}

	/** Drops a half-received command (DLE DC4 fn 8 clears the buffers). */
	clearInput(): void {
		this.#offset += this.#length;
		this.#length = 0;
		this.#need = 1;
		this.#line.clear();
	}

	#diagnose(message: string): void {
		this.diagnostics.push({ offset: this.#offset, message });
	}

	/** Parses and runs the command at the start of the input; returns its length or how many bytes it needs. */
	#parse(): Parsed {
		const b = this.#input;
		const n = this.#length;
		const c = b[0]!;
		if (c === 0x0a) {
			this.#printLine(this.#lineSpacing);
			return 1;
		}
		if (c === 0x0d) return 1;
		if (c === 0x09) {
			this.#tab();
			return 1;
		}
		if (c === ESC || c === GS || c === FS || c === DLE) {
			if (n < 2) return { need: 2 };
			return this.#command(c, b[1]!);
		}
		if (c < 0x20) {
			this.#diagnose(`ignored control byte 0x${hex(c)}`);
			return 1;
		}
		if (c < 0x80) {
			this.#addChar(String.fromCharCode(c), asciiGlyph(c, this.#fontB), 1, false);
			return 1;
		}
		if (!this.#chinese) {
			this.#diagnose(`byte 0x${hex(c)} outside Chinese mode (code page not emulated)`);
			this.#addChar("\ufffd", asciiGlyph(0x3f, this.#fontB), 1, false);
			return 1;
		}
		if (n < 2) return { need: 2 };
		const char = c >= 0x81 && c <= 0xfe ? this.#host.decodeGbk(c, b[1]!) : undefined;
		if (char === undefined) {
			this.#diagnose(`invalid GBK code 0x${hex(c)}${hex(b[1]!)}`);
			this.#addChar("\ufffd", cjkGlyph(this.#host.cjkFont, 0xfffd), 2, true);
			return 2;
		}
		this.#addChar(char, cjkGlyph(this.#host.cjkFont, char.codePointAt(0)!), 2, true);
		return 2;
	}

	#command(prefix: number, fn: number): Parsed {
		const b = this.#input;
		const n = this.#length;
		const arg = (count: number): Parsed | undefined => (n < 2 + count ? { need: 2 + count } : undefined);
		const key = commandKey(prefix, fn);
		switch (key) {
			case "ESC @":
				this.#reset();
				return 2;
			case "ESC 2":
				this.#lineSpacing = DEFAULT_LINE_SPACING;
				return 2;
			case "FS &":
				this.#chinese = true;
				return 2;
			case "FS .":
				this.#chinese = false;
				return 2;
			case "ESC i":
			case "ESC m":
				this.#cut(fn === 0x69 ? "full" : "partial");
				return 2;
		}
		const one = arg(1);
		const p = b[2]!;
		switch (key) {
			case "ESC !":
				if (one) return one;
				this.#fontB = (p & 0x01) !== 0;
				this.#bold = (p & 0x08) !== 0;
				this.#heightMul = p & 0x10 ? 2 : 1;
				this.#widthMul = p & 0x20 ? 2 : 1;
				this.#underline = p & 0x80 ? 1 : 0;
				return 3;
			case "GS !":
				if (one) return one;
				this.#widthMul = ((p >> 4) & 7) + 1;
				this.#heightMul = (p & 7) + 1;
				return 3;
			case "ESC a":
				if (one) return one;
				this.#align = p % 48 <= 2 ? p % 48 : 0;
				return 3;
			case "ESC E":
			case "ESC G":
				if (one) return one;
				this.#bold = (p & 1) === 1;
				return 3;
			case "ESC -":
			case "FS -":
				if (one) return one;
				this.#underline = p % 48 <= 2 ? p % 48 : 0;
				return 3;
			case "ESC M":
				if (one) return one;
				this.#fontB = p % 48 === 1;
				return 3;
			case "ESC d":
				if (one) return one;
				this.#feedLines(p);
				return 3;
			case "ESC J":
				if (one) return one;
				if (!this.#line.empty) this.#printLine(p);
				else this.#feed(p);
				return 3;
			case "ESC 3":
				if (one) return one;
				this.#lineSpacing = p;
				return 3;
			case "ESC t":
			case "ESC R":
			case "ESC SP":
			case "ESC {":
			case "ESC V":
			case "GS B":
			case "GS f":
			case "FS W":
			case "DLE ENQ":
				if (one) return one;
				if (key === "FS W") this.#cjkDoubleWidth = this.#cjkDoubleHeight = (p & 1) === 1;
				return 3;
			case "FS !":
				if (one) return one;
				this.#cjkDoubleWidth = (p & 0x04) !== 0;
				this.#cjkDoubleHeight = (p & 0x08) !== 0;
				return 3;
			case "GS h":
				if (one) return one;
				this.#images.barcodeHeight = Math.max(1, p);
				return 3;
			case "GS w":
				if (one) return one;
				if (p >= 1 && p <= 6) this.#images.barcodeModule = p;
				return 3;
			case "GS H":
				if (one) return one;
				this.#images.hriPosition = p % 48;
				return 3;
			case "GS a":
				if (one) return one;
				this.#host.automaticStatusBack(p);
				return 3;
			case "GS r":
				if (one) return one;
				this.#host.transmitStatus(p % 48);
				return 3;
			case "DLE EOT":
				// Real-time: the printer answered when the bytes arrived; in the buffer it is a no-op.
				return one ?? 3;
			case "FS S":
			case "GS L":
			case "GS W":
			case "ESC c": {
				const two = arg(2);
				return two ?? 4;
			}
			case "GS V": {
				if (one) return one;
				if (p === 65 || p === 66) {
					const two = arg(2);
					if (two) return two;
					this.#cut(p === 65 ? "full" : "partial", b[3]!);
					return 4;
				}
				this.#cut(p === 0 || p === 48 ? "full" : "partial");
				return 3;
			}
			case "ESC p": {
				const three = arg(3);
				return three ?? 5;
			}
			case "DLE DC4": {
				if (one) return one;
				if (p === 8) return arg(8) ?? 10; // fn 8: clear buffers (handled in real time by the printer)
				return arg(3) ?? 5; // fn 1/2: drawer pulse, power off
			}
			case "GS v":
				return this.#images.raster(this.#input, this.#length);
			case "GS (":
				return this.#images.twoDimensional(this.#input, this.#length);
			case "GS k":
				return this.#images.barcode(this.#input, this.#length);
		}
		this.#diagnose(`unknown command ${describe(this.#input[0]!, fn)}`);
		return 2;
	}

	/** The image commands' state, drawing on this paper through the line buffer (fresh after ESC @). */
	#newImages(): EscPosImages {
		const paperWidth = () => this.paper.widthDots;
		return new EscPosImages({
			get paperWidthDots() {
				return paperWidth();
			},
			block: (width, height, dot, label) => this.#block(width, height, dot, label),
			humanReadable: (text) => {
				for (const ch of text) this.#addChar(ch, asciiGlyph(ch.charCodeAt(0), true), 1, false);
				this.#printLine(this.#lineSpacing);
			},
			diagnose: (message) => this.#diagnose(message),
		});
	}

	#reset(): void {
		this.#fontB = false;
		this.#bold = false;
		this.#underline = 0;
		this.#widthMul = this.#heightMul = 1;
		this.#cjkDoubleWidth = this.#cjkDoubleHeight = false;
		this.#align = 0;
		this.#lineSpacing = DEFAULT_LINE_SPACING;
		this.#chinese = true;
		this.#images = this.#newImages();
		this.#line.clear();
	}

	#addChar(text: string, base: Glyph, columns: number, cjk: boolean): void {
		const wMul = this.#widthMul * (cjk && this.#cjkDoubleWidth ? 2 : 1);
		const hMul = this.#heightMul * (cjk && this.#cjkDoubleHeight ? 2 : 1);
		const glyph = wMul === 1 && hMul === 1 ? base : magnify(base, wMul, hMul);
		if (this.#line.width + glyph.width > this.paper.widthDots) this.#printLine(this.#lineSpacing);
		this.#line.add({ glyph, text, columns: columns * wMul, bold: this.#bold, underline: this.#underline });
	}

	#tab(): void {
		this.#line.tab(this.paper.widthDots);
	}

	/** Prints the line buffer (justified) and feeds `advance` dots, or the line's height if taller. */
	#printLine(advance: number): void {
		const height = this.#line.height;
		const shift = this.#align === 0 ? 0 : Math.floor(((this.paper.widthDots - this.#line.width) * this.#align) / 2);
		const top = this.paper.heightDots;
		this.#feed(Math.max(advance, height));
		this.paper.addTextLine(this.#line.draw(this.paper, shift, top + height));
		this.#line.clear();
	}

	/** ESC d n: prints the line buffer, if any, as the first of `lines` fed lines. */
	#feedLines(lines: number): void {
		let left = lines;
		if (!this.#line.empty) {
			this.#printLine(this.#lineSpacing);
			left--;
		}
		for (; left > 0; left--) {
			this.#feed(this.#lineSpacing);
			this.paper.addTextLine("");
		}
	}

	#feed(dots: number): void {
		this.paper.feed(dots);
		this.dotsFed += dots;
	}

	/** Prints what is pending, feeds `feedDots` more, and cuts (a marked line on the strip). */
	#cut(kind: "full" | "partial", feedDots = 0): void {
		if (!this.#line.empty) this.#printLine(this.#lineSpacing);
		this.#feed(feedDots);
		this.paper.mark(kind === "full" ? "cut" : "partial cut");
		this.dotsFed += 8;
	}

	/** Draws a block image (raster, QR, barcode) justified, `width`×`height` dots, and feeds past it. */
	#block(width: number, height: number, dot: (x: number, y: number) => boolean, label: string): void {
		if (!this.#line.empty) this.#printLine(this.#lineSpacing);
		const x0 = this.#align === 0 ? 0 : Math.max(0, Math.floor(((this.paper.widthDots - width) * this.#align) / 2));
		const top = this.paper.heightDots;
		this.#feed(height);
		for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (dot(x, y)) this.paper.dot(x0 + x, top + y);
		const column = Math.floor(x0 / COLUMN_DOTS);
		this.paper.addTextLine(" ".repeat(column) + label);
	}
}
