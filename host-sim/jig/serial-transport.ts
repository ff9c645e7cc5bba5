// The jig line on a real serial port (USB-UART adapter on the unit's UART0) through the `serialport`
// package: 115200 8N1 by default (the board's jig.uart.baud), lines split on "\n".

import { ReadlineParser, SerialPort } from "serialport";
import type { Unsubscribe } from "../../hal/result.js";
import type { JigTransport } from "./jig-transport.js";

/** A port as the transport needs it: an open duplex byte stream (SerialPort, or SerialPortMock in tests). */
export interface LinePort {
	readonly isOpen: boolean;
	write(data: string): boolean;
	pipe<T extends NodeJS.WritableStream>(destination: T): T;
	close(callback: (error?: Error | null) => void): void;
}

export class SerialTransport implements JigTransport {
	readonly #port: LinePort;
	readonly #handlers = new Set<(line: string) => void>();

	constructor(port: LinePort) {
		this.#port = port;
		const lines = port.pipe(new ReadlineParser({ delimiter: "\n", encoding: "utf8" }));
		lines.on("data", (line: string) => {
			const text = line.endsWith("\r") ? line.slice(0, -1) : line;
			for (const handler of [...this.#handlers]) handler(text);
		});
	}

	/** Opens `path` (e.g. /dev/ttyUSB0, COM3); rejects with the OS error when it cannot. */
	static open(path: string, baudRate: number): Promise<SerialTransport> {
		return new Promise((resolve, reject) => {
			const port = new SerialPort({ path, baudRate, dataBits: 8, parity: "none", stopBits: 1, autoOpen: false });
			port.open((error) => (error ? reject(error) : resolve(new SerialTransport(port))));
		});
	}

	send(line: string): void {
		this.#port.write(`${line}\n`);
	}

	onLine(handler: (line: string) => void): Unsubscribe {
		this.#handlers.add(handler);
		return () => this.#handlers.delete(handler);
	}

	close(): Promise<void> {
		if (!this.#port.isOpen) return Promise.resolve();
		return new Promise((resolve) => this.#port.close(() => resolve()));
	}
}
