// The input of every slip: plain typed data that the terminal application (issue 7) fills from the
// journal record of a transaction, a batch's totals, or the acquirer's settlement answer. The slip modules
// format it; they never look anything up. Fields follow the UnionPay voucher elements (凭证要素; 银发[2001]77号).
//
// - Money is integer fen (`Fen`), always positive here; voids and refunds print it negative.
// - Card numbers may be given in full or already masked: the slip prints first 6 + last 4 only (PCI).
// - Times are UTC milliseconds from the HAL clock; slips print them in the terminal's time zone.
// - Identifiers are strings of the printed width: merchant no. 15 digits (field 42), terminal no. 8
//   (field 41), batch no. 6 (60.2), voucher no. 6 (STAN, field 11), auth code 6 (field 38), reference
//   no. 12 (field 37), operator 2 digits.

/** Money in fen (1/100 yuan): a safe integer. */
export type Fen = number;

export type SlipTransactionType =
	"sale" | "void" | "refund" | "pre-auth" | "pre-auth-void" | "pre-auth-completion" | "pre-auth-completion-void" | "balance";

/** 借记卡 / 贷记卡: by the terminal's card BIN table (the creditBins parameter). */
export type CardType = "debit" | "credit";

/** How the card was read: S swipe, I insert, C contactless, M keyed (printed after the card number). */
export type EntryMode = "swipe" | "insert" | "contactless" | "manual";

export interface SlipMerchant {
	/** Up to 40 characters, Chinese and/or English. */
	readonly name: string;
	readonly merchantNo: string;
	readonly terminalNo: string;
}

/** The original transaction a void, refund or pre-authorisation completion refers to. */
export interface OriginalReference {
	readonly voucherNo?: string;
	readonly batchNo?: string;
	readonly referenceNo?: string;
	readonly authCode?: string;
	/** UTC ms of the original. */
	readonly dateTimeMs?: number;
}

/** One transaction, as its slip shows it. */
export interface SlipTransaction {
	readonly type: SlipTransactionType;
	readonly merchant: SlipMerchant;
	readonly operator: string;
	/** PAN, full or masked; printed as first 6 + `*` + last 4. */
	readonly cardNumber: string;
	readonly entryMode: EntryMode;
	/** Issuer and acquirer names or codes (field 44); omitted lines when absent. */
	readonly issuer?: string;
	readonly acquirer?: string;
	/** Card expiry "YYMM", printed only when given. */
	readonly expiry?: string;
	/** Printed only when given. */
	readonly cardType?: CardType;
	readonly batchNo: string;
	readonly voucherNo: string;
	readonly authCode?: string;
	readonly referenceNo: string;
	/** UTC ms. */
	readonly dateTimeMs: number;
	/** The transaction amount, positive. */
	readonly amount: Fen;
	readonly tips?: Fen;
	/** Balance inquiry: the available balance, printed only when the cardholder asked for a slip. */
	readonly balance?: Fen;
	readonly original?: OriginalReference;
	/** Free remarks printed under 备注(REFERENCE). */
	readonly remarks?: string;
	/** A chip or contactless card: the IC data UnionPay slips print under the remarks. */
	readonly chip?: SlipChip;
	/** The quick-pass no-CVM limit waived PIN and signature (小额免密免签): no signature area. */
	readonly signatureWaived?: boolean;
}

/** The IC card elements of a slip (EMV 4.3 Book 3 Annex A; upper-case hex as the card gave them). */
export interface SlipChip {
	/** 4F / 84. */
	readonly aid: string;
	/** 50 (or 9F12 when the card has it and the terminal can print it). */
	readonly label: string;
	/** The last cryptogram the card gave: TC when approved, ARQC when only the first GENERATE AC ran, AAC when declined. */
	readonly cryptogramType: "TC" | "ARQC" | "AAC";
	/** 9F26, 8 bytes. */
	readonly cryptogram: string;
	/** 95, 5 bytes. */
	readonly tvr: string;
	/** 9B, 2 bytes. */
	readonly tsi: string;
	/** 9F36, 2 bytes. */
	readonly atc: string;
	/** 9F37, 4 bytes. */
	readonly unpredictableNumber: string;
	/** 82, 2 bytes. */
	readonly aip: string;
}

/** Count and amount of one transaction type in a batch. */
export interface TypeTotal {
	readonly type: SlipTransactionType;
	readonly count: number;
	/** Sum of the amounts, positive. */
	readonly amount: Fen;
}

/** A batch's totals: the totals report, and with a reconciliation result the settlement slip. */
export interface BatchTotals {
	readonly merchant: SlipMerchant;
	readonly operator: string;
	readonly batchNo: string;
	/** UTC ms of the report or settlement. */
	readonly dateTimeMs: number;
	/** Domestic cards (内卡) per type. */
	readonly totals: readonly TypeTotal[];
	/** Foreign cards (外卡) per type; omitted (no section printed) when the terminal takes none. */
	readonly foreignTotals?: readonly TypeTotal[];
}

/** The acquirer's answer to settlement, per card group (field 48): totals agreed or not. */
export type Reconciliation = "balanced" | "unbalanced";

export interface SettlementData extends BatchTotals {
	/** Domestic cards. */
	readonly reconciliation: Reconciliation;
	/** Foreign cards; printed only with `foreignTotals`. */
	readonly foreignReconciliation?: Reconciliation;
	/** Printed again from the journal (menu 7-3): marked 重打印. */
	readonly reprint?: boolean;
	/** Sales the card approved offline whose upload the host refused (上送后被主机拒绝), listed after the result. */
	readonly refused?: readonly RefusedUpload[];
}

/** An offline approval the host refused: its voucher, amount (counted in the totals) and the host's 39. */
export interface RefusedUpload {
	readonly voucherNo: string;
	readonly amount: Fen;
	readonly code: string;
}

/** One line of the transaction list. */
export interface ListedTransaction {
	readonly type: SlipTransactionType;
	readonly voucherNo: string;
	readonly cardNumber: string;
	readonly amount: Fen;
	readonly authCode?: string;
	/** A sale or completion voided later in the batch: marked 已撤销. */
	readonly voided?: boolean;
}

export interface TransactionListData {
	readonly merchant: SlipMerchant;
	readonly batchNo: string;
	readonly dateTimeMs: number;
	readonly transactions: readonly ListedTransaction[];
}
