// Insert and tap at the card step (issue 18): the contact slot's presence switch starts a chip read —
// activation and the ATR (ISO/IEC 7816-3, EMV 4.3 Book 1 §8), application selection from the PSE or the
// terminal's AIDs (Book 1 §12) with the cardholder's choice on screen when the card asks for it, the final
// SELECT — and hands the selected application on to the transaction: the whole kernel in a sale, a
// pre-authorisation and a balance inquiry (KERNEL_FLOWS, 9C of each flow in chip-terminal.ts), the card read for
// its data alone (src/emv/card-read.ts) in a refund, a pre-authorisation void and completion, which then go on
// as with a swipe. The contactless field is polled while a card step with a known amount waits (qPBOC's GPO
// carries it, JR/T 0025.12), at a balance inquiry's (amount 0), or any card step of a flow that only reads the card: two cards answering is a collision
// (请只出示一张卡, EMV Book D §5.2), one card is selected through the PPSE, the highest priority taken. A chip that cannot be read leaves the flow at its card step
// with 芯片读卡失败: the next swipe of that card is then a fallback when the acquirer allows it (parameter
// fallbackAllowed; UnionPay field 22 = 02x after a failed chip read), and refused ("请使用芯片") otherwise.
// The card taken out while the terminal works with it ends the flow (卡片已拔出).

import type { Clock, Timer } from "../../hal/clock.js";
import type { ContactReader } from "../../hal/contact-reader.js";
import type { ContactlessReader } from "../../hal/contactless-reader.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { KernelError } from "../emv/kernel-error.js";
import { buildCandidateList, chooseApplication, finalSelect, type Candidate } from "../emv/selection.js";
import { cardChannel, type CardChannel } from "../emv/transport.js";
import type { AppControl } from "./app-context.js";
import { KERNEL_FLOWS, type AppState, type Draft, type Step } from "./app-state.js";
import { beginTxn, cardTaken, endTxn, secondTapDone, secondTapFailed, startsSale, takesCard } from "./txn-flow.js";
import { aidParameters, authenticatorFor, chipTransaction, NO_ODA, terminalAids, terminalParameters } from "./chip-terminal.js";
import type { IcParameterSet } from "../params/ic-param-store.js";
import { CardData } from "../card/card-data.js";
import { maskPan, type Pan } from "../card/pan.js";
import type { KernelContext } from "../emv/contact-kernel.js";
import { startKernel, type ChipSession } from "./chip-session.js";
import { flowTitle } from "./menus.js";
import { readCard } from "../emv/card-read.js";
import type { ChipCard } from "../emv/outcome.js";

/** The IC parameters the acquirer's download stored (AIDs, CA keys); undefined before the first or when damaged. */
function heldIcParameters(app: AppControl): IcParameterSet | undefined {
	return app.ctx.management.icParameters();
}

/** Follows the contact slot: insertion starts a chip read where a card is taken, removal ends one that runs. */
export function watchContactReader(reader: ContactReader, control: () => AppControl | undefined): Unsubscribe {
	let insertion = 0;
	return reader.onPresence((present) => {
		insertion++;
		const app = control();
		if (!app) return;
		if (present) return void onInsert(app, reader, insertion, () => insertion);
		onRemoved(app);
	});
}

async function onInsert(app: AppControl, reader: ContactReader, mine: number, current: () => number): Promise<void> {
	const s = app.state;
	let draft: Draft;
	if (takesCard(s)) draft = s.draft;
	else if (startsSale(s)) {
		beginTxn(app, "sale");
		const begun = app.state;
		// Refused to start (not signed in, settle first…): the notice stands.
		if (begun.kind !== "txn") return;
		draft = begun.draft;
	} else return;
	app.set({ kind: "txn", draft, step: { kind: "chip-reading" } });
	const stillHere = () => current() === mine && app.state.kind === "txn" && app.state.draft.flow === draft.flow;
	const activation = await reader.activate();
	if (!stillHere()) return;
	if (!activation.ok) return chipFailed(app, draft);
	const channel = cardChannel(reader, activation.value.protocol);
	const held = heldIcParameters(app);
	const list = await buildCandidateList(channel, "PSE", terminalAids(held));
	if (!stillHere()) return;
	if (!list.ok) return kernelStop(app, draft, list.error);
	// Book 1 §12.4: the terminal has a screen and keys, so the cardholder chooses when the card asks.
	const choice = chooseApplication(list.value, true);
	if (!choice.ok) return kernelStop(app, draft, choice.error);
	if (choice.value.kind === "ask-cardholder") {
		const candidates = choice.value.candidates;
		return app.set({
			kind: "txn",
			draft,
			step: { kind: "app-select", candidates, choose: (i) => select(app, draft, channel, candidates[i]!, held) },
		});
	}
	return select(app, draft, channel, choice.value.candidate, held);
}

/** How often the field is polled while a card step is armed (EMV Book D leaves it to the terminal). */
const TAP_POLL_MS = 250;

/**
 * Whether the contactless field is armed: a card step waiting, the amount known where the kernel runs (qPBOC's
 * GPO carries it); a balance inquiry, which has no amount (9F02 = 0, the TTQ asking an ARQC and the online PIN),
 * and a flow that reads the card for its data only arm it at once.
 */
function armsField(s: AppState): s is Extract<AppState, { kind: "txn" }> {
	if (s.kind === "txn" && s.step.kind === "tap-again") return !s.step.busy;
	if (s.kind !== "txn" || s.step.kind !== "card") return false;
	const { flow, amountFen } = s.draft;
	return amountFen !== undefined || flow === "balance" || !KERNEL_FLOWS.has(flow);
}

/** Polls the contactless reader while the state arms the field; `follow` after each state change. */
export class TapPoller {
	readonly #reader: ContactlessReader;
	readonly #clock: Clock;
	#timer: Timer | undefined;
	/** A poll or the read of a tapped card is under way: the field stays on. */
	#busy = false;

	constructor(reader: ContactlessReader, clock: Clock) {
		this.#reader = reader;
		this.#clock = clock;
	}

	follow(app: AppControl): void {
		if (!armsField(app.state)) {
			this.#timer?.cancel();
			this.#timer = undefined;
			if (!this.#busy) this.#reader.fieldOff();
			return;
		}
		this.#timer ??= this.#clock.every(TAP_POLL_MS, () => void this.#poll(app));
	}

	stop(): void {
		this.#timer?.cancel();
		this.#timer = undefined;
	}

	async #poll(app: AppControl): Promise<void> {
		if (this.#busy || !armsField(app.state)) return;
		this.#busy = true;
		await this.#read(app, app.state);
		this.#busy = false;
		if (!armsField(app.state)) this.#reader.fieldOff();
	}

	async #read(app: AppControl, s: Extract<AppState, { kind: "txn" }>): Promise<void> {
		const found = await this.#reader.poll();
		if (app.state !== s) return;
		if (!found.ok) {
			if (found.error.kind === "no-card") return;
			app.errorBeep();
			const notice = found.error.kind === "collision" ? "oneCardOnly" : "tapAgain";
			return app.set({ kind: "txn", draft: s.draft, step: { kind: "card", notice } });
		}
		const draft = s.draft;
		const channel = cardChannel(this.#reader, "ISO 14443-4");
		if (s.step.kind === "tap-again") {
			await secondTap(app, draft, s.step, channel);
			// Done with that card, whichever it was: it leaves the field (a wrong one is not read again and again).
			return this.#reader.fieldOff();
		}
		app.set({ kind: "txn", draft, step: { kind: "chip-reading" } });
		const held = heldIcParameters(app);
		const list = await buildCandidateList(channel, "PPSE", terminalAids(held));
		if (app.state.kind !== "txn" || app.state.step.kind !== "chip-reading") return;
		// Book B §3.3 / JR/T 0025.12: no cardholder choice over the air; the highest priority is taken.
		const choice = list.ok ? chooseApplication(list.value, false) : list;
		if (!choice.ok || choice.value.kind !== "selected") return this.#failed(app, draft);
		return select(app, draft, channel, choice.value.candidate, held);
	}

	/** A tap that could not be read: the card step again, 请重新挥卡 (the chip or the stripe remain). */
	#failed(app: AppControl, draft: Draft): void {
		this.#reader.fieldOff();
		app.errorBeep();
		app.set({ kind: "txn", draft, step: { kind: "card", notice: "tapAgain" } });
	}
}

/** 请再次挥卡: the approved tap's card again, for its issuer's 91 and scripts (src/emv/issuer-update.ts). */
async function secondTap(app: AppControl, draft: Draft, step: Extract<Step, { kind: "tap-again" }>, channel: CardChannel): Promise<void> {
	const session = draft.card?.chip?.session;
	if (session === undefined) return;
	const busy = { ...step, busy: true };
	app.set({ kind: "txn", draft, step: busy });
	const end = await session.secondTap(channel);
	if (app.state.kind !== "txn" || app.state.step !== busy) return;
	if (end.ok) return secondTapDone(app, draft, step.txn, end.value);
	secondTapFailed(app, draft, step.txn, step.untilMs, end.error.kind === "other-card" ? "notSameCard" : "tapAgain");
}

async function select(
	app: AppControl,
	draft: Draft,
	channel: CardChannel,
	candidate: Candidate,
	held: IcParameterSet | undefined,
): Promise<void> {
	app.set({ kind: "txn", draft, step: { kind: "chip-reading" } });
	const selected = await finalSelect(channel, candidate);
	if (!reading(app)) return;
	if (!selected.ok) return kernelStop(app, draft, selected.error);
	const { hal, params, journal } = app.ctx;
	// The amount as the kernel asks for it: 0 until keyed when the card came first (chip-terminal.ts).
	const amount = () => (app.state.kind === "txn" ? (app.state.draft.amountFen ?? 0) : 0);
	const authenticator = authenticatorFor(held);
	const ctx: KernelContext = {
		channel,
		params: terminalParameters(params, aidParameters(held, selected.value.aid), authenticator !== undefined),
		txn: chipTransaction(hal.clock, hal.random, params, draft.flow, journal.counters.stan + 1, amount),
		authenticator: authenticator ?? NO_ODA,
		random: hal.random,
	};
	const tap = channel.protocol === "ISO 14443-4";
	const label = candidate.label ?? "";
	if (!KERNEL_FLOWS.has(draft.flow)) {
		// Refund, pre-authorisation void and completion: the card read for its data, then on as a swipe.
		const read = await readCard(ctx, selected.value, label, tap);
		if (!reading(app)) return;
		if (!read.ok) return tap ? tapAgain(app, draft) : kernelStop(app, draft, read.error);
		return taken(app, draft, read.value, tap ? "tap" : "insert");
	}
	const started = await startKernel(ctx, selected.value, label, tap);
	if (!reading(app)) return;
	if (!started.ok) {
		// Over the contactless transaction limit (JR/T 0025.12 §7), or the card asks for its contact interface
		// (Book C-3 §5.5.1.3, §5.6.1.2): the card goes in the slot instead.
		if (started.error.kind === "over-contactless-limit")
			return void app.set({ kind: "txn", draft, step: { kind: "card", notice: "insertInstead" } });
		if (started.error.kind === "switch-interface")
			return void app.set({ kind: "txn", draft, step: { kind: "card", notice: "insertCardInstead" } });
		return tap ? tapAgain(app, draft) : kernelStop(app, draft, started.error);
	}
	taken(app, draft, started.value.card, started.value.session.entryMode, started.value.session);
}

/** Whether the card is still being read (not cancelled, not taken out). */
function reading(app: AppControl): boolean {
	return app.state.kind === "txn" && app.state.step.kind === "chip-reading";
}

function tapAgain(app: AppControl, draft: Draft): void {
	app.set({ kind: "txn", draft, step: { kind: "card", notice: "tapAgain" } });
}

/** The card read: on to its confirmation, with the kernel's transaction when the flow runs one. */
function taken(app: AppControl, draft: Draft, chip: ChipCard, entryMode: "insert" | "tap", session?: ChipSession): void {
	// 57 as track 2 (digits, D as the separator, F padding): sealed and erased like a swipe's (PCI DSS 3.2).
	const track2 = chip.track2 === undefined ? undefined : CardData.fromTracks({ track2: track2Text(chip.track2) });
	cardTaken(app, draft, {
		pan: chip.pan,
		expiry: chip.expiry,
		masked: maskPan(chip.pan as Pan),
		entryMode,
		swiped: track2?.ok ? track2.value : undefined,
		chip: {
			...(session === undefined ? {} : { session }),
			aid: chip.aid,
			label: chip.label,
			...(chip.psn === undefined ? {} : { psn: chip.psn }),
		},
	});
}

function track2Text(bytes: Uint8Array): string {
	let text = "";
	for (const b of bytes) text += (b >> 4).toString(16) + (b & 15).toString(16);
	return text.toUpperCase().replace("D", "=").replace(/F+$/, "");
}

/** A failed chip read: the card step again with 芯片读卡失败; its swipe may now be the fallback. */
function chipFailed(app: AppControl, draft: Draft): void {
	app.errorBeep();
	app.set({ kind: "txn", draft: { ...draft, chipFailed: true }, step: { kind: "card", notice: "chipReadFailed" } });
}

/** Book 1 §12.3.2: a blocked card ends the transaction; no usable application, a transport error or a bad answer are a failed read. */
function kernelStop(app: AppControl, draft: Draft, error: KernelError): void {
	if (error.kind === "card-blocked") {
		endTxn(app, draft);
		return app.notice({ title: app.t(flowTitle(draft.flow)), lines: [app.t("cardBlocked")], ok: false }, "idle");
	}
	if (error.kind === "transport" && error.error.kind === "reader" && error.error.error.kind === "removed") return onRemoved(app);
	chipFailed(app, draft);
}

/** The card taken out: after its transaction the flow goes on (请拔卡); while the terminal reads it, the flow ends. */
function onRemoved(app: AppControl): void {
	const s = app.state;
	if (s.kind === "txn" && s.step.kind === "remove-card") return s.step.then();
	if (s.kind !== "txn" || (s.step.kind !== "chip-reading" && s.step.kind !== "app-select")) return;
	endTxn(app, s.draft);
	app.notice({ title: app.t(flowTitle(s.draft.flow)), lines: [app.t("cardRemoved")], ok: false }, "idle");
}
