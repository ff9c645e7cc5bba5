// Settlement totals of a list of transactions (field 48 of the 0500, UnionPay Q/CUP 006 批结算), counted as
// the journal counts them (src/journal/journal-totals.ts), and the field 48 limits.

import type { SettlementTotals as IsoTotals } from "../iso8583/settlement-fields.js";
import type { SettlementTotals, Stan, Totals, TxnEntry, TypeTotals } from "../journal/journal-entries.js";
import { RunningTotals, totalLine } from "../journal/journal-totals.js";

/** n3 counts and n12 amounts in field 48: the limits that force settlement before they overflow. */
export const MAX_TOTAL_COUNT = 999;
export const MAX_TOTAL_FEN = 999_999_999_999;

function running(txns: Iterable<TxnEntry>): RunningTotals {
	const totals = new RunningTotals();
	for (const txn of txns) totals.add(totalLine(txn), txn.amountFen, 1);
	return totals;
}

export function batchTotals(txns: Iterable<TxnEntry>): SettlementTotals {
	return running(txns).settlement();
}

/** The batch's totals per type, domestic and foreign apart, in the slip's order; types without transactions left out. */
export function typeTotals(txns: Iterable<TxnEntry>): TypeTotals[] {
	return running(txns).byType();
}

/** The first and last voucher number of the batch, in journal order (a later void of one is "already settled"). */
export function voucherRange(txns: Iterable<TxnEntry>): { first: Stan; last: Stan } | undefined {
	let range: { first: Stan; last: Stan } | undefined;
	for (const { stan } of txns) range = { first: range?.first ?? stan, last: stan };
	return range;
}

/** Whether `voucher` lies in `range`; the STAN wraps from 999999 to 1 (ISO 8583 field 11), so may the range. */
export function inVoucherRange(voucher: Stan, range: { first: Stan; last: Stan }): boolean {
	return range.first <= range.last ? voucher >= range.first && voucher <= range.last : voucher >= range.first || voucher <= range.last;
}

/** Whether one more transaction of `amountFen` could overflow a field 48 total. */
export function totalsWouldOverflow(totals: SettlementTotals, amountFen: number): boolean {
	return [totals.domestic, totals.foreign].some(
		(t) =>
			t.debitCount + 1 > MAX_TOTAL_COUNT ||
			t.creditCount + 1 > MAX_TOTAL_COUNT ||
			t.debitFen + amountFen > MAX_TOTAL_FEN ||
			t.creditFen + amountFen > MAX_TOTAL_FEN,
	);
}

export function toIsoTotals(totals: SettlementTotals): IsoTotals {
	const line = (t: Totals) => ({
		debit: { amount: t.debitFen, count: t.debitCount },
		credit: { amount: t.creditFen, count: t.creditCount },
		reconciliation: 0 as const,
	});
	return { domestic: line(totals.domestic), foreign: line(totals.foreign) };
}
