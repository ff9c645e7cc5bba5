// The acquirer simulator's own ISO 8583 decoder, written from the UnionPay field table alone (the UnionPay
// terminal specification Q/CUP 006) and sharing no code with src/iso8583. The simulator parses every request with
// it, and the test suite uses it as the independent oracle the firmware codec must agree with, field for field.
// Platform-free. Values: numeric and track fields as digit strings ('=' for nibble D; encrypted tracks also A, B,
// C, E, F), text as text, binary as upper-case hex; the header as 12 hex digits.

/** N numeric BCD, Z track BCD, A printable ASCII, G printable ASCII or GBK bytes (0x80–0xFE), B binary. */
type Kind = "N" | "Z" | "A" | "G" | "B";
/** [kind, prefix bytes (0 = fixed), fixed size or maximum in digits/characters/bytes, left-aligned when fixed]. */
type Entry = readonly [Kind, 0 | 1 | 2, number, boolean?];

const TABLE: Readonly<Record<number, Entry>> = {
	2: ["N", 1, 19],
	3: ["N", 0, 6],
	4: ["N", 0, 12],
	11: ["N", 0, 6],
	12: ["N", 0, 6],
	13: ["N", 0, 4],
	14: ["N", 0, 4],
	15: ["N", 0, 4],
	22: ["N", 0, 3, true],
	23: ["N", 0, 3],
	25: ["N", 0, 2],
	26: ["N", 0, 2],
	32: ["N", 1, 11],
	35: ["Z", 1, 37],
	36: ["Z", 2, 104],
	37: ["A", 0, 12],
	38: ["A", 0, 6],
	39: ["A", 0, 2],
	41: ["A", 0, 8],
	42: ["A", 0, 15],
	44: ["A", 1, 25],
	48: ["N", 2, 322],
	49: ["A", 0, 3],
	52: ["B", 0, 8],
	53: ["N", 0, 16],
	54: ["A", 2, 20],
	55: ["B", 2, 255],
	57: ["A", 2, 100],
	59: ["A", 2, 600],
	60: ["N", 2, 19],
	61: ["N", 2, 29],
	62: ["B", 2, 512],
	63: ["G", 2, 163],
	64: ["B", 0, 8],
};

export interface WireMessage {
	readonly length: number;
	/** 10 hex digits. */
	readonly tpdu: string;
	readonly header: string;
	readonly mti: string;
	readonly fields: Readonly<Record<string, string>>;
	/** Offsets into the frame (length prefix included) of the MTI and of field 64 (or the end). */
	readonly mtiAt: number;
	readonly macAt: number;
}

export type WireDecode = { readonly ok: true; readonly message: WireMessage } | { readonly ok: false; readonly reason: string };

const HEX = "0123456789ABCDEF";

class Reader {
	at = 0;
	constructor(readonly bytes: Uint8Array) {}
	take(n: number, what: string): Uint8Array {
		if (this.at + n > this.bytes.length)
			throw new WireError(`${what}: needs ${n} bytes at ${this.at}, ${this.bytes.length - this.at} left`);
		const out = this.bytes.subarray(this.at, this.at + n);
		this.at += n;
		return out;
	}
}

class WireError extends Error {}

function nibbles(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
	return s;
}

function bcdNumber(bytes: Uint8Array, what: string): number {
	const s = nibbles(bytes);
	if (!/^[0-9]*$/.test(s)) throw new WireError(`${what}: length prefix ${s} is not BCD`);
	return Number(s);
}

function readField(r: Reader, field: number, [kind, prefix, size, left]: Entry): string {
	const what = `field ${field}`;
	const count = prefix === 0 ? size : bcdNumber(r.take(prefix, what), what);
	if (count > size) throw new WireError(`${what}: length ${count} over ${size}`);
	if (kind === "A" || kind === "G") {
		const raw = r.take(count, what);
		for (const c of raw)
			if ((c < 0x20 || c > 0x7e) && !(kind === "G" && c >= 0x80 && c <= 0xfe))
				throw new WireError(`${what}: byte ${c} is not printable`);
		return String.fromCharCode(...raw);
	}
	if (kind === "B") return nibbles(r.take(count, what));
	let s = nibbles(r.take(Math.ceil(count / 2), what));
	if (count % 2 === 1) {
		const alignedLeft = prefix !== 0 || left === true;
		const pad = alignedLeft ? s[s.length - 1] : s[0];
		if (pad !== "0") throw new WireError(`${what}: pad nibble ${pad}`);
		s = alignedLeft ? s.slice(0, -1) : s.slice(1);
	}
	if (kind === "Z") return s.replace(/D/g, "="); // any other letter is checked against 53.3 at the end
	if (!/^[0-9]*$/.test(s)) throw new WireError(`${what}: "${s}" has a non-digit nibble`);
	return s;
}

/** Decodes a whole frame, length prefix included. */
export function decodeWire(frame: Uint8Array): WireDecode {
	try {
		const r = new Reader(frame);
		const length = bcdLength(r.take(2, "length"));
		if (length !== frame.length - 2) throw new WireError(`length ${length} but ${frame.length - 2} bytes follow`);
		const tpdu = nibbles(r.take(5, "TPDU"));
		if (!tpdu.startsWith("60")) throw new WireError(`TPDU ${tpdu} does not start with 60`);
		// The header is 6 raw bytes: public frames carry sub-versions such as FF F1.
		const header = nibbles(r.take(6, "header"));
		const mtiAt = r.at;
		const mti = nibbles(r.take(2, "MTI"));
		if (!/^[0-9]{4}$/.test(mti)) throw new WireError(`MTI ${mti} is not BCD`);
		const bitmap = r.take(8, "bitmap");
		const fields: Record<string, string> = {};
		let macAt = frame.length;
		for (let bit = 1; bit <= 64; bit++) {
			if (((bitmap[(bit - 1) >> 3]! >> (7 - ((bit - 1) & 7))) & 1) === 0) continue;
			const entry = TABLE[bit];
			if (!entry) throw new WireError(`bitmap bit ${bit} is not a field of the dialect`);
			if (bit === 64) macAt = r.at;
			fields[String(bit)] = readField(r, bit, entry);
		}
		if (r.at !== frame.length) throw new WireError(`${frame.length - r.at} bytes after the last field`);
		// Only TDK ciphertext (53.3 = 1) puts nibbles A, B, C, E, F in tracks 2 and 3.
		const tracksEncrypted = (fields["53"] ?? "").charAt(2) === "1";
		for (const track of ["35", "36"]) {
			if (fields[track] !== undefined && /[^0-9=]/.test(fields[track]!) && !tracksEncrypted)
				throw new WireError(`field ${track}: "${fields[track]}" has a non-digit nibble and 53.3 is not 1`);
		}
		return { ok: true, message: { length, tpdu, header, mti, fields, mtiAt, macAt } };
	} catch (error) {
		if (error instanceof WireError) return { ok: false, reason: error.message };
		throw error;
	}
}

function bcdLength(bytes: Uint8Array): number {
	return (bytes[0]! << 8) | bytes[1]!;
}
