// The host's side of a batch: its own totals of a terminal's batch (approved, not reversed; debits and
// credits as field 48 of the 0500 counts them, UnionPay Q/CUP 006) and the batch upload records it has taken.

import type { CardClassTotals, SettlementTotals } from "../../src/iso8583/settlement-fields.js";
import type { TransactionKind } from "../../src/iso8583/transaction-matrix.js";
import type { AcquirerBooks } from "./acquirer-state.js";
import { decline } from "./request-checks.js";
import type { WireMessage } from "./wire-decoder.js";

const DEBIT_KINDS: readonly TransactionKind[] = ["sale", "preauth-completion", "preauth-completion-advice"];
const CREDIT_KINDS: readonly TransactionKind[] = ["sale-void", "refund", "completion-void"];

/** The host's totals for one terminal's batch, domestic and foreign cards apart. */
export function hostBatchTotals(books: AcquirerBooks, terminalId: string, batch: number): SettlementTotals {
	const sum = (domestic: boolean): CardClassTotals => {
		const line = (kinds: readonly TransactionKind[]) => {
			const hits = books.transactions.filter(
				(t) =>
					t.terminalId === terminalId &&
					t.batch === batch &&
					t.status === "approved" &&
					t.domestic === domestic &&
					kinds.includes(t.kind),
			);
			return { amount: hits.reduce((n, t) => n + t.amountFen, 0), count: hits.length };
		};
		return { debit: line(DEBIT_KINDS), credit: line(CREDIT_KINDS), reconciliation: 0 };
	};
	return { domestic: sum(true), foreign: sum(false) };
}

/** Books one 0320 batch upload (60.3 201–205: n2 count + 40 digits a record; 207: the end) and says what it took. */
export function bookBatchUpload(request: WireMessage, books: AcquirerBooks): string {
	const f = request.fields;
	const code = f["60"]?.slice(8, 11);
	const detail = f["48"] ?? "";
	const key = `${f["41"]}/${Number(f["60"]?.slice(2, 8))}`;
	const uploads = books.uploads;
	if (code === "207") return `batch upload end: ${Number(detail)} records announced, ${uploads[key] ?? 0} received`;
	const count = Number(detail.slice(0, 2));
	if (!/^[0-9]+$/.test(detail) || count < 1 || count > 8 || detail.length !== 2 + count * 40)
		return decline("30", "batch upload field 48 is not n2 + 40 digits per record");
	uploads[key] = (uploads[key] ?? 0) + count;
	return `batch upload of ${count} records (60.3 ${code})`;
}
