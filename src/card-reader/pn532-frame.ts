// The PN532's host frames (NXP PN532 User Manual UM0701-02 §6.2): normal information frame 00 00 FF LEN LCS
// TFI PD0…PDn DCS 00 (LEN counts TFI and the data, LEN + LCS ≡ 0, TFI + data + DCS ≡ 0 mod 256), the extended
// frame 00 00 FF FF FF LENM LENL LCS … for more than 255 bytes, ACK 00 00 FF 00 FF 00, NACK 00 00 FF FF 00 00,
// and the application error frame (LEN 01, TFI 7F: a syntax error). TFI D4 goes to the PN532, D5 comes back.
//
// Public API: ACK_FRAME, NACK_FRAME, HOST_TFI, PN532_TFI, Pn532Frame, encodeFrame, decodeFrame.

export const ACK_FRAME: Uint8Array = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);
export const NACK_FRAME: Uint8Array = Uint8Array.of(0x00, 0x00, 0xff, 0xff, 0x00, 0x00);
export const HOST_TFI = 0xd4;
export const PN532_TFI = 0xd5;
const ERROR_TFI = 0x7f;

export type Pn532Frame =
	| { readonly kind: "ack" }
	| { readonly kind: "nack" }
	| { readonly kind: "error" }
	/** An information frame: TFI and the data after it. */
	| { readonly kind: "information"; readonly tfi: number; readonly data: Uint8Array };

function sum(bytes: Uint8Array): number {
	let s = 0;
	for (const b of bytes) s += b;
	return s & 0xff;
}

/** An information frame carrying TFI then `data` (the command code and its parameters). */
export function encodeFrame(tfi: number, data: Uint8Array): Uint8Array {
	const length = data.length + 1;
	const extended = length > 255;
	const head = extended ? 8 : 5;
	const out = new Uint8Array(head + length + 2);
	out.set([0x00, 0x00, 0xff]);
	if (extended) {
		out.set([0xff, 0xff, length >> 8, length & 0xff, (0x100 - (((length >> 8) + length) & 0xff)) & 0xff], 3);
	} else {
		out.set([length, (0x100 - length) & 0xff], 3);
	}
	out[head] = tfi;
	out.set(data, head + 1);
	out[head + length] = (0x100 - ((tfi + sum(data)) & 0xff)) & 0xff;
	return out;
}

/**
 * The first frame in `bytes` (leading bytes before the start code 00 FF are skipped, §6.2.1.1), or why it is
 * not one: `incomplete` when the bytes stop inside it, otherwise a checksum or format fault.
 */
export function decodeFrame(bytes: Uint8Array): { readonly frame: Pn532Frame } | { readonly invalid: string } {
	let at = 0;
	while (at + 1 < bytes.length && !(bytes[at] === 0x00 && bytes[at + 1] === 0xff)) at++;
	at += 2;
	if (at + 2 > bytes.length) return { invalid: "incomplete" };
	const a = bytes[at]!;
	const b = bytes[at + 1]!;
	if (a === 0x00 && b === 0xff) return { frame: { kind: "ack" } };
	if (a === 0xff && b === 0x00) return { frame: { kind: "nack" } };
	let length: number;
	if (a === 0xff && b === 0xff) {
		if (at + 5 > bytes.length) return { invalid: "incomplete" };
		length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
		if (((bytes[at + 2]! + bytes[at + 3]! + bytes[at + 4]!) & 0xff) !== 0) return { invalid: "length checksum" };
		at += 5;
	} else {
		if (((a + b) & 0xff) !== 0) return { invalid: "length checksum" };
		length = a;
		at += 2;
	}
	if (length === 0) return { invalid: "empty frame" };
	if (at + length + 1 > bytes.length) return { invalid: "incomplete" };
	const body = bytes.subarray(at, at + length);
	if (((sum(body) + bytes[at + length]!) & 0xff) !== 0) return { invalid: "data checksum" };
	if (length === 1 && body[0] === ERROR_TFI) return { frame: { kind: "error" } };
	return { frame: { kind: "information", tfi: body[0]!, data: body.slice(1) } };
}
