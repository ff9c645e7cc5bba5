// Draft → request: the one app module that turns what the operator keyed, the card gave and the journal
// holds into ISO 8583 requests (src/iso8583/requests.ts builds them); the online modules send what it builds. A financial flow's request carries its journal kind, its
// reversal eligibility (UnionPay Q/CUP 006 冲正: 0200/0100 financial requests are reversed, advices are not)
// and a builder that takes the STAN the journal assigns. The card goes out with its tracks protected
// (track-protection.ts) and into the journal sealed (card-vault.ts).

import { err, ok, type Result } from "../../hal/result.js";
import type { SecureError } from "../../hal/secure-element.js";
import type { IsoMessage } from "../iso8583/iso-message.js";
import {
	buildBalanceInquiry,
	buildBatchUpload,
	buildBatchUploadEnd,
	buildCompletionVoid,
	buildEcho,
	buildPreAuth,
	buildPreAuthCompletion,
	buildPreAuthCompletionAdvice,
	buildPreAuthVoid,
	buildRefund,
	buildReversal,
	buildSale,
	buildSaleVoid,
	buildSettlement,
	buildSignIn,
	buildSignOff,
	type CardRead,
	type FinancialInput,
	type TerminalContext,
} from "../iso8583/requests.js";
import type { ReversalReason, SettlementTotals, Stan, TxnEntry } from "../journal/journal-entries.js";
import type { AppContext } from "./app-context.js";
import type { Draft, DraftCard } from "./app-state.js";
import type { StoredCard } from "./card-vault.js";
import { toIsoTotals } from "./batch-totals.js";
import type { FinancialRequest } from "./financial-exchange.js";
import { protectTracks } from "./track-protection.js";
import type { Pan } from "../card/pan.js";

/** What goes online for a draft: a balance inquiry (not journaled) or a journaled financial request. */
export type DraftRequest =
	| { readonly kind: "inquiry"; readonly build: (context: TerminalContext, stan: Stan) => IsoMessage }
	| { readonly kind: "financial"; readonly request: FinancialRequest };

/** Why nothing went online: the original's card data cannot be opened, the vault or the keys failed. */
export type DraftRequestError =
	{ readonly kind: "card-data-lost" } | { readonly kind: "vault" } | { readonly kind: "keys"; readonly error: SecureError };

/** The card of a void is the original's, opened from the journal; any other flow's is the draft's. */
function cardOf(ctx: AppContext, draft: Draft): Result<DraftCard, DraftRequestError> {
	if ((draft.flow === "void" || draft.flow === "completion-void") && draft.original) {
		const stored = ctx.vault.openCard(draft.original.cardData);
		// "damaged": sealed under a data key the element erased on tamper.
		if (!stored.ok) return err(stored.error.kind === "damaged" ? { kind: "card-data-lost" } : { kind: "vault" });
		return ok({
			pan: stored.value.pan,
			expiry: stored.value.expiry,
			masked: draft.original.panMasked,
			entryMode: "manual",
			swiped: undefined,
		});
	}
	return draft.card ? ok(draft.card) : err({ kind: "card-data-lost" });
}

/** The card as ISO 8583 carries it: tracks 2 and 3 of a swipe (fields 35, 36), else the keyed PAN (field 2). */
function cardRead(card: DraftCard): CardRead {
	const expiry = card.expiry ? { expiry: card.expiry } : {};
	if (card.chip) {
		// 插卡 05 or 挥卡 07, the PSN in 23 (3 digits), field 55 from the kernel (none when the flow only read the
		// card), 57 as track 2 in 35.
		const tracks = card.swiped?.onlineTrackData();
		return {
			entryMode: card.entryMode === "insert" ? "contact" : "contactless",
			pan: card.pan as Pan,
			...(card.chip.psn === undefined ? {} : { sequence: card.chip.psn.padStart(3, "0") }),
			...(card.chip.field55 ? { icc: card.chip.field55 } : {}),
			...(tracks?.track2 ? { track2: tracks.track2 } : {}),
			...expiry,
		};
	}
	if (card.swiped) {
		const tracks = card.swiped.onlineTrackData();
		return {
			entryMode: "magstripe",
			// After a failed chip read (chip-entry.ts): 60.5 = 1, the acquirer declines a chip card's swipe otherwise.
			...(card.entryMode === "fallback" ? { fallback: true } : {}),
			...(tracks.track2 ? { track2: tracks.track2 } : {}),
			...(tracks.track3 ? { track3: tracks.track3 } : {}),
			...expiry,
		};
	}
	return { entryMode: "manual", pan: card.pan, ...expiry };
}

/** The request for a draft at its online step. */
export function draftRequest(ctx: AppContext, draft: Draft, operator: string): Result<DraftRequest, DraftRequestError> {
	const card = cardOf(ctx, draft);
	if (!card.ok) return card;
	const read = protectTracks(ctx.hal.secure, cardRead(card.value), ctx.params.trackEncryption);
	if (!read.ok) return err({ kind: "keys", error: read.error });
	// ISO 8583 field 52 with 53.1 = 6 (ISO 9564 format 0 under the PIK).
	const pin = draft.pin ? { pin: { pinBlock: draft.pin.pinBlock, algorithm: 6 as const } } : {};
	const input = (stan: Stan): FinancialInput => ({ stan, card: read.value.card, tracksEncrypted: read.value.tracksEncrypted, ...pin });
	if (draft.flow === "balance") return ok({ kind: "inquiry", build: (c, stan) => buildBalanceInquiry(c, input(stan)) });
	const sealed = ctx.vault.sealCard({ pan: card.value.pan, expiry: card.value.expiry });
	if (!sealed.ok) return err({ kind: "vault" });
	const common = { operator, panMasked: card.value.masked, cardData: sealed.value, entryMode: card.value.entryMode };
	return ok({ kind: "financial", request: financialRequest(draft, common, input, originalInJournal(ctx, draft)) });
}

/**
 * The voucher (STAN) and batch of a refund's or completion's original when it is still in the journal: a
 * refund's sale by its reference number, a pre-auth by its authorisation code. 0 when the terminal does not
 * hold it (an earlier batch): the slip then prints no original voucher.
 */
function originalInJournal(ctx: AppContext, draft: Draft): { stan: Stan; batch: number } {
	const kinds = draft.flow === "refund" ? ["sale", "completion", "completion-advice"] : ["preauth"];
	for (const t of ctx.journal.state.txns.values()) {
		if (t.status !== "approved" || !kinds.includes(t.kind)) continue;
		if (draft.flow === "refund" ? t.rrn === draft.originalRrn : t.authCode === draft.authCode) return { stan: t.stan, batch: t.batch };
	}
	return { stan: 0, batch: 0 };
}

type Common = Pick<FinancialRequest, "operator" | "panMasked" | "cardData" | "entryMode">;

function financialRequest(
	draft: Draft,
	common: Common,
	input: (stan: Stan) => FinancialInput,
	held: { stan: Stan; batch: number },
): FinancialRequest {
	const amount = draft.amountFen ?? 0;
	const preAuthRef = { authCode: draft.authCode ?? "", date: draft.originalDate ?? "" };
	const preAuthOriginal = { ...held, rrn: "", date: preAuthRef.date, authCode: preAuthRef.authCode };
	switch (draft.flow) {
		case "void":
		case "completion-void": {
			const o = draft.original;
			if (!o) throw new Error("a void's draft has its original from the voucher step");
			const original = {
				amount: o.amountFen,
				rrn: o.rrn,
				batch: o.batch,
				stan: o.stan,
				...(o.authCode ? { authCode: o.authCode } : {}),
			};
			return {
				...common,
				kind: draft.flow,
				amountFen: o.amountFen,
				reversible: true,
				closes: o.stan,
				original: { stan: o.stan, batch: o.batch, rrn: o.rrn, date: o.hostDate, authCode: o.authCode },
				build: (c, stan) =>
					draft.flow === "void"
						? buildSaleVoid(c, { ...input(stan), original })
						: buildCompletionVoid(c, { ...input(stan), original }),
			};
		}
		case "refund":
			return {
				...common,
				kind: "refund",
				amountFen: amount,
				reversible: false,
				original: { ...held, rrn: draft.originalRrn ?? "", date: draft.originalDate ?? "", authCode: "" },
				build: (c, stan) =>
					buildRefund(c, {
						...input(stan),
						amount,
						originalRrn: draft.originalRrn ?? "",
						originalDate: draft.originalDate ?? "",
					}),
			};
		case "preauth":
			return {
				...common,
				kind: "preauth",
				amountFen: amount,
				reversible: true,
				original: undefined,
				build: (c, stan) => buildPreAuth(c, { ...input(stan), amount }),
			};
		case "preauth-void":
			return {
				...common,
				kind: "preauth-void",
				amountFen: amount,
				reversible: true,
				original: preAuthOriginal,
				build: (c, stan) => buildPreAuthVoid(c, { ...input(stan), amount, original: preAuthRef }),
			};
		case "completion":
			return {
				...common,
				kind: "completion",
				amountFen: amount,
				reversible: true,
				original: preAuthOriginal,
				build: (c, stan) => buildPreAuthCompletion(c, { ...input(stan), amount, original: preAuthRef }),
			};
		case "completion-advice":
			return {
				...common,
				kind: "completion-advice",
				amountFen: amount,
				reversible: false,
				original: preAuthOriginal,
				build: (c, stan) => buildPreAuthCompletionAdvice(c, { ...input(stan), amount, original: preAuthRef }),
			};
		case "sale":
		case "balance":
			return {
				...common,
				kind: "sale",
				amountFen: amount,
				reversible: true,
				original: undefined,
				build: (c, stan) => buildSale(c, { ...input(stan), amount }),
			};
	}
}

/**
 * An advice rebuilt from its journal entry for the resend before settlement: same STAN and amount, the card
 * number keyed (field 2: no track data is kept), no PIN.
 */
export function adviceRequest(txn: TxnEntry, context: TerminalContext, card: StoredCard): IsoMessage {
	const input = {
		stan: txn.stan,
		amount: txn.amountFen,
		card: { entryMode: "manual" as const, pan: card.pan, ...(card.expiry ? { expiry: card.expiry } : {}) },
	};
	const original = txn.original ?? { stan: 0, batch: 0, rrn: "", date: "", authCode: "" };
	return txn.kind === "refund"
		? buildRefund(context, { ...input, originalRrn: original.rrn, originalDate: original.date })
		: buildPreAuthCompletionAdvice(context, { ...input, original: { authCode: original.authCode, date: original.date } });
}

/** The 0400 that undoes `request` (UnionPay Q/CUP 006 冲正): built before the request leaves, kept sealed. */
export function reversalRequest(request: IsoMessage, reason: ReversalReason): IsoMessage {
	return buildReversal(request, reason);
}

/** The 0800 sign-in: key set 003 (double-length PIK and MAK), or 004 which adds the TDK for track encryption. */
export function signInRequest(context: TerminalContext, stan: Stan, trackEncryption: boolean): IsoMessage {
	return buildSignIn(context, stan, trackEncryption ? "004" : "003");
}

export const signOffRequest = buildSignOff;
export const echoRequest = buildEcho;

/** The 0500 with the journal's batch totals. */
export function settlementRequest(context: TerminalContext, stan: Stan, totals: SettlementTotals): IsoMessage {
	return buildSettlement(context, stan, toIsoTotals(totals));
}

export const uploadRequest = buildBatchUpload;
export const uploadEndRequest = buildBatchUploadEnd;
