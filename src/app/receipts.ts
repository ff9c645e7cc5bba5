// Slips and reports on paper: a transaction's copies (and the journal's "printed" point after them), reprints,
// the settlement slip, the totals report and the transaction list; the printing screen follows the printer.

import type { SettlementProgress, TxnEntry } from "../journal/journal-entries.js";
import type { PrintEvent } from "../printer/printer-driver.js";
import { settlementSlip, totalsReport, transactionList } from "../slips/batch-slips.js";
import { printTransactionSlip } from "../slips/slip-printing.js";
import { transactionSlip, type CopyNumber } from "../slips/transaction-slip.js";
import { formatFen } from "../ui/amount-text.js";
import type { AppControl } from "./app-context.js";
import { batchTotals } from "./batch-totals.js";
import { flowTitle } from "./menus.js";
import { settlementSlipData, slipMerchant, slipTransaction } from "./slip-data-from-journal.js";

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
	const started = printTransactionSlip(ctx.printer, slipTransaction(txn, ctx.params), { copies: wanted }, (event) =>
		printEvent(app, title, event, finished),
	);
	if (!started.ok) return finished(0);
	app.session.printSession = started.value;
}

/** Reprint (menu 7-1, 7-2): the copy the cashier chose — 1 merchant, 2 cardholder, 3 both — marked as a reprint. */
export function reprintTxn(app: AppControl, txn: TxnEntry, choice: string): void {
	const copies: readonly CopyNumber[] = choice === "1" ? [1] : choice === "2" ? [2] : [1, 2];
	const slip = slipTransaction(txn, app.ctx.params);
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
	print(app, app.t("menuReprint"), [settlementSlip(settlementSlipData(settled, app.ctx.params))], () => app.set({ kind: "idle" }));
}

/** Menu 8-2: the batch totals printed, then on screen. */
export function queryTotals(app: AppControl, operator: string): void {
	const { journal, params, hal } = app.ctx;
	const totals = batchTotals(journal.state.txns.values());
	const d = totals.domestic,
		f = totals.foreign;
	const lines = [
		app.t("batchLine", six(journal.counters.batch)),
		app.t("totalsLine", app.t("debitLabel"), d.debitCount + f.debitCount, formatFen(d.debitFen + f.debitFen)),
		app.t("totalsLine", app.t("creditLabel"), d.creditCount + f.creditCount, formatFen(d.creditFen + f.creditFen)),
	];
	const report = totalsReport(
		settlementSlipData(
			{
				phase: "printing",
				batch: journal.counters.batch,
				totals,
				domestic: "0",
				foreign: "0",
				operator,
				requestMs: hal.clock.nowMs(),
			},
			params,
		),
	);
	print(app, app.t("menuQueryTotals"), [report], () => app.notice({ title: app.t("menuQueryTotals"), lines, ok: true }, "idle"));
}

/** Menu 8-3: the approved transactions of the batch, printed. */
export function queryList(app: AppControl): void {
	const { journal, params, hal } = app.ctx;
	const listed = [...journal.state.txns.values()]
		.filter((t) => t.status === "approved")
		.map((t) => ({
			type: slipTransaction(t, params).type,
			voucherNo: six(t.stan),
			cardNumber: t.panMasked,
			amount: t.amountFen,
			...(t.authCode ? { authCode: t.authCode } : {}),
		}));
	if (listed.length === 0) return app.notice({ title: app.t("menuQueryList"), lines: [app.t("noTransaction")], ok: false }, "idle");
	const list = transactionList({
		merchant: slipMerchant(params),
		batchNo: six(journal.counters.batch),
		dateTimeMs: hal.clock.nowMs(),
		transactions: listed,
	});
	print(app, app.t("menuQueryList"), [list], () => app.set({ kind: "idle" }));
}

/** The settlement slip, then the settlement's result on screen. */
export function printSettlement(app: AppControl, summary: SettlementProgress, uploaded: number): void {
	const balanced = summary.domestic === "1" && summary.foreign === "1";
	const t = summary.totals.domestic;
	const title = app.t("titleSettle");
	print(app, title, [settlementSlip(settlementSlipData(summary, app.ctx.params))], () =>
		app.notice(
			{
				title,
				lines: [
					balanced ? app.t("settleBalanced") : app.t("settleUnbalanced", uploaded),
					app.t("batchLine", six(summary.batch)),
					app.t("totalsLine", app.t("debitLabel"), t.debitCount, formatFen(t.debitFen)),
					app.t("totalsLine", app.t("creditLabel"), t.creditCount, formatFen(t.creditFen)),
				],
				ok: true,
			},
			"idle",
		),
	);
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
	return [app.t("approved"), ...missing, ...partial, ...txnLines(app, txn)];
}
