// The simulator's printer UART. Bytes written go into a transmit FIFO and leave it at the line rate
// (8N1: 10 bits a byte) on the HAL clock, to whatever printer model is attached (the ESC/POS emulator in
// host-sim/printer). With RTS/CTS the line pauses while the printer holds CTS; otherwise bytes the printer
// cannot take are lost, as on a real wire. The model pushes status bytes back. Platform-free.

import type { Clock, Timer } from "../../hal/clock.js";
import type { FlowControl, PrinterPort } from "../../hal/printer-port.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

/** The printer side of the wire. */
export interface PrinterModel {
	/** Takes bytes off the wire into the printer's input buffer; returns how many it kept (the rest are lost). */
	receive(bytes: Uint8Array): number;
	/** The printer's CTS output (RTS/CTS flow control). */
	readonly ready: boolean;
}

/** Bytes the UART driver buffers for transmission (the ESP32's TX FIFO plus a driver ring). */
export const TX_FIFO_BYTES = 256;
/** Bytes moved per timer step: at 115200 baud 16 bytes are 1.4 ms on the line. */
const STEP_BYTES = 16;

export class SimPrinterPort implements PrinterPort {
	readonly baud: number;
	readonly flowControl: FlowControl;
	readonly #clock: Clock;
	#model: PrinterModel | undefined;
	readonly #writable = new Listeners<void>();
	readonly #data = new Listeners<Uint8Array>();
	readonly #fifo = new Uint8Array(TX_FIFO_BYTES);
	#head = 0;
	#count = 0;
	#shifting: Timer | undefined;
	#closed = false;
	/** Time the line has spent sending bytes, ms. */
	lineBusyMs = 0;
	/** Bytes that have left the FIFO. */
	bytesSent = 0;

	constructor(baud: number, flowControl: FlowControl, clock: Clock) {
		this.baud = baud;
		this.flowControl = flowControl;
		this.#clock = clock;
	}

	/** Connects a printer model; with none attached the port accepts nothing (printer unplugged). */
	attach(model: PrinterModel | undefined): void {
		this.#model = model;
		if (model) this.writable();
	}

	write(bytes: Uint8Array): number {
		if (!this.#model || this.#closed) return 0;
		const count = Math.min(bytes.length, TX_FIFO_BYTES - this.#count);
		for (let i = 0; i < count; i++) this.#fifo[(this.#head + this.#count + i) % TX_FIFO_BYTES] = bytes[i]!;
		this.#count += count;
		this.#shift();
		return count;
	}

	onWritable(handler: () => void): Unsubscribe {
		return this.#writable.add(handler);
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		return this.#data.add(handler);
	}

	clearToSend(): boolean {
		if (this.#closed) return false;
		return this.flowControl !== "rts-cts" || (this.#model?.ready ?? false);
	}

	/** The UART is released: what is still in the FIFO is dropped, as when the driver is deleted. */
	close(): void {
		this.#closed = true;
		this.#shifting?.cancel();
		this.#shifting = undefined;
		this.#count = 0;
	}

	/** A byte is on the line now. */
	get lineBusy(): boolean {
		return this.#shifting !== undefined;
	}

	/** The printer model calls this when it sends bytes back (status, XON/XOFF). */
	fromPrinter(bytes: Uint8Array): void {
		if (!this.#closed) this.#data.emit(bytes);
	}

	/** The printer model calls this when it can take more bytes. */
	writable(): void {
		if (this.#closed) return;
		this.#shift();
		this.#writable.emit();
	}

	/** Starts the next step on the line unless one is under way, the FIFO is empty or CTS is held. */
	#shift(): void {
		if (this.#shifting || this.#count === 0 || !this.#model || !this.clearToSend()) return;
		const n = Math.min(STEP_BYTES, this.#count);
		const chunk = new Uint8Array(n);
		for (let i = 0; i < n; i++) chunk[i] = this.#fifo[(this.#head + i) % TX_FIFO_BYTES]!;
		const ms = (n * 10 * 1000) / this.baud;
		this.#shifting = this.#clock.after(ms, () => {
			this.#shifting = undefined;
			this.#head = (this.#head + n) % TX_FIFO_BYTES;
			this.#count -= n;
			this.lineBusyMs += ms;
			this.bytesSent += n;
			this.#model?.receive(chunk);
			this.#shift();
			this.#writable.emit();
		});
	}
}
