// The transaction flows: a draft walks the steps of its flow (FLOW_STEPS in app-state.ts), each step a key
// entry, a card, the PIN pad or the online exchange; CANCEL or a timeout at any step leaves cleanly (PIN
// entry cancelled, track data erased). What goes online is built by draft-request.ts.

import type { Swipe } from "../../hal/magstripe.js";
import { KEY_SLOTS } from "../../hal/secure-element.js";
import { isExpired, swipeAcceptance } from "../card/card-checks.js";
import { maskPan, type Pan } from "../card/pan.js";
import { cardFromSwipe } from "../card/swiped-card.js";
import type { TxnEntry } from "../journal/journal-entries.js";
import { decodeSwipe } from "../magstripe/swipe-decoder.js";
import { PASSWORD_LENGTH, SUPERVISOR_ID } from "../operators/operator-store.js";
import { formatFen } from "../ui/amount-text.js";
import { EMPTY_AMOUNT, stepAmount } from "../ui/entry/amount-entry.js";
import { CARD_NUMBER_ENTRY } from "../ui/entry/card-number-entry.js";
import { EMPTY_DIGITS, stepDigits } from "../ui/entry/digit-entry.js";
import type { EntryKey } from "../ui/entry/entry-step.js";
import { passwordConfig } from "../ui/entry/password-entry.js";
import { signedOn, type AppControl } from "./app-context.js";
import { inVoucherRange, totalsWouldOverflow } from "./batch-totals.js";
import { FLOW_STEPS, type AppState, type Draft, type DraftCard, type Flow, type Step, type StepKind } from "./app-state.js";
import { forcedSettlementDue } from "./day-change.js";
import { draftRequest } from "./draft-request.js";
import { entryKey } from "./entry-key.js";
import type { HostAnswer } from "../emv/completion.js";
import type { ChipResult } from "../emv/outcome.js";
import type { FinancialResponse } from "../iso8583/responses.js";
import { decodeTlv } from "../emv/tlv.js";
import { txnIcData } from "./chip-ic-data.js";
import type { CardVerdict } from "./financial-exchange.js";
import type { ChipSession } from "./chip-session.js";
import { EXPIRY_ENTRY, pinRule, REFERENCE_ENTRY, VOUCHER_ENTRY } from "./entry-configs.js";
import { declineLines, failureLines, keyErrorText } from "./failure-text.js";
import { flowTitle } from "./menus.js";
import { OFFLINE_APPROVED } from "../journal/journal-entries.js";
import { owedByIndex } from "./offline-upload.js";
import { declined, type Declined, type OnlineFailure } from "./online-failure.js";
import { passwordRefusal } from "./operator-flows.js";
import { printTxn } from "./receipts.js";
import type { PrinterFault } from "../printer/printer-status.js";
import type { MessageId } from "../ui/messages.js";

export function beginTxn(app: AppControl, flow: Flow, card?: DraftCard): void {
	const refusal = refusalToStart(app, flow);
	if (refusal) return app.notice({ title: app.t(flowTitle(flow)), lines: [refusal], ok: false }, "idle");
	const draft: Draft = card ? { flow, card, done: ["card"] } : { flow };
	enterStep(app, draft, card ? "confirm-card" : FLOW_STEPS[flow][0]!);
	if (flow !== "balance") app.ctx.printer.checkReady((fault) => warnPrinter(app, flow, fault));
}

/**
 * Paper out (or the cover open) as a flow that prints begins: the cashier is told before the card and amount
 * and decides, ENTER going on without a slip (it can be reprinted later), CANCEL ending the flow. Shown at the
 * first step that waits for a key, never over PIN entry or the host exchange.
 */
function warnPrinter(app: AppControl, flow: Flow, fault: PrinterFault | undefined): void {
	const s = app.state;
	if (fault !== "paper-out" && fault !== "cover-open") return;
	if (s.kind !== "txn" || s.draft.flow !== flow || !WARNS_AT.has(s.step.kind)) return;
	app.errorBeep();
	app.ctx.hal.indicators.led("error", true);
	app.set({ kind: "txn", draft: s.draft, step: { kind: "paper", fault, resume: s.step } });
}

/** The steps that wait for a key, where the paper warning may show (never over PIN entry, a chip read or the host). */
const WARNS_AT: ReadonlySet<Step["kind"]> = new Set<Step["kind"]>([
	"supervisor",
	"voucher",
	"confirm-original",
	"card",
	"expiry",
	"confirm-card",
	"original-rrn",
	"original-date",
	"auth-code",
	"amount",
]);

function enterStep(app: AppControl, draft: Draft, kind: StepKind): void {
	const { params } = app.ctx;
	switch (kind) {
		case "supervisor": {
			const needed = draft.flow === "refund" ? params.supervisorForRefund : params.supervisorForVoid;
			if (!needed) return next(app, draft, kind);
			return app.set({ kind: "txn", draft, step: { kind, entry: EMPTY_DIGITS } });
		}
		case "voucher":
		case "original-rrn":
		case "original-date":
		case "auth-code":
			return app.set({ kind: "txn", draft, step: { kind, entry: EMPTY_DIGITS } });
		case "amount":
			return app.set({ kind: "txn", draft, step: { kind, entry: EMPTY_AMOUNT } });
		case "pin": {
			// A chip card's CVM list decides (Book 3 §10.5): online PIN here, else no PIN step.
			const session = draft.card?.chip?.session;
			if (session && !session.needsOnlinePin()) return next(app, draft, "pin");
			return startPin(app, draft);
		}
		case "online":
			// A card the kernel runs goes online with its field 55; one only read goes as a swipe would.
			return draft.card?.chip?.session ? void goOnlineChip(app, draft, draft.card.chip.session) : goOnline(app, draft);
		case "card":
		case "confirm-card":
		case "confirm-original":
			return app.set({ kind: "txn", draft, step: { kind } });
		case "expiry":
			return;
	}
}

/** A card read at the card step (a chip card by chip-entry.ts): on to its confirmation. */
export function cardTaken(app: AppControl, draft: Draft, card: DraftCard): void {
	next(app, { ...draft, card }, "card");
}

/** `from` done: the card's confirmation follows the card; otherwise the flow's first step not yet done. */
function next(app: AppControl, draft: Draft, from: StepKind): void {
	const steps = FLOW_STEPS[draft.flow];
	const passed = from === "expiry" ? "card" : from;
	const done = [...(draft.done ?? []).filter((kind) => kind !== passed), passed];
	const to = passed === "card" && steps.includes("confirm-card") ? "confirm-card" : steps.find((kind) => !done.includes(kind))!;
	enterStep(app, { ...draft, done }, to);
}

/** Back to the step done last; from the first, the flow is cancelled. */
function back(app: AppControl, draft: Draft): void {
	const done = draft.done ?? [];
	const to = done[done.length - 1];
	if (to === undefined) return cancelTxn(app, draft);
	enterStep(app, { ...draft, done: done.slice(0, -1) }, to);
}

function cancelTxn(app: AppControl, draft: Draft): void {
	endTxn(app, draft);
	app.notice({ title: app.t(flowTitle(draft.flow)), lines: [app.t("cancelled")], ok: false }, "idle");
}

/** Leaves a flow: PIN entry cancelled, track data erased. */
export function endTxn(app: AppControl, draft: Draft | undefined): void {
	app.session.pinSession?.cancel();
	app.session.pinSession = undefined;
	draft?.card?.swiped?.erase();
}

/** Ends the flow with a failure screen. */
function fail(app: AppControl, draft: Draft, lines: string[]): void {
	endTxn(app, draft);
	app.notice({ title: app.t(flowTitle(draft.flow)), lines, ok: false }, "idle");
}

export function txnKey(app: AppControl, draft: Draft, step: Step, key: EntryKey): void {
	const { ctx } = app;
	const stay = (to: Step) => app.set({ kind: "txn", draft, step: to });
	const leave = () => (key.key === "CANCEL" ? cancelTxn(app, draft) : back(app, draft));
	switch (step.kind) {
		case "supervisor":
			return entryKey(
				app,
				stepDigits(passwordConfig(PASSWORD_LENGTH.supervisor), step.entry, key),
				(entry) => stay({ kind: "supervisor", entry }),
				(password) => {
					const checked = ctx.operators.verify(SUPERVISOR_ID, password, ctx.hal.clock.nowMs());
					if (checked.ok) return next(app, draft, "supervisor");
					stay({ kind: "supervisor", entry: EMPTY_DIGITS, notice: passwordRefusal(app, checked.error) });
				},
				leave,
			);
		case "voucher":
			return entryKey(
				app,
				stepDigits(VOUCHER_ENTRY, step.entry, key),
				(entry) => stay({ kind: "voucher", entry }),
				(digits) => {
					const original = ctx.journal.txn(Number(digits));
					const kinds: readonly TxnEntry["kind"][] = draft.flow === "void" ? ["sale"] : ["completion", "completion-advice"];
					if (!original && wasSettled(app, Number(digits)))
						return stay({ kind: "voucher", entry: EMPTY_DIGITS, notice: app.t("originalSettled") });
					if (!original || !kinds.includes(original.kind) || original.status !== "approved")
						return stay({ kind: "voucher", entry: EMPTY_DIGITS, notice: app.t("originalNotFound") });
					if (original.voided) return stay({ kind: "voucher", entry: EMPTY_DIGITS, notice: app.t("originalVoided") });
					// A sale the card approved offline is not voided (UnionPay terminals keep 撤销 for online approvals
					// of the batch), even once its upload gave it a host reference: it is taken back by a refund (退货).
					if (original.responseCode === OFFLINE_APPROVED)
						return stay({ kind: "voucher", entry: EMPTY_DIGITS, notice: app.t("originalOffline") });
					next(app, { ...draft, original, amountFen: original.amountFen }, "voucher");
				},
				leave,
			);
		case "original-rrn":
		case "original-date":
		case "auth-code": {
			const field = step.kind === "original-rrn" ? "originalRrn" : step.kind === "original-date" ? "originalDate" : "authCode";
			return entryKey(
				app,
				stepDigits(REFERENCE_ENTRY[step.kind], step.entry, key),
				(entry) => stay({ kind: step.kind, entry }),
				(digits) => {
					if (step.kind === "original-rrn" && draft.flow === "refund" && refundsUnsentOffline(app, draft, digits))
						return stay({ kind: step.kind, entry: { ...EMPTY_DIGITS, notice: "offlineNotUploaded" } });
					next(app, { ...draft, [field]: digits }, step.kind);
				},
				leave,
			);
		}
		case "confirm-original":
		case "confirm-card":
			if (key.key === "ENTER") return next(app, draft, step.kind);
			if (key.key === "CANCEL" || key.key === "CLEAR") return leave();
			return;
		case "card": {
			if (key.key === "CANCEL") return cancelTxn(app, draft);
			if (!ctx.params.manualEntryAllowed) return;
			return entryKey(
				app,
				stepDigits(CARD_NUMBER_ENTRY, step.manual ?? EMPTY_DIGITS, key),
				(manual) => stay({ kind: "card", manual }),
				(pan) => stay({ kind: "expiry", pan, entry: EMPTY_DIGITS }),
				() => stay({ kind: "card" }),
			);
		}
		case "expiry":
			return entryKey(
				app,
				stepDigits(EXPIRY_ENTRY, step.entry, key),
				(entry) => stay({ ...step, entry }),
				(expiry) => {
					const card: DraftCard = {
						pan: step.pan,
						expiry,
						masked: maskPan(step.pan as Pan),
						entryMode: "manual",
						swiped: undefined,
					};
					next(app, { ...draft, card }, "card");
				},
				leave,
			);
		case "amount":
			return entryKey(
				app,
				stepAmount({ maxFen: ctx.params.maxAmountFen }, step.entry, key),
				(entry) => stay({ kind: "amount", entry }),
				(amountFen) => next(app, { ...draft, amountFen }, "amount"),
				leave,
			);
		case "paper":
			if (key.key !== "ENTER" && key.key !== "CANCEL") return;
			ctx.hal.indicators.led("error", false);
			return key.key === "ENTER" ? stay(step.resume) : cancelTxn(app, draft);
		case "app-select": {
			if (key.key === "CANCEL") return cancelTxn(app, draft);
			const index = Number(key.key) - 1;
			if (index >= 0 && index < step.candidates.length) step.choose(index);
			return;
		}
		case "chip-reading":
			// The card is being read: CANCEL ends the flow (the answer still under way is dropped).
			if (key.key === "CANCEL") return cancelTxn(app, draft);
			return;
		case "tap-again":
			// The cashier may skip the second tap: the approval stands, the scripts stay "not performed".
			if (key.key === "CANCEL" && !step.busy) return finishTxn(app, draft, step.txn);
			return;
		case "pin":
		case "online":
		case "remove-card":
			return;
	}
}

/** Whether `voucher` was in the last settled batch (a void of it is too late, not a wrong number). */
function wasSettled(app: AppControl, voucher: number): boolean {
	const range = app.ctx.journal.state.lastSettlement?.vouchers;
	return range !== undefined && inVoucherRange(voucher, range);
}

/**
 * A refund the host could not match yet: `rrn` is no approved entry's of the journal, and the card has a sale it
 * approved offline whose upload the host has not acknowledged, so that sale has no host reference (37) to be
 * named by. It gets one when its upload goes (before any online request, or at settlement; offline-upload.ts);
 * a reprint or the voucher query then shows it.
 */
function refundsUnsentOffline(app: AppControl, draft: Draft, rrn: string): boolean {
	const { journal, vault } = app.ctx;
	for (const t of owedByIndex(journal)) {
		const card = vault.openCard(t.cardData);
		if (!card.ok || card.value.pan !== draft.card?.pan) continue;
		// Only then a pass over the batch: the reference may still be another sale's of the journal.
		return ![...journal.state.txns.values()].some((e) => e.status === "approved" && e.rrn === rrn);
	}
	return false;
}

/**
 * Whether the state takes a card: a flow's card step, or its amount entry before the card (the card then comes
 * first). Otherwise a card starts a sale where `startsSale` says.
 */
export function takesCard(s: AppState): s is Extract<AppState, { kind: "txn" }> {
	if (s.kind !== "txn") return false;
	return s.step.kind === "card" || (s.step.kind === "amount" && !s.draft.card && FLOW_STEPS[s.draft.flow].includes("card"));
}

/** At idle, on the main menu and on a result screen that goes back to idle a card starts a sale, as at a real terminal. */
export function startsSale(s: AppState): boolean {
	return s.kind === "idle" || (s.kind === "menu" && s.name === "main") || (s.kind === "notice" && s.next === "idle");
}

/** A swipe is read wherever a card is expected (takesCard), or starts a sale (startsSale). */
export function onSwipe(app: AppControl, swipe: Swipe): void {
	const s = app.state;
	const atCardStep = takesCard(s);
	if (!atCardStep && !startsSale(s)) return;
	const draft: Draft = atCardStep ? s.draft : { flow: "sale" };
	const refuse = (notice: "cardReadError" | "useChip" | "cardExpired") => {
		app.errorBeep();
		if (!atCardStep) return app.notice({ title: app.t("menuSale"), lines: [app.t(notice)], ok: false }, "idle");
		app.set({ kind: "txn", draft, step: { kind: "card", notice } });
	};
	const card = cardFromSwipe(decodeSwipe(swipe));
	if (!card.ok) return refuse("cardReadError");
	const { params, hal } = app.ctx;
	// A chip card goes to the chip, whatever the fallback parameter says, until a chip read of it has failed in
	// this flow (chip-entry.ts). UnionPay fallback (field 22 = 02, 60.5 = 1) follows a failed chip read only.
	const accept = swipeAcceptance(card.value, {
		hasChipReader: hal.contact !== undefined,
		fallbackAllowed: params.fallbackAllowed,
		chipFailed: atCardStep && draft.chipFailed === true,
	});
	if (accept === "insert-chip") {
		card.value.erase();
		return refuse("useChip");
	}
	// Valid through the last day of its expiry month (ISO/IEC 7813 track 2 YYMM), by the HAL clock.
	if (card.value.expiry !== undefined && isExpired(card.value.expiry, hal.clock.nowMs(), params.utcOffsetMinutes)) {
		card.value.erase();
		return refuse("cardExpired");
	}
	const drafted: DraftCard = {
		pan: card.value.pan,
		expiry: card.value.expiry ?? "",
		masked: card.value.maskedPan,
		entryMode: accept === "fallback" ? "fallback" : "swipe",
		swiped: card.value,
	};
	if (!atCardStep) return beginTxn(app, "sale", drafted);
	next(app, { ...draft, card: drafted }, "card");
}

function startPin(app: AppControl, draft: Draft): void {
	const { hal, params } = app.ctx;
	const card = draft.card;
	if (!card) throw new Error("the PIN step comes after the card step");
	const key = hal.secure.key(KEY_SLOTS.pik, "pin");
	const session = key.ok
		? hal.secure.startPinEntry({
				pan: card.pan,
				format: 0,
				key: key.value,
				minLength: 4,
				maxLength: 12,
				timeoutMs: params.stepTimeoutMs,
				allowBypass: pinRule({ ...draft, card }, params).bypassAllowed,
				// The PIN asked again (55) is keyed at once: the element serves the pacing interval after ENTER.
				holdForPacing: true,
			})
		: key;
	if (!session.ok) return fail(app, draft, [app.t(keyErrorText(session.error.kind))]);
	app.session.pinSession = session.value;
	app.set({ kind: "txn", draft, step: { kind: "pin", digits: 0 } });
	const off = session.value.onProgress((digits) => {
		if (app.state.kind === "txn" && app.state.step.kind === "pin") app.set({ kind: "txn", draft, step: { kind: "pin", digits } });
	});
	void session.value.result.then((result) => {
		off();
		if (app.session.pinSession !== session.value) return;
		app.session.pinSession = undefined;
		if (result.ok) {
			card.chip?.session?.pinEntered("entered");
			return next(app, { ...draft, pin: result.value }, "pin");
		}
		if (result.error.kind === "bypass") {
			card.chip?.session?.pinEntered("bypassed");
			return next(app, { ...draft, pin: undefined }, "pin");
		}
		// PCI PTS POI paces PIN entries: wait as long as the element says, then ask again.
		if (result.error.kind === "rate-limited") return app.waitThen(result.error.retryAfterMs, () => startPin(app, draft));
		fail(app, draft, [
			result.error.kind === "cancel"
				? app.t("cancelled")
				: result.error.kind === "timeout"
					? app.t("timedOut")
					: app.t(keyErrorText(result.error.kind)),
		]);
	});
}

function goOnline(app: AppControl, draft: Draft): void {
	const { ctx } = app;
	const operator = signedOn(app.session).id;
	app.set({ kind: "txn", draft, step: { kind: "online" } });
	const prepared = draftRequest(ctx, draft, operator);
	if (!prepared.ok) {
		const e = prepared.error;
		return fail(app, draft, [
			e.kind === "keys" ? app.t(keyErrorText(e.error.kind)) : app.t(e.kind === "card-data-lost" ? "cardDataLost" : "vaultError"),
		]);
	}
	if (prepared.value.kind === "inquiry") {
		void ctx.financial.inquiry(operator, prepared.value.build).then((result) => {
			if (!result.ok) return onFailed(app, draft, result.error);
			if (result.value.responseCode !== "00") return onDeclined(app, draft, declined(result.value.responseCode));
			showBalance(app, draft, result.value);
		});
		return;
	}
	void ctx.financial.financial(prepared.value.request).then((result) => {
		if (!result.ok) return onFailed(app, draft, result.error);
		const { txn } = result.value;
		if (txn.status !== "approved") return onDeclined(app, draft, declined(txn.responseCode));
		cardOut(app, draft, () => {
			endTxn(app, draft);
			printTxn(app, txn);
		});
	});
}

/** The balance of field 54 on screen (not printed, not journaled). */
function showBalance(app: AppControl, draft: Draft, response: FinancialResponse): void {
	endTxn(app, draft);
	const balance = response.balance?.amount ?? 0;
	app.notice(
		{
			title: app.t("menuBalance"),
			lines: [app.t("cardLine", draft.card?.masked ?? ""), app.t("balanceLine", formatFen(balance))],
			ok: true,
		},
		"idle",
	);
}

/**
 * A kernel flow's online step (sale, pre-authorisation, balance): the kernel's first GENERATE AC (Book 3
 * §10.8); an ARQC goes online with field 55, then the host's answer goes back to the card (issuer
 * authentication, scripts, second GENERATE AC).
 */
async function goOnlineChip(app: AppControl, draft: Draft, session: ChipSession): Promise<void> {
	const chip = draft.card!.chip!;
	app.set({ kind: "txn", draft, step: { kind: "online" } });
	const first = await session.decide();
	if (!first.ok) return cardOut(app, draft, () => fail(app, draft, [app.t("chipReadFailed")]));
	if (first.value.kind === "offline") return offlineEnd(app, draft, first.value.result);
	const field55 = first.value.field55;
	const online: Draft = { ...draft, card: { ...draft.card!, chip: { ...chip, field55 } } };
	const { ctx } = app;
	const operator = signedOn(app.session).id;
	const prepared = draftRequest(ctx, online, operator);
	if (!prepared.ok) return cardOut(app, draft, () => fail(app, draft, [app.t("vaultError")]));
	if (prepared.value.kind === "inquiry") {
		// Not reversed, not in the batch; the card hears the answer all the same (ARPC, scripts, GENERATE AC 2).
		const result = await ctx.financial.inquiry(operator, prepared.value.build);
		const end = await session.complete(
			result.ok
				? { kind: "answered", answer: hostAnswer(result.value.responseCode, result.value.icc) }
				: { kind: "unable-to-go-online" },
		);
		if (!result.ok) return onFailed(app, draft, result.error);
		if (result.value.responseCode !== "00") return onDeclined(app, draft, declined(result.value.responseCode));
		// Issuer authentication failed or the card declined (Book 3 §10.9–10.10): the answer is not shown.
		if (end?.decision !== "approved") return cardOut(app, draft, () => fail(app, draft, [app.t("cardDeclined")]));
		const response = result.value;
		return cardOut(app, draft, () => showBalance(app, draft, response));
	}
	// The card's completion before the approval is journaled: declined by the card → reversed (卡片拒绝).
	let answered = false;
	const cardVerdict = async (response: FinancialResponse): Promise<CardVerdict> => {
		answered = true;
		const end = await session.complete({ kind: "answered", answer: hostAnswer(response.responseCode, response.icc) });
		return end?.decision === "approved" ? { stands: true, ic: txnIcData(chip, field55, end) } : { stands: false };
	};
	// A reversal carries the card's data after its completion (no answer: the card told Z3, Book 4 §6.3.6).
	const reversalField55 = async () => {
		if (!answered) await session.complete({ kind: "unable-to-go-online" });
		return session.reversalField55();
	};
	const result = await ctx.financial.financial({ ...prepared.value.request, cardVerdict, reversalField55 });
	if (!result.ok) {
		if (result.error.kind === "link") await session.complete({ kind: "unable-to-go-online" });
		return onFailed(app, draft, result.error);
	}
	const { txn, response } = result.value;
	if (txn.status !== "approved") {
		await session.complete({ kind: "answered", answer: hostAnswer(txn.responseCode, response.icc) });
		return onDeclined(app, draft, declined(txn.responseCode));
	}
	if (session.wantsSecondTap()) return askSecondTap(app, online, txn);
	cardOut(app, draft, () => finishTxn(app, draft, txn));
}

function finishTxn(app: AppControl, draft: Draft, txn: TxnEntry): void {
	endTxn(app, draft);
	printTxn(app, txn);
}

/**
 * How long the cashier has for the second tap (请再次挥卡). No public qPBOC text giving the time was found: 15 s,
 * the terminal's choice (README). The approval is journaled already and stands whatever happens.
 */
export const SECOND_TAP_MS = 15_000;

/**
 * 请再次挥卡 (issuer update processing, src/emv/issuer-update.ts): the tap approved online and journaled with its
 * scripts "not performed" (DF31); the field armed (chip-entry.ts) until the limit, CANCEL or the card's second
 * tap, then the slip.
 */
function askSecondTap(app: AppControl, draft: Draft, txn: TxnEntry): void {
	const clock = app.ctx.hal.clock;
	app.set({ kind: "txn", draft, step: { kind: "tap-again", txn, untilMs: clock.nowMs() + SECOND_TAP_MS } });
	clock.after(SECOND_TAP_MS, () => {
		const s = app.state;
		if (s.kind === "txn" && s.step.kind === "tap-again" && s.step.txn.stan === txn.stan && !s.step.busy)
			finishTxn(app, s.draft, s.step.txn);
	});
}

/** The second tap done: the approval's IC data rewritten with the card's script results (DF31), then the slip. */
export function secondTapDone(app: AppControl, draft: Draft, txn: TxnEntry, end: ChipResult): void {
	const chip = draft.card!.chip!;
	const saved = app.ctx.writer.icUpdated(txn, txnIcData(chip, chip.field55!, end));
	// A journal that refuses the write keeps the approval as first journaled (scripts "not performed").
	finishTxn(app, draft, saved.ok ? saved.value : txn);
}

/** The second tap failed (another card, the card gone): told, the field armed again while time is left. */
export function secondTapFailed(app: AppControl, draft: Draft, txn: TxnEntry, untilMs: number, notice: MessageId): void {
	if (app.ctx.hal.clock.nowMs() >= untilMs) return finishTxn(app, draft, txn);
	app.errorBeep();
	app.set({ kind: "txn", draft, step: { kind: "tap-again", txn, untilMs, notice } });
}

/**
 * The card decided at its first GENERATE AC (Book 3 §10.8): an AAC (Z1) is 卡片拒绝, nothing journaled; a TC (Y1)
 * on a sale is an offline approval, journaled with its IC data and nothing sent (the TC goes to the host before
 * settlement), then its slip. Terminal action analysis asks a TC only under the floor limit with no TVR bit in
 * the denial or online action codes (offline data authentication failed or not performed, online PIN entered).
 */
function offlineEnd(app: AppControl, draft: Draft, end: ChipResult): void {
	const chip = draft.card!.chip!;
	if (end.decision !== "approved" || draft.flow !== "sale") return cardOut(app, draft, () => fail(app, draft, [app.t("cardDeclined")]));
	const { ctx } = app;
	const prepared = draftRequest(ctx, draft, signedOn(app.session).id);
	if (!prepared.ok || prepared.value.kind !== "financial") return cardOut(app, draft, () => fail(app, draft, [app.t("vaultError")]));
	const saved = ctx.financial.offlineApproved(prepared.value.request, txnIcData(chip, end.tcUploadField55!, end));
	if (!saved.ok) return cardOut(app, draft, () => fail(app, draft, [app.t("storageError")]));
	cardOut(app, draft, () => {
		endTxn(app, draft);
		printTxn(app, saved.value);
	});
}

/** 请拔卡 after an inserted card's transaction, then `then` (at once when the slot is already empty or the card was tapped). */
function cardOut(app: AppControl, draft: Draft, then: () => void): void {
	if (draft.card?.entryMode !== "insert" || app.ctx.hal.contact?.present !== true) return then();
	app.set({ kind: "txn", draft, step: { kind: "remove-card", then } });
}

/** The host's field 55 for the card (UnionPay): 91 issuer authentication data, the 71 and 72 script templates. */
function hostAnswer(responseCode: string, icc: Uint8Array | undefined): HostAnswer {
	const objects = icc === undefined ? undefined : decodeTlv(icc);
	const tlv = objects?.ok ? objects.value : [];
	const arpc = tlv.find((o) => o.tag === 0x91)?.value;
	const scripts = tlv.filter((o) => o.tag === 0x71 || o.tag === 0x72);
	return { responseCode, ...(arpc === undefined ? {} : { issuerAuthenticationData: arpc }), scripts };
}

/** A decline, shown once an inserted card is out (请拔卡). */
function onDeclined(app: AppControl, draft: Draft, decline: Declined): void {
	// 55 incorrect PIN: the cardholder enters it again; the retry is a new request with a new STAN. Not for a card
	// the kernel ran: its transaction ended with the host's answer (second GENERATE AC, Book 3 §10.9), so the card
	// comes out and a new transaction asks again.
	if (decline.code === "55" && FLOW_STEPS[draft.flow].includes("pin") && draft.card && !draft.card.chip?.session)
		return startPin(app, { ...draft, pin: undefined, pinRetry: true });
	cardOut(app, draft, () => fail(app, draft, declineLines(decline, app.language)));
}

/** No valid answer, shown once an inserted card is out (请拔卡). */
function onFailed(app: AppControl, draft: Draft, failure: OnlineFailure): void {
	cardOut(app, draft, () => fail(app, draft, failureLines(failure, app.language)));
}

/** The checks before a financial flow: signed in today, not forced to settle. */
function refusalToStart(app: AppControl, flow: Flow): string | undefined {
	const { journal, params } = app.ctx;
	if (journal.counters.signInDay !== app.today()) return app.t("notSignedIn");
	if (flow === "balance") return undefined;
	if (journal.state.settlement) return app.t("recoverySettlement");
	if (journal.damage) return app.t("journalDamagedSettleFirst");
	if (forcedSettlementDue(app.ctx, app.today())) return app.t("forcedSettlement");
	const full = journal.nearFull || journal.state.txns.size >= params.journalMaxTransactions;
	if (full || totalsWouldOverflow(journal.totals, params.maxAmountFen)) return app.t("settleFirst");
	return undefined;
}
