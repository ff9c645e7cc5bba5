// The primary account number: 12–19 digits, Luhn check digit last (ISO/IEC 7812-1 Annex B; magstripe.md §5).

/** A PAN whose format and Luhn check digit have been checked. */
export type Pan = string & { readonly __brand: "Pan" };

const PAN_PATTERN = /^[0-9]{12,19}$/;

/** True when the digit string's last digit is its Luhn check digit (ISO/IEC 7812-1 Annex B). */
export function luhnValid(digits: string): boolean {
	if (!/^[0-9]{2,}$/.test(digits)) return false;
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

export type PanError = "format" | "luhn";

/** Checks a PAN; the error says whether the digits or the check digit are wrong. */
export function parsePan(text: string): { ok: true; pan: Pan } | { ok: false; error: PanError } {
	if (!PAN_PATTERN.test(text)) return { ok: false, error: "format" };
	if (!luhnValid(text)) return { ok: false, error: "luhn" };
	return { ok: true, pan: text as Pan };
}

/** The PAN as shown on screens, slips and logs: first 6 and last 4 digits, the rest masked (PCI DSS 3.4). */
export function maskPan(pan: Pan): string {
	return `${pan.slice(0, 6)}${"*".repeat(pan.length - 10)}${pan.slice(-4)}`;
}
