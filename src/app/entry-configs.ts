// What each keypad entry accepts (digit counts, masking), and whether the PIN pad offers a bypass: the rules
// the key routing steps entries by and the screens draw them by.

import { cardKind, pinEntryRule, type PinEntryRule } from "../card/pin-policy.js";
import { PASSWORD_LENGTH } from "../operators/operator-store.js";
import type { Params } from "../params/schema.js";
import type { DigitEntryConfig } from "../ui/entry/digit-entry.js";
import { passwordConfig } from "../ui/entry/password-entry.js";
import type { Draft } from "./app-state.js";

const fixedDigitsEntry = (length: number): DigitEntryConfig => ({
	minLength: length,
	maxLength: length,
	masked: false,
	groupSize: 0,
	tooShort: "entryTooLong",
});
const upToDigitsEntry = (length: number): DigitEntryConfig => ({
	minLength: 1,
	maxLength: length,
	masked: false,
	groupSize: 0,
	tooShort: "entryTooLong",
});

export const OPERATOR_ID_ENTRY: DigitEntryConfig = fixedDigitsEntry(2);
export const OPERATOR_ADMIN_ENTRY = {
	supervisor: passwordConfig(PASSWORD_LENGTH.supervisor),
	id: OPERATOR_ID_ENTRY,
	password: passwordConfig(PASSWORD_LENGTH.operator),
	confirm: passwordConfig(PASSWORD_LENGTH.operator),
} as const;
/** The voucher number is the STAN (ISO 8583 field 11, n6). */
export const VOUCHER_ENTRY: DigitEntryConfig = upToDigitsEntry(6);
/** YYMM, as ISO 8583 field 14. */
export const EXPIRY_ENTRY: DigitEntryConfig = fixedDigitsEntry(4);
/** Field 37 an12, the original's MMDD (UnionPay field 61.3), field 38 an6. */
export const REFERENCE_ENTRY = {
	"original-rrn": fixedDigitsEntry(12),
	"original-date": fixedDigitsEntry(4),
	"auth-code": fixedDigitsEntry(6),
} as const;
export const PARAM_VALUE_ENTRY: DigitEntryConfig = upToDigitsEntry(15);

/** Whether the draft's card may skip the PIN in its flow (src/card/pin-policy.ts). */
export function pinRule(draft: Draft & { readonly card: NonNullable<Draft["card"]> }, params: Params): PinEntryRule {
	return pinEntryRule(draft.flow, cardKind(draft.card.pan, params.creditBins), draft.card.swiped?.serviceCode);
}
