// The emulated printer as the desktop simulator and the CLI use it: GBK through iconv-lite, the Unifont
// GB2312 subset for Chinese glyphs.

import type { Clock } from "../../hal/clock.js";
import type { SimPrinterPort } from "../hal/sim-printer-port.js";
import { attachPrinter } from "./attach-printer.js";
import { decodeGbkWithIconv, gb2312Font } from "./desktop-printer-fonts.js";
import { EscPosInterpreter } from "./escpos-interpreter.js";
import type { PrinterEmulator } from "./printer-emulator.js";

/** A printer on the simulator's printer UART (58 mm, 80 mm/s, 4 KB buffer). */
export function attachDesktopPrinter(port: SimPrinterPort, clock: Clock): PrinterEmulator {
	return attachPrinter(port, clock, { decodeGbk: decodeGbkWithIconv, cjkFont: gb2312Font() });
}

/** An interpreter for rendering a captured byte stream offline (no timing, status answers dropped). */
export function desktopInterpreter(): EscPosInterpreter {
	return new EscPosInterpreter({
		decodeGbk: decodeGbkWithIconv,
		cjkFont: gb2312Font(),
		transmitStatus: () => undefined,
		automaticStatusBack: () => undefined,
	});
}
