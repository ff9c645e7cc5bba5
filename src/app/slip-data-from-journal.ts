// Journal entries as the slip modules want them (src/slips/slip-data.ts): the journal keeps the facts, the
// slips format them.

import { OFFLINE_APPROVED, uploadBooked } from "../journal/journal-entries.js";
import { cardKind } from "../card/pin-policy.js";
import type { Params } from "../params/schema.js";
import type { SettlementProgress, TotalType, Totals, TxnEntry, TxnIcData, TxnKind } from "../journal/journal-entries.js";
import { formatFen } from "../ui/amount-text.js";
import { message } from "../ui/messages.js";
import type {
	ListedTransaction,
	RefusedUpload,
	SettlementData,
	SlipChip,
	SlipMerchant,
	SlipTransaction,
	SlipTransactionType,
	TypeTotal,
} from "../slips/slip-data.js";

const SLIP_TYPE: Readonly<Record<TxnKind, SlipTransactionType>> = {
	sale: "sale",
	void: "void",
	refund: "refund",
	preauth: "pre-auth",
	"preauth-void": "pre-auth-void",
	completion: "pre-auth-completion",
	"completion-advice": "pre-auth-completion",
	"completion-void": "pre-auth-completion-void",
};

/** The settlement slip's lines, in the order UnionPay slips print them. */
const TOTAL_LINES: readonly (readonly [TotalType, SlipTransactionType])[] = [
	["sale", "sale"],
	["void", "void"],
	["refund", "refund"],
	["completion", "pre-auth-completion"],
	["completion-void", "pre-auth-completion-void"],
];

/** The card as the sealed journal data holds it, when it could be opened. */
export interface OpenedCard {
	readonly pan: string;
	readonly expiry: string;
}

const six = (n: number) => String(n).padStart(6, "0");

export function slipMerchant(params: Params): SlipMerchant {
	return { name: params.merchantName, merchantNo: params.merchantId, terminalNo: params.terminalId };
}

const SLIP_ENTRY_MODE: Readonly<Record<TxnEntry["entryMode"], SlipTransaction["entryMode"]>> = {
	swipe: "swipe",
	fallback: "swipe",
	manual: "manual",
	insert: "insert",
	tap: "contactless",
};

/** A transaction's slip; the opened card gives the expiry and, by the BIN table, the card type. */
export function slipTransaction(txn: TxnEntry, params: Params, card?: OpenedCard): SlipTransaction {
	const o = txn.original;
	return {
		type: SLIP_TYPE[txn.kind],
		merchant: slipMerchant(params),
		operator: txn.operator,
		cardNumber: txn.panMasked,
		entryMode: SLIP_ENTRY_MODE[txn.entryMode],
		...(txn.issuer ? { issuer: txn.issuer } : {}),
		...(txn.acquirer ? { acquirer: txn.acquirer } : {}),
		...(card?.expiry ? { expiry: card.expiry } : {}),
		...(card ? { cardType: cardKind(card.pan, params.creditBins) } : {}),
		batchNo: six(txn.batch),
		voucherNo: six(txn.stan),
		...(txn.authCode ? { authCode: txn.authCode } : {}),
		referenceNo: txn.rrn,
		dateTimeMs: txn.requestMs,
		amount: txn.amountFen,
		// Q/CUP response code 10: the partial amount must be shown; the slip's amount is the approved one.
		...(txn.requestedFen !== undefined ? { remarks: partialRemark(txn.requestedFen, txn.amountFen) } : {}),
		// Approved by the card alone (8A Y1): no authorisation code or reference number from the host; the TC below.
		...(txn.responseCode === OFFLINE_APPROVED
			? { remarks: `${message("offlineApproved", "zh")} (${message("offlineApproved", "en").toUpperCase()})` }
			: {}),
		...(txn.ic ? { chip: slipChip(txn.ic) } : {}),
		// 小额免密免签: a tap under the no-CVM limit went without PIN, and the slip asks for no signature.
		...(txn.ic && txn.entryMode === "tap" && txn.ic.cvm === "no-cvm" ? { signatureWaived: true } : {}),
		...(o
			? {
					// A refund or completion knows its original's voucher only when the original is in the journal.
					original: {
						...(o.stan > 0 ? { voucherNo: six(o.stan), batchNo: six(o.batch) } : {}),
						referenceNo: o.rrn,
						...(o.authCode ? { authCode: o.authCode } : {}),
					},
				}
			: {}),
	};
}

/** Upper-case hex, as the card gave the bytes (slip-data.ts SlipChip). */
const bytesToHex = (bytes: Uint8Array) => Array.from(bytes, (b) => (b < 16 ? "0" : "") + b.toString(16).toUpperCase()).join("");

function slipChip(ic: TxnIcData): SlipChip {
	return {
		aid: bytesToHex(ic.aid),
		label: ic.label,
		cryptogramType: ic.cryptogramType,
		cryptogram: bytesToHex(ic.cryptogram),
		tvr: bytesToHex(ic.tvr),
		tsi: bytesToHex(ic.tsi),
		atc: bytesToHex(ic.atc),
		unpredictableNumber: bytesToHex(ic.unpredictableNumber),
		aip: bytesToHex(ic.aip),
	};
}

/** Slips print Chinese with the English after it. */
function partialRemark(requestedFen: number, approvedFen: number): string {
	const args = [formatFen(requestedFen), formatFen(approvedFen)] as const;
	return `${message("partialApproved", "zh", ...args)} (${message("partialApproved", "en", ...args)})`;
}

/** One line per type, domestic and foreign cards apart, each with its own reconciliation result. */
/** The closed batch's offline approvals the host refused (their uploads' 39), as the settlement slip lists them. */
export function refusedUploads(closed: readonly TxnEntry[]): RefusedUpload[] {
	return closed
		.filter((t) => t.uploadAnswer !== undefined && !uploadBooked(t.uploadAnswer))
		.map((t) => ({ voucherNo: six(t.stan), amount: t.amountFen, code: t.uploadAnswer! }));
}

export function settlementSlipData(
	s: SettlementProgress,
	params: Params,
	reprint = false,
	refused: readonly RefusedUpload[] = [],
): SettlementData {
	return {
		merchant: slipMerchant(params),
		operator: s.operator,
		batchNo: six(s.batch),
		dateTimeMs: s.requestMs,
		totals: typeLines(s, true),
		foreignTotals: typeLines(s, false),
		reconciliation: s.domestic === "1" ? "balanced" : "unbalanced",
		foreignReconciliation: s.foreign === "1" ? "balanced" : "unbalanced",
		...(reprint ? { reprint } : {}),
		...(refused.length ? { refused } : {}),
	};
}

function typeLines(s: SettlementProgress, domestic: boolean): TypeTotal[] {
	const byType = s.byType;
	if (byType === undefined) return debitCreditLines(domestic ? s.totals.domestic : s.totals.foreign);
	return TOTAL_LINES.map(([total, type]) => {
		const line = byType.find((t) => t.type === total && t.domestic === domestic);
		return { type, count: line?.count ?? 0, amount: line?.fen ?? 0 };
	});
}

/** A summary journaled before the per-type totals were kept has debits and credits only. */
function debitCreditLines(t: Totals): TypeTotal[] {
	return [
		{ type: "sale", count: t.debitCount, amount: t.debitFen },
		{ type: "void", count: t.creditCount, amount: t.creditFen },
	];
}

/** The transaction list's entries: the approved transactions, the voided ones marked. */
export function listedTransactions(txns: Iterable<TxnEntry>): ListedTransaction[] {
	const listed: ListedTransaction[] = [];
	for (const t of txns) {
		if (t.status !== "approved") continue;
		listed.push({
			type: SLIP_TYPE[t.kind],
			voucherNo: six(t.stan),
			cardNumber: t.panMasked,
			amount: t.amountFen,
			...(t.authCode ? { authCode: t.authCode } : {}),
			// A pre-auth's flag also means completed: only sales and completions are marked voided.
			...(t.voided && t.kind !== "preauth" ? { voided: true } : {}),
		});
	}
	return listed;
}
