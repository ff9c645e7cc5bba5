// The simulator's chip cards by name: a profile of profiles.ts with the fault variants a cashier (or a script)
// can pick — "pboc-debit", "pboc-credit", "quickpass", and "mute", "wrong-atr", "removed", "blocked" on any
// of them. Platform-free.
//
// Public API: CHIP_PROFILE_NAMES, CHIP_FAULT_NAMES, ChipSpec, virtualTestCard.

import { parseCardProfile } from "./card-profile.js";
import { CARD_PROFILES, testIssuerKeys } from "./profiles.js";
import { VirtualCard, type CardFaults } from "./virtual-card.js";

export const CHIP_PROFILE_NAMES: readonly string[] = Object.keys(CARD_PROFILES);

/** The faults by name: no ATR, a broken ATR, taken out after a few exchanges, blocked (6A81). */
const FAULTS: Readonly<Record<string, CardFaults>> = {
	mute: { mute: true },
	"wrong-atr": { wrongAtr: true },
	removed: { removeAfterExchanges: 3 },
	blocked: { cardBlocked: true },
};

export const CHIP_FAULT_NAMES: readonly string[] = Object.keys(FAULTS);

/** A card to insert or tap: a profile by name, and a fault by name. */
export interface ChipSpec {
	readonly profile: string;
	readonly fault?: string;
}

/** The virtual card of `spec`; a RangeError names an unknown profile or fault. */
export function virtualTestCard(spec: ChipSpec): VirtualCard {
	const json = CARD_PROFILES[spec.profile];
	if (json === undefined)
		throw new RangeError(`no chip profile named ${JSON.stringify(spec.profile)}; known: ${CHIP_PROFILE_NAMES.join(", ")}`);
	const faults = spec.fault === undefined ? {} : FAULTS[spec.fault];
	if (faults === undefined)
		throw new RangeError(`no card fault named ${JSON.stringify(spec.fault)}; known: ${CHIP_FAULT_NAMES.join(", ")}`);
	const profile = parseCardProfile(json);
	if (!profile.ok) throw new RangeError(`profile ${spec.profile}: ${profile.error.field} ${profile.error.reason}`);
	return new VirtualCard(profile.value, testIssuerKeys(), faults);
}
