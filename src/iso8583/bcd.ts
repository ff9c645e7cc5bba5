// Packed BCD and ASCII primitives of the codec (encoding rules of the UnionPay terminal specification Q/CUP 006).
// Digits travel as strings of '0'–'9' (and '=' in track data); every function validates and reports instead of
// throwing.

import { err, ok, type Result } from "../../hal/result.js";
import type { Charset } from "./field-dictionary.js";

/**
 * Nibbles A–F of track data: D is the separator '=' (a packer that computes `c - '0'` corrupts it); the others appear only in track data encrypted with the
 * TDK (53.3 = 1) and travel as those letters.
 */
const TRACK_HIGH_NIBBLES = "ABC=EF";

/** A nibble above 9 other than the separator (a module constant: on XS a regular expression literal is compiled again at each evaluation). */
const CIPHER_NIBBLES = /[A-CEF]/;

/** true when track data holds a nibble above 9 other than the separator, i.e. TDK ciphertext. */
export function hasCipherNibbles(track: string): boolean {
	return CIPHER_NIBBLES.test(track);
}

/**
 * Packs `digits` into ceil(length/2) bytes. Odd lengths are padded with a 0 nibble on the left
 * (right-aligned) or on the right (left-aligned). Returns undefined when a character is not allowed.
 */
export function packDigits(digits: string, leftAligned: boolean, track: boolean): Uint8Array | undefined {
	const length = digits.length;
	const out = new Uint8Array((length + 1) >> 1);
	const pad = length & 1 && !leftAligned ? 1 : 0;
	for (let i = 0; i < length; i++) {
		const c = digits.charCodeAt(i);
		let nibble: number;
		if (c >= 0x30 && c <= 0x39) nibble = c - 0x30;
		else if (track && TRACK_HIGH_NIBBLES.includes(digits[i]!)) nibble = 10 + TRACK_HIGH_NIBBLES.indexOf(digits[i]!);
		else return undefined;
		const position = i + pad;
		out[position >> 1]! |= position & 1 ? nibble : nibble << 4;
	}
	return out;
}

/** Why packed digits could not be read, and the byte offset (in `bytes`) where. */
export interface BcdError {
	/** `truncated`: fewer bytes than the digits need; `bad-digit`: a nibble that is no digit, or a pad nibble that is not 0. */
	readonly kind: "truncated" | "bad-digit";
	readonly offset: number;
	readonly detail: string;
}

/** Unpacks `count` digits starting at `offset`; the pad nibble of an odd count must be 0. */
export function unpackDigits(
	bytes: Uint8Array,
	offset: number,
	count: number,
	leftAligned: boolean,
	track: boolean,
): Result<string, BcdError> {
	const pad = count & 1 && !leftAligned ? 1 : 0;
	const nibbles = (count + 1) & ~1;
	if (offset + (nibbles >> 1) > bytes.length)
		return err({
			kind: "truncated",
			offset,
			detail: `${count} digits need ${nibbles >> 1} bytes, ${Math.max(0, bytes.length - offset)} left`,
		});
	let digits = "";
	for (let position = 0; position < nibbles; position++) {
		const byteOffset = offset + (position >> 1);
		const byte = bytes[byteOffset]!;
		const nibble = position & 1 ? byte & 0x0f : byte >> 4;
		const isPad = count & 1 && (pad ? position === 0 : position === nibbles - 1);
		if (isPad) {
			if (nibble !== 0)
				return err({ kind: "bad-digit", offset: byteOffset, detail: `pad nibble ${nibble.toString(16).toUpperCase()} is not 0` });
			continue;
		}
		if (nibble <= 9) digits += String.fromCharCode(0x30 + nibble);
		else if (track) digits += TRACK_HIGH_NIBBLES[nibble - 10]!;
		else return err({ kind: "bad-digit", offset: byteOffset, detail: `nibble ${nibble.toString(16).toUpperCase()} is not a digit` });
	}
	return ok(digits);
}

function allowed(c: number, charset: Charset): boolean {
	if (charset === "ans") return c >= 0x20 && c <= 0x7e;
	if (charset === "ans-gbk") return (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xfe);
	return c === 0x20 || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Index of the first character outside `charset`, or -1. */
export function badTextIndex(text: string, charset: Charset): number {
	for (let i = 0; i < text.length; i++) if (!allowed(text.charCodeAt(i), charset)) return i;
	return -1;
}

/** One byte per character of `text`; callers check the charset first, so every code is < 0xFF. */
export function textBytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
	return out;
}

/** Index (relative) of the first byte outside `charset`, or -1. */
export function badByteIndex(bytes: Uint8Array, offset: number, length: number, charset: Charset): number {
	for (let i = 0; i < length; i++) if (!allowed(bytes[offset + i]!, charset)) return i;
	return -1;
}

export function bytesText(bytes: Uint8Array, offset: number, length: number): string {
	let s = "";
	for (let i = 0; i < length; i++) s += String.fromCharCode(bytes[offset + i]!);
	return s;
}

/** A BCD length prefix of 1 or 2 bytes. */
export function readPrefix(bytes: Uint8Array, offset: number, prefixBytes: number): Result<number, BcdError> {
	if (offset + prefixBytes > bytes.length)
		return err({
			kind: "truncated",
			offset,
			detail: `length prefix needs ${prefixBytes} bytes, ${Math.max(0, bytes.length - offset)} left`,
		});
	let value = 0;
	for (let i = 0; i < prefixBytes; i++) {
		const byte = bytes[offset + i]!;
		const hi = byte >> 4,
			lo = byte & 0x0f;
		if (hi > 9 || lo > 9) return err({ kind: "bad-digit", offset, detail: "length prefix is not BCD" });
		value = value * 100 + hi * 10 + lo;
	}
	return ok(value);
}

export function writePrefix(value: number, prefixBytes: number): Uint8Array {
	const out = new Uint8Array(prefixBytes);
	let rest = value;
	for (let i = prefixBytes - 1; i >= 0; i--) {
		const two = rest % 100;
		out[i] = ((two / 10) | 0) * 16 + (two % 10);
		rest = (rest / 100) | 0;
	}
	return out;
}
