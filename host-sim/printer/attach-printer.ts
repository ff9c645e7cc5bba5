// Puts an emulated printer on the end of a simulator printer UART. Platform-free: the caller brings the
// GBK decoder and the CJK font (iconv-lite and the Unifont subset on the desktop).

import type { Clock } from "../../hal/clock.js";
import type { SimPrinterPort } from "../hal/sim-printer-port.js";
import { PrinterEmulator, type PrinterEmulatorOptions } from "./printer-emulator.js";

export function attachPrinter(port: SimPrinterPort, clock: Clock, options: Omit<PrinterEmulatorOptions, "clock">): PrinterEmulator {
	const printer = new PrinterEmulator({ ...options, clock });
	printer.connect(port);
	port.attach(printer);
	return printer;
}
