// Slip inputs shared by the slip tests, the printer benchmark and the docs PNG: one of each kind, with
// values of the printed widths (凭证要素, 银发[2001]77号).

import type { SettlementData, SlipMerchant, SlipTransaction, TransactionListData } from "../../src/slips/slip-data.js";

// 2026-11-21 09:30:00 in Beijing (UTC+8).
export const SLIP_TIME_UTC = Date.UTC(2026, 10, 21, 1, 30, 0);

export const MERCHANT: SlipMerchant = { name: "posterm测试商户(上海)", merchantNo: "123310054110001", terminalNo: "12345678" };

export const SALE: SlipTransaction = {
	type: "sale",
	merchant: MERCHANT,
	operator: "01",
	cardNumber: "6228480402564890018",
	entryMode: "swipe",
	issuer: "农业银行",
	acquirer: "银联商务",
	expiry: "2812",
	cardType: "debit",
	batchNo: "000001",
	voucherNo: "000123",
	authCode: "A1B2C3",
	referenceNo: "112233445566",
	dateTimeMs: SLIP_TIME_UTC,
	amount: 12345,
};

/** An inserted PBOC debit card, approved online: the second GENERATE AC's TC. */
export const CHIP_SALE: SlipTransaction = {
	...SALE,
	voucherNo: "000125",
	referenceNo: "112233445588",
	entryMode: "insert",
	chip: {
		aid: "A000000333010101",
		label: "PBOC DEBIT",
		cryptogramType: "TC",
		cryptogram: "8A1F3C5E7B9D0246",
		tvr: "0000008000",
		tsi: "E800",
		atc: "0012",
		unpredictableNumber: "1A2B3C4D",
		aip: "7C00",
	},
};

/** A quick-pass tap under the no-CVM limit (小额免密免签): the ARQC of GPO, no PIN, no signature. */
export const QUICKPASS_SALE: SlipTransaction = {
	...SALE,
	voucherNo: "000126",
	referenceNo: "112233445599",
	entryMode: "contactless",
	amount: 8800,
	signatureWaived: true,
	chip: {
		aid: "A000000333010102",
		label: "PBOC CREDIT",
		cryptogramType: "ARQC",
		cryptogram: "33C0FFEE12345678",
		tvr: "0000000000",
		tsi: "0000",
		atc: "0101",
		unpredictableNumber: "00C0FFEE",
		aip: "0040",
	},
};

export const VOID: SlipTransaction = {
	...SALE,
	type: "void",
	voucherNo: "000124",
	authCode: "D4E5F6",
	referenceNo: "112233445577",
	dateTimeMs: SLIP_TIME_UTC + 600_000,
	original: { voucherNo: "000123", authCode: "A1B2C3" },
};

export const REFUND: SlipTransaction = {
	...SALE,
	type: "refund",
	voucherNo: "000130",
	authCode: undefined,
	referenceNo: "112233449999",
	dateTimeMs: SLIP_TIME_UTC + 86_400_000,
	amount: 5000,
	entryMode: "insert",
	original: { referenceNo: "112233445566", dateTimeMs: SLIP_TIME_UTC },
};

export const PRE_AUTH: SlipTransaction = {
	...SALE,
	type: "pre-auth",
	voucherNo: "000140",
	authCode: "778899",
	referenceNo: "112233440140",
	amount: 100000,
	entryMode: "contactless",
};

export const COMPLETION: SlipTransaction = {
	...SALE,
	type: "pre-auth-completion",
	voucherNo: "000141",
	authCode: "778899",
	referenceNo: "112233440141",
	amount: 88000,
	original: { authCode: "778899", dateTimeMs: SLIP_TIME_UTC },
};

export const BALANCE: SlipTransaction = {
	...SALE,
	type: "balance",
	voucherNo: "000150",
	authCode: undefined,
	referenceNo: "112233440150",
	amount: 0,
	balance: 1234567,
};

export const SETTLEMENT: SettlementData = {
	merchant: MERCHANT,
	operator: "01",
	batchNo: "000001",
	dateTimeMs: SLIP_TIME_UTC + 36_000_000,
	totals: [
		{ type: "sale", count: 3, amount: 36912 },
		{ type: "void", count: 1, amount: 12345 },
		{ type: "refund", count: 1, amount: 5000 },
		{ type: "pre-auth-completion", count: 1, amount: 88000 },
	],
	reconciliation: "balanced",
};

/** A settlement with foreign cards too (外卡), whose totals the acquirer did not agree. */
export const SETTLEMENT_WITH_FOREIGN: SettlementData = {
	...SETTLEMENT,
	foreignTotals: [
		{ type: "sale", count: 2, amount: 250000 },
		{ type: "pre-auth", count: 1, amount: 100000 },
	],
	foreignReconciliation: "unbalanced",
};

export const TRANSACTIONS: TransactionListData = {
	merchant: MERCHANT,
	batchNo: "000001",
	dateTimeMs: SLIP_TIME_UTC + 36_000_000,
	transactions: [
		{ type: "sale", voucherNo: "000123", cardNumber: SALE.cardNumber, amount: 12345, authCode: "A1B2C3", voided: true },
		{ type: "void", voucherNo: "000124", cardNumber: SALE.cardNumber, amount: 12345, authCode: "D4E5F6" },
		{ type: "refund", voucherNo: "000130", cardNumber: "4761340000000019", amount: 5000 },
	],
};
