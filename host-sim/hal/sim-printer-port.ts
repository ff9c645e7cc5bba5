// The simulator's printer UART. Bytes go to whatever printer model is attached (the ESC/POS emulator of
// issue 6); the model pushes status bytes back and holds CTS. Platform-free.

import type { FlowControl, PrinterPort } from "../../hal/printer-port.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

/** The printer side of the wire. */
export interface PrinterModel {
	/** Offers bytes to the printer; returns how many its input buffer took. */
	receive(bytes: Uint8Array): number;
	/** The printer's CTS output (RTS/CTS flow control). */
	readonly ready: boolean;
}

export class SimPrinterPort implements PrinterPort {
	readonly baud: number;
	readonly flowControl: FlowControl;
	#model: PrinterModel | undefined;
	readonly #writable = new Listeners<void>();
	readonly #data = new Listeners<Uint8Array>();

	constructor(baud: number, flowControl: FlowControl) {
		this.baud = baud;
		this.flowControl = flowControl;
	}

	/** Connects a printer model; with none attached the port accepts nothing (printer unplugged). */
	attach(model: PrinterModel | undefined): void {
		this.#model = model;
		if (model) this.writable();
	}

	write(bytes: Uint8Array): number {
		if (!this.#model || !this.clearToSend()) return 0;
		return this.#model.receive(bytes);
	}

	onWritable(handler: () => void): Unsubscribe {
		return this.#writable.add(handler);
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		return this.#data.add(handler);
	}

	clearToSend(): boolean {
		return this.flowControl !== "rts-cts" || (this.#model?.ready ?? false);
	}

	/** The printer model calls this when it sends bytes back (status, XON/XOFF). */
	fromPrinter(bytes: Uint8Array): void {
		this.#data.emit(bytes);
	}

	/** The printer model calls this when it can take more bytes. */
	writable(): void {
		this.#writable.emit();
	}
}
