// Which MTI, processing code (3), condition code (25) and type code (60.1) each transaction uses, and whether it
// is reversal-eligible (the UnionPay terminal specification Q/CUP 006). The one table the builders and the host
// simulator read.

export type TransactionKind =
	| "balance"
	| "preauth"
	| "preauth-void"
	| "preauth-completion"
	| "preauth-completion-advice"
	| "completion-void"
	| "sale"
	| "sale-void"
	| "refund";

export interface TransactionShape {
	readonly mti: string;
	readonly processingCode: string;
	readonly conditionCode: string;
	readonly typeCode: string;
	/** A reversal record is stored before sending (docs/journal-points.md). */
	readonly reversible: boolean;
}

export const TRANSACTIONS: Readonly<Record<TransactionKind, TransactionShape>> = {
	balance: { mti: "0200", processingCode: "310000", conditionCode: "00", typeCode: "01", reversible: false },
	preauth: { mti: "0100", processingCode: "030000", conditionCode: "06", typeCode: "10", reversible: true },
	"preauth-void": { mti: "0100", processingCode: "200000", conditionCode: "06", typeCode: "11", reversible: true },
	"preauth-completion": { mti: "0200", processingCode: "000000", conditionCode: "06", typeCode: "20", reversible: true },
	"completion-void": { mti: "0200", processingCode: "200000", conditionCode: "06", typeCode: "21", reversible: true },
	"preauth-completion-advice": { mti: "0220", processingCode: "000000", conditionCode: "06", typeCode: "24", reversible: false },
	sale: { mti: "0200", processingCode: "000000", conditionCode: "00", typeCode: "22", reversible: true },
	"sale-void": { mti: "0200", processingCode: "200000", conditionCode: "00", typeCode: "23", reversible: true },
	refund: { mti: "0220", processingCode: "200000", conditionCode: "00", typeCode: "25", reversible: false },
};

/**
 * The upload of a sale the card approved offline (IC卡脱机消费上送, between transactions and before settlement): a
 * financial 0200 with processing code 000000 and 60.1 36, 60.3 000; no reversal, it notifies an approved sale.
 * The message's shape is from public UnionPay terminal code (README, offline approval); not in `TRANSACTIONS`,
 * since it is never a request of its own.
 */
export const IC_OFFLINE_SALE: TransactionShape = {
	mti: "0200",
	processingCode: "000000",
	conditionCode: "00",
	typeCode: "36",
	reversible: false,
};

/** The transaction a financial request is, from its MTI, field 3 and 60.1; undefined when none matches. */
export function transactionKindOf(mti: string, processingCode: string, typeCode: string): TransactionKind | undefined {
	for (const [kind, shape] of Object.entries(TRANSACTIONS) as [TransactionKind, TransactionShape][]) {
		if (shape.mti === mti && shape.processingCode === processingCode && shape.typeCode === typeCode) return kind;
	}
	return undefined;
}

/** Network-management codes (60.3). */
export const NETWORK_CODE = {
	financial: "000",
	signInSingle: "001",
	signOff: "002",
	signInDouble: "003",
	signInDoubleTdk: "004",
	settlement: "201",
	batchUploadMagstripe: "201",
	/**
	 * In the batch upload after an unbalanced 0510 only: the IC notification of a chip transaction approved online
	 * (its TC), and of one approved offline by the card.
	 */
	batchUploadIcOnline: "203",
	batchUploadIcOffline: "205",
	batchUploadEnd: "207",
	echo: "301",
	/** IC public key (CA key) download, its end, and the query of what the acquirer holds. */
	icKeyDownload: "370",
	icKeyEnd: "371",
	icKeyQuery: "372",
	/** IC parameter (AID) download, its end, and the query. */
	icParamDownload: "380",
	icParamEnd: "381",
	icParamQuery: "382",
} as const;

/** The response MTI of a request MTI: 0200 → 0210 (ISO 8583 message function + 1). */
export function responseMti(requestMti: string): string {
	return requestMti.slice(0, 2) + String(Number(requestMti[2]) + 1) + requestMti[3];
}

/** Requests and responses of these classes carry field 64 (Q/CUP 006: 0100/0200/0220, and the 0400 reversal). */
export function carriesMac(mti: string): boolean {
	const cls = mti.slice(0, 2);
	return cls === "01" || cls === "02" || cls === "04";
}
