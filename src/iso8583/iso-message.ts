// An ISO 8583 message as plain data, and the frame around it (TPDU and header of the UnionPay terminal
// specification Q/CUP 006).
//
// Field values: `n` fields are digit strings; `z` (track) fields are digits and '=' (nibble D), and, when 53.3
// says the tracks are encrypted, the ciphertext nibbles A, B, C, E, F as those letters; `an`/`ans` fields are text,
// `b` fields are bytes. The composite fields (48, 53, 54, 60–63) have typed forms in composite-fields.ts.

/** Message type indicator, 4 digits, e.g. "0200". */
export type Mti = string;

export type FieldValue = string | Uint8Array;

export interface IsoMessage {
	readonly mti: Mti;
	/** Data fields 2–64 that are present. Field 64 (the MAC) is added by the link, never by hand. */
	readonly fields: ReadonlyMap<number, FieldValue>;
}

/** The 5-byte TPDU: ID 0x60, destination and source addresses (NII). */
export interface Tpdu {
	readonly destination: number;
	readonly source: number;
}

export const TPDU_ID = 0x60;

/** The default TPDU `60 00 03 00 00`: ID 60, destination, source. */
export const DEFAULT_TPDU: Tpdu = { destination: 0x0003, source: 0x0000 };

/** The host answers with destination and source swapped. */
export function swapTpdu(tpdu: Tpdu): Tpdu {
	return { destination: tpdu.source, source: tpdu.destination };
}

export interface IsoFrame {
	readonly tpdu: Tpdu;
	/** The 6-byte message header as 12 hex digits, e.g. "603100310003" or "60310031FFF1" (upper case when decoded). */
	readonly header: string;
	readonly message: IsoMessage;
}

export function isoMessage(mti: Mti, fields: Iterable<readonly [number, FieldValue | undefined]>): IsoMessage {
	const map = new Map<number, FieldValue>();
	for (const [number, value] of fields) if (value !== undefined) map.set(number, value);
	return { mti, fields: map };
}

/** The text or digit value of a field, or undefined when absent or binary. */
export function textField(message: IsoMessage, number: number): string | undefined {
	const value = message.fields.get(number);
	return typeof value === "string" ? value : undefined;
}

/** The bytes of a binary field, or undefined when absent or not binary. */
export function bytesField(message: IsoMessage, number: number): Uint8Array | undefined {
	const value = message.fields.get(number);
	return value instanceof Uint8Array ? value : undefined;
}
