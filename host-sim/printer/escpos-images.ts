// The image commands of ESC/POS (Epson ESC/POS Command Reference): GS v 0 raster bit images, the GS ( k QR
// code functions (store, size, error correction, print) and GS k barcodes (CODE128 drawn; the other systems
// reported). Each parses its command from the interpreter's input and draws through the sink; the settings
// they keep (module sizes, HRI position, the stored QR data) are reset with the printer by ESC @.

import { buildCode128 } from "./code128-symbol.js";
import { hex } from "./escpos-bytes.js";
import { buildQrSymbol, type QrLevel } from "./qr-symbol.js";

/** A command's length in bytes once complete, or how many bytes it needs before it can be parsed. */
export type Parsed = number | { readonly need: number };

/** Where the image commands draw and report. */
export interface ImageSink {
	readonly paperWidthDots: number;
	/** Draws a block image `width`×`height` dots, justified, with its text rendering `label`. */
	block(width: number, height: number, dot: (x: number, y: number) => boolean, label: string): void;
	/** The human-readable line below a barcode (GS H 2 or 3), in font B, justified like the symbol. */
	humanReadable(text: string): void;
	diagnose(message: string): void;
}

export class EscPosImages {
	readonly #sink: ImageSink;
	barcodeHeight = 162;
	barcodeModule = 3;
	hriPosition = 0;
	#qrModule = 3;
	#qrLevel: QrLevel = "L";
	#qrData: Uint8Array | undefined;

	constructor(sink: ImageSink) {
		this.#sink = sink;
	}

	/** GS v 0 m xL xH yL yH d1…dk */
	raster(b: Uint8Array, length: number): Parsed {
		if (length < 8) return { need: 8 };
		if (b[2] !== 0x30) {
			this.#sink.diagnose(`unknown command GS v 0x${hex(b[2]!)}`);
			return 3;
		}
		const m = b[3]! % 48;
		const bytesPerRow = b[4]! | (b[5]! << 8);
		const rows = b[6]! | (b[7]! << 8);
		const total = 8 + bytesPerRow * rows;
		if (length < total) return { need: total };
		const sx = m & 1 ? 2 : 1;
		const sy = m & 2 ? 2 : 1;
		this.#sink.block(
			bytesPerRow * 8 * sx,
			rows * sy,
			(x, y) => {
				const px = Math.floor(x / sx);
				return ((b[8 + Math.floor(y / sy) * bytesPerRow + (px >> 3)]! >> (7 - (px & 7))) & 1) === 1;
			},
			`[raster ${bytesPerRow * 8}x${rows}]`,
		);
		return total;
	}

	/** GS ( k pL pH cn fn …: the QR code functions (cn 49). */
	twoDimensional(b: Uint8Array, length: number): Parsed {
		if (length < 3) return { need: 3 };
		if (b[2] !== 0x6b) {
			if (length < 5) return { need: 5 };
			const total = 5 + (b[3]! | (b[4]! << 8));
			if (length < total) return { need: total };
			this.#sink.diagnose(`unsupported command GS ( 0x${hex(b[2]!)}`);
			return total;
		}
		if (length < 7) return { need: 7 };
		const total = 5 + (b[3]! | (b[4]! << 8));
		if (length < total) return { need: total };
		const cn = b[5]!;
		const fn = b[6]!;
		if (cn !== 0x31) {
			this.#sink.diagnose(`unsupported GS ( k symbol type cn=0x${hex(cn)}`);
			return total;
		}
		switch (fn) {
			case 0x41: // fn 165: model
			case 0x52: // fn 182: transmit size information
				break;
			case 0x43: // fn 167: module size
				if (b[7]! >= 1 && b[7]! <= 16) this.#qrModule = b[7]!;
				break;
			case 0x45: // fn 169: error correction 48–51
				this.#qrLevel = (["L", "M", "Q", "H"] as const)[b[7]! - 48] ?? this.#qrLevel;
				break;
			case 0x50: // fn 180: store data (m = 48)
				this.#qrData = b.slice(8, total);
				break;
			case 0x51: // fn 181: print the stored symbol
				this.#printQr();
				break;
			default:
				this.#sink.diagnose(`unsupported GS ( k QR function 0x${hex(fn)}`);
		}
		return total;
	}

	#printQr(): void {
		const data = this.#qrData;
		const symbol = data && data.length > 0 ? buildQrSymbol(data, this.#qrLevel) : undefined;
		if (!data || !symbol) {
			this.#sink.diagnose(
				data ? `QR data of ${data.length} bytes does not fit this printer's QR versions` : "QR print with no stored data",
			);
			return;
		}
		const m = this.#qrModule;
		const size = symbol.size * m;
		const text = asciiText(data);
		this.#sink.block(
			size,
			size,
			(x, y) => symbol.modules[Math.floor(y / m) * symbol.size + Math.floor(x / m)] === 1,
			`[QR v${symbol.version}-${this.#qrLevel} "${text}"]`,
		);
	}

	/** GS k m d1…dk NUL (m 0–6) or GS k m n d1…dn (m 65–79). */
	barcode(b: Uint8Array, length: number): Parsed {
		if (length < 3) return { need: 3 };
		const m = b[2]!;
		if (m <= 6) {
			const end = b.subarray(3, length).indexOf(0);
			if (end < 0) return { need: length + 1 };
			this.#sink.diagnose(`barcode system ${m} not emulated`);
			return 3 + end + 1;
		}
		if (length < 4) return { need: 4 };
		const total = 4 + b[3]!;
		if (length < total) return { need: total };
		if (m !== 73) {
			this.#sink.diagnose(`barcode system ${m} not emulated`);
			return total;
		}
		const symbol = buildCode128(b.slice(4, total));
		if (typeof symbol === "string") {
			this.#sink.diagnose(symbol);
			return total;
		}
		const w = this.barcodeModule;
		const width = symbol.modules.length * w;
		if (width > this.#sink.paperWidthDots) {
			this.#sink.diagnose(`CODE128 of ${width} dots is wider than the paper`);
			return total;
		}
		this.#sink.block(width, this.barcodeHeight, (x) => symbol.modules[Math.floor(x / w)] === 1, `[CODE128 "${symbol.text}"]`);
		if (this.hriPosition === 2 || this.hriPosition === 3) {
			this.#sink.humanReadable(symbol.text);
		}
		return total;
	}
}

/** Printable ASCII of QR data for the text rendering; other bytes as \xNN. */
function asciiText(data: Uint8Array): string {
	let s = "";
	for (const b of data) s += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${hex(b)}`;
	return s;
}
