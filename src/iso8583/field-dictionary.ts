// The one field dictionary of the UnionPay POS dialect of ISO 8583:1987 (the field table of the UnionPay terminal
// specification Q/CUP 006): every field's wire format
// as data, read by the codec for both directions. Fields absent here are rejected when their bitmap bit is set.

/** How a variable field's length prefix is written: BCD, 1 byte (LL, ≤ 99) or 2 bytes (LLL, ≤ 9999). */
export type PrefixBytes = 1 | 2;

export type FieldFormat =
	/** Fixed `n`: BCD, right-aligned unless `leftAligned` (field 22). */
	| { readonly kind: "n"; readonly digits: number; readonly leftAligned: boolean }
	/** Variable `n`: BCD prefix counting digits, then left-aligned BCD padded on the right with 0. */
	| { readonly kind: "n-var"; readonly prefix: PrefixBytes; readonly max: number }
	/** Variable track data `z`: like `n-var`, with '=' carried as nibble D (a packer that computes `c - '0'` corrupts it). */
	| { readonly kind: "z-var"; readonly prefix: PrefixBytes; readonly max: number }
	/** Fixed `an`/`ans`: ASCII. */
	| { readonly kind: "text"; readonly length: number; readonly charset: Charset }
	/** Variable `an`/`ans`: BCD prefix counting bytes, then ASCII. */
	| { readonly kind: "text-var"; readonly prefix: PrefixBytes; readonly max: number; readonly charset: Charset }
	/** Fixed `b`: raw bytes. */
	| { readonly kind: "b"; readonly length: number }
	/** Variable `b`: BCD prefix counting bytes, then raw bytes. */
	| { readonly kind: "b-var"; readonly prefix: PrefixBytes; readonly max: number };

/**
 * `an`: letters, digits and space; `ans`: any printable ASCII (0x20–0x7E); `ans-gbk`: printable ASCII or
 * GBK double-byte text (bytes 0x80–0xFE), as acquirers send issuer names in field 63. Text values carry one
 * character per byte (0x00–0xFF); GBK decoding is the caller's (the slip, the CLI).
 */
export type Charset = "an" | "ans" | "ans-gbk";

export interface FieldSpec {
	readonly number: number;
	readonly name: string;
	readonly format: FieldFormat;
}

const n = (digits: number, leftAligned = false): FieldFormat => ({ kind: "n", digits, leftAligned });
const nVar = (prefix: PrefixBytes, max: number): FieldFormat => ({ kind: "n-var", prefix, max });
const zVar = (prefix: PrefixBytes, max: number): FieldFormat => ({ kind: "z-var", prefix, max });
const text = (length: number, charset: Charset): FieldFormat => ({ kind: "text", length, charset });
const textVar = (prefix: PrefixBytes, max: number, charset: Charset): FieldFormat => ({ kind: "text-var", prefix, max, charset });
const b = (length: number): FieldFormat => ({ kind: "b", length });
const bVar = (prefix: PrefixBytes, max: number): FieldFormat => ({ kind: "b-var", prefix, max });

/** Formats from the Q/CUP 006 field table. */
const SPECS: readonly FieldSpec[] = [
	{ number: 2, name: "PAN", format: nVar(1, 19) },
	{ number: 3, name: "processing code", format: n(6) },
	{ number: 4, name: "amount", format: n(12) },
	{ number: 11, name: "STAN", format: n(6) },
	{ number: 12, name: "local time", format: n(6) },
	{ number: 13, name: "local date", format: n(4) },
	{ number: 14, name: "expiry", format: n(4) },
	{ number: 15, name: "settlement date", format: n(4) },
	{ number: 22, name: "POS entry mode", format: n(3, true) }, // Q/CUP 006: the left-aligned exception
	{ number: 23, name: "card sequence number", format: n(3) },
	{ number: 25, name: "POS condition code", format: n(2) },
	{ number: 26, name: "PIN capture code", format: n(2) },
	{ number: 32, name: "acquiring institution", format: nVar(1, 11) },
	{ number: 35, name: "track 2", format: zVar(1, 37) },
	{ number: 36, name: "track 3", format: zVar(2, 104) },
	{ number: 37, name: "RRN", format: text(12, "an") },
	{ number: 38, name: "authorisation code", format: text(6, "an") },
	{ number: 39, name: "response code", format: text(2, "an") },
	{ number: 41, name: "terminal ID", format: text(8, "ans") },
	{ number: 42, name: "merchant ID", format: text(15, "ans") },
	{ number: 44, name: "additional response data", format: textVar(1, 25, "ans") },
	{ number: 48, name: "additional data", format: nVar(2, 322) },
	{ number: 49, name: "currency", format: text(3, "an") },
	{ number: 52, name: "PIN block", format: b(8) },
	{ number: 53, name: "security control", format: n(16) },
	{ number: 54, name: "balance", format: textVar(2, 20, "ans") },
	{ number: 55, name: "ICC data", format: bVar(2, 255) },
	{ number: 57, name: "additional private data", format: textVar(2, 100, "ans") },
	// 59: terminal information of the current CUP POS specifications (QR payment data, terminal hardware
	// details as TLV text), LLLVAR ans..600.
	{ number: 59, name: "terminal information", format: textVar(2, 600, "ans") },
	{ number: 60, name: "reserved (type, batch, network management)", format: nVar(2, 19) }, // 60.1–60.8: n..019
	{ number: 61, name: "original transaction", format: nVar(2, 29) },
	{ number: 62, name: "reserved (keys, terminal data)", format: bVar(2, 512) },
	{ number: 63, name: "reserved (operator, card organisation)", format: textVar(2, 163, "ans-gbk") },
	{ number: 64, name: "MAC", format: b(8) },
];

const BY_NUMBER: readonly (FieldSpec | undefined)[] = (() => {
	const table: (FieldSpec | undefined)[] = new Array(65).fill(undefined);
	for (const spec of SPECS) table[spec.number] = spec;
	return table;
})();

/** The spec of a data field (2–64), or undefined when the dialect does not use it. */
export function fieldSpec(number: number): FieldSpec | undefined {
	return Number.isInteger(number) ? BY_NUMBER[number] : undefined;
}

/** Every field the dialect uses, in field order. */
export const FIELD_SPECS: readonly FieldSpec[] = SPECS;

/** Field 64 carries the MAC; a message with it set is MACed over MTI … last field before 64 (Q/CUP 006). */
export const MAC_FIELD = 64;
