// Manual card-number (PAN) entry: 13–19 digits (ISO/IEC 7812-1), shown in groups of four,
// accepted only with a valid Luhn check digit.

import type { MessageId } from "../messages.js";
import type { DigitEntryConfig } from "./digit-entry.js";

/** ISO/IEC 7812-1 Annex B: the Luhn mod-10 check over all digits including the check digit. */
export function luhnValid(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return digits.length > 0 && sum % 10 === 0;
}

const luhnNotice = (digits: string): MessageId | undefined => (luhnValid(digits) ? undefined : "cardNumberInvalid");

export const CARD_NUMBER_ENTRY: DigitEntryConfig = {
	minLength: 13,
	maxLength: 19,
	masked: false,
	groupSize: 4,
	tooShort: "cardNumberTooShort",
	check: luhnNotice,
};
