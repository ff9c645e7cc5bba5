// Virtual chip cards in virtual readers, ready for the kernel: a card from a profile of host-sim/chip, in the
// contact slot (activated) or alone in the contactless field (polled), and the transport channel over it.

import { assert } from "./assert.js";
import { hex, toHex } from "./hex.js";
import { parseCardProfile, type CardProfile, type CardProfileJson } from "../../host-sim/chip/card-profile.js";
import { TEST_ISSUER_AC_KEY, testIssuerKeys } from "../../host-sim/chip/profiles.js";
import { VirtualCard, type CardFaults } from "../../host-sim/chip/virtual-card.js";
import { VirtualContactReader } from "../../host-sim/chip/virtual-contact-reader.js";
import { VirtualContactlessReader } from "../../host-sim/chip/virtual-contactless-reader.js";
import { cardChannel, type CardChannel } from "../../src/emv/transport.js";
import type { DolValueSource } from "../../src/emv/dol.js";
import type { Tag } from "../../src/emv/tlv.js";
import { applicationCryptogram } from "../../src/emv/cryptograms.js";
import { iccMasterKey, pbocSessionKey } from "../../src/emv/icc-keys.js";

/** What the terminal knows for the PDOLs and CDOLs: amount 1.00 yuan, China, TVR, date, sale, UN, qPBOC TTQ. */
const TERMINAL = new Map<Tag, string>([
	[0x9f66, "28000000"],
	[0x9f02, "000000000100"],
	[0x9f03, "000000000000"],
	[0x9f1a, "0156"],
	[0x95, "0000000000"],
	[0x5f2a, "0156"],
	[0x9a, "261207"],
	[0x9c, "00"],
	[0x9f37, "12345678"],
]);

/** Those terminal values as a DOL value source, with `changes` (tag → hex) over them. */
export function terminalValues(changes: ReadonlyMap<Tag, string> = new Map()): DolValueSource {
	return (tag) => {
		const v = changes.get(tag) ?? TERMINAL.get(tag);
		return v === undefined ? undefined : hex(v);
	};
}

export function profile(json: CardProfileJson): CardProfile {
	const p = parseCardProfile(json);
	if (!p.ok) throw new Error(`profile ${json.name}: ${p.error.field} ${p.error.reason}`);
	return p.value;
}

export function virtualCard(json: CardProfileJson, faults: CardFaults = {}): VirtualCard {
	return new VirtualCard(profile(json), testIssuerKeys(), faults);
}

export interface InsertedCard {
	readonly card: VirtualCard;
	readonly reader: VirtualContactReader;
	readonly channel: CardChannel;
}

/** The card inserted and activated; throws if activation fails (use the reader directly to test that). */
export async function inserted(json: CardProfileJson, faults: CardFaults = {}): Promise<InsertedCard> {
	const card = virtualCard(json, faults);
	const reader = new VirtualContactReader();
	reader.insert(card);
	const activation = await reader.activate();
	if (!activation.ok) throw new Error(`activation: ${activation.error.kind}`);
	return { card, reader, channel: cardChannel(reader, activation.value.protocol) };
}

/** The card tapped alone and activated. */
export async function tapped(
	json: CardProfileJson,
	faults: CardFaults = {},
): Promise<{ card: VirtualCard; reader: VirtualContactlessReader; channel: CardChannel }> {
	const card = virtualCard(json, faults);
	const reader = new VirtualContactlessReader();
	reader.tap(card);
	const polled = await reader.poll();
	if (!polled.ok) throw new Error(`poll: ${polled.error.kind}`);
	return { card, reader, channel: cardChannel(reader, "ISO 14443-4") };
}

/** ARQC = MAC(PBOC session key of the ICC MK on ATC)[acData ‖ AIP ‖ ATC ‖ IAD bytes 4–7], computed here. */
export function expectedAc(pan: string, psn: string, acData: string, aip: string, atc: string, iad: string): string {
	const mk = iccMasterKey(hex(TEST_ISSUER_AC_KEY), pan, psn, "a");
	assert.ok(mk.ok);
	return toHex(applicationCryptogram(pbocSessionKey(mk.value, hex(atc)), hex(acData + aip + atc + iad.slice(6, 14))));
}
