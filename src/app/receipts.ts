// Slips and reports on paper: a transaction's copies (and the journal's "printed" point after them), reprints,
// the settlement slip, the totals report and the transaction list; the printing screen follows the printer.

import { OFFLINE_APPROVED } from "../journal/journal-entries.js";
import type { TxnEntry } from "../journal/journal-entries.js";
import type { PrintEvent } from "../printer/printer-driver.js";
import { settlementSlip, totalsReport, transactionList } from "../slips/batch-slips.js";
import { printTransactionSlip } from "../slips/slip-printing.js";
import { transactionSlip, type CopyNumber } from "../slips/transaction-slip.js";
import { formatFen } from "../ui/amount-text.js";
import type { AppControl } from "./app-context.js";
import { flowTitle } from "./menus.js";
import type { SettlementOutcome } from "./settlement.js";
import { dayResultLines, typeTotalLines } from "./settlement-lines.js";
import {
	listedTransactions,
	refusedUploads,
	settlementSlipData,
	slipMerchant,
	slipTransaction,
	type OpenedCard,
} from "./slip-data-from-journal.js";

const six = (n: number) => String(n).padStart(6, "0");

/**
 * Prints a transaction's slip copies; the "printed" journal point follows the last copy (or the operator's
 * skip), then the result stays on screen, saying so when a copy was not printed (reprint prints it).
 */
export function printTxn(app: AppControl, txn: TxnEntry): void {
	const { ctx } = app;
	const title = app.t(flowTitle(txn.kind));
	const wanted = ctx.params.slipCopies;
	const finished = (copies: number) => {
		if (copies > txn.printedCopies) {
			const saved = ctx.writer.printed(txn, copies);
			if (!saved.ok) return app.notice({ title, lines: [app.t("storageError")], ok: false }, "idle");
		}
		app.notice({ title, lines: resultLines(app, txn, copies < wanted), ok: true }, "idle");
	};
	app.set({ kind: "printing", title, copy: 1, tearOff: false });
	const started = printTransactionSlip(ctx.printer, slipTransaction(txn, ctx.params, openedCard(app, txn)), { copies: wanted }, (event) =>
		printEvent(app, title, event, finished),
	);
	if (!started.ok) return finished(0);
	app.session.printSession = started.value;
}

/** The card's expiry and full number (for its type) from the sealed journal data, while it is kept. */
function openedCard(app: AppControl, txn: TxnEntry): OpenedCard | undefined {
	if (txn.cardData.length === 0) return undefined;
	const card = app.ctx.vault.openCard(txn.cardData);
	return card.ok ? card.value : undefined;
}

/** Reprint (menu 7-1, 7-2): the copy the cashier chose — 1 merchant, 2 cardholder, 3 both — marked as a reprint. */
export function reprintTxn(app: AppControl, txn: TxnEntry, choice: string): void {
	const copies: readonly CopyNumber[] = choice === "1" ? [1] : choice === "2" ? [2] : [1, 2];
	const slip = slipTransaction(txn, app.ctx.params, openedCard(app, txn));
	print(
		app,
		app.t("menuReprint"),
		copies.map((copy) => transactionSlip(slip, { copy, reprint: true })),
		() => app.set({ kind: "idle" }),
	);
}

/** Reprint asks which copy first (the cardholder's copy is not lost when the merchant's is reprinted). */
export function askReprintCopy(app: AppControl, txn: TxnEntry): void {
	const items = (["copyMerchant", "copyCardholder", "copyBoth"] as const).map((id, i) => ({ key: String(i + 1), label: app.t(id) }));
	app.set({ kind: "reprint-copy", stan: txn.stan, menu: { items, highlight: 0 } });
}

/** Prints prepared copies (settlement, reports), then `after`. */
export function print(app: AppControl, title: string, copies: readonly Uint8Array[], after: (copiesPrinted: number) => void): void {
	app.set({ kind: "printing", title, copy: 1, tearOff: false });
	const started = app.ctx.printer.print(copies, (event) => printEvent(app, title, event, after));
	if (!started.ok) return after(0);
	app.session.printSession = started.value;
}

function printEvent(app: AppControl, title: string, event: PrintEvent, after: (copiesPrinted: number) => void): void {
	switch (event.kind) {
		case "printing":
		case "reprinting":
			app.ctx.hal.indicators.led("error", false);
			return app.set({ kind: "printing", title, copy: event.copy, tearOff: false });
		case "fault":
			// The error LED stays lit while the printer waits for paper or its cover, as on the seed terminals.
			app.ctx.hal.indicators.led("error", true);
			app.errorBeep();
			return app.set({ kind: "printing", title, copy: event.copy, tearOff: false, fault: event.fault });
		case "tear-off":
			return app.set({ kind: "printing", title, copy: event.copy, tearOff: true });
		case "copy-printed":
			return;
		case "done":
		case "cancelled": {
			const printed = event.kind === "done" ? (app.session.printSession?.copiesPrinted ?? 1) : event.copiesPrinted;
			app.ctx.hal.indicators.led("error", false);
			app.session.printSession = undefined;
			return after(printed);
		}
	}
}

/** Menu 7-1: the last transaction's slip again, if it was approved. */
export function reprintLast(app: AppControl): void {
	const { journal } = app.ctx;
	const last = journal.txn(journal.counters.lastStan);
	if (last && last.status === "approved") return askReprintCopy(app, last);
	app.notice({ title: app.t("menuReprint"), lines: [app.t("noTransaction")], ok: false }, "idle");
}

/** Menu 7-3: the last settlement's slip again. */
export function reprintSettlement(app: AppControl): void {
	const settled = app.ctx.journal.state.lastSettlement;
	if (!settled) return app.notice({ title: app.t("menuReprint"), lines: [app.t("noTransaction")], ok: false }, "idle");
	print(app, app.t("menuReprint"), [settlementSlip(settlementSlipData(settled, app.ctx.params, true))], () => app.set({ kind: "idle" }));
}

/** Menu 8-2: the batch totals by type printed, then on screen. */
export function queryTotals(app: AppControl, operator: string): void {
	const { journal, params, hal } = app.ctx;
	const summary = {
		phase: "printing" as const,
		batch: journal.counters.batch,
		totals: journal.totals,
		domestic: "0" as const,
		foreign: "0" as const,
		operator,
		requestMs: hal.clock.nowMs(),
		byType: journal.typeTotals,
	};
	const lines = [app.t("batchLine", six(journal.counters.batch)), ...typeTotalLines(summary.byType, app.t)];
	const report = totalsReport(settlementSlipData(summary, params));
	print(app, app.t("menuQueryTotals"), [report], () => app.notice({ title: app.t("menuQueryTotals"), lines, ok: true }, "idle"));
}

/** Menu 8-3: the approved transactions of the batch, printed. */
export function queryList(app: AppControl): void {
	const { journal } = app.ctx;
	printList(app, journal.state.txns.values(), journal.counters.batch);
}

/** The transaction list (交易明细) of batch `batch`, voided ones marked; "no transaction" when none was approved. */
export function printList(app: AppControl, txns: Iterable<TxnEntry>, batch: number): void {
	const { params, hal } = app.ctx;
	const listed = listedTransactions(txns);
	if (listed.length === 0) return app.notice({ title: app.t("menuQueryList"), lines: [app.t("noTransaction")], ok: false }, "idle");
	const list = transactionList({
		merchant: slipMerchant(params),
		batchNo: six(batch),
		dateTimeMs: hal.clock.nowMs(),
		transactions: listed,
	});
	print(app, app.t("menuQueryList"), [list], () => app.set({ kind: "idle" }));
}

/**
 * The settlement slip, then the result on screen: the offline sales the host refused (listed on the slip), the
 * totals by type; after a forced settlement the closed day's approved and failed transactions, with the offer of
 * their list.
 */
export function printSettlement(app: AppControl, outcome: SettlementOutcome, forced: boolean): void {
	const { summary, uploaded, closed } = outcome;
	const balanced = summary.domestic === "1" && summary.foreign === "1";
	const title = app.t("titleSettle");
	const result = balanced ? app.t("settleBalanced") : app.t("settleUnbalanced", uploaded);
	const batch = app.t("batchLine", six(summary.batch));
	const refused = refusedUploads(closed);
	const head = [result, batch, ...(refused.length ? [app.t("offlineRefused", refused.length)] : [])];
	print(app, title, [settlementSlip(settlementSlipData(summary, app.ctx.params, false, refused))], () => {
		if (forced)
			return app.set({
				kind: "day-settled",
				notice: { title, lines: [...head, ...dayResultLines(closed, app.t)], ok: true },
				closed,
			});
		app.notice({ title, lines: [...head, ...typeTotalLines(summary.byType ?? [], app.t)], ok: true }, "idle");
	});
}

/** What the screen says about a transaction: amount, card, voucher, authorisation and reference numbers. */
export function txnLines(app: AppControl, txn: TxnEntry): string[] {
	return [
		app.t("amountLine", formatFen(txn.amountFen)),
		app.t("cardLine", txn.panMasked),
		app.t("voucherLine", six(txn.stan)),
		app.t("authLine", txn.authCode),
		app.t("rrnLine", txn.rrn),
	];
}

function resultLines(app: AppControl, txn: TxnEntry, slipMissing: boolean): string[] {
	const partial = txn.requestedFen !== undefined ? [app.t("partialApproved", formatFen(txn.requestedFen), formatFen(txn.amountFen))] : [];
	const missing = slipMissing ? [app.t("slipNotPrinted"), app.t("slipReprintHint")] : [];
	const result = txn.responseCode === OFFLINE_APPROVED ? app.t("offlineApproved") : app.t("approved");
	return [result, ...missing, ...partial, ...txnLines(app, txn)];
}
