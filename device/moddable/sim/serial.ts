// Stand-in for embedded:io/serial in Moddable's desktop simulator, whose own serial opens host tty devices
// by name: the printer port takes every byte at once and never answers.

const ROOM = 1024;

/** The ECMA-419 serial options (the stand-in ignores all but onWritable). */
interface SerialOptions {
	readonly port: number;
	readonly baud: number;
	readonly transmit?: number;
	readonly receive?: number;
	readonly flowControl?: "hardware" | "none";
	readonly requestToSend?: number;
	readonly clearToSend?: number;
	readonly format?: "number" | "buffer";
	readonly onReadable?: (count: number) => void;
	readonly onWritable?: (count: number) => void;
}

export default class Serial {
	readonly #onWritable: ((count: number) => void) | undefined;

	constructor(options: SerialOptions) {
		this.#onWritable = options.onWritable;
		Promise.resolve().then(() => this.#onWritable?.(ROOM));
	}

	read(_byteLength?: number): ArrayBuffer | undefined {
		return undefined;
	}

	write(_bytes: ArrayBufferLike | ArrayBufferView): void {
		Promise.resolve().then(() => this.#onWritable?.(ROOM));
	}

	close(): void {}

	get format(): "buffer" {
		return "buffer";
	}
}
