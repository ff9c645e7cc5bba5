// The printer UART on ECMA-419 serial (docs/device-printer-uart.md). RTS/CTS is done by the ESP32 UART hardware;
// XON (0x11) / XOFF (0x13) arrive in the data for src/ to act on.

import type { BoardUart } from "../../hal/board.js";
import type { FlowControl, PrinterPort } from "../../hal/printer-port.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";
import type { SerialClass, SerialPort } from "./io.js";

export interface SerialPrinterPortOptions {
	/** The serial IO class (embedded:io/serial) and the board's printer UART. */
	readonly serial: { readonly io: SerialClass } & BoardUart;
	readonly flowControl: FlowControl;
}

export class SerialPrinterPort implements PrinterPort {
	readonly baud: number;
	readonly flowControl: FlowControl;
	readonly #serial: SerialPort;
	readonly #writable = new Listeners<void>();
	readonly #data = new Listeners<Uint8Array>();
	/** Bytes the transmit buffer can take now, as last reported by onWritable. */
	#room = 0;
	#closed = false;

	constructor(options: SerialPrinterPortOptions) {
		const { serial: uart, flowControl } = options;
		this.baud = uart.baud;
		this.flowControl = flowControl;
		const hardware = flowControl === "rts-cts";
		if (hardware && (uart.rts === undefined || uart.cts === undefined)) throw new RangeError("rts-cts needs uart.rts and uart.cts");
		// 8N1 is the ECMA-419 serial default and every ESC/POS printer's.
		this.#serial = new uart.io({
			port: uart.port,
			baud: uart.baud,
			transmit: uart.transmit,
			receive: uart.receive,
			flowControl: hardware ? "hardware" : "none",
			...(hardware ? { requestToSend: uart.rts, clearToSend: uart.cts } : {}),
			format: "buffer",
			onReadable: (count: number) => this.#read(count),
			onWritable: (count: number) => {
				if (this.#closed) return;
				this.#room = count;
				this.#writable.emit();
			},
		});
	}

	write(bytes: Uint8Array): number {
		const count = Math.min(this.#room, bytes.length);
		if (count === 0) return 0;
		this.#serial.write(bytes.subarray(0, count));
		this.#room -= count;
		return count;
	}

	onWritable(handler: () => void): Unsubscribe {
		return this.#writable.add(handler);
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		return this.#data.add(handler);
	}

	/**
	 * The CTS pin belongs to the UART, so it cannot also be read as a GPIO: a printer holding CTS shows as a
	 * transmit buffer that stops draining.
	 */
	clearToSend(): boolean {
		return !this.#closed && (this.flowControl !== "rts-cts" || this.#room > 0);
	}

	/** Releases the UART (and its RTS/CTS pins); `write` accepts nothing from then on. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#room = 0;
		this.#serial.close();
	}

	#read(count: number): void {
		if (this.#closed) return;
		const buffer = this.#serial.read(count);
		if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) this.#data.emit(new Uint8Array(buffer));
	}
}
