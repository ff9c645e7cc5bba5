// Manual card-number (PAN) entry: 13–19 digits (ISO/IEC 7812-1), shown in groups of four,
// accepted only with a valid Luhn check digit.

import { luhnValid } from "../../card/pan.js";
import type { MessageId } from "../messages.js";
import type { DigitEntryConfig } from "./digit-entry.js";

const luhnNotice = (digits: string): MessageId | undefined => (luhnValid(digits) ? undefined : "cardNumberInvalid");

export const CARD_NUMBER_ENTRY: DigitEntryConfig = {
	minLength: 13,
	maxLength: 19,
	masked: false,
	groupSize: 4,
	tooShort: "cardNumberTooShort",
	check: luhnNotice,
};
