// The printer's status between jobs: one DLE EOT 1, 2, 4 poll and what its answers mean (Epson ESC/POS
// Command Reference: DLE EOT n real-time status, GS a automatic status back). The print driver decodes the
// same answers before every copy; the application polls between jobs, e.g. for paper before a sale.

import type { Clock, Timer } from "../../hal/clock.js";
import type { PrinterPort } from "../../hal/printer-port.js";
import type { Unsubscribe } from "../../hal/result.js";
import { statusRequest } from "./escpos-encoder.js";

export type PrinterFault = "paper-out" | "cover-open" | "offline" | "no-response";

export interface StatusSnapshot {
	readonly fault: PrinterFault | undefined;
	readonly nearEnd: boolean;
}

export function isStatusRequest(bytes: Uint8Array): boolean {
	return bytes.length === 3 && bytes[0] === 0x10 && bytes[1] === 0x04;
}

/** Decodes DLE EOT 1, 2, 4 answers: bit 3 offline; cover open 0x04 and paper end 0x20; paper 0x60/0x0C. */
export function decodeStatus(printer: number, offline: number, paper: number): StatusSnapshot {
	const fault =
		offline & 0x04 ? "cover-open" : offline & 0x20 || (paper & 0x60) === 0x60 ? "paper-out" : printer & 0x08 ? "offline" : undefined;
	return { fault, nearEnd: (paper & 0x0c) !== 0 };
}

/**
 * Polls DLE EOT 1, 2, 4 once and answers the fault found (undefined: ready), or "no-response" after
 * `timeoutMs`. GS a blocks the printer sends meanwhile (first byte 0xx1xx00, four bytes) are skipped.
 * Returns the poll's cancel.
 */
export function pollPrinterStatus(
	port: PrinterPort,
	clock: Clock,
	timeoutMs: number,
	answer: (fault: PrinterFault | undefined) => void,
): () => void {
	const answers: number[] = [];
	let asbLeft = 0;
	let timer: Timer | undefined;
	let off: Unsubscribe | undefined;
	const end = (fault: PrinterFault | undefined) => {
		timer?.cancel();
		off?.();
		timer = off = undefined;
		answer(fault);
	};
	off = port.onData((bytes) => {
		for (const b of bytes) {
			if (!off) return;
			if (asbLeft > 0) asbLeft--;
			else if ((b & 0x93) === 0x10) asbLeft = 3;
			else if ((b & 0x93) === 0x12 && answers.push(b) === 3) end(decodeStatus(answers[0]!, answers[1]!, answers[2]!).fault);
		}
	});
	timer = clock.after(timeoutMs, () => end("no-response"));
	for (const n of [1, 2, 4] as const) {
		const request = statusRequest(n);
		if (port.write(request) !== request.length) {
			end("no-response");
			break;
		}
	}
	return () => {
		timer?.cancel();
		off?.();
		timer = off = undefined;
	};
}
