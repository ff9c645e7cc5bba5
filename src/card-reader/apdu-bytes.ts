// APDUs as bytes, short form (ISO/IEC 7816-4 §5.1): CLA INS P1 P2 [Lc data] [Le], Le 256 written 00. T=1 and
// ISO/IEC 14443-4 carry these bytes whole; the answer is its data followed by SW1 SW2.
//
// Public API: encodeCommandApdu, decodeResponseApdu.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";

export function encodeCommandApdu(command: CommandApdu): Uint8Array {
	const { data, le } = command;
	const out = new Uint8Array(4 + (data.length > 0 ? 1 + data.length : 0) + (le === undefined ? 0 : 1));
	out.set([command.cla, command.ins, command.p1, command.p2]);
	if (data.length > 0) {
		out[4] = data.length;
		out.set(data, 5);
	}
	if (le !== undefined) out[out.length - 1] = le & 0xff;
	return out;
}

/** The answer's data and status word, or undefined when it is shorter than a status word. */
export function decodeResponseApdu(bytes: Uint8Array): ResponseApdu | undefined {
	if (bytes.length < 2) return undefined;
	const n = bytes.length - 2;
	return { data: bytes.slice(0, n), sw1: bytes[n]!, sw2: bytes[n + 1]! };
}
