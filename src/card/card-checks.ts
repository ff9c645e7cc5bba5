// Checks the terminal makes on a swiped card before it asks for the amount: expiry against the HAL clock, and
// whether the service code sends the cardholder to the chip reader (ISO/IEC 7813 service code).

import { CHINA_UTC_OFFSET_MINUTES, localDateTime } from "../time/local-time.js";
import type { CardData, Expiry } from "./card-data.js";
import { interpretServiceCode } from "./service-code.js";

/** A card is valid through the last day of its expiry month, in the terminal's local time. */
export function isExpired(expiry: Expiry, nowMs: number, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): boolean {
	const now = localDateTime(nowMs, offsetMinutes);
	const year = 2000 + Number(expiry.slice(0, 2));
	const month = Number(expiry.slice(2, 4));
	return now.year > year || (now.year === year && now.month > month);
}

export type SwipeAcceptance =
	/** A magstripe card (or a chip card on a terminal with no chip reader): go on with the swipe. */
	| "swipe"
	/** A chip card, swiped after a chip failure with fallback allowed: go on, flag fallback (field 22 / 60). */
	| "fallback"
	/** A chip card: prompt "请插卡 / INSERT CARD". */
	| "insert-chip";

export interface AcceptanceRules {
	readonly hasChipReader: boolean;
	/** Terminal parameter: chip cards may be swiped after the chip failed. */
	readonly fallbackAllowed: boolean;
	/** The chip of this card already failed in this transaction. */
	readonly chipFailed: boolean;
}

/** Service code first digit 2 or 6 means chip: swipe only as fallback (ISO/IEC 7813). */
export function swipeAcceptance(card: CardData, rules: AcceptanceRules): SwipeAcceptance {
	if (card.serviceCode === undefined || !interpretServiceCode(card.serviceCode).chipCard || !rules.hasChipReader) return "swipe";
	return rules.fallbackAllowed && rules.chipFailed ? "fallback" : "insert-chip";
}
