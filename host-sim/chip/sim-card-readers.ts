// The simulated unit's chip readers at the level the device has them: the contact reader's engine over the
// emulated TDA8035 slot, the contactless reader's engine over the emulated PN532 on I2C, both waiting on the
// unit's clock; and the jig's chip test cards from the profiles, for the operator to insert or tap.
// Platform-free.
//
// Public API: SimCardReaders, simCardReaders, chipTestCard.

import type { Clock } from "../../hal/clock.js";
import { ContactReaderEngine } from "../../src/card-reader/contact-engine.js";
import { pn532I2cLink } from "../../src/card-reader/pn532-i2c.js";
import { Pn532Reader } from "../../src/card-reader/pn532-reader.js";
import { parseCardProfile } from "./card-profile.js";
import { EmulatedPn532 } from "./emulated-pn532.js";
import { EmulatedTda8035 } from "./emulated-tda8035.js";
import { CARD_PROFILES, testIssuerKeys } from "./profiles.js";
import { VirtualCard, type CardFaults } from "./virtual-card.js";

export interface SimCardReaders {
	readonly contact: ContactReaderEngine;
	readonly contactless: Pn532Reader;
	/** The slot and the field, where the operator puts the cards. */
	readonly slot: EmulatedTda8035;
	readonly field: EmulatedPn532;
	/** Faults of the chip test card the operator inserts in the slot. */
	readonly contactCardFaults: CardFaults;
}

export function simCardReaders(
	clock: Clock,
	faults: { readonly contactCardFaults?: CardFaults; readonly nfcSilent?: boolean } = {},
): SimCardReaders {
	const wait = (ms: number) => new Promise<void>((resolve) => clock.after(ms, resolve));
	const slot = new EmulatedTda8035();
	const field = new EmulatedPn532();
	if (faults.nfcSilent) field.faults = { silent: true };
	return {
		contact: new ContactReaderEngine(slot.slot, slot.port, { wait }),
		contactless: new Pn532Reader(pn532I2cLink(field.i2c), { wait }),
		slot,
		field,
		contactCardFaults: faults.contactCardFaults ?? {},
	};
}

/** A chip test card by profile name ("pboc-debit", "pboc-credit", "quickpass"), personalised under the test issuer key. */
export function chipTestCard(name: string, faults: CardFaults = {}): VirtualCard | undefined {
	const json = CARD_PROFILES[name];
	if (json === undefined) return undefined;
	const profile = parseCardProfile(json);
	return profile.ok ? new VirtualCard(profile.value, testIssuerKeys(), faults) : undefined;
}
