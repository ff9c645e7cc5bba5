// Every label printed on a slip, Chinese with English as on UnionPay slips (PBOC POS terminal specification
// 银发[2001]77号 and the UnionPay voucher elements 凭证要素). Slips are bilingual whatever the screen language, so these
// are not in the screen message table.

import type { CardType, EntryMode, Reconciliation, SlipTransactionType } from "./slip-data.js";

export const SLIP_LABELS = {
	salesSlip: ["POS签购单", "POS SALES SLIP"],
	settlementSlip: ["结算单", "SETTLEMENT"],
	totalsReport: ["交易汇总", "TOTALS REPORT"],
	transactionList: ["交易明细", "TRANSACTION LIST"],
	merchantName: "商户名称(MERCHANT NAME):",
	merchantNo: "商户编号(MERCHANT NO):",
	terminalNo: "终端编号(TERMINAL NO):",
	operator: "操作员号(OPERATOR):",
	issuer: "发卡行(ISSUER):",
	acquirer: "收单行(ACQUIRER):",
	cardNumber: "卡号(CARD NUMBER):",
	expiry: "有效期(EXP DATE):",
	cardType: "卡类型(CARD TYPE):",
	transType: "交易类别(TRANS TYPE):",
	batchNo: "批次号(BATCH NO):",
	voucherNo: "凭证号(VOUCHER NO):",
	authNo: "授权码(AUTH NO):",
	referenceNo: "参考号(REF NO):",
	dateTime: "日期/时间(DATE/TIME):",
	amount: "金额(AMOUNT):",
	tips: "小费(TIPS):",
	total: "总计(TOTAL):",
	balance: "余额(BALANCE):",
	reference: "备注(REFERENCE):",
	originalVoucher: "原凭证号(ORIG VOUCHER):",
	originalReference: "原参考号(ORIG REF NO):",
	originalAuth: "原授权码(ORIG AUTH NO):",
	originalDate: "原交易日期(ORIG DATE):",
	reprint: "重打印凭证 REPRINT",
	settlementReprint: "重打印 REPRINT",
	signature: ["持卡人签名", "(CARDHOLDER SIGNATURE):"],
	signatureWaived: ["免密免签 持卡人无需签名", "NO PIN OR SIGNATURE REQUIRED"],
	chipAid: "AID:",
	chipLabel: "APP LABEL:",
	chipTvr: "TVR:",
	chipTsi: "TSI:",
	chipAtc: "ATC:",
	chipUnpredictable: "UNPR NUM:",
	chipAip: "AIP:",
	agreement: ["本人确认以上交易，同意将其记入本卡账户", "I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES"],
	typeCountAmount: ["类型 TYPE", "笔数", "金额 AMOUNT"],
	netTotal: "净额(NET):",
	domesticCards: "内卡(DOMESTIC CARDS)",
	foreignCards: "外卡(FOREIGN CARDS)",
	reconciliation: "对账结果(RECONCILIATION):",
	refusedUploads: "被主机拒绝(REFUSED BY HOST):",
	refusedCode: "拒绝码",
	/** The transaction list's two lines per transaction, each column labelled in both languages. */
	listHeader: [
		["凭证号 类型", "授权码"],
		["VOUCHER TYPE", "AUTH NO"],
		["卡号 CARD NO", "金额 AMOUNT"],
	],
	listVoided: "已撤销",
	listVoidedCount: "其中已撤销(VOIDED):",
	noTransactions: "无交易 NO TRANSACTIONS",
	end: "*** 结束 END ***",
} as const;

/** Copy 1, 2, 3 (the product default order). */
export const COPY_NAMES: readonly (readonly [string, string])[] = [
	["商户存根", "MERCHANT COPY"],
	["持卡人存根", "CARDHOLDER COPY"],
	["银行存根", "BANK COPY"],
];

export const TRANSACTION_TYPE_NAMES: Readonly<Record<SlipTransactionType, string>> = {
	sale: "消费 SALE",
	void: "消费撤销 VOID",
	refund: "退货 REFUND",
	"pre-auth": "预授权 AUTH",
	"pre-auth-void": "预授权撤销 AUTH VOID",
	"pre-auth-completion": "预授权完成 AUTH COMPLETE",
	"pre-auth-completion-void": "预授权完成撤销 COMPLETE VOID",
	balance: "余额查询 BALANCE",
};

export const CARD_TYPE_NAMES: Readonly<Record<CardType, string>> = { debit: "借记卡 DEBIT", credit: "贷记卡 CREDIT" };

export const ENTRY_MODE_LETTERS: Readonly<Record<EntryMode, string>> = { swipe: "S", insert: "I", contactless: "C", manual: "M" };

/** Reconciliation result per card group, as printed: 内卡对账平 BALANCED … */
export const RECONCILIATION_NAMES: Readonly<Record<"domestic" | "foreign", Readonly<Record<Reconciliation, string>>>> = {
	domestic: { balanced: "内卡对账平 BALANCED", unbalanced: "内卡对账不平 UNBALANCED" },
	foreign: { balanced: "外卡对账平 BALANCED", unbalanced: "外卡对账不平 UNBALANCED" },
};
