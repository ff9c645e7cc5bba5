// The printer UART on ECMA-419 serial (docs/device-printer-uart.md). XON (0x11) / XOFF (0x13) arrive in the
// data for src/ to act on. RTS/CTS is refused: Moddable's serial for the ESP32 (modules/io/serial/esp32/
// serial.c in SDK 8.2.3) sets UART_HW_FLOWCTRL_DISABLE and connects only the TX and RX pins, so a board's RTS
// and CTS would be silently unused and a printer's full buffer would lose bytes.

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
		if (flowControl === "rts-cts")
			throw new RangeError("rts-cts: the device's serial has no hardware flow control; use xon-xoff or none");
		// 8N1 is the ECMA-419 serial default and every ESC/POS printer's.
		this.#serial = new uart.io({
			port: uart.port,
			baud: uart.baud,
			transmit: uart.transmit,
			receive: uart.receive,
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

	/** No CTS line on the device: always clear while open; XOFF arrives as data. */
	clearToSend(): boolean {
		return !this.#closed;
	}

	/** Releases the UART; `write` accepts nothing from then on. */
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
