// The T=0 character protocol (ISO/IEC 7816-3 §10; EMV 4.3 Book 1 §9.2.2): the terminal sends the five header
// bytes CLA INS P1 P2 P3, then reads procedure bytes within the work waiting time: 60 (NULL: wait more), INS
// (the rest of the data go or come at once), INS ⊕ FF (one byte goes or comes), or SW1 (6X other than 60,
// or 9X) and then SW2, which end the command. P3 is Lc when there are data, else Le (256 as 00), else 00
// (§12.2). The T=0 case handling above this (61xx, 6Cxx, GET RESPONSE) is src/emv/transport.ts.
//
// Public API: T0Fault, t0Header, t0Exchange.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { CardLine, LineFault } from "./card-line.js";

export type T0Fault =
	| { readonly kind: "line"; readonly fault: LineFault }
	| { readonly kind: "bad-command"; readonly detail: string }
	| { readonly kind: "procedure"; readonly byte: number };

/** The C-TPDU header of a command (§12.2), or a fault when it cannot go at T=0. */
export function t0Header(command: CommandApdu): Result<Uint8Array, T0Fault> {
	const { cla, ins, p1, p2, data, le } = command;
	if (data.length > 0 && le !== undefined) return err({ kind: "bad-command", detail: "data and Le at T=0" });
	if (data.length > 255) return err({ kind: "bad-command", detail: "more than 255 data bytes" });
	// §10.3.2: INS 6X and 9X would read as status bytes; the odd INS of ISO/IEC 7816-4 are not procedure-safe either.
	if ((ins & 0xf0) === 0x60 || (ins & 0xf0) === 0x90) return err({ kind: "bad-command", detail: "INS 6X/9X" });
	const p3 = data.length > 0 ? data.length : le === undefined ? 0 : le & 0xff;
	return ok(Uint8Array.of(cla, ins, p1, p2, p3));
}

function isStatus(byte: number): boolean {
	return ((byte & 0xf0) === 0x60 && byte !== 0x60) || (byte & 0xf0) === 0x90;
}

/** One C-TPDU and its R-TPDU; `waitingMs` is the work waiting time between characters. */
export async function t0Exchange(line: CardLine, command: CommandApdu, waitingMs: number): Promise<Result<ResponseApdu, T0Fault>> {
	const header = t0Header(command);
	if (!header.ok) return header;
	const sent = await line.write(header.value);
	if (!sent.ok) return err({ kind: "line", fault: sent.error });
	const outgoing = command.data;
	// Data go to the card when there are data; otherwise P3 bytes (00: 256) may come back.
	const incoming = outgoing.length === 0 ? (command.le === undefined ? 0 : command.le) : 0;
	const received: number[] = [];
	let done = 0;
	for (;;) {
		const procedure = await line.read(waitingMs);
		if (!procedure.ok) return err({ kind: "line", fault: procedure.error });
		const byte = procedure.value;
		if (byte === 0x60) continue;
		if (isStatus(byte)) {
			const sw2 = await line.read(waitingMs);
			if (!sw2.ok) return err({ kind: "line", fault: sw2.error });
			return ok({ data: Uint8Array.from(received), sw1: byte, sw2: sw2.value });
		}
		const all = byte === command.ins;
		if (!all && byte !== (command.ins ^ 0xff)) return err({ kind: "procedure", byte });
		const left = (outgoing.length > 0 ? outgoing.length : incoming) - done;
		if (left <= 0) return err({ kind: "procedure", byte });
		const count = all ? left : 1;
		if (outgoing.length > 0) {
			const r = await line.write(outgoing.subarray(done, done + count));
			if (!r.ok) return err({ kind: "line", fault: r.error });
		} else {
			for (let i = 0; i < count; i++) {
				const r = await line.read(waitingMs);
				if (!r.ok) return err({ kind: "line", fault: r.error });
				received.push(r.value);
			}
		}
		done += count;
	}
}
