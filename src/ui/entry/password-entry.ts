// Masked password fields of the operator roles (docs/cashier-ui.md §4): operator 4 digits,
// supervisor 6, system administrator 8. The digits are shown as `*` only.

import type { DigitEntryConfig } from "./digit-entry.js";

/** A masked field of exactly `length` digits. */
export function passwordConfig(length: number): DigitEntryConfig {
	return { minLength: length, maxLength: length, masked: true, groupSize: 0, tooShort: "passwordTooShort" };
}
