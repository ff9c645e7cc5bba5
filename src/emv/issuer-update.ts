// Issuer update processing of a tap (请再次挥卡): the qPBOC card has left the field when the host answers, so
// the issuer authentication data (91) and scripts (71, 72) of an approval reach it only if the cashier taps it
// again. Asked only when the card says it supports it — CTQ 9F6C byte 2 b7 "card supports issuer update
// processing at the POS" (EMV Contactless Book C-7 Annex A, Book C-3 Annex A.2) — and the terminal said so in
// its TTQ 9F66 byte 3 b8 (Book A Table 5-4); the restart on the second tap is Book C-3 §5.8.1.2's. The terminal
// re-selects the same application, reads its records to check the card is the same one (PAN and PAN sequence
// number), then EXTERNAL AUTHENTICATE (Book 3 §10.9, when the AIP says the card does issuer authentication)
// and the scripts of 71 then 72 (§10.10: no second GENERATE AC in qPBOC). The results (DF31, Book 4 Annex A5)
// say "not performed" until the second tap performs them.
//
// Public API: FirstTap, OtherCard, issuerUpdateWanted, notPerformed, issuerUpdate.

import { err, ok, type Result } from "../../hal/result.js";
import type { ChipData } from "./chip-data.js";
import { chipCard } from "./chip-data.js";
import { selectByName, sw, SW_OK } from "./commands.js";
import { authenticateIssuer, runScripts, ScriptResults, type HostAnswer } from "./completion.js";
import type { KernelError } from "./kernel-error.js";
import type { ChipCard } from "./outcome.js";
import { readApplicationData, type AflEntry } from "./processing.js";
import { findTlv, type Tlv } from "./tlv.js";
import type { CardChannel } from "./transport.js";

/** What the first tap leaves for the second: the application, its AFL, the qualifiers and the card as read. */
export interface FirstTap {
	readonly aid: Uint8Array;
	readonly aip: Uint8Array;
	readonly afl: readonly AflEntry[];
	readonly ttq: Uint8Array;
	readonly ctq: Uint8Array | undefined;
	readonly card: ChipCard;
}

/** The second tap found another card (another PAN or PAN sequence number): nothing is sent to it. */
export type OtherCard = { readonly kind: "other-card" };

/** TTQ byte 3 b8 and CTQ byte 2 b7 both set, and the answer has 91 or a script for the card. */
export function issuerUpdateWanted(first: FirstTap, answer: HostAnswer): boolean {
	const forCard = answer.issuerAuthenticationData !== undefined || (answer.scripts ?? []).length > 0;
	const ctq = first.ctq;
	return forCard && ((first.ttq[2] ?? 0) & 0x80) !== 0 && ctq !== undefined && ((ctq[1] ?? 0) & 0x40) !== 0;
}

/** DF31 with every script of the answer "not performed" (Book 4 Annex A5: result 0); undefined when none came. */
export function notPerformed(scripts: readonly Tlv[]): Uint8Array | undefined {
	const results = new ScriptResults();
	for (const script of scripts)
		if (script.tag === 0x71 || script.tag === 0x72)
			results.add(0, 0, findTlv(script.children ?? [], 0x9f18)?.value ?? new Uint8Array(0));
	return results.value();
}

/**
 * The second tap's commands; `data` takes the TVR, TSI and script results. On an error (the card gone, another
 * card) they are left as they were: the scripts still "not performed".
 */
export async function issuerUpdate(
	channel: CardChannel,
	first: FirstTap,
	answer: HostAnswer,
	data: ChipData,
): Promise<Result<void, KernelError | OtherCard>> {
	const selected = await channel.exchange(selectByName(first.aid));
	if (!selected.ok) return err({ kind: "transport", step: "SELECT", error: selected.error });
	if (sw(selected.value) !== SW_OK) return err({ kind: "status", step: "SELECT", sw: sw(selected.value) });
	const read = await readApplicationData(channel, { aip: first.aip, afl: first.afl, objects: [] }, []);
	if (!read.ok) return read;
	const again = chipCard(read.value.data, first.aid, "", "contactless");
	if (again.pan !== first.card.pan || again.psn !== first.card.psn) return err({ kind: "other-card" });
	const [tvr, tsi] = [data.v.tvr.slice(), data.v.tsi.slice()];
	const undo = <E>(e: Result<never, E>) => {
		data.v.tvr.set(tvr);
		data.v.tsi.set(tsi);
		return e;
	};
	if (answer.issuerAuthenticationData !== undefined && first.aip[0]! & 0x04) {
		const auth = await authenticateIssuer(channel, answer.issuerAuthenticationData, data.v);
		if (!auth.ok) return undo(auth);
	}
	const results = new ScriptResults();
	for (const tag of [0x71, 0x72] as const) {
		const run = await runScripts(channel, answer.scripts ?? [], tag, results, data.v);
		if (!run.ok) return undo(run);
	}
	data.scriptResults = results.value();
	return ok();
}
