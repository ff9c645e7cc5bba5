// A fake ECMA-419 Serial for the device drivers' tests: what a driver wrote, what the other end sends next,
// and the transmit buffer's room as onWritable reports it.

import type { SerialClass, SerialPort } from "../../device/moddable/io.js";

type SerialOptions = ConstructorParameters<SerialClass>[0];

/** The last serial port opened, with what the driver wrote and what the other end sends next. */
export class FakeSerial implements SerialPort {
	static last: FakeSerial | undefined;
	readonly options: SerialOptions;
	readonly written: number[] = [];
	incoming: number[] = [];
	closed = false;

	constructor(options: SerialOptions) {
		this.options = options;
		FakeSerial.last = this;
	}

	read(byteLength: number): ArrayBuffer | undefined {
		const bytes = this.incoming.splice(0, byteLength);
		return bytes.length === 0 ? undefined : Uint8Array.from(bytes).buffer;
	}

	write(bytes: Uint8Array): void {
		if (this.closed) throw new Error("closed");
		this.written.push(...bytes);
	}

	close(): void {
		this.closed = true;
	}

	/** The UART's transmit buffer has room for `count` bytes. */
	room(count: number): void {
		if (!this.closed) this.options.onWritable(count);
	}

	/** The other end sent `bytes`. */
	receive(bytes: readonly number[]): void {
		this.incoming.push(...bytes);
		if (!this.closed) this.options.onReadable(bytes.length);
	}
}
