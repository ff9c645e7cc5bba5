// Batch slips: the totals report (交易汇总), the settlement slip (结算单) with the reconciliation result,
// and the transaction list (交易明细). One copy each, for the merchant.

import { alignRight, labelValue, PAPER_COLUMNS, spread, textColumns } from "../printer/text-layout.js";
import type { BatchTotals, SettlementData, TransactionListData, TypeTotal } from "./slip-data.js";
import { maskPan } from "../card/pan.js";
import { formatAmount, formatDateTime, isCredit } from "./slip-format.js";
import { RECONCILIATION_NAMES, SLIP_LABELS as L, TRANSACTION_TYPE_NAMES } from "./slip-labels.js";
import { DEFAULT_SLIP_PRINTER, SlipWriter, type SlipPrinter } from "./slip-writer.js";

/** Sale and completion add to the batch, void and refund take away; pre-auth and balance move no money. */
function netAmount(totals: readonly TypeTotal[]): number {
	let net = 0;
	for (const t of totals) {
		if (t.type === "sale" || t.type === "pre-auth-completion") net += t.amount;
		else if (isCredit(t.type)) net -= t.amount;
	}
	return net;
}

function header(
	w: SlipWriter,
	batch: BatchTotals | TransactionListData,
	title: readonly [string, string],
	printer: SlipPrinter,
	operator?: string,
): void {
	w.title(title[0], title[1])
		.rule()
		.field(L.merchantName, batch.merchant.name)
		.field(L.merchantNo, batch.merchant.merchantNo)
		.field(L.terminalNo, batch.merchant.terminalNo)
		.field(L.operator, operator)
		.field(L.batchNo, batch.batchNo)
		.field(L.dateTime, formatDateTime(batch.dateTimeMs, printer.utcOffsetMinutes))
		.rule();
}

/** The domestic and (when given) foreign card sections. */
function totalsSections(w: SlipWriter, batch: BatchTotals): void {
	const [type, count, amount] = L.typeCountAmount;
	w.line(columns3(type, count, amount))
		.rule()
		.line(L.domesticCards);
	totalsTable(w, batch.totals);
	if (batch.foreignTotals) {
		w.rule().line(L.foreignCards);
		totalsTable(w, batch.foreignTotals);
	}
}

/** Counts and amounts per transaction type, then the net amount. */
function totalsTable(w: SlipWriter, totals: readonly TypeTotal[]): void {
	for (const t of totals) {
		const value = formatAmount(t.amount, isCredit(t.type)).replace("RMB ", "");
		w.line(columns3(TRANSACTION_TYPE_NAMES[t.type].split(" ")[0]!, String(t.count), value));
	}
	const net = netAmount(totals);
	for (const line of labelValue(L.netTotal, net < 0 ? formatAmount(-net, true) : formatAmount(net))) w.line(line);
}

/** Two columns on one line, or on two lines (the right one flush right) when they do not fit. */
function columnsOrLines(w: SlipWriter, left: string, right: string): void {
	const line = spread(left, right);
	if (line !== undefined) return void w.line(line);
	w.line(left);
	for (const l of alignRight(right)) w.line(l);
}

/** Type at the left, count ending at column 16, amount flush right. */
function columns3(left: string, middle: string, right: string): string {
	const countEnd = 16;
	const pad = Math.max(1, countEnd - textColumns(left) - textColumns(middle));
	return spread(left + " ".repeat(pad) + middle, right, PAPER_COLUMNS) ?? `${left} ${middle} ${right}`;
}

export function totalsReport(batch: BatchTotals, printer: SlipPrinter = DEFAULT_SLIP_PRINTER): Uint8Array {
	const w = new SlipWriter();
	header(w, batch, L.totalsReport, printer, batch.operator);
	totalsSections(w, batch);
	w.line().centred(L.end);
	return w.end(printer);
}

export function settlementSlip(settlement: SettlementData, printer: SlipPrinter = DEFAULT_SLIP_PRINTER): Uint8Array {
	const w = new SlipWriter();
	header(w, settlement, L.settlementSlip, printer, settlement.operator);
	if (settlement.reprint) w.centred(L.settlementReprint).rule();
	totalsSections(w, settlement);
	w.rule().line(L.reconciliation);
	w.emphasised(undefined, RECONCILIATION_NAMES.domestic[settlement.reconciliation]);
	if (settlement.foreignTotals && settlement.foreignReconciliation)
		w.emphasised(undefined, RECONCILIATION_NAMES.foreign[settlement.foreignReconciliation]);
	if (settlement.refused?.length) {
		w.rule().line(L.refusedUploads);
		for (const r of settlement.refused) columnsOrLines(w, `${r.voucherNo} ${L.refusedCode}:${r.code}`, formatAmount(r.amount));
	}
	w.line().centred(L.end);
	return w.end(printer);
}

export function transactionList(list: TransactionListData, printer: SlipPrinter = DEFAULT_SLIP_PRINTER): Uint8Array {
	const w = new SlipWriter();
	header(w, list, L.transactionList, printer);
	for (const [left, right] of L.listHeader) w.line(spread(left, right));
	w.rule();
	if (list.transactions.length === 0) w.line(L.noTransactions);
	for (const t of list.transactions) {
		const type = `${t.voucherNo} ${TRANSACTION_TYPE_NAMES[t.type].split(" ")[0]}${t.voided ? ` ${L.listVoided}` : ""}`;
		columnsOrLines(w, type, t.authCode ?? "");
		columnsOrLines(w, maskPan(t.cardNumber), formatAmount(t.amount, isCredit(t.type)));
	}
	w.rule().line(spread("笔数(COUNT):", String(list.transactions.length)));
	const voided = list.transactions.filter((t) => t.voided).length;
	if (voided > 0) w.line(spread(L.listVoidedCount, String(voided)));
	w.line().centred(L.end);
	return w.end(printer);
}
