// Protocol and parameters selection (ISO/IEC 7816-3 §9): after an ATR in negotiable mode that offers a TA1
// other than 11, the terminal sends PPSS FF, PPS0 (b5 set: PPS1 follows; low nibble: the protocol T), PPS1 (the
// TA1 asked for) and PCK (all of them XOR zero); the card agrees by echoing the request (§9.3). An answer
// without PPS1 keeps Fi/Di at 372/1.
//
// Public API: ppsRequest, PpsAnswer, readPpsAnswer.

import type { CardLine } from "./card-line.js";
import { lrc } from "./t1-block.js";

export function ppsRequest(protocol: number, ta1: number): Uint8Array {
	const request = Uint8Array.of(0xff, 0x10 | protocol, ta1, 0);
	request[3] = lrc(request.subarray(0, 3));
	return request;
}

/** `ta1` is what the card agreed to (11 when it left PPS1 out); undefined: a refusal or no answer. */
export type PpsAnswer = { readonly ta1: number } | undefined;

/** Reads and checks the card's answer to `request`, each character within `waitingMs`. */
export async function readPpsAnswer(line: CardLine, request: Uint8Array, waitingMs: number): Promise<PpsAnswer> {
	const bytes: number[] = [];
	const next = async (): Promise<boolean> => {
		const r = await line.read(waitingMs);
		if (r.ok) bytes.push(r.value);
		return r.ok;
	};
	if (!(await next()) || !(await next())) return undefined;
	const [ppss, pps0] = bytes as [number, number];
	// §9.3: the same protocol, no PPS2 or PPS3 (none were asked for); PPS1 echoed or left out.
	if (ppss !== 0xff || (pps0 & 0x0f) !== (request[1]! & 0x0f) || (pps0 & 0xe0) !== 0) return undefined;
	const hasPps1 = (pps0 & 0x10) !== 0;
	if (hasPps1 && !(await next())) return undefined;
	if (!(await next())) return undefined;
	if (lrc(Uint8Array.from(bytes)) !== 0) return undefined;
	if (hasPps1 && bytes[2] !== request[2]) return undefined;
	return { ta1: hasPps1 ? bytes[2]! : 0x11 };
}
