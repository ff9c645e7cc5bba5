// The first two exchanges of a contact session — SELECT the PSE, READ RECORD 1 of its directory — through the
// kernel's transport over any contact reader, as hex (data ‖ SW1 SW2), and the same through the APDU-level
// virtual reader as the reference an emulated line must reproduce.

import { assert } from "./assert.js";
import { toHex } from "./hex.js";
import { virtualCard } from "./virtual-chip.js";
import type { ContactReader } from "../../hal/contact-reader.js";
import type { CardProfileJson } from "../../host-sim/chip/card-profile.js";
import { VirtualContactReader } from "../../host-sim/chip/virtual-contact-reader.js";
import { directoryName, readRecord, selectByName } from "../../src/emv/commands.js";
import { cardChannel } from "../../src/emv/transport.js";

/** Activates the reader's card and returns the PSE's FCI and its first record, each as data ‖ SW1 SW2 in hex. */
export async function pseAndRecord(reader: ContactReader): Promise<string[]> {
	const a = await reader.activate();
	assert.ok(a.ok, JSON.stringify(a));
	const channel = cardChannel(reader, a.value.protocol);
	const out: string[] = [];
	for (const command of [selectByName(directoryName("PSE")), readRecord(1, 1)]) {
		const r = await channel.exchange(command);
		assert.ok(r.ok, JSON.stringify(r));
		out.push(toHex(r.value.data) + toHex(Uint8Array.of(r.value.sw1, r.value.sw2)));
	}
	return out;
}

/** The same from the card in the APDU-level virtual reader. */
export async function referencePseAndRecord(json: CardProfileJson): Promise<string[]> {
	const reader = new VirtualContactReader();
	reader.insert(virtualCard(json));
	return pseAndRecord(reader);
}
