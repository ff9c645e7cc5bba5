// The simulator's chip cards by name: a profile of profiles.ts with the fault variants a cashier (or a script)
// can pick — "pboc-debit", "pboc-credit", "quickpass", and "mute", "wrong-atr", "removed", "blocked" on any
// of them; a tap takes the cards with a contactless side, the faults that mean something over the air, and
// "collision" (two such cards in the field at once). Platform-free.
//
// Public API: CHIP_PROFILE_NAMES, CHIP_FAULT_NAMES, ChipSpec, virtualTestCard, TAP_PROFILE_NAMES,
// TAP_FAULT_NAMES, TAP_HOLD_MS, TapSpec, tappedCards, TapWallet.

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
	/**
	 * approve: every application may approve offline (card-profile.ts `offline`: a TC for a TC asked, qPBOC's offline
	 * TC); decline: the card answers a TC asked with an AAC (virtual-card.ts `declineOffline`).
	 */
	readonly offline?: "approve" | "decline";
}

/** The virtual card of `spec`; a RangeError names an unknown profile or fault. */
export function virtualTestCard(spec: ChipSpec): VirtualCard {
	const json = CARD_PROFILES[spec.profile];
	if (json === undefined)
		throw new RangeError(`no chip profile named ${JSON.stringify(spec.profile)}; known: ${CHIP_PROFILE_NAMES.join(", ")}`);
	const named = spec.fault === undefined ? {} : FAULTS[spec.fault];
	const faults = named && spec.offline === "decline" ? { ...named, declineOffline: true } : named;
	if (faults === undefined)
		throw new RangeError(`no card fault named ${JSON.stringify(spec.fault)}; known: ${CHIP_FAULT_NAMES.join(", ")}`);
	const profile = parseCardProfile(
		spec.offline === "approve" ? { ...json, applications: json.applications.map((a) => ({ ...a, offline: true })) } : json,
	);
	if (!profile.ok) throw new RangeError(`profile ${spec.profile}: ${profile.error.field} ${profile.error.reason}`);
	return new VirtualCard(profile.value, testIssuerKeys(), faults);
}

/** The profiles with a contactless side: the cards a tap can lay in the field. */
export const TAP_PROFILE_NAMES: readonly string[] = CHIP_PROFILE_NAMES.filter((name) => CARD_PROFILES[name]!.contactless !== undefined);

/**
 * A tap's faults: no ATS after RATS (mute), taken away in the middle of the exchanges (removed), blocked, and
 * two cards in the field at once (collision, EMV Book D §5.2). A broken ATR is the contact slot's only.
 */
export const TAP_FAULT_NAMES: readonly string[] = ["mute", "removed", "blocked", "collision"];

/** How long a tapped card stays in the field when the terminal does not take it (a cardholder's tap, ms). */
export const TAP_HOLD_MS = 500;

/** A tap: a card by profile and fault, held `holdMs` in the field if the terminal does not take it. */
export interface TapSpec extends ChipSpec {
	readonly holdMs?: number;
}

/** The cards a tap lays in the field (two of the profile for "collision"); a RangeError names a card or fault a tap cannot have. */
export function tappedCards(spec: TapSpec): VirtualCard[] {
	if (CHIP_PROFILE_NAMES.includes(spec.profile) && !TAP_PROFILE_NAMES.includes(spec.profile))
		throw new RangeError(`${spec.profile} has no contactless side; a tap takes ${TAP_PROFILE_NAMES.join(", ")}`);
	if (spec.fault !== undefined && !TAP_FAULT_NAMES.includes(spec.fault))
		throw new RangeError(`no tap fault named ${JSON.stringify(spec.fault)}; known: ${TAP_FAULT_NAMES.join(", ")}`);
	if (spec.fault === "collision") return [virtualTestCard({ profile: spec.profile }), virtualTestCard({ profile: spec.profile })];
	return [virtualTestCard(spec)];
}

/**
 * The cardholder's cards across taps: a tap of a profile without a fault or an offline option lays the same
 * card in the field each time (its ATC goes on, and a qPBOC card that supports issuer update processing keeps
 * its ARQC for the second tap, 请再次挥卡); a fault or an option makes a fresh card, as before.
 */
export class TapWallet {
	readonly #cards = new Map<string, VirtualCard>();

	cards(spec: TapSpec): VirtualCard[] {
		if (spec.fault !== undefined || spec.offline !== undefined) return tappedCards(spec);
		const held = this.#cards.get(spec.profile);
		if (held !== undefined) return [held];
		const cards = tappedCards(spec);
		this.#cards.set(spec.profile, cards[0]!);
		return cards;
	}
}
