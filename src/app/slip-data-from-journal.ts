// Journal entries as the slip modules want them (src/slips/slip-data.ts): the journal keeps the facts, the
// slips format them.

import type { Params } from "../params/schema.js";
import type { SettlementProgress, TxnEntry, TxnKind } from "../journal/journal-entries.js";
import { formatFen } from "../ui/amount-text.js";
import { message } from "../ui/messages.js";
import type { SettlementData, SlipMerchant, SlipTransaction, SlipTransactionType, TypeTotal } from "../slips/slip-data.js";

const SLIP_TYPE: Readonly<Record<TxnKind, SlipTransactionType>> = {
	sale: "sale",
	void: "void",
	refund: "refund",
	preauth: "pre-auth",
	"preauth-void": "void",
	completion: "pre-auth-completion",
	"completion-advice": "pre-auth-completion",
	"completion-void": "void",
};

const six = (n: number) => String(n).padStart(6, "0");

export function slipMerchant(params: Params): SlipMerchant {
	return { name: params.merchantName, merchantNo: params.merchantId, terminalNo: params.terminalId };
}

export function slipTransaction(txn: TxnEntry, params: Params): SlipTransaction {
	const o = txn.original;
	return {
		type: SLIP_TYPE[txn.kind],
		merchant: slipMerchant(params),
		operator: txn.operator,
		cardNumber: txn.panMasked,
		entryMode: txn.entryMode === "manual" ? "manual" : "swipe",
		batchNo: six(txn.batch),
		voucherNo: six(txn.stan),
		...(txn.authCode ? { authCode: txn.authCode } : {}),
		referenceNo: txn.rrn,
		dateTimeMs: txn.requestMs,
		amount: txn.amountFen,
		// Q/CUP response code 10: the partial amount must be shown; the slip's amount is the approved one.
		...(txn.requestedFen !== undefined ? { remarks: partialRemark(txn.requestedFen, txn.amountFen) } : {}),
		...(o
			? {
					original: {
						voucherNo: six(o.stan),
						batchNo: six(o.batch),
						referenceNo: o.rrn,
						...(o.authCode ? { authCode: o.authCode } : {}),
					},
				}
			: {}),
	};
}

/** Slips print Chinese with the English after it. */
function partialRemark(requestedFen: number, approvedFen: number): string {
	const args = [formatFen(requestedFen), formatFen(approvedFen)] as const;
	return `${message("partialApproved", "zh", ...args)} (${message("partialApproved", "en", ...args)})`;
}

export function settlementSlipData(s: SettlementProgress, params: Params): SettlementData {
	const d = s.totals.domestic,
		f = s.totals.foreign;
	const totals: TypeTotal[] = [
		{ type: "sale", count: d.debitCount + f.debitCount, amount: d.debitFen + f.debitFen },
		{ type: "void", count: d.creditCount + f.creditCount, amount: d.creditFen + f.creditFen },
	];
	return {
		merchant: slipMerchant(params),
		operator: s.operator,
		batchNo: six(s.batch),
		dateTimeMs: s.requestMs,
		totals,
		reconciliation: s.domestic === "1" && s.foreign === "1" ? "balanced" : "unbalanced",
	};
}
