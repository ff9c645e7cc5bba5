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

// The two faces are classes, their methods on the prototype: the session lives through the online exchange,
// where the device's heap is at its fullest, and an object of closures would cost slots for each.

class ContactSession implements ChipSession {
	readonly #t: ContactTransaction;

	constructor(t: ContactTransaction) {
		this.#t = t;
	}

	get entryMode(): "insert" {
		return "insert";
	}

	needsOnlinePin(): boolean {
		return this.#t.verifyCardholder().kind === "online-pin";
	}

	pinEntered(entry: PinEntry): void {
		this.#t.pinEntered(entry);
	}

	decide(): Promise<Result<FirstDecision, KernelError>> {
		return this.#t.decide();
	}

	async complete(online: OnlineResult): Promise<ChipResult | undefined> {
		const end = await this.#t.complete(online);
		return end.ok ? end.value : undefined;
	}

	reversalField55(): Uint8Array {
		return this.#t.reversalField55();
	}

	/** The inserted card heard the answer at once (Book 3 §10.9–10.10). */
	wantsSecondTap(): boolean {
		return false;
	}

	async secondTap(): Promise<Result<ChipResult, KernelError | OtherCard>> {
		return err({ kind: "out-of-order", detail: "no second tap for an inserted card" });
	}
}

/** A tap: the card decided at GPO and has left the field; the host's answer alone decides after an ARQC. */
class QpbocSession implements ChipSession {
	readonly #t: QpbocTransaction;

	constructor(t: QpbocTransaction) {
		this.#t = t;
	}

	get entryMode(): "tap" {
		return "tap";
	}

	needsOnlinePin(): boolean {
		return this.#t.cvm === "online-pin";
	}

	pinEntered(): void {}

	async decide(): Promise<Result<FirstDecision, KernelError>> {
		return ok(this.#t.decision);
	}

	async complete(online: OnlineResult): Promise<ChipResult | undefined> {
		return this.#t.complete(online);
	}

	/** The tap's reversal: its data objects as the host's answer left them (no answer: Z3). */
	reversalField55(): Uint8Array {
		return this.#t.complete({ kind: "unable-to-go-online" }).reversalField55;
	}

	wantsSecondTap(): boolean {
		return this.#t.wantsSecondTap;
	}

	secondTap(channel: CardChannel): Promise<Result<ChipResult, KernelError | OtherCard>> {
		return this.#t.secondTap(channel);
	}
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
		return started.ok ? ok({ card: started.value.card, session: new QpbocSession(started.value) }) : started;
	}
	const started = await startContact(ctx, selected, label);
	return started.ok ? ok({ card: started.value.card, session: new ContactSession(started.value) }) : started;
}
