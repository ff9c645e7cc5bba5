// The primary account number: 12–19 digits, Luhn check digit last (ISO/IEC 7812-1, Annex B).

import { err, ok, type Result } from "../../hal/result.js";

/** A PAN whose format and Luhn check digit have been checked. */
export type Pan = string & { readonly __brand: "Pan" };

const PAN_PATTERN = /^[0-9]{12,19}$/;
/** At least two digits, for the Luhn check (a module constant: on XS a regular expression literal is compiled again at each evaluation). */
const LUHN_DIGITS = /^[0-9]{2,}$/;

/** True when the digit string's last digit is its Luhn check digit (ISO/IEC 7812-1 Annex B). */
export function luhnValid(digits: string): boolean {
	if (!LUHN_DIGITS.test(digits)) return false;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 0x30;
		if ((i & 1) === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

/** Why a text is not a PAN: not 12–19 digits, or the last digit is not the Luhn check digit. */
export type PanError = "format" | "luhn";

/** Checks a PAN; the error says whether the digits or the check digit are wrong. */
export function parsePan(text: string): Result<Pan, PanError> {
	if (!PAN_PATTERN.test(text)) return err("format");
	if (!luhnValid(text)) return err("luhn");
	return ok(text as Pan);
}

/**
 * A card number as screens, slips and logs show it: the first 6 and last 4 characters, `*` for each one
 * between (PCI DSS requirement 3.4 allows no more; the UnionPay slip prints 卡号 the same way). Spaces and
 * hyphens are dropped first. A number of 10 characters or fewer keeps only its last 4. The mask goes by
 * position, so a masked number comes back unchanged and no input shows more than 10 of its characters.
 */
export function maskPan(cardNumber: string): string {
	const pan = cardNumber.replace(/[\s-]/g, "");
	if (pan.length <= 10) return "*".repeat(Math.max(0, pan.length - 4)) + pan.slice(-4);
	return pan.slice(0, 6) + "*".repeat(pan.length - 10) + pan.slice(-4);
}
