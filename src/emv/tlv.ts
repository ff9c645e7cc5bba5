// BER-TLV as EMV uses it (EMV 4.3 Book 3 Annex B, after ISO/IEC 8825-1): tags of one or more bytes
// (b5–b1 of the first byte all set → more bytes follow while b8 is set), definite lengths in short form
// (one byte < 0x80) or long form (0x81–0x84 then that many bytes), constructed objects (b6 of the first tag
// byte) holding further TLVs, and 00/FF bytes before, between and after objects as padding (Annex B, ISO/IEC
// 7816-4 §5.2). Malformed input gives a TlvError value naming the byte where it went wrong.
//
// Public API: Tlv, TlvError, decodeTlv, encodeTlv, readTag, readLength, tagBytes, tagHex, isConstructed,
// findTlv.

import { err, ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";

/** A tag as the number its bytes make big-endian (0x9F26, 0xBF0C, 0x5A). */
export type Tag = number;

export interface Tlv {
	readonly tag: Tag;
	/** The value field as received (for a constructed object: its children, encoded). */
	readonly value: Uint8Array;
	/** Present exactly when the tag is constructed: the objects inside the value. */
	readonly children?: readonly Tlv[];
}

export type TlvError =
	/** The input ends inside a tag, a length or a value; `offset` is where that field starts. */
	| { readonly kind: "truncated"; readonly part: "tag" | "length" | "value"; readonly offset: number }
	/** A long-form length of more than 4 bytes, or 0xFF (reserved). */
	| { readonly kind: "length-overflow"; readonly offset: number }
	/** 0x80: the indefinite form, which EMV does not allow. */
	| { readonly kind: "indefinite-length"; readonly offset: number }
	/** A tag longer than 4 bytes. */
	| { readonly kind: "tag-too-long"; readonly offset: number }
	/** Constructed objects nested deeper than MAX_DEPTH. */
	| { readonly kind: "too-deep"; readonly offset: number };

const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;
/** Far beyond any EMV template (Annex B nests 70/77 → A5 → BF0C → 61 at most); bounds the recursion. */
const MAX_DEPTH = 16;

export function isConstructed(tag: Tag): boolean {
	return (tagBytes(tag)[0]! & 0x20) !== 0;
}

/** The tag's bytes, most significant first. */
export function tagBytes(tag: Tag): Uint8Array {
	const n = tag > 0xffffff ? 4 : tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
	const out = new Uint8Array(n);
	for (let i = n - 1, t = tag; i >= 0; i--, t = Math.floor(t / 256)) out[i] = t % 256;
	return out;
}

/** Upper-case hex of the tag's bytes ("9F26"). */
export function tagHex(tag: Tag): string {
	let s = "";
	for (const b of tagBytes(tag)) s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
	return s;
}

/** The tag at `offset` and where it ends. */
export function readTag(bytes: Uint8Array, offset: number): Result<{ tag: Tag; end: number }, TlvError> {
	if (offset >= bytes.length) return err({ kind: "truncated", part: "tag", offset });
	let tag = bytes[offset]!;
	let at = offset + 1;
	// Book 3 B1: b5–b1 all set in the first byte → subsequent bytes, each with b8 set if another follows.
	if ((tag & 0x1f) === 0x1f) {
		for (;;) {
			if (at >= bytes.length) return err({ kind: "truncated", part: "tag", offset });
			if (at - offset >= MAX_TAG_BYTES) return err({ kind: "tag-too-long", offset });
			const b = bytes[at++]!;
			tag = tag * 256 + b;
			if ((b & 0x80) === 0) break;
		}
	}
	return ok({ tag, end: at });
}

/** The length at `offset` and where it ends (Book 3 B2). */
export function readLength(bytes: Uint8Array, offset: number): Result<{ length: number; end: number }, TlvError> {
	if (offset >= bytes.length) return err({ kind: "truncated", part: "length", offset });
	const first = bytes[offset]!;
	if (first < 0x80) return ok({ length: first, end: offset + 1 });
	if (first === 0x80) return err({ kind: "indefinite-length", offset });
	const n = first & 0x7f;
	if (n > MAX_LENGTH_BYTES) return err({ kind: "length-overflow", offset });
	if (offset + 1 + n > bytes.length) return err({ kind: "truncated", part: "length", offset });
	let length = 0;
	for (let i = 1; i <= n; i++) length = length * 256 + bytes[offset + i]!;
	return ok({ length, end: offset + 1 + n });
}

function decodeRange(bytes: Uint8Array, from: number, to: number, depth: number): Result<Tlv[], TlvError> {
	const out: Tlv[] = [];
	const view = bytes.subarray(0, to);
	let at = from;
	while (at < to) {
		const b = bytes[at]!;
		if (b === 0x00 || b === 0xff) {
			at++;
			continue;
		}
		const tag = readTag(view, at);
		if (!tag.ok) return tag;
		const length = readLength(view, tag.value.end);
		if (!length.ok) return length;
		const start = length.value.end;
		const end = start + length.value.length;
		if (end > to) return err({ kind: "truncated", part: "value", offset: start });
		const value = bytes.subarray(start, end);
		if ((b & 0x20) !== 0) {
			if (depth >= MAX_DEPTH) return err({ kind: "too-deep", offset: at });
			const children = decodeRange(bytes, start, end, depth + 1);
			if (!children.ok) return children;
			out.push({ tag: tag.value.tag, value, children: children.value });
		} else out.push({ tag: tag.value.tag, value });
		at = end;
	}
	return ok(out);
}

/** Every object in `bytes`, constructed ones with their children; offsets in errors count from bytes[0]. */
export function decodeTlv(bytes: Uint8Array): Result<Tlv[], TlvError> {
	return decodeRange(bytes, 0, bytes.length, 0);
}

function lengthBytes(length: number): Uint8Array {
	if (length < 0x80) return Uint8Array.of(length);
	const body: number[] = [];
	for (let n = length; n > 0; n = Math.floor(n / 256)) body.unshift(n % 256);
	return Uint8Array.of(0x80 | body.length, ...body);
}

/** The shortest definite encoding of the objects; a constructed one's value is built from its children. */
export function encodeTlv(objects: readonly Tlv[]): Uint8Array {
	const parts: Uint8Array[] = [];
	for (const o of objects) {
		const value = o.children ? encodeTlv(o.children) : o.value;
		parts.push(tagBytes(o.tag), lengthBytes(value.length), value);
	}
	return concatBytes(...parts);
}

/** The first object with `tag`, searching depth-first through constructed objects. */
export function findTlv(objects: readonly Tlv[], tag: Tag): Tlv | undefined {
	for (const o of objects) {
		if (o.tag === tag) return o;
		const inner = o.children && findTlv(o.children, tag);
		if (inner) return inner;
	}
	return undefined;
}
