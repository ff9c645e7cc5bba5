// Terminal risk management (EMV 4.3 Book 3 §10.6; Book 4 §6.3.5): the exception file, the floor limit, random
// transaction selection and velocity checking, each setting its TVR byte 4 (or byte 1, byte 2) bit; the TSI
// says it was done. The random number comes from the HAL random source the terminal passes in.
//
// Public API: randomPercent, manageRisk.

import type { RandomSource } from "../../hal/random.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { CardData } from "./card-data.js";
import { bcdDigits } from "./chip-data.js";
import { getData, sw, SW_OK } from "./commands.js";
import type { KernelError } from "./kernel-error.js";
import type { TerminalParameters, Transaction } from "./terminal-parameters.js";
import { decodeTlv, findTlv, type Tag } from "./tlv.js";
import type { CardChannel } from "./transport.js";
import type { Verification } from "./tvr.js";

/** A uniform number 1–99 (Book 3 §10.6.2), by rejection so every value is equally likely. */
export function randomPercent(random: RandomSource): number {
	const b = new Uint8Array(1);
	for (;;) {
		random.fill(b);
		if (b[0]! < 198) return (b[0]! % 99) + 1;
	}
}

/** GET DATA of a 2-byte counter (9F36, 9F13); undefined when the card does not give it. */
async function counter(channel: CardChannel, tag: Tag): Promise<Result<number | undefined, KernelError>> {
	const r = await channel.exchange(getData(tag));
	if (!r.ok) return err({ kind: "transport", step: "GET DATA", error: r.error });
	if (sw(r.value) !== SW_OK) return ok(undefined);
	const tlv = decodeTlv(r.value.data);
	const value = tlv.ok ? findTlv(tlv.value, tag)?.value : undefined;
	return ok(value?.length === 2 ? value[0]! * 256 + value[1]! : undefined);
}

export interface RiskInput {
	readonly channel: CardChannel;
	readonly card: CardData;
	readonly params: TerminalParameters;
	readonly txn: Transaction;
	readonly random: RandomSource;
}

/**
 * Book 3 §10.6.1–10.6.3. A card that does not give 9F36 or 9F13, or whose ATC is not above 9F13, counts as
 * over both consecutive offline limits. Only the card's disappearance stops it (a transport error).
 */
export async function manageRisk(input: RiskInput, v: Verification): Promise<Result<void, KernelError>> {
	const { card, params, txn } = input;
	const pan = card.get(0x5a);
	// §10.6.1 (optional): the exception file.
	if (pan !== undefined && params.exceptionFile?.includes(bcdDigits(pan))) v.set("exceptionFile");
	// §10.6.1: floor limit (this kernel keeps no transaction log, so the amount alone).
	if (txn.amount >= params.floorLimit) v.set("floorLimitExceeded");
	// §10.6.2: random selection below the floor limit, biased upwards between threshold and floor limit.
	else {
		const { threshold, targetPercent, maxTargetPercent } = params.randomSelection;
		let target = targetPercent;
		if (txn.amount >= threshold && params.floorLimit > threshold)
			target += ((maxTargetPercent - targetPercent) * (txn.amount - threshold)) / (params.floorLimit - threshold);
		if (randomPercent(input.random) <= target) v.set("randomlySelectedOnline");
	}
	// §10.6.3: velocity, when the card has both consecutive offline limits.
	const lower = card.get(0x9f14);
	const upper = card.get(0x9f23);
	if (lower !== undefined && upper !== undefined) {
		const atc = await counter(input.channel, 0x9f36);
		if (!atc.ok) return atc;
		const lastOnline = await counter(input.channel, 0x9f13);
		if (!lastOnline.ok) return lastOnline;
		if (atc.value === undefined || lastOnline.value === undefined || atc.value <= lastOnline.value) {
			v.set("lowerOfflineLimitExceeded");
			v.set("upperOfflineLimitExceeded");
		} else {
			const offline = atc.value - lastOnline.value;
			if (offline > (lower[0] ?? 0)) v.set("lowerOfflineLimitExceeded");
			if (offline > (upper[0] ?? 0)) v.set("upperOfflineLimitExceeded");
		}
		if (lastOnline.value === 0) v.set("newCard");
	}
	v.done("terminalRiskManagementPerformed");
	return ok();
}
