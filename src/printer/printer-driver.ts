// Prints slips on the ESC/POS printer over the HAL printer port, one copy at a time, without blocking:
// every step is a callback from the port or a HAL clock timer (Epson ESC/POS Command Reference: DLE EOT, GS a).
//
// Per job: poll DLE EOT 1/2/4 (ready?), enable automatic status back (GS a) so paper-end and cover-open
// arrive without polling, then for each copy stream its bytes in chunks the port accepts (RTS/CTS is the
// port's; XOFF from the printer pauses us until XON), followed by GS r 1: its answer comes back only when
// the printer has executed everything before it, so it marks the copy as printed. A fault before that
// answer clears the printer's buffers (DLE DC4 fn 8) and, once the user has fixed it, the whole copy is
// printed again: a copy is never lost, and never printed twice. Between copies the driver waits for the
// tear-off key (`nextCopy()`) or a timeout.

import type { Clock, Timer } from "../../hal/clock.js";
import type { PrinterPort } from "../../hal/printer-port.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import { statusRequest } from "./escpos-encoder.js";
import { decodeStatus, isStatusRequest, pollPrinterStatus, type PrinterFault, type StatusSnapshot } from "./printer-status.js";

export type { PrinterFault } from "./printer-status.js";

const XON = 0x11;
const XOFF = 0x13;
/** GS r 1: transmit paper sensor status, in order. */
const COPY_END_MARKER = Uint8Array.of(0x1d, 0x72, 0x01);
/** GS a: report online/offline, errors and the paper sensor (bits 1–3). */
const ENABLE_ASB = Uint8Array.of(0x1d, 0x61, 0x0e);
/** DLE DC4 fn 8: clear the receive and print buffers (Epson, real time). */
const CLEAR_BUFFERS = Uint8Array.of(0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08);

export type PrintEvent =
	| { readonly kind: "printing"; readonly copy: number }
	| { readonly kind: "fault"; readonly fault: PrinterFault; readonly copy: number }
	/** The fault is fixed; the copy starts again from its first line. */
	| { readonly kind: "reprinting"; readonly copy: number }
	| { readonly kind: "copy-printed"; readonly copy: number }
	/** Waiting for the tear-off key (`nextCopy()`) before copy `copy + 1`; it starts by itself after `timeoutMs`. */
	| { readonly kind: "tear-off"; readonly copy: number; readonly timeoutMs: number }
	| { readonly kind: "done"; readonly paperNearEnd: boolean }
	| { readonly kind: "cancelled"; readonly copiesPrinted: number };

export interface PrintSession {
	readonly copiesPrinted: number;
	/** The tear-off key: start the next copy now. */
	nextCopy(): void;
	/** Stops after clearing the printer's buffers; copies already printed stay printed. */
	cancel(): void;
}

export interface PrinterDriverOptions {
	/** Wait for a DLE EOT answer, ms (default 500). */
	readonly statusTimeoutMs?: number;
	/** Status poll period while a fault is shown, ms (default 1000). */
	readonly faultPollMs?: number;
	/** Tear-off wait before the next copy starts by itself, ms (default 15000). */
	readonly tearOffTimeoutMs?: number;
	/** Longest a copy may take from its last byte to its GS r answer, ms (default 30000). */
	readonly copyTimeoutMs?: number;
	/** Bytes offered to the port per write (default 64). */
	readonly chunkBytes?: number;
}

type Phase = "checking" | "sending" | "finishing" | "fault" | "tear-off" | "idle";

/** Decodes a GS a block: byte 1 bit 3 offline, bit 5 cover open; byte 3 bits 2–3 paper end. */
function decodeAsb(asb: readonly number[]): StatusSnapshot {
	const offline = (asb[0]! & 0x08) !== 0;
	const fault = asb[0]! & 0x20 ? "cover-open" : asb[2]! & 0x0c ? "paper-out" : offline ? "offline" : undefined;
	return { fault, nearEnd: (asb[2]! & 0x03) !== 0 };
}

export class PrinterDriver {
	readonly #port: PrinterPort;
	readonly #clock: Clock;
	readonly #statusTimeoutMs: number;
	readonly #faultPollMs: number;
	readonly #tearOffTimeoutMs: number;
	readonly #copyTimeoutMs: number;
	readonly #chunkBytes: number;
	#job: PrintJob | undefined;

	constructor(port: PrinterPort, clock: Clock, options: PrinterDriverOptions = {}) {
		this.#port = port;
		this.#clock = clock;
		this.#statusTimeoutMs = options.statusTimeoutMs ?? 500;
		this.#faultPollMs = options.faultPollMs ?? 1000;
		this.#tearOffTimeoutMs = options.tearOffTimeoutMs ?? 15000;
		this.#copyTimeoutMs = options.copyTimeoutMs ?? 30000;
		this.#chunkBytes = options.chunkBytes ?? 64;
	}

	get busy(): boolean {
		return this.#job !== undefined;
	}

	/**
	 * Between jobs: asks the printer once whether it could print now (paper, cover, online); answers undefined
	 * when it could, and nothing while a job runs (the job reports faults itself). Returns the poll's cancel.
	 */
	checkReady(answer: (fault: PrinterFault | undefined) => void): () => void {
		if (this.#job) return () => undefined;
		return pollPrinterStatus(this.#port, this.#clock, this.#statusTimeoutMs, answer);
	}

	/** Starts printing `copies` (each a whole copy from ESC @ to its feed or cut); events report progress. */
	print(copies: readonly Uint8Array[], onEvent: (event: PrintEvent) => void): Result<PrintSession, "busy" | "nothing-to-print"> {
		if (this.#job) return err("busy");
		if (copies.length === 0) return err("nothing-to-print");
		const job = new PrintJob(this.#port, this.#clock, copies, onEvent, {
			statusTimeoutMs: this.#statusTimeoutMs,
			faultPollMs: this.#faultPollMs,
			tearOffTimeoutMs: this.#tearOffTimeoutMs,
			copyTimeoutMs: this.#copyTimeoutMs,
			chunkBytes: this.#chunkBytes,
			finished: () => {
				this.#job = undefined;
			},
		});
		this.#job = job;
		job.start();
		return ok(job);
	}
}

interface JobSettings extends Required<PrinterDriverOptions> {
	readonly finished: () => void;
}

class PrintJob implements PrintSession {
	readonly #port: PrinterPort;
	readonly #clock: Clock;
	readonly #copies: readonly Uint8Array[];
	readonly #emit: (event: PrintEvent) => void;
	readonly #settings: JobSettings;
	readonly #subscriptions: Unsubscribe[] = [];
	#phase: Phase = "idle";
	/** Index of the copy being printed. */
	#copy = 0;
	#printed = 0;
	/** The copy's bytes plus the GS r marker, and how many the port has taken. */
	#sending = new Uint8Array(0);
	#sent = 0;
	#xoff = false;
	#asbEnabled = false;
	#timer: Timer | undefined;
	#asb: number[] | undefined;
	/** Commands waiting for room in the port, sent before any more copy bytes. */
	readonly #control: Uint8Array[] = [];
	#fault: PrinterFault | undefined;
	/** DLE EOT answers awaited, in request order. */
	#answers: number[] = [];
	#awaitingAnswers = 0;
	#restart = false;
	#nearEnd = false;

	constructor(port: PrinterPort, clock: Clock, copies: readonly Uint8Array[], emit: (event: PrintEvent) => void, settings: JobSettings) {
		this.#port = port;
		this.#clock = clock;
		this.#copies = copies;
		this.#emit = emit;
		this.#settings = settings;
	}

	get copiesPrinted(): number {
		return this.#printed;
	}

	start(): void {
		this.#subscriptions.push(
			this.#port.onData((bytes) => this.#received(bytes)),
			this.#port.onWritable(() => this.#pump()),
		);
		this.#check();
	}

	nextCopy(): void {
		if (this.#phase !== "tear-off") return;
		this.#cancelTimer();
		this.#check();
	}

	cancel(): void {
		if (this.#phase === "idle") return;
		if (this.#phase === "sending" || this.#phase === "finishing") this.#write(CLEAR_BUFFERS);
		this.#finish({ kind: "cancelled", copiesPrinted: this.#printed });
	}

	/** Polls DLE EOT 1, 2, 4 before a copy (and while a fault is shown). */
	#check(): void {
		this.#phase = this.#phase === "fault" ? "fault" : "checking";
		this.#answers = [];
		this.#awaitingAnswers = 3;
		this.#dropQueuedStatusRequests();
		for (const n of [1, 2, 4] as const) this.#write(statusRequest(n));
		this.#setTimer(this.#settings.statusTimeoutMs, () => this.#statusTimedOut());
	}

	/**
	 * Requests still queued because the port takes no bytes (printer unplugged) are stale once their poll
	 * is over: dropped, not sent late. A half-sent one is shorter than 3 bytes and stays.
	 */
	#dropQueuedStatusRequests(): void {
		for (let i = this.#control.length - 1; i >= 0; i--) if (isStatusRequest(this.#control[i]!)) this.#control.splice(i, 1);
	}

	#statusTimedOut(): void {
		this.#dropQueuedStatusRequests();
		this.#awaitingAnswers = 0;
		this.#enterFault("no-response");
	}

	#statusAnswered(): void {
		this.#cancelTimer();
		const [printer, offline, paper] = this.#answers as [number, number, number];
		const status = decodeStatus(printer, offline, paper);
		this.#nearEnd = status.nearEnd;
		if (status.fault) {
			this.#enterFault(status.fault);
			return;
		}
		if (!this.#asbEnabled) {
			this.#asbEnabled = true;
			this.#write(ENABLE_ASB);
		}
		this.#startCopy();
	}

	#startCopy(): void {
		const copy = this.#copies[this.#copy]!;
		this.#emit(this.#restart ? { kind: "reprinting", copy: this.#copy + 1 } : { kind: "printing", copy: this.#copy + 1 });
		this.#restart = false;
		this.#fault = undefined;
		this.#sending = new Uint8Array(copy.length + COPY_END_MARKER.length);
		this.#sending.set(copy);
		this.#sending.set(COPY_END_MARKER, copy.length);
		this.#sent = 0;
		this.#phase = "sending";
		this.#pump();
	}

	/** Offers the port the next chunks until it or the printer (XOFF) says stop. */
	#pump(): void {
		if (!this.#flushControl() || this.#phase !== "sending") return;
		while (!this.#xoff && this.#sent < this.#sending.length) {
			const taken = this.#port.write(
				this.#sending.subarray(this.#sent, Math.min(this.#sending.length, this.#sent + this.#settings.chunkBytes)),
			);
			if (taken === 0) return;
			this.#sent += taken;
		}
		if (this.#sent === this.#sending.length) {
			this.#phase = "finishing";
			this.#setTimer(this.#settings.copyTimeoutMs, () => this.#enterFault("no-response"));
		}
	}

	/** Queues a command (status request, clear) ahead of copy bytes; it goes out as soon as the port has room. */
	#write(bytes: Uint8Array): void {
		this.#control.push(bytes);
		this.#flushControl();
	}

	/** Sends queued commands; true when none is left. */
	#flushControl(): boolean {
		while (this.#control.length > 0) {
			const next = this.#control[0]!;
			const taken = this.#port.write(next);
			if (taken === next.length) this.#control.shift();
			else {
				this.#control[0] = next.subarray(taken);
				return false;
			}
		}
		return true;
	}

	#received(bytes: Uint8Array): void {
		const xonXoff = this.#port.flowControl === "xon-xoff";
		for (const b of bytes) {
			if (xonXoff && (b === XON || b === XOFF)) {
				this.#xoff = b === XOFF;
				if (!this.#xoff) this.#pump();
			} else if (this.#asb) {
				this.#asb.push(b);
				if (this.#asb.length === 4) {
					const asb = this.#asb;
					this.#asb = undefined;
					this.#asbReceived(decodeAsb(asb));
				}
			} else if ((b & 0x93) === 0x10) this.#asb = [b];
			else if ((b & 0x93) === 0x12) {
				if (this.#awaitingAnswers > 0) {
					this.#answers.push(b);
					if (--this.#awaitingAnswers === 0) this.#statusAnswered();
				}
			} else if ((b & 0x90) === 0 && this.#phase === "finishing") this.#copyPrinted(b);
		}
	}

	#asbReceived(status: StatusSnapshot): void {
		this.#nearEnd = status.nearEnd;
		if (status.fault) {
			if (this.#phase === "sending" || this.#phase === "finishing" || this.#phase === "checking") this.#enterFault(status.fault);
		} else if (this.#phase === "fault" && this.#awaitingAnswers === 0) {
			this.#cancelTimer();
			this.#check();
		}
	}

	/** The GS r 1 answer: everything before it in this copy has been printed. */
	#copyPrinted(paperBits: number): void {
		this.#cancelTimer();
		this.#nearEnd = (paperBits & 0x03) !== 0;
		this.#printed++;
		this.#emit({ kind: "copy-printed", copy: this.#copy + 1 });
		this.#copy++;
		if (this.#copy === this.#copies.length) {
			this.#finish({ kind: "done", paperNearEnd: this.#nearEnd });
			return;
		}
		this.#phase = "tear-off";
		this.#emit({ kind: "tear-off", copy: this.#copy, timeoutMs: this.#settings.tearOffTimeoutMs });
		this.#setTimer(this.#settings.tearOffTimeoutMs, () => this.nextCopy());
	}

	/** Stops the copy, empties the printer's buffers, tells the user, and polls until the fault is gone. */
	#enterFault(fault: PrinterFault): void {
		const interrupted = this.#phase === "sending" || this.#phase === "finishing";
		if (interrupted) {
			this.#write(CLEAR_BUFFERS);
			this.#restart = true;
		}
		const news = this.#phase !== "fault" || fault !== this.#fault;
		this.#phase = "fault";
		this.#fault = fault;
		this.#xoff = false;
		if (news) this.#emit({ kind: "fault", fault, copy: this.#copy + 1 });
		this.#setTimer(this.#settings.faultPollMs, () => this.#check());
	}

	#setTimer(ms: number, callback: () => void): void {
		this.#cancelTimer();
		this.#timer = this.#clock.after(ms, () => {
			this.#timer = undefined;
			callback();
		});
	}

	#cancelTimer(): void {
		this.#timer?.cancel();
		this.#timer = undefined;
	}

	#finish(event: PrintEvent): void {
		this.#cancelTimer();
		this.#phase = "idle";
		for (const unsubscribe of this.#subscriptions) unsubscribe();
		this.#subscriptions.length = 0;
		this.#dropQueuedStatusRequests();
		if (!this.#flushControl()) {
			// A clear-buffers command still waits for room in the port: it must reach the printer.
			const stop = this.#port.onWritable(() => {
				if (this.#flushControl()) stop();
			});
		}
		this.#settings.finished();
		this.#emit(event);
	}
}
