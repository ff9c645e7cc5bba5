// What the kernel knows of the terminal and of the transaction (EMV 4.3 Book 4 §6.3, Book 3 Annex A for the
// tags; JR/T 0025.12 for the quick-pass limits): the acquirer's parameters per AID (floor limit, random
// selection, TACs, limits) and the terminal's own data objects, and the one transaction being made.
// Amounts are integer fen (currency exponent 2, as 5F36 = 2 for CNY).
//
// Public API: TerminalParameters, TransactionKind, Transaction, terminalValue.

import type { Tag } from "./tlv.js";

export interface TerminalParameters {
	/** 9F1A, 2 bytes (0156 for China). */
	readonly countryCode: Uint8Array;
	/** 5F2A, 2 bytes (0156 for CNY). */
	readonly currencyCode: Uint8Array;
	/** 9F35 (22: attended, offline with online capability, merchant). */
	readonly terminalType: number;
	/** 9F33, 3 bytes: byte 2 the CVMs (b7 online PIN, b6 signature, b4 no CVM), byte 3 SDA/DDA/CDA (b8, b7, b4). */
	readonly capabilities: Uint8Array;
	/** 9F40, 5 bytes. */
	readonly additionalCapabilities: Uint8Array;
	/** 9F09, 2 bytes: the application version the terminal supports for this AID. */
	readonly applicationVersion: Uint8Array;
	/** 9F1E, 8 bytes ASCII. */
	readonly ifdSerial: Uint8Array;
	/** True for a terminal that can go online (Book 3 §10.7: which TAC decides the first cryptogram). */
	readonly onlineCapable: boolean;
	/** An ATM (9F35 14–16 with cash): the usage control's ATM bits apply (Book 3 §10.4.2). */
	readonly atm: boolean;
	/** Terminal floor limit (9F1B), fen. */
	readonly floorLimit: number;
	/** Random transaction selection (Book 3 §10.6.2): threshold (fen), target and maximum target percentages 0–99. */
	readonly randomSelection: { readonly threshold: number; readonly targetPercent: number; readonly maxTargetPercent: number };
	/** Terminal action codes, 5 bytes each (Book 3 §10.7). */
	readonly tacDenial: Uint8Array;
	readonly tacOnline: Uint8Array;
	readonly tacDefault: Uint8Array;
	/** PANs (digits) the terminal must not accept offline (Book 3 §10.6.1, optional). */
	readonly exceptionFile?: readonly string[];
	/** qPBOC (JR/T 0025.12 §7): 9F66 as configured, and the limits in fen. */
	readonly contactless: {
		readonly ttq: Uint8Array;
		/** Above it the tap is refused ("please insert"): the contactless transaction limit. */
		readonly transactionLimit: number;
		/** Above it an online cryptogram is required: the contactless floor limit. */
		readonly floorLimit: number;
		/** At or below it no PIN and no signature (免密免签): the CVM-required limit. */
		readonly noCvmLimit: number;
	};
}

/**
 * 9C, the first two digits of the ISO 8583 processing code (Book 3 Annex A): goods or services (00), cash (01),
 * purchase with cashback (09), and UnionPay's pre-authorisation (03), refund (20), balance inquiry (31). Goods,
 * services, cash and cashback decide 9F07's domestic/international bits.
 */
export type TransactionKind = "goods" | "services" | "cash" | "cashback" | "preauth" | "refund" | "balance";

export interface Transaction {
	readonly kind: TransactionKind;
	/** 9F02, fen (the total, cashback included). */
	readonly amount: number;
	/** 9F03, fen (the cashback part). */
	readonly otherAmount: number;
	/** 9A, YYMMDD as 3 BCD bytes. */
	readonly date: Uint8Array;
	/** 9F21, HHMMSS as 3 BCD bytes. */
	readonly time: Uint8Array;
	/** 9F41, the terminal's transaction sequence counter (4 BCD bytes). */
	readonly sequenceCounter: Uint8Array;
	/** 9F37, 4 bytes from the HAL random source. */
	readonly unpredictableNumber: Uint8Array;
	/** The merchant forced the transaction online (TVR byte 4 b4, Book 4 §6.5.3). */
	readonly merchantForcedOnline?: boolean;
	/**
	 * The acquirer requires the cardholder's PIN whatever the amount (UnionPay's balance inquiry, 310000 with
	 * field 52): a tap asks the card for a CVM with online PIN the only one offered (qpboc.ts `contactlessTtq`).
	 */
	readonly pinRequired?: boolean;
}

/** An amount as n12 (6 BCD bytes). */
function amountBcd(fen: number): Uint8Array {
	const digits = String(fen).padStart(12, "0");
	const out = new Uint8Array(6);
	for (let i = 0; i < 6; i++) out[i] = (digits.charCodeAt(2 * i) - 48) * 16 + (digits.charCodeAt(2 * i + 1) - 48);
	return out;
}

const TYPE_9C: Readonly<Record<TransactionKind, number>> = Object.freeze({
	goods: 0x00,
	services: 0x00,
	cash: 0x01,
	cashback: 0x09,
	preauth: 0x03,
	refund: 0x20,
	balance: 0x31,
});

/** The terminal-sourced data objects (Book 3 Annex A) the DOLs and field 55 take. */
export function terminalValue(params: TerminalParameters, txn: Transaction, tag: Tag): Uint8Array | undefined {
	switch (tag) {
		case 0x9f02:
			return amountBcd(txn.amount);
		case 0x9f03:
			return amountBcd(txn.otherAmount);
		case 0x9f1a:
			return params.countryCode;
		case 0x5f2a:
			return params.currencyCode;
		case 0x5f36:
			return Uint8Array.of(2);
		case 0x9a:
			return txn.date;
		case 0x9f21:
			return txn.time;
		case 0x9c:
			return Uint8Array.of(TYPE_9C[txn.kind]);
		case 0x9f37:
			return txn.unpredictableNumber;
		case 0x9f41:
			return txn.sequenceCounter;
		case 0x9f35:
			return Uint8Array.of(params.terminalType);
		case 0x9f33:
			return params.capabilities;
		case 0x9f40:
			return params.additionalCapabilities;
		case 0x9f09:
			return params.applicationVersion;
		case 0x9f1e:
			return params.ifdSerial;
		case 0x9f66:
			return params.contactless.ttq;
		default:
			return undefined;
	}
}
