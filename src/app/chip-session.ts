// One face for the two kernel paths the flow drives (src/emv): an inserted card's ContactTransaction and a
// tapped card's QpbocTransaction (JR/T 0025.12). The flow asks whether the PIN step is an online PIN, tells the
// PIN's outcome, takes the first decision, and gives the host's answer to the card, which says whether it stands.

import { err, ok, type Result } from "../../hal/result.js";
import type { OnlineResult } from "../emv/completion.js";
import { startContact, type ContactTransaction, type KernelContext } from "../emv/contact-kernel.js";
import type { PinEntry } from "../emv/cvm.js";
import type { OtherCard } from "../emv/issuer-update.js";
import type { KernelError } from "../emv/kernel-error.js";
import type { ChipCard, ChipResult, FirstDecision } from "../emv/outcome.js";
import { startQpboc, type QpbocRefusal, type QpbocTransaction } from "../emv/qpboc.js";
import type { SelectedApplication } from "../emv/selection.js";
import type { CardChannel } from "../emv/transport.js";

export interface ChipSession {
	/** 插卡 or 挥卡, as the journal records it. */
	readonly entryMode: "insert" | "tap";
	/** Whether the cardholder verification asks for an online PIN now (Book 3 §10.5; qPBOC: CTQ and TTQ). */
	needsOnlinePin(): boolean;
	pinEntered(entry: PinEntry): void;
	/** The first decision: offline (approved or declined) or online with field 55. */
	decide(): Promise<Result<FirstDecision, KernelError>>;
	/** The host's answer (or none) given to the card: its end, undefined when the card went away or failed. */
	complete(online: OnlineResult): Promise<ChipResult | undefined>;
	/** Field 55 of a reversal (95, 9F1E, 9F10, 9F36, DF31), asked after `complete`. */
	reversalField55(): Uint8Array;
	/** After an approval: whether the card's 91 and scripts wait for a second tap (issuer update processing). */
	wantsSecondTap(): boolean;
	/** The second tap on `channel`: the approval's end with the script results, or why not (another card…). */
	secondTap(channel: CardChannel): Promise<Result<ChipResult, KernelError | OtherCard>>;
}

export function contactSession(t: ContactTransaction): ChipSession {
	return {
		entryMode: "insert",
		needsOnlinePin: () => t.verifyCardholder().kind === "online-pin",
		pinEntered: (entry) => void t.pinEntered(entry),
		decide: () => t.decide(),
		async complete(online) {
			const end = await t.complete(online);
			return end.ok ? end.value : undefined;
		},
		reversalField55: () => t.reversalField55(),
		// The inserted card heard the answer at once (Book 3 §10.9–10.10).
		wantsSecondTap: () => false,
		secondTap: async () => err({ kind: "out-of-order", detail: "no second tap for an inserted card" }),
	};
}

/** A tap: the card decided at GPO and has left the field; the host's answer alone decides after an ARQC. */
export function qpbocSession(t: QpbocTransaction): ChipSession {
	return {
		entryMode: "tap",
		needsOnlinePin: () => t.cvm === "online-pin",
		pinEntered: () => undefined,
		decide: async () => ok(t.decision),
		complete: async (online) => t.complete(online),
		// The tap's reversal: its data objects as the host's answer left them (no answer: Z3).
		reversalField55: () => t.complete({ kind: "unable-to-go-online" }).reversalField55,
		wantsSecondTap: () => t.wantsSecondTap,
		secondTap: (channel) => t.secondTap(channel),
	};
}

/** The kernel started on the selected application: contact (Book 3 §10.1–10.4) or the tap's qPBOC GPO and records. */
export async function startKernel(
	ctx: KernelContext,
	selected: SelectedApplication,
	label: string,
	tap: boolean,
): Promise<Result<{ readonly card: ChipCard; readonly session: ChipSession }, KernelError | QpbocRefusal>> {
	if (tap) {
		const started = await startQpboc(ctx, selected, label);
		return started.ok ? ok({ card: started.value.card, session: qpbocSession(started.value) }) : started;
	}
	const started = await startContact(ctx, selected, label);
	return started.ok ? ok({ card: started.value.card, session: contactSession(started.value) }) : started;
}
