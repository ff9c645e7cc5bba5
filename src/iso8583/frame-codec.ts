// The TCP frame: 2-byte big-endian length (counting what follows), TPDU (5 bytes), 6-byte header, then the ISO
// message (the frame of the UnionPay terminal specification Q/CUP 006). The header is 6 raw bytes, shown as 12 hex
// digits: it is mostly BCD (application 60, version 31, status, processing requirement, sub-version), but
// acquirers put any byte in the sub-version (the public frames with header 60 31 00 31 FF F1), so the codec does
// not ask for BCD.

import { err, ok, type Result } from "../../hal/result.js";
import { codecError, type CodecError } from "./codec-error.js";
import { TPDU_ID, type IsoFrame, type Tpdu } from "./iso-message.js";
import { decodeMessage, encodeMessage } from "./message-codec.js";

export const LENGTH_BYTES = 2;
export const TPDU_BYTES = 5;
export const HEADER_BYTES = 6;
/** Length prefix + TPDU + header: where the MTI starts. */
export const MTI_OFFSET = LENGTH_BYTES + TPDU_BYTES + HEADER_BYTES;
/** The largest value a 2-byte length can carry. */
export const MAX_FRAME_BODY = 0xffff;

export interface DecodedFrame {
	readonly frame: IsoFrame;
	/** MTI through the last field before 64, as received. */
	readonly macInput: Uint8Array;
}

function encodeTpdu(tpdu: Tpdu): Result<Uint8Array, CodecError> {
	const valid = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0xffff;
	if (!valid(tpdu.destination) || !valid(tpdu.source))
		return err(codecError("bad-value", "tpdu", LENGTH_BYTES, "addresses must be 0..0xFFFF"));
	return ok(Uint8Array.of(TPDU_ID, tpdu.destination >> 8, tpdu.destination & 0xff, tpdu.source >> 8, tpdu.source & 0xff));
}

const HEX_DIGITS = "0123456789ABCDEF";

/** 12 hex digits (either case) → the 6 header bytes, or undefined. */
function headerBytes(text: string): Uint8Array | undefined {
	if (text.length !== HEADER_BYTES * 2) return undefined;
	const out = new Uint8Array(HEADER_BYTES);
	for (let i = 0; i < text.length; i++) {
		const nibble = HEX_DIGITS.indexOf(text[i]!.toUpperCase());
		if (nibble < 0) return undefined;
		out[i >> 1]! |= i & 1 ? nibble : nibble << 4;
	}
	return out;
}

function headerText(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
	return s;
}

/** The whole frame, length prefix included. */
export function encodeFrame(frame: IsoFrame): Result<Uint8Array, CodecError> {
	const tpdu = encodeTpdu(frame.tpdu);
	if (!tpdu.ok) return tpdu;
	const header = headerBytes(frame.header);
	if (!header) return err(codecError("bad-value", "header", LENGTH_BYTES + TPDU_BYTES, `header "${frame.header}" is not 12 hex digits`));
	const body = encodeMessage(frame.message, MTI_OFFSET);
	if (!body.ok) return body;
	const length = TPDU_BYTES + HEADER_BYTES + body.value.length;
	if (length > MAX_FRAME_BODY)
		return err(codecError("bad-length", "length", 0, `frame of ${length} bytes does not fit the 2-byte length`));
	const out = new Uint8Array(LENGTH_BYTES + length);
	out[0] = length >> 8;
	out[1] = length & 0xff;
	out.set(tpdu.value, LENGTH_BYTES);
	out.set(header, LENGTH_BYTES + TPDU_BYTES);
	out.set(body.value, MTI_OFFSET);
	return ok(out);
}

/** Decodes one whole frame; the length prefix must match the bytes given exactly. */
export function decodeFrame(bytes: Uint8Array): Result<DecodedFrame, CodecError> {
	if (bytes.length < LENGTH_BYTES) return err(codecError("truncated", "length", 0, `length prefix needs 2 bytes, ${bytes.length} given`));
	const length = (bytes[0]! << 8) | bytes[1]!;
	if (length !== bytes.length - LENGTH_BYTES)
		return err(codecError("bad-length", "length", 0, `length prefix says ${length} bytes, ${bytes.length - LENGTH_BYTES} follow`));
	if (length < TPDU_BYTES) return err(codecError("truncated", "tpdu", LENGTH_BYTES, `TPDU needs ${TPDU_BYTES} bytes, ${length} left`));
	if (bytes[LENGTH_BYTES] !== TPDU_ID)
		return err(
			codecError("bad-value", "tpdu", LENGTH_BYTES, `TPDU ID 0x${bytes[LENGTH_BYTES]!.toString(16).padStart(2, "0")} is not 0x60`),
		);
	const tpdu: Tpdu = { destination: (bytes[3]! << 8) | bytes[4]!, source: (bytes[5]! << 8) | bytes[6]! };
	const headerAt = LENGTH_BYTES + TPDU_BYTES;
	if (bytes.length - headerAt < HEADER_BYTES)
		return err(codecError("truncated", "header", headerAt, `header needs ${HEADER_BYTES} bytes, ${bytes.length - headerAt} left`));
	const message = decodeMessage(bytes, MTI_OFFSET, bytes.length);
	if (!message.ok) return message;
	return ok({
		frame: { tpdu, header: headerText(bytes.subarray(headerAt, MTI_OFFSET)), message: message.value.message },
		macInput: message.value.macInput,
	});
}
