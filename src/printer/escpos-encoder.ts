// ESC/POS command encoder for the terminal's 58 mm thermal printer (Epson ESC/POS Command Reference). A builder:
// each method appends one command's bytes; `bytes()` returns the job. Text goes out as GBK in Chinese mode.

import { encodeGbk } from "./gbk-encoder.js";

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;
const LF = 0x0a;

export type Alignment = "left" | "centre" | "right";
export type Underline = "off" | "thin" | "thick";
export type CutKind = "full" | "partial";
/** QR error-correction level (GS ( k fn 169). */
export type QrErrorCorrection = "L" | "M" | "Q" | "H";
/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export type StatusQuery = 1 | 2 | 3 | 4;
/** Widest GS v 0 band: some firmware reads only the low byte of the row count. */
export const RASTER_MAX_ROWS = 255;

const ALIGNMENT: Readonly<Record<Alignment, number>> = { left: 0, centre: 1, right: 2 };
const UNDERLINE: Readonly<Record<Underline, number>> = { off: 0, thin: 1, thick: 2 };
const QR_LEVEL: Readonly<Record<QrErrorCorrection, number>> = { L: 48, M: 49, Q: 50, H: 51 };

/** DLE EOT n, the real-time status request; answered at once with one byte. */
export function statusRequest(query: StatusQuery): Uint8Array {
	return Uint8Array.of(DLE, EOT, query);
}

export class EscPosEncoder {
	#buffer = new Uint8Array(256);
	#length = 0;
	/** Characters printed as □ because GBK has no code for them. */
	#replaced = 0;

	/** ESC @ then FS & : reset, and Chinese (GBK) mode on for the whole job. */
	initialise(): this {
		return this.#push(ESC, 0x40, FS, 0x26);
	}

	/** FS & / FS . : two-byte GBK codes on, or single-byte code pages (GB 18030 / GBK two-byte codes). */
	chineseMode(on: boolean): this {
		return this.#push(FS, on ? 0x26 : 0x2e);
	}

	/** ESC t n: single-byte code table (model specific beyond 0 = PC437). */
	codePage(table: number): this {
		return this.#push(ESC, 0x74, table & 0xff);
	}

	/** GS ! n: width and height multipliers 1–8; applies to ASCII and Chinese characters. */
	size(width: number, height: number): this {
		if (!(width >= 1 && width <= 8 && height >= 1 && height <= 8))
			throw new RangeError(`character size ${width}×${height} outside 1–8`);
		return this.#push(GS, 0x21, ((width - 1) << 4) | (height - 1));
	}

	/** ESC E n */
	bold(on: boolean): this {
		return this.#push(ESC, 0x45, on ? 1 : 0);
	}

	/** ESC - n and FS - n (the Chinese-character twin). */
	underline(kind: Underline): this {
		const n = UNDERLINE[kind];
		return this.#push(ESC, 0x2d, n, FS, 0x2d, n);
	}

	/** ESC a n */
	align(alignment: Alignment): this {
		return this.#push(ESC, 0x61, ALIGNMENT[alignment]);
	}

	/** ESC 3 n (dots), or ESC 2 for the default spacing. */
	lineSpacing(dots?: number): this {
		return dots === undefined ? this.#push(ESC, 0x32) : this.#push(ESC, 0x33, clampByte(dots));
	}

	/** Text without a line feed. */
	text(text: string): this {
		const gbk = encodeGbk(text);
		this.#replaced += gbk.replaced;
		this.#append(gbk.bytes);
		return this;
	}

	/** Text, then LF (print and feed one line). */
	line(text = ""): this {
		return this.text(text).#push(LF);
	}

	/** ESC d n: print and feed n lines. */
	feedLines(lines: number): this {
		return this.#push(ESC, 0x64, clampByte(lines));
	}

	/** ESC J n: print and feed n dots. */
	feedDots(dots: number): this {
		return this.#push(ESC, 0x4a, clampByte(dots));
	}

	/** GS V m n (m = 65 full / 66 partial): feed n dots to the cutter, then cut. Only for printers with one. */
	cut(kind: CutKind, feedDots = 0): this {
		return this.#push(GS, 0x56, kind === "full" ? 65 : 66, clampByte(feedDots));
	}

	/**
	 * GS ( k QR code, model 2: model, module size (dots), error correction, store, print. The printer builds
	 * the symbol; only the data crosses the UART. Data ≤ 7089 bytes (the store command's length field).
	 */
	qrCode(data: Uint8Array, options: { readonly moduleDots?: number; readonly errorCorrection?: QrErrorCorrection } = {}): this {
		const moduleDots = options.moduleDots ?? 6;
		if (!(moduleDots >= 1 && moduleDots <= 16)) throw new RangeError(`QR module size ${moduleDots} outside 1–16`);
		if (data.length === 0 || data.length > 7089) throw new RangeError(`QR data of ${data.length} bytes`);
		const store = data.length + 3;
		this.#push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00); // fn 165: model 2
		this.#push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleDots); // fn 167: module size
		this.#push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, QR_LEVEL[options.errorCorrection ?? "M"]); // fn 169
		this.#push(GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30); // fn 180: store
		this.#append(data);
		return this.#push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30); // fn 181: print
	}

	/**
	 * GS k m=73: CODE128 in code set B (printable ASCII), with GS h height, GS w module width and the
	 * human-readable line below (GS H 2).
	 */
	barcode128(data: string, options: { readonly heightDots?: number; readonly moduleDots?: number } = {}): this {
		if (data.length === 0 || data.length > 253 || !/^[\x20-\x7e]*$/.test(data))
			throw new RangeError(`CODE128 set B data must be 1–253 printable ASCII characters`);
		const payload = `{B${data.replace(/\{/g, "{{")}`;
		if (payload.length > 255) throw new RangeError("CODE128 data too long");
		this.#push(GS, 0x68, clampByte(options.heightDots ?? 80), GS, 0x77, options.moduleDots ?? 2, GS, 0x48, 2);
		this.#push(GS, 0x6b, 73, payload.length);
		for (let i = 0; i < payload.length; i++) this.#push(payload.charCodeAt(i));
		return this;
	}

	/**
	 * GS v 0: a 1-bit raster image, `bytesPerRow` bytes per row (48 for 384 dots), MSB = leftmost dot, sent
	 * in bands of at most RASTER_MAX_ROWS rows, and of at most `maxBandBytes` so a band fits the
	 * printer's input buffer.
	 */
	raster(image: Uint8Array, bytesPerRow: number, maxBandBytes = Infinity): this {
		if (bytesPerRow < 1 || image.length % bytesPerRow !== 0)
			throw new RangeError(`raster of ${image.length} bytes is not whole rows of ${bytesPerRow}`);
		const bandRows = Math.min(RASTER_MAX_ROWS, Math.floor(maxBandBytes / bytesPerRow));
		if (bandRows < 1) throw new RangeError(`a band of ${maxBandBytes} bytes holds no row of ${bytesPerRow}`);
		const rows = image.length / bytesPerRow;
		for (let row = 0; row < rows; row += bandRows) {
			const band = Math.min(bandRows, rows - row);
			this.#push(GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, band, 0);
			this.#append(image.subarray(row * bytesPerRow, (row + band) * bytesPerRow));
		}
		return this;
	}

	/** GS a n: automatic status back; bit0 drawer, bit1 online/offline, bit2 error, bit3 paper sensor. */
	automaticStatusBack(mask: number): this {
		return this.#push(GS, 0x61, mask & 0x0f);
	}

	/** Bytes encoded elsewhere (another encoder's), appended as they are. */
	raw(bytes: Uint8Array): this {
		this.#append(bytes);
		return this;
	}

	/** Bytes appended so far (a copy). */
	bytes(): Uint8Array {
		return this.#buffer.slice(0, this.#length);
	}

	get replacedCharacters(): number {
		return this.#replaced;
	}

	#push(...bytes: number[]): this {
		this.#reserve(bytes.length);
		// An indexed loop: for…of would make an iterator for every command on XS.
		for (let i = 0; i < bytes.length; i++) this.#buffer[this.#length++] = bytes[i]!;
		return this;
	}

	#append(bytes: Uint8Array): void {
		this.#reserve(bytes.length);
		this.#buffer.set(bytes, this.#length);
		this.#length += bytes.length;
	}

	#reserve(count: number): void {
		if (this.#length + count <= this.#buffer.length) return;
		const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#length + count));
		grown.set(this.#buffer.subarray(0, this.#length));
		this.#buffer = grown;
	}
}

function clampByte(n: number): number {
	return Math.max(0, Math.min(255, Math.round(n)));
}
