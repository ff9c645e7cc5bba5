// What the screen says about a batch before and after its settlement: one line per transaction type
// (domestic cards, then foreign ones marked 外卡), and a closed batch's approved and failed transactions.

import type { TotalType, TxnEntry, TypeTotals } from "../journal/journal-entries.js";
import { formatFen } from "../ui/amount-text.js";
import type { MessageId } from "../ui/messages.js";

type T = (id: MessageId, ...args: (string | number)[]) => string;

const TYPE_NAME: Readonly<Record<TotalType, MessageId>> = {
	sale: "totalSale",
	void: "totalVoid",
	refund: "totalRefund",
	completion: "totalCompletion",
	"completion-void": "totalCompletionVoid",
};

export function typeTotalLines(totals: readonly TypeTotals[], t: T): string[] {
	if (totals.length === 0) return [t("noTransaction")];
	return totals.map((line) => {
		const name = t(TYPE_NAME[line.type]);
		return t("totalsLine", line.domestic ? name : t("foreignType", name), line.count, formatFen(line.fen));
	});
}

/** Approved, and failed (declined by the host, or reversed), with their counts and amounts. */
export function dayResultLines(closed: readonly TxnEntry[], t: T): string[] {
	const sum = (txns: readonly TxnEntry[]) => formatFen(txns.reduce((fen, txn) => fen + txn.amountFen, 0));
	const approved = closed.filter((txn) => txn.status === "approved");
	const failed = closed.filter((txn) => txn.status === "declined" || txn.status === "reversed");
	return [t("daySucceeded", approved.length, sum(approved)), t("dayFailed", failed.length, sum(failed))];
}
