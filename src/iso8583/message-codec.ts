// Encodes and decodes the ISO part of a message: MTI (BCD), primary bitmap, fields by the dictionary (ISO
// 8583:1987; encoding rules of the UnionPay terminal specification Q/CUP 006). Decoding trusts nothing: each
// length is checked against the field's limit and the bytes left, each nibble and character is validated, unknown
// bitmap bits are refused. Work is bounded by the input length (at most 63 fields, each at most its dictionary
// maximum).

import { err, ok, type Result } from "../../hal/result.js";
import {
	badByteIndex,
	badTextIndex,
	bytesText,
	hasCipherNibbles,
	packDigits,
	readPrefix,
	textBytes,
	unpackDigits,
	writePrefix,
} from "./bcd.js";
import { codecError, type CodecError } from "./codec-error.js";
import { fieldSpec, MAC_FIELD, type FieldFormat } from "./field-dictionary.js";
import type { FieldValue, IsoMessage } from "./iso-message.js";

const BITMAP_BYTES = 8;

export interface DecodedMessage {
	readonly message: IsoMessage;
	/** The MAC input: MTI through the last field before 64, as received (Q/CUP 006). */
	readonly macInput: Uint8Array;
}

function encodeField(number: number, value: FieldValue, format: FieldFormat, offset: number): Result<Uint8Array[], CodecError> {
	const bad = (detail: string) => err(codecError("bad-value", number, offset, detail));
	if (format.kind === "b" || format.kind === "b-var") {
		if (!(value instanceof Uint8Array)) return bad("expects bytes");
		if (format.kind === "b")
			return value.length === format.length ? ok([value]) : bad(`must be ${format.length} bytes, got ${value.length}`);
		if (value.length > format.max) return bad(`at most ${format.max} bytes, got ${value.length}`);
		return ok([writePrefix(value.length, format.prefix), value]);
	}
	if (typeof value !== "string") return bad("expects a string");
	switch (format.kind) {
		case "n":
		case "n-var":
		case "z-var": {
			const fixed = format.kind === "n";
			if (fixed ? value.length !== format.digits : value.length > format.max)
				return bad(
					fixed ? `must be ${format.digits} digits, got ${value.length}` : `at most ${format.max} digits, got ${value.length}`,
				);
			const packed = packDigits(value, fixed ? format.leftAligned : true, format.kind === "z-var");
			if (!packed) return bad(`"${value}" is not ${format.kind === "z-var" ? "track data" : "digits"}`);
			return ok(fixed ? [packed] : [writePrefix(value.length, format.prefix), packed]);
		}
		case "text":
		case "text-var": {
			const fixed = format.kind === "text";
			if (fixed ? value.length !== format.length : value.length > format.max)
				return bad(
					fixed
						? `must be ${format.length} characters, got ${value.length}`
						: `at most ${format.max} characters, got ${value.length}`,
				);
			const at = badTextIndex(value, format.charset);
			if (at >= 0) return bad(`character ${at} is not ${format.charset}`);
			return ok(fixed ? [textBytes(value)] : [writePrefix(value.length, format.prefix), textBytes(value)]);
		}
	}
}

/**
 * MTI + bitmap + fields, in field order. Field 64, when present, is written as given. Errors give the
 * offset where the bad part would start, counted from `base` (the MTI's position in the frame).
 */
export function encodeMessage(message: IsoMessage, base = 0): Result<Uint8Array, CodecError> {
	const mti = packDigits(message.mti, false, false);
	if (!mti || message.mti.length !== 4) return err(codecError("bad-value", "mti", base, `MTI "${message.mti}" is not 4 digits`));
	const bitmap = new Uint8Array(BITMAP_BYTES);
	const clearTrack = clearTrackWithCipherNibbles(message.fields);
	if (clearTrack !== undefined) return err(codecError("bad-value", clearTrack, base, CIPHER_WITHOUT_53));
	const numbers = [...message.fields.keys()].sort((a, b) => a - b);
	const chunks: Uint8Array[] = [mti, bitmap];
	let at = base + mti.length + BITMAP_BYTES;
	for (const number of numbers) {
		const spec = fieldSpec(number);
		if (!spec) return err(codecError("unknown-field", number, at, "the dialect does not use this field"));
		const encoded = encodeField(number, message.fields.get(number)!, spec.format, at);
		if (!encoded.ok) return encoded;
		chunks.push(...encoded.value);
		for (const c of encoded.value) at += c.length;
		bitmap[(number - 1) >> 3]! |= 0x80 >> ((number - 1) & 7);
	}
	const out = new Uint8Array(at - base);
	let written = 0;
	for (const c of chunks) {
		out.set(c, written);
		written += c.length;
	}
	return ok(out);
}

const TRACK_FIELDS = [35, 36] as const;

/**
 * Tracks 2 and 3 may carry nibbles A–F (other than the separator D) only as TDK ciphertext, which field 53
 * announces with 53.3 = 1 (Q/CUP 006). Returns the first track field that breaks this, if any.
 */
function clearTrackWithCipherNibbles(fields: ReadonlyMap<number, FieldValue>): number | undefined {
	const security = fields.get(53);
	const encrypted = typeof security === "string" && security[2] === "1";
	if (encrypted) return undefined;
	return TRACK_FIELDS.find((number) => {
		const track = fields.get(number);
		return typeof track === "string" && hasCipherNibbles(track);
	});
}

const CIPHER_WITHOUT_53 = "nibbles A–F in track data that field 53 does not mark encrypted (53.3 = 1)";

type FieldRead = { readonly value: FieldValue; readonly end: number };

function decodeField(
	bytes: Uint8Array,
	offset: number,
	end: number,
	number: number,
	format: FieldFormat,
	base: number,
): Result<FieldRead, CodecError> {
	const fail = (kind: CodecError["kind"], at: number, detail: string) => err(codecError(kind, number, base + at, detail));
	let at = offset;
	let count: number; // digits, characters or bytes
	if (format.kind === "n") count = format.digits;
	else if (format.kind === "text" || format.kind === "b") count = format.length;
	else {
		if (end - at < format.prefix) return fail("truncated", at, `length prefix needs ${format.prefix} bytes, ${end - at} left`);
		const prefix = readPrefix(bytes, at, format.prefix);
		if (!prefix.ok) return fail(prefix.error.kind, prefix.error.offset, prefix.error.detail);
		count = prefix.value;
		if (count > format.max) return fail("bad-length", at, `length ${count} exceeds the maximum ${format.max}`);
		at += format.prefix;
	}
	const numeric = format.kind === "n" || format.kind === "n-var" || format.kind === "z-var";
	const size = numeric ? (count + 1) >> 1 : count;
	if (end - at < size) return fail("truncated", at, `needs ${size} bytes, ${end - at} left`);
	if (numeric) {
		const leftAligned = format.kind === "n" ? format.leftAligned : true;
		const digits = unpackDigits(bytes, at, count, leftAligned, format.kind === "z-var");
		if (!digits.ok) return fail(digits.error.kind, digits.error.offset, digits.error.detail);
		return ok({ value: digits.value, end: at + size });
	}
	if (format.kind === "text" || format.kind === "text-var") {
		const bad = badByteIndex(bytes, at, size, format.charset);
		if (bad >= 0)
			return fail("bad-text", at + bad, `byte 0x${bytes[at + bad]!.toString(16).padStart(2, "0")} is not ${format.charset}`);
		return ok({ value: bytesText(bytes, at, size), end: at + size });
	}
	return ok({ value: bytes.slice(at, at + size), end: at + size });
}

/**
 * Decodes MTI, bitmap and fields from `bytes[offset, end)`; every byte must be used.
 * `base` is added to offsets in errors (the position of `bytes[0]` in the caller's frame).
 */
export function decodeMessage(bytes: Uint8Array, offset = 0, end = bytes.length, base = 0): Result<DecodedMessage, CodecError> {
	if (end - offset < 2) return err(codecError("truncated", "mti", base + offset, `MTI needs 2 bytes, ${end - offset} left`));
	const mti = unpackDigits(bytes, offset, 4, false, false);
	if (!mti.ok) return err(codecError(mti.error.kind, "mti", base + mti.error.offset, mti.error.detail));
	const bitmapAt = offset + 2;
	if (end - bitmapAt < BITMAP_BYTES)
		return err(codecError("truncated", "bitmap", base + bitmapAt, `bitmap needs ${BITMAP_BYTES} bytes, ${end - bitmapAt} left`));
	if (bytes[bitmapAt]! & 0x80)
		return err(codecError("unknown-field", "bitmap", base + bitmapAt, "secondary bitmap (bit 1) is not used in this dialect"));
	const fields = new Map<number, FieldValue>();
	let at = bitmapAt + BITMAP_BYTES;
	let macAt = -1;
	const fieldAt = new Map<number, number>();
	for (let number = 2; number <= 64; number++) {
		if (!(bytes[bitmapAt + ((number - 1) >> 3)]! & (0x80 >> ((number - 1) & 7)))) continue;
		const spec = fieldSpec(number);
		if (!spec)
			return err(
				codecError(
					"unknown-field",
					number,
					base + bitmapAt + ((number - 1) >> 3),
					`bitmap bit ${number} names a field the dialect does not use`,
				),
			);
		if (number === MAC_FIELD) macAt = at;
		fieldAt.set(number, at);
		const read = decodeField(bytes, at, end, number, spec.format, base);
		if (!read.ok) return read;
		fields.set(number, read.value.value);
		at = read.value.end;
	}
	if (at !== end) return err(codecError("trailing-bytes", "length", base + at, `${end - at} bytes after the last field`));
	const clearTrack = clearTrackWithCipherNibbles(fields);
	if (clearTrack !== undefined) return err(codecError("bad-digit", clearTrack, base + fieldAt.get(clearTrack)!, CIPHER_WITHOUT_53));
	const macInput = bytes.subarray(offset, macAt >= 0 ? macAt : end);
	return ok({ message: { mti: mti.value, fields }, macInput });
}

/** The MAC input of an encoded message that ends with field 64: everything but the last 8 bytes. */
export function macInputOf(encoded: Uint8Array): Uint8Array {
	return encoded.subarray(0, encoded.length - 8);
}
