// Big-endian byte writer/reader for the journal's record payloads. A reader that runs past the end
// reports it (a record from another firmware version), it never reads garbage.

import { utf8Decode, utf8Encode } from "../text/utf8.js";

/** Decimal digits only (a module constant: on XS a regular expression literal is compiled again at each evaluation). */
const DIGIT_STRING = /^[0-9]*$/;

/**
 * A copy of `bytes[start, end)`. Through ArrayBuffer.prototype.slice, which XS copies as one block; its
 * TypedArray slice copies element by element (about 35 times the instructions, measured in xsnap).
 */
export function copyOf(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
	return new Uint8Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end));
}

/**
 * The UTF-8 text of `bytes[start, end)`, undefined when it is not well-formed. ASCII (the journal's codes,
 * dates and reference numbers) is one call of String.fromCharCode over the bytes: in XS a character at a
 * time costs about ten times as much.
 */
export function textOf(bytes: Uint8Array, start: number, end: number): string | undefined {
	if (start === end) return "";
	let ascii = 0;
	for (let i = start; i < end; i++) ascii |= bytes[i]!;
	const text = bytes.subarray(start, end);
	return ascii < 0x80 ? String.fromCharCode.apply(null, text as unknown as number[]) : utf8Decode(text);
}

export class ByteWriter {
	#bytes = new Uint8Array(128);
	#length = 0;

	u8(value: number): this {
		this.#ensure(1);
		this.#bytes[this.#length++] = value & 0xff;
		return this;
	}

	u16(value: number): this {
		return this.u8(value >>> 8).u8(value);
	}

	u32(value: number): this {
		return this.u16(value >>> 16).u16(value & 0xffff);
	}

	/** Integers up to 2^53 (fen amounts, ms timestamps). */
	f64(value: number): this {
		this.#ensure(8);
		new DataView(this.#bytes.buffer).setFloat64(this.#length, value);
		this.#length += 8;
		return this;
	}

	/** UTF-8 text of at most 255 bytes. */
	text(value: string): this {
		const bytes = utf8Encode(value);
		if (bytes.length > 255) throw new RangeError(`journal text longer than 255 bytes: ${bytes.length}`);
		return this.u8(bytes.length).raw(bytes);
	}

	bytes(value: Uint8Array): this {
		return this.u16(value.length).raw(value);
	}

	/** A string of at most 255 decimal digits, packed two per byte (BCD). */
	digits(value: string): this {
		if (!DIGIT_STRING.test(value) || value.length > 255) throw new RangeError(`not a digit string: ${value}`);
		this.u8(value.length);
		for (let i = 0; i < value.length; i += 2) this.u8((Number(value[i]) << 4) | Number(value[i + 1] ?? "0"));
		return this;
	}

	raw(value: Uint8Array): this {
		this.#ensure(value.length);
		this.#bytes.set(value, this.#length);
		this.#length += value.length;
		return this;
	}

	/** Bytes written so far. */
	get length(): number {
		return this.#length;
	}

	finish(): Uint8Array {
		return copyOf(this.#bytes, 0, this.#length);
	}

	#ensure(extra: number): void {
		if (this.#length + extra <= this.#bytes.length) return;
		const next = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
		next.set(this.#bytes.subarray(0, this.#length));
		this.#bytes = next;
	}
}

export class ByteReader {
	readonly #bytes: Uint8Array;
	#view: DataView | undefined;
	#at = 0;
	#overrun = false;

	constructor(bytes: Uint8Array) {
		this.#bytes = bytes;
	}

	/** true once a read went past the end or met malformed text. */
	get failed(): boolean {
		return this.#overrun;
	}

	/** Bytes read so far. */
	get offset(): number {
		return this.#at;
	}

	get done(): boolean {
		return this.#at >= this.#bytes.length;
	}

	u8(): number {
		if (this.#at + 1 > this.#bytes.length) return this.#fail(0);
		return this.#bytes[this.#at++]!;
	}

	// Numbers through a DataView over the bytes: in XS its getters cost a fraction of assembling the bytes.
	u16(): number {
		const at = this.#at;
		if (at + 2 > this.#bytes.length) return this.#fail(0);
		this.#at = at + 2;
		return this.#dataView().getUint16(at);
	}

	u32(): number {
		const at = this.#at;
		if (at + 4 > this.#bytes.length) return this.#fail(0);
		this.#at = at + 4;
		return this.#dataView().getUint32(at);
	}

	f64(): number {
		const at = this.#at;
		if (at + 8 > this.#bytes.length) return this.#fail(0);
		this.#at = at + 8;
		return this.#dataView().getFloat64(at);
	}

	text(): string {
		const length = this.u8();
		const at = this.#at;
		if (at + length > this.#bytes.length) return this.#fail("");
		this.#at = at + length;
		return textOf(this.#bytes, at, at + length) ?? this.#fail("");
	}

	bytes(): Uint8Array {
		return this.raw(this.u16());
	}

	digits(): string {
		const count = this.u8();
		const packed = this.raw((count + 1) >> 1);
		let out = "";
		for (let i = 0; i < count && !this.#overrun; i++) {
			const nibble = i % 2 === 0 ? packed[i >> 1]! >> 4 : packed[i >> 1]! & 0x0f;
			if (nibble > 9) return this.#fail("");
			out += String(nibble);
		}
		return out;
	}

	raw(length: number): Uint8Array {
		if (this.#at + length > this.#bytes.length) return this.#fail(new Uint8Array(0));
		const out = copyOf(this.#bytes, this.#at, this.#at + length);
		this.#at += length;
		return out;
	}

	#dataView(): DataView {
		return (this.#view ??= new DataView(this.#bytes.buffer, this.#bytes.byteOffset, this.#bytes.length));
	}

	#fail<T>(value: T): T {
		this.#overrun = true;
		this.#at = this.#bytes.length;
		return value;
	}
}
