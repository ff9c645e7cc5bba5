// The QuickPass card for the quick-pass kernel tests: the built-in profile with its application changed or
// its record 1:2 (PAN, dates, country, PSN, usage control) written anew, tapped, its application selected
// through the PPSE and the qPBOC path started (src/emv/qpboc.ts).

import { assert } from "./assert.js";
import { hex, toHex } from "./hex.js";
import { context } from "./chip-terminal.js";
import { tapped } from "./virtual-chip.js";
import type { CardProfileJson } from "../../host-sim/chip/card-profile.js";
import { QUICKPASS } from "../../host-sim/chip/profiles.js";
import type { CardFaults } from "../../host-sim/chip/virtual-card.js";
import type { KernelContext } from "../../src/emv/contact-kernel.js";
import { startQpboc } from "../../src/emv/qpboc.js";
import { buildCandidateList, chooseApplication, finalSelect } from "../../src/emv/selection.js";
import type { CardChannel } from "../../src/emv/transport.js";
import { decodeTlv, findTlv } from "../../src/emv/tlv.js";

export const QP_PAN = "6222021234567890128";

/** Record 1:2's fields (hex values); absent: the profile's (expiry 301231, 5F28 0156, PSN 00, 9F07 FF00), no 5F25. */
export interface Record12 {
	/** 19 digits. */
	readonly pan?: string;
	readonly expiry?: string;
	readonly effective?: string;
	readonly country?: string;
	readonly psn?: string;
	readonly auc?: string;
	/** More objects, TLV hex (a CTQ 9F6C, a version 9F08). */
	readonly extra?: string;
}

export function record12(f: Record12 = {}): string {
	return (
		`5A0A${f.pan ?? QP_PAN}F` +
		`5F2403${f.expiry ?? "301231"}` +
		(f.effective === undefined ? "" : `5F2503${f.effective}`) +
		`5F2802${f.country ?? "0156"}` +
		`5F3401${f.psn ?? "00"}` +
		`9F0702${f.auc ?? "FF00"}` +
		(f.extra ?? "")
	);
}

/** QUICKPASS with `change` applied to its application and, when given, record 1:2 written from `fields`. */
export function quickpass(change: Partial<CardProfileJson["applications"][number]> = {}, fields?: Record12): CardProfileJson {
	const app = QUICKPASS.applications[0]!;
	const records = fields === undefined ? app.records : { ...app.records, "1:2": record12(fields) };
	return { ...QUICKPASS, applications: [{ ...app, ...change, records }] };
}

/** The application of a card in the field selected through the PPSE (the highest priority). */
export async function selectTapped(channel: CardChannel) {
	const list = await buildCandidateList(channel, "PPSE", [{ aid: hex("A0000003330101"), partial: true }]);
	assert.ok(list.ok);
	const choice = chooseApplication(list.value, false);
	assert.ok(choice.ok && choice.value.kind === "selected");
	const app = await finalSelect(channel, choice.value.candidate);
	assert.ok(app.ok);
	return app.value;
}

/** The card tapped and the quick-pass path started on it. */
export async function tap(json: CardProfileJson, over: Partial<KernelContext> = {}, faults: CardFaults = {}) {
	const card = await tapped(json, faults);
	const app = await selectTapped(card.channel);
	return { card, result: await startQpboc(context(card.channel, over), app) };
}

/** A field 55's values by tag, as hex ("" when absent). */
export function field55(bytes: Uint8Array): (tag: number) => string {
	const d = decodeTlv(bytes);
	assert.ok(d.ok);
	return (tag) => toHex(findTlv(d.value, tag)?.value ?? new Uint8Array(0));
}
