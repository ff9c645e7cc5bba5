// The jig line on ECMA-419 serial and digital IO: UART0 (shared with the boot console, 8N1) split into
// lines, and the jig-detect strap read once at construction (boot).
//
// The detect strap is active low with the internal pull-up. On the posterm boards it is GPIO0, which the
// ESP32 ROM samples at reset for download mode (ESP32-S3 datasheet, "Strapping pins"): the jig asserts it
// only after releasing EN, so the unit boots from flash and the application then reads it low.

import type { BoardUart } from "../../hal/board.js";
import { JIG_MAX_LINE_BYTES, type JigPort } from "../../hal/jig-port.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";
import { utf8Decode, utf8Encode } from "../../src/text/utf8.js";
import type { DigitalClass, PinIo, SerialClass, SerialPort } from "./io.js";

export interface SerialJigPortOptions {
	readonly serial: { readonly io: SerialClass } & BoardUart;
	/** The jig-detect strap. */
	readonly detect: PinIo<DigitalClass>;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const INITIAL_LINE_BYTES = 128;

export class SerialJigPort implements JigPort {
	readonly detected: boolean;
	readonly #serial: SerialPort;
	readonly #lines = new Listeners<string>();
	readonly #tooLong = new Listeners<void>();
	/** The line so far; grown as a line needs (up to JIG_MAX_LINE_BYTES), so an idle port holds little RAM. */
	#received = new Uint8Array(INITIAL_LINE_BYTES);
	#receivedLength = 0;
	/** The current line grew past the limit: drop everything up to its newline. */
	#discarding = false;
	/** Bytes waiting for room in the transmit buffer. */
	#pending: Uint8Array[] = [];
	#room = 0;
	#closed = false;

	constructor(options: SerialJigPortOptions) {
		const { serial, detect } = options;
		const strap = new detect.io({ pin: detect.pin, mode: detect.io.InputPullUp });
		this.detected = strap.read() === 0;
		strap.close();
		this.#serial = new serial.io({
			port: serial.port,
			baud: serial.baud,
			transmit: serial.transmit,
			receive: serial.receive,
			format: "buffer",
			onReadable: (count: number) => this.#read(count),
			onWritable: (count: number) => {
				if (this.#closed) return;
				this.#room = count;
				this.#drain();
			},
		});
	}

	writeLine(line: string): void {
		if (line.includes("\n")) throw new RangeError("a jig line must not contain a newline");
		if (this.#closed) return;
		this.#pending.push(utf8Encode(`${line}\n`));
		this.#drain();
	}

	onLine(handler: (line: string) => void, tooLong?: () => void): Unsubscribe {
		const stops = [this.#lines.add(handler), ...(tooLong ? [this.#tooLong.add(tooLong)] : [])];
		return () => stops.forEach((stop) => stop());
	}

	/** Releases the UART; lines not yet sent are dropped. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#pending = [];
		this.#room = 0;
		this.#serial.close();
	}

	#drain(): void {
		while (this.#room > 0 && this.#pending.length > 0) {
			const head = this.#pending[0]!;
			const count = Math.min(this.#room, head.length);
			this.#serial.write(head.subarray(0, count));
			this.#room -= count;
			if (count === head.length) this.#pending.shift();
			else this.#pending[0] = head.subarray(count);
		}
	}

	#read(count: number): void {
		if (this.#closed) return;
		const buffer = this.#serial.read(count);
		if (!(buffer instanceof ArrayBuffer)) return;
		for (const byte of new Uint8Array(buffer)) {
			if (byte === NEWLINE) {
				if (this.#discarding) this.#tooLong.emit();
				else this.#emitLine();
				this.#discarding = false;
				this.#receivedLength = 0;
			} else if (!this.#discarding) {
				if (this.#receivedLength === JIG_MAX_LINE_BYTES) this.#discarding = true;
				else this.#keep(byte);
			}
		}
	}

	#keep(byte: number): void {
		if (this.#receivedLength === this.#received.length) {
			const grown = new Uint8Array(Math.min(JIG_MAX_LINE_BYTES, this.#received.length * 2));
			grown.set(this.#received);
			this.#received = grown;
		}
		this.#received[this.#receivedLength++] = byte;
	}

	#emitLine(): void {
		let end = this.#receivedLength;
		if (end > 0 && this.#received[end - 1] === CARRIAGE_RETURN) end--;
		this.#lines.emit(utf8Decode(this.#received.subarray(0, end)) ?? "\uFFFD");
	}
}
