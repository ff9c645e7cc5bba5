// Settlement totals from the journal (field 48 of the 0500, UnionPay Q/CUP 006 批结算): debits are sales and
// pre-auth completions, credits are voids and refunds; pre-auths and balance inquiries do not count.
// Domestic follows the card organisation the host returned in field 63.1 (CUP / 000). The slip's lines
// split the same transactions by type (消费, 消费撤销, 退货, 预授权完成, 预授权完成撤销), domestic and foreign apart.

import type { SettlementTotals as IsoTotals } from "../iso8583/settlement-fields.js";
import type { SettlementTotals, Stan, TotalType, Totals, TxnEntry, TxnKind, TypeTotals } from "../journal/journal-entries.js";

const DEBIT: readonly TxnKind[] = ["sale", "completion", "completion-advice"];
const CREDIT: readonly TxnKind[] = ["void", "refund", "completion-void"];

/** n3 counts and n12 amounts in field 48: the limits that force settlement before they overflow. */
export const MAX_TOTAL_COUNT = 999;
export const MAX_TOTAL_FEN = 999_999_999_999;

const EMPTY: Totals = { debitFen: 0, debitCount: 0, creditFen: 0, creditCount: 0 };

export function isDomestic(cardOrg: string): boolean {
	return cardOrg === "CUP" || cardOrg === "000" || cardOrg === "";
}

/** Whether the host counts this transaction in the batch totals. */
export function countsInTotals(txn: TxnEntry): boolean {
	return txn.status === "approved" && (DEBIT.includes(txn.kind) || CREDIT.includes(txn.kind));
}

export function batchTotals(txns: Iterable<TxnEntry>): SettlementTotals {
	let domestic = EMPTY;
	let foreign = EMPTY;
	for (const txn of txns) {
		if (!countsInTotals(txn)) continue;
		const add = (t: Totals): Totals =>
			DEBIT.includes(txn.kind)
				? { ...t, debitFen: t.debitFen + txn.amountFen, debitCount: t.debitCount + 1 }
				: { ...t, creditFen: t.creditFen + txn.amountFen, creditCount: t.creditCount + 1 };
		if (isDomestic(txn.cardOrg)) domestic = add(domestic);
		else foreign = add(foreign);
	}
	return { domestic, foreign };
}

const TOTAL_TYPE: Readonly<Partial<Record<TxnKind, TotalType>>> = {
	sale: "sale",
	void: "void",
	refund: "refund",
	completion: "completion",
	"completion-advice": "completion",
	"completion-void": "completion-void",
};

/** The batch's totals per type, domestic and foreign apart, in the slip's order; types without transactions left out. */
export function typeTotals(txns: Iterable<TxnEntry>): TypeTotals[] {
	const lines = new Map<string, TypeTotals>();
	for (const txn of txns) {
		const type = TOTAL_TYPE[txn.kind];
		if (!countsInTotals(txn) || type === undefined) continue;
		const domestic = isDomestic(txn.cardOrg);
		const key = `${type}/${domestic}`;
		const line = lines.get(key) ?? { type, domestic, count: 0, fen: 0 };
		lines.set(key, { ...line, count: line.count + 1, fen: line.fen + txn.amountFen });
	}
	const order = ["sale", "void", "refund", "completion", "completion-void"];
	return [...lines.values()].sort((a, b) => Number(b.domestic) - Number(a.domestic) || order.indexOf(a.type) - order.indexOf(b.type));
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
