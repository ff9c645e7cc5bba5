// The thermal printer's UART (docs/device-printer-uart.md): a byte stream with flow control, and the
// status bytes the printer sends back (DLE EOT replies, GS a automatic status, XON/XOFF).

import type { Unsubscribe } from "./result.js";

export type FlowControl = "rts-cts" | "xon-xoff" | "none";

export interface PrinterPort {
	readonly baud: number;
	readonly flowControl: FlowControl;
	/**
	 * Queues bytes for the UART and returns how many were accepted (0..bytes.length). Fewer than all
	 * means the transmit buffer is full or the printer holds CTS: wait for `onWritable`.
	 */
	write(bytes: Uint8Array): number;
	/** The port can accept more bytes. */
	onWritable(handler: () => void): Unsubscribe;
	/** Bytes received from the printer. With "xon-xoff", XON/XOFF are delivered here too. */
	onData(handler: (bytes: Uint8Array) => void): Unsubscribe;
	/** With "rts-cts": the printer's CTS line; true when it may receive. Always true otherwise. */
	clearToSend(): boolean;
	/** Releases the UART: `write` then accepts nothing, `clearToSend` is false, no data or writable events follow. */
	close(): void;
}
