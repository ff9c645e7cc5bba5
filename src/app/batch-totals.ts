// Settlement totals from the journal (field 48 of the 0500, UnionPay Q/CUP 006 批结算): debits are sales and
// pre-auth completions, credits are voids and refunds; pre-auths and balance inquiries do not count.
// Domestic follows the card organisation the host returned in field 63.1 (CUP / 000).

import type { SettlementTotals as IsoTotals } from "../iso8583/settlement-fields.js";
import type { SettlementTotals, Totals, TxnEntry, TxnKind } from "../journal/journal-entries.js";

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
