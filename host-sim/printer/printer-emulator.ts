// The emulated thermal printer on the other end of the simulator's printer UART: a finite receive buffer
// with flow control, a mechanism that prints at a set speed on the HAL clock, paper-end and cover sensors,
// and the status bytes of the Epson ESC/POS Command Reference (DLE EOT in real time, GS a automatic status, GS r in
// order). Overflowing the buffer loses bytes, as on a real printer: the output then comes out garbled.
// Platform-free (the benchmark runs it in XS).

import type { Clock, Timer } from "../../hal/clock.js";
import type { FlowControl } from "../../hal/printer-port.js";
import type { PrinterModel } from "../hal/sim-printer-port.js";
import { EscPosInterpreter, type InterpreterHost } from "./escpos-interpreter.js";
import type { Paper } from "./paper.js";
import type { CjkFont } from "./printer-fonts.js";

const XON = 0x11;
const XOFF = 0x13;
/** DLE DC4 fn 8: clear the receive and print buffers (real time). */
const CLEAR_BUFFERS = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];

/** The host end of the wire, as the printer sees it. */
export interface PrinterLine {
	readonly flowControl: FlowControl;
	/** Bytes the printer sends to the host (status, XON/XOFF). */
	fromPrinter(bytes: Uint8Array): void;
	/** The printer can take bytes again (CTS asserted or XON sent). */
	writable(): void;
}

export interface PrinterEmulatorOptions {
	readonly clock: Clock;
	readonly decodeGbk: InterpreterHost["decodeGbk"];
	readonly cjkFont: CjkFont;
	readonly widthDots?: number;
	/** Receive buffer size in bytes (default 4096). */
	readonly bufferBytes?: number;
	/** Paper speed in mm/s at 8 dots/mm (default 80). */
	readonly speedMmPerS?: number;
}

export class PrinterEmulator implements PrinterModel {
	readonly interpreter: EscPosInterpreter;
	readonly #clock: Clock;
	#line: PrinterLine | undefined;
	readonly #buffer: Uint8Array;
	#head = 0;
	#count = 0;
	readonly #msPerDot: number;
	#busyTimer: Timer | undefined;
	#pumping = false;
	/** Last bytes received, to spot real-time commands. */
	#recent: number[] = [];
	#paperEnd = false;
	#nearEnd = false;
	#coverOpen = false;
	#asbMask = 0;
	#lastAsb = "";
	#ready = true;
	#notReadySince: number | undefined;
	#notReadyMs = 0;
	/** Bytes lost because they arrived with the receive buffer full. */
	overrunBytes = 0;
	/** Monotonic ms of the first and the last paper motion. */
	firstMotionMs: number | undefined;
	lastMotionEndMs: number | undefined;

	constructor(options: PrinterEmulatorOptions) {
		this.#clock = options.clock;
		this.#buffer = new Uint8Array(options.bufferBytes ?? 4096);
		this.#msPerDot = 1000 / ((options.speedMmPerS ?? 80) * 8);
		const host: InterpreterHost = {
			decodeGbk: options.decodeGbk,
			cjkFont: options.cjkFont,
			transmitStatus: (n) => this.#send(Uint8Array.of(n === 1 ? this.#paperSensorBits() : 0)),
			automaticStatusBack: (mask) => {
				this.#asbMask = mask;
				this.#lastAsb = "";
				this.#reportAsb();
			},
		};
		this.interpreter = new EscPosInterpreter(host, options.widthDots ?? 384);
	}

	get paper(): Paper {
		return this.interpreter.paper;
	}

	/** Connects the printer to the host end of its UART. */
	connect(line: PrinterLine): void {
		this.#line = line;
	}

	get ready(): boolean {
		return this.#ready;
	}

	/** Time the printer has held CTS (or XOFF) since power-on, ms. */
	get notReadyMs(): number {
		return this.#notReadyMs + (this.#notReadySince === undefined ? 0 : this.#clock.monotonicMs() - this.#notReadySince);
	}

	get online(): boolean {
		return !this.#paperEnd && !this.#coverOpen;
	}

	/** The paper-end sensor: the roll has run out. */
	get paperEnd(): boolean {
		return this.#paperEnd;
	}

	get coverOpen(): boolean {
		return this.#coverOpen;
	}

	/** Nothing buffered, nothing moving. */
	get idle(): boolean {
		return this.#count === 0 && this.#busyTimer === undefined && this.interpreter.idle;
	}

	receive(bytes: Uint8Array): number {
		let taken = 0;
		for (const b of bytes) {
			if (this.#realTime(b)) continue;
			if (this.#count === this.#buffer.length) {
				this.overrunBytes++;
				continue;
			}
			this.#buffer[(this.#head + this.#count++) % this.#buffer.length] = b;
			taken++;
		}
		this.#flowControl();
		this.#pump();
		return taken;
	}

	/** The roll runs out now: printing stops mid-slip, the printer goes offline. */
	paperOut(): void {
		if (this.#paperEnd) return;
		this.#paperEnd = this.#nearEnd = true;
		this.paper.mark("paper end");
		this.#changed();
	}

	/** The roll is getting short: the near-end sensor trips, printing goes on. */
	paperNearEnd(): void {
		this.#nearEnd = true;
		this.#changed();
	}

	/** A new roll is loaded (and the cover closed by the user when it was open). */
	loadPaper(): void {
		this.#paperEnd = this.#nearEnd = false;
		this.#changed();
	}

	openCover(): void {
		this.#coverOpen = true;
		this.#changed();
	}

	closeCover(): void {
		this.#coverOpen = false;
		this.#changed();
	}

	/** DLE EOT n reply: bits 1 and 4 always set. */
	status(n: number): number {
		const offline = !this.online;
		switch (n) {
			case 1:
				return 0x12 | (offline ? 0x08 : 0);
			case 2:
				return 0x12 | (this.#coverOpen ? 0x04 : 0) | (this.#paperEnd ? 0x20 : 0);
			case 4:
				return 0x12 | (this.#nearEnd ? 0x0c : 0) | (this.#paperEnd ? 0x60 : 0);
			default:
				return 0x12;
		}
	}

	/** Handles DLE EOT n and DLE DC4 fn 8 on arrival; true when the byte ended a clear-buffers command. */
	#realTime(b: number): boolean {
		this.#recent.push(b);
		if (this.#recent.length > CLEAR_BUFFERS.length) this.#recent.shift();
		const r = this.#recent;
		const n = r.length;
		if (n >= 3 && r[n - 3] === 0x10 && r[n - 2] === 0x04 && b >= 1 && b <= 4) this.#send(Uint8Array.of(this.status(b)));
		if (n === CLEAR_BUFFERS.length && CLEAR_BUFFERS.every((v, i) => r[i] === v)) {
			this.#count = 0;
			this.interpreter.clearInput();
			this.#recent = [];
			return true;
		}
		return false;
	}

	#paperSensorBits(): number {
		return (this.#nearEnd ? 0x03 : 0) | (this.#paperEnd ? 0x0c : 0);
	}

	#send(bytes: Uint8Array): void {
		this.#line?.fromPrinter(bytes);
	}

	#changed(): void {
		this.#reportAsb();
		this.#pump();
	}

	/** GS a: 4 bytes whenever an enabled status changes. */
	#reportAsb(): void {
		if (this.#asbMask === 0) return;
		const asb = Uint8Array.of(0x10 | (this.online ? 0 : 0x08) | (this.#coverOpen ? 0x20 : 0), 0, this.#paperSensorBits(), 0);
		const key = asb.join(",");
		if (key === this.#lastAsb) return;
		this.#lastAsb = key;
		this.#send(asb);
	}

	/** Runs the buffer through the mechanism until it has to wait for paper motion or for the user. */
	#pump(): void {
		if (this.#pumping) return;
		this.#pumping = true;
		while (this.online && this.#count > 0 && this.#busyTimer === undefined) {
			const b = this.#buffer[this.#head]!;
			this.#head = (this.#head + 1) % this.#buffer.length;
			this.#count--;
			const before = this.interpreter.dotsFed;
			this.interpreter.push(b);
			const fed = this.interpreter.dotsFed - before;
			if (fed > 0) {
				const now = this.#clock.monotonicMs();
				this.firstMotionMs ??= now;
				const ms = fed * this.#msPerDot;
				this.lastMotionEndMs = now + ms;
				this.#busyTimer = this.#clock.after(ms, () => {
					this.#busyTimer = undefined;
					this.#pump();
				});
			}
		}
		this.#pumping = false;
		this.#flowControl();
	}

	/** CTS low / XOFF when fewer than 512 bytes are free; released when 2048 are free again. */
	#flowControl(): void {
		const free = this.#buffer.length - this.#count;
		const line = this.#line;
		if (this.#ready && free < 512) {
			this.#ready = false;
			this.#notReadySince = this.#clock.monotonicMs();
			if (line?.flowControl === "xon-xoff") this.#send(Uint8Array.of(XOFF));
		} else if (!this.#ready && free >= 2048) {
			this.#ready = true;
			this.#notReadyMs += this.#clock.monotonicMs() - this.#notReadySince!;
			this.#notReadySince = undefined;
			if (line?.flowControl === "xon-xoff") this.#send(Uint8Array.of(XON));
			line?.writable();
		}
	}
}
