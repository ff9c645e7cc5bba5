// Money as the terminal shows it. Amounts are integer fen (1 yuan = 100 fen), never floats.

/** An amount in fen (分). ISO 8583 field 4 carries it as n12, so 0 ≤ fen ≤ 999,999,999,999. */
export type Fen = number;

/** The largest amount field 4 (n12) can carry. */
export const FIELD4_MAX_FEN: Fen = 999_999_999_999;

/** `123456` → `"1,234.56"`; without `groups`, `"1234.56"`. Negative amounts get a leading `-`. */
export function formatFen(fen: Fen, groups = true): string {
	if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be whole fen, not ${fen}`);
	const sign = fen < 0 ? "-" : "";
	const abs = Math.abs(fen);
	const yuan = String(Math.floor(abs / 100));
	const cents = String(abs % 100).padStart(2, "0");
	const whole = groups ? grouped(yuan) : yuan;
	return `${sign}${whole}.${cents}`;
}

/** Digits with a comma before each group of three from the right (no regular expression: compiled at each use on XS). */
function grouped(digits: string): string {
	let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
	for (let at = out.length; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
	return out;
}
