// When the cardholder must enter a PIN, and when ENTER with no digits ("无密码请按确认") may go on without one.
//
// The strictest of these wins:
// - a balance inquiry always carries the PIN (field 52; 银联卡受理终端应用规范, 余额查询);
// - the card's own: the third digit of the service code (ISO/IEC 7813) — 0, 3, 5: PIN required; 6, 7: PIN
//   where feasible (the prompt offers "no PIN, press ENTER"); 1, 2, 4: no PIN rule;
// - the acquirer's: UnionPay debit cards (借记卡) need the PIN for a sale and a pre-authorisation; only credit
//   and quasi-credit cards (贷记卡/准贷记卡) may go on without one, where their service code allows.
//
// Debit or credit: a magstripe carries no such indicator (track 2 is PAN, expiry, service code, discretionary
// data — ISO/IEC 7813), and the card organisation (field 63.1) only comes back in the answer. A UnionPay
// terminal tells them apart by the card's BIN (ISO/IEC 7812-1), from the acquirer's card-BIN table (卡BIN表,
// network management code 390). Here that table is the `creditBins` parameter: the BIN prefixes of credit
// cards. A card under none of them is a debit card: an unknown card gets the stricter rule.
//
// Public API: CardKind, PinEntryRule, cardKind, pinEntryRule.

import { interpretServiceCode, type ServiceCode } from "./service-code.js";

export type CardKind = "debit" | "credit";

export interface PinEntryRule {
	/** ENTER with no digits ends PIN entry without a PIN (and the prompt says so). */
	readonly bypassAllowed: boolean;
	/** Why the PIN cannot be skipped, when it cannot. */
	readonly requiredBy?: "transaction" | "service-code" | "debit-card";
}

/** The transactions for which the UnionPay rules require a debit card's PIN. */
const DEBIT_PIN_TRANSACTIONS: ReadonlySet<string> = new Set(["sale", "preauth"]);

/** `creditBins`: the credit cards' BINs, comma-separated (the `creditBins` parameter). */
export function cardKind(pan: string, creditBins: string): CardKind {
	return creditBins.split(",").some((bin) => bin !== "" && pan.startsWith(bin)) ? "credit" : "debit";
}

/**
 * The PIN rule for `transaction` (a flow name: sale, preauth, balance, completion) on a card of `kind`
 * whose service code is `serviceCode` (absent for a keyed card number: no card rule then).
 */
export function pinEntryRule(transaction: string, kind: CardKind, serviceCode: ServiceCode | undefined): PinEntryRule {
	if (transaction === "balance") return { bypassAllowed: false, requiredBy: "transaction" };
	if (serviceCode !== undefined && interpretServiceCode(serviceCode).pin === "required")
		return { bypassAllowed: false, requiredBy: "service-code" };
	if (kind === "debit" && DEBIT_PIN_TRANSACTIONS.has(transaction)) return { bypassAllowed: false, requiredBy: "debit-card" };
	return { bypassAllowed: true };
}
