// Domain types the messages carry: what the numbers and digit strings mean.

/** Money in integer fen (分, minor units of CNY); field 4 is n12 fen (ISO 8583:1987; Q/CUP 006). */
export type Fen = number;

/** System trace audit number (field 11), 1..999999. */
export type Stan = number;

/** Batch number (field 60.2), 0..999999. */
export type BatchNumber = number;

/** Primary account number, 12–19 digits. */
export type Pan = string;

/** Two-character response code (field 39), e.g. "00", "A0". */
export type ResponseCode = string;

/** Fixed-width decimal digits of a non-negative integer, or undefined when it does not fit. */
export function digits(value: number, width: number): string | undefined {
	if (!Number.isSafeInteger(value) || value < 0) return undefined;
	const s = String(value);
	return s.length > width ? undefined : s.padStart(width, "0");
}

/** `digits` for values the caller has already validated; a value that does not fit is a programming error. */
export function fixedDigits(value: number, width: number, what: string): string {
	const s = digits(value, width);
	if (s === undefined) throw new RangeError(`${what} ${value} does not fit ${width} digits`);
	return s;
}

/** True when `text` is exactly `length` decimal digits (any length when omitted). */
export function isDigits(text: string, length?: number): boolean {
	if (length !== undefined && text.length !== length) return false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x30 || c > 0x39) return false;
	}
	return true;
}
