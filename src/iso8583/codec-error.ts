// The typed failure of the ISO 8583 codec: which part of the frame, at which byte offset, and why.
// The decoder never throws on input; every failure is one of these.

/** A data field number (2–64), or a frame part before the fields. */
export type FramePart = number | "length" | "tpdu" | "header" | "mti" | "bitmap";

export type CodecErrorKind =
	| "truncated" // fewer bytes than the part needs
	| "bad-length" // a length prefix or value length outside the field's limits
	| "bad-digit" // a BCD nibble that is not a digit (or D in track data), or a non-zero pad nibble
	| "bad-text" // a character outside the field's character set
	| "unknown-field" // a bitmap bit for a field the dialect does not use
	| "trailing-bytes" // bytes left after the last field
	| "bad-value"; // a well-formed field whose content breaks its own rule (TPDU ID, a sub-field)

export interface CodecError {
	readonly kind: CodecErrorKind;
	readonly part: FramePart;
	/** Byte offset from the start of the buffer given to the decoder (for frames: the length prefix). */
	readonly offset: number;
	readonly detail: string;
}

export function codecError(kind: CodecErrorKind, part: FramePart, offset: number, detail: string): CodecError {
	return { kind, part, offset, detail };
}

/** "field 35 at offset 42: …", the one-line form for logs and the CLI. */
export function describeCodecError(error: CodecError): string {
	const where = typeof error.part === "number" ? `field ${error.part}` : error.part;
	return `${where} at offset ${error.offset}: ${error.detail}`;
}
