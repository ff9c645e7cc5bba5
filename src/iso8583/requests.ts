// Typed builders for every request the terminal sends (the UnionPay terminal specification Q/CUP 006). Each returns an
// `IsoMessage` without field 64: the host link adds the MAC through the secure element when `carriesMac`.
//
//   buildSignIn, buildSignOff, buildEcho                       0800 / 0820
//   buildSale, buildSaleVoid, buildBalanceInquiry              0200
//   buildRefund, buildPreAuthCompletionAdvice                  0220
//   buildPreAuth, buildPreAuthVoid                             0100
//   buildPreAuthCompletion, buildCompletionVoid                0200
//   buildReversal (from the stored original request)           0400
//   buildSettlement                                            0500
//   buildIcOfflineSale (a sale the card approved offline)      0200
//   buildBatchUpload, buildIcBatchUpload, buildBatchUploadEnd  0320
//
// Arguments are validated values (integer fen, STAN 1..999999, digit strings); one that does not fit its
// field is a programming error and throws RangeError.

import { formatField60, formatField61, formatOperator, formatSecurityControl, type SecurityControl } from "./composite-fields.js";
import { isoMessage, type FieldValue, type IsoMessage } from "./iso-message.js";
import { fixedDigits, type BatchNumber, type Fen, type Pan, type Stan } from "./iso-types.js";
import {
	formatBatchUpload,
	formatSettlementTotals,
	formatUploadCount,
	type BatchUploadRecord,
	type SettlementTotals,
} from "./settlement-fields.js";
import type { SignInKeySet } from "./sign-in-keys.js";
import { IC_OFFLINE_SALE, NETWORK_CODE, TRANSACTIONS, type TransactionKind, type TransactionShape } from "./transaction-matrix.js";

export const CURRENCY_CNY = "156";

/** Who is asking: fields 41, 42, 60.2 and the operator in 63. */
export interface TerminalContext {
	/** ans8. */
	readonly terminalId: string;
	/** ans15. */
	readonly merchantId: string;
	readonly batch: BatchNumber;
	/** Operator number, up to 3 characters ("01"). */
	readonly operator: string;
	/** 60.4 terminal read capability: "2" magstripe only, "5" contact IC, "6" contact + contactless. */
	readonly readCapability: string;
}

/** 22.1–2. */
export type EntryMode = "manual" | "magstripe" | "contact" | "contactless" | "contactless-magstripe";

const ENTRY_MODE_CODE: Readonly<Record<EntryMode, string>> = {
	manual: "01",
	magstripe: "02",
	contact: "05",
	contactless: "07",
	"contactless-magstripe": "98",
};

/** What was read from the card; tracks as ISO 7813 characters without sentinels ('=' separator). */
export interface CardRead {
	readonly entryMode: EntryMode;
	readonly pan?: Pan;
	readonly track2?: string;
	readonly track3?: string;
	/** YYMM. */
	readonly expiry?: string;
	/** Card sequence number (IC), 3 digits. */
	readonly sequence?: string;
	/** ICC data TLV (field 55). */
	readonly icc?: Uint8Array;
	/** A chip card read by its stripe after the chip failed (60.5 = 1); the host declines 45 otherwise. */
	readonly fallback?: boolean;
}

/** An encrypted PIN block and how it was made (53.1 = 2, format 0 with PAN). */
export interface PinData {
	readonly pinBlock: Uint8Array;
	/** 53.2: 6 for a double-length PIK, 0 for single DES. */
	readonly algorithm: 0 | 6;
	/**
	 * The TDES DUKPT KSN (10 bytes) when the block is under a DUKPT key rather than the session PIK. The
	 * dialect has no field for it; posterm and its acquirer simulator carry it in field 62 of the request.
	 */
	readonly ksn?: Uint8Array;
}

export interface FinancialInput {
	readonly stan: Stan;
	readonly card: CardRead;
	readonly pin?: PinData;
	/** Track data encrypted with the TDK (53.3). */
	readonly tracksEncrypted?: boolean;
}

const stanDigits = (stan: Stan) => {
	if (stan < 1 || stan > 999999) throw new RangeError(`STAN ${stan} is not 1..999999`);
	return fixedDigits(stan, 6, "STAN");
};
const amountDigits = (amount: Fen) => fixedDigits(amount, 12, "amount");

function field60(context: TerminalContext, typeCode: string, networkCode: string, fallback: boolean): string {
	return formatField60({
		type: typeCode,
		batch: context.batch,
		networkCode,
		readCapability: context.readCapability,
		icCondition: fallback ? "1" : "0",
	});
}

function financial(
	kind: TransactionKind | TransactionShape,
	context: TerminalContext,
	input: FinancialInput,
	extra: Iterable<readonly [number, FieldValue | undefined]>,
): IsoMessage {
	const shape = typeof kind === "string" ? TRANSACTIONS[kind] : kind;
	const { card, pin } = input;
	const security: SecurityControl | undefined =
		pin || input.tracksEncrypted
			? { pinFormat: pin ? 2 : 0, algorithm: pin?.algorithm ?? 6, trackEncrypted: input.tracksEncrypted === true }
			: undefined;
	return isoMessage(shape.mti, [
		[2, card.entryMode === "magstripe" ? undefined : card.pan], // for magstripe the host takes the PAN from 35
		[3, shape.processingCode],
		[11, stanDigits(input.stan)],
		[14, card.expiry],
		[22, ENTRY_MODE_CODE[card.entryMode] + (pin ? "1" : "2")],
		[23, card.sequence],
		[25, shape.conditionCode],
		[26, pin ? "12" : undefined],
		[35, card.track2],
		[36, card.track3],
		[41, context.terminalId],
		[42, context.merchantId],
		[49, CURRENCY_CNY],
		[52, pin?.pinBlock],
		[53, security ? formatSecurityControl(security) : undefined],
		[55, card.icc],
		[60, field60(context, shape.typeCode, NETWORK_CODE.financial, card.fallback === true)],
		[62, pin?.ksn],
		...extra,
	]);
}

export function buildSale(context: TerminalContext, input: FinancialInput & { readonly amount: Fen }): IsoMessage {
	return financial("sale", context, input, [
		[4, amountDigits(input.amount)],
		[63, formatOperator(context.operator)],
	]);
}

export function buildBalanceInquiry(context: TerminalContext, input: FinancialInput): IsoMessage {
	return financial("balance", context, input, [[63, formatOperator(context.operator)]]);
}

export function buildPreAuth(context: TerminalContext, input: FinancialInput & { readonly amount: Fen }): IsoMessage {
	return financial("preauth", context, input, [
		[4, amountDigits(input.amount)],
		[63, formatOperator(context.operator)],
	]);
}

/** The original sale as the journal keeps it. */
export interface OriginalSale {
	readonly amount: Fen;
	readonly rrn: string;
	readonly authCode?: string;
	readonly batch: BatchNumber;
	readonly stan: Stan;
}

/** 37 = original RRN; 61 = original batch + STAN; the full original amount. */
export function buildSaleVoid(context: TerminalContext, input: FinancialInput & { readonly original: OriginalSale }): IsoMessage {
	const o = input.original;
	return financial("sale-void", context, input, [
		[4, amountDigits(o.amount)],
		[37, o.rrn],
		[38, o.authCode],
		[61, formatField61({ batch: o.batch, stan: o.stan })],
		[63, formatOperator(context.operator)],
	]);
}

/** 0220, 37 = original RRN, 61 = 000000 000000 + original MMDD, 63 = "000". Partial amounts allowed. */
export function buildRefund(
	context: TerminalContext,
	input: FinancialInput & { readonly amount: Fen; readonly originalRrn: string; readonly originalDate: string },
): IsoMessage {
	return financial("refund", context, input, [
		[4, amountDigits(input.amount)],
		[37, input.originalRrn],
		[61, formatField61({ batch: 0, stan: 0, date: input.originalDate })],
		[63, "000"],
	]);
}

/**
 * The upload of a sale the card approved offline (IC卡脱机消费上送): 0200, 3 = 000000, 60.1 = 36, 60.3 = 000, with
 * the sale's own STAN, card fields (2, 14, 22 05x/07x, 23), amount and currency; `card.icc` is its field 55 with
 * 8A = Y1; 63 = "CUP". No PIN and no tracks: nothing of the cardholder's verification is sent again.
 */
export function buildIcOfflineSale(context: TerminalContext, input: FinancialInput & { readonly amount: Fen }): IsoMessage {
	return financial(IC_OFFLINE_SALE, context, { stan: input.stan, card: input.card }, [
		[4, amountDigits(input.amount)],
		[63, "CUP"],
	]);
}

/** The pre-authorisation a void or completion refers to. */
export interface OriginalPreAuth {
	readonly authCode: string;
	/** MMDD of the pre-authorisation. */
	readonly date: string;
}

/** 38 = original authorisation code; 61 = 000000 000000 + original date. */
export function buildPreAuthVoid(
	context: TerminalContext,
	input: FinancialInput & { readonly amount: Fen; readonly original: OriginalPreAuth },
): IsoMessage {
	return financial("preauth-void", context, input, [
		[4, amountDigits(input.amount)],
		[38, input.original.authCode],
		[61, formatField61({ batch: 0, stan: 0, date: input.original.date })],
		[63, formatOperator(context.operator)],
	]);
}

/** 38; 61 = 000000000000 + original MMDD. */
export function buildPreAuthCompletion(
	context: TerminalContext,
	input: FinancialInput & { readonly amount: Fen; readonly original: OriginalPreAuth },
): IsoMessage {
	return financial("preauth-completion", context, input, [
		[4, amountDigits(input.amount)],
		[38, input.original.authCode],
		[61, formatField61({ batch: 0, stan: 0, date: input.original.date })],
		[63, formatOperator(context.operator)],
	]);
}

/** The offline completion notice (0220, 60.1 = 24). */
export function buildPreAuthCompletionAdvice(
	context: TerminalContext,
	input: FinancialInput & { readonly amount: Fen; readonly original: OriginalPreAuth },
): IsoMessage {
	return financial("preauth-completion-advice", context, input, [
		[4, amountDigits(input.amount)],
		[38, input.original.authCode],
		[61, formatField61({ batch: 0, stan: 0, date: input.original.date })],
		[63, formatOperator(context.operator)],
	]);
}

/** 37 = the completion's RRN; 61 = its batch + STAN. */
export function buildCompletionVoid(context: TerminalContext, input: FinancialInput & { readonly original: OriginalSale }): IsoMessage {
	const o = input.original;
	return financial("completion-void", context, input, [
		[4, amountDigits(o.amount)],
		[37, o.rrn],
		[38, o.authCode],
		[61, formatField61({ batch: o.batch, stan: o.stan })],
		[63, formatOperator(context.operator)],
	]);
}

/** Reversal reason in field 39 (Q/CUP 006): 98 no response, 06 network/receive error, A0 MAC or match failure. */
export type ReversalReason = "98" | "06" | "A0";

const KEPT_IN_REVERSAL: readonly number[] = [2, 3, 4, 11, 14, 22, 23, 25, 38, 41, 42, 49, 55, 60, 61]; // Q/CUP 006: the reversal repeats these from the original

/** The 0400 for a stored original request: keeps the original STAN, drops 26/35/36/37/52/53, sets 39. */
export function buildReversal(original: IsoMessage, reason: ReversalReason): IsoMessage {
	return isoMessage("0400", [...KEPT_IN_REVERSAL.map((n) => [n, original.fields.get(n)] as const), [39, reason]]);
}

function management(
	mti: string,
	context: TerminalContext,
	stan: Stan,
	networkCode: string,
	extra: Iterable<readonly [number, FieldValue | undefined]> = [],
): IsoMessage {
	return isoMessage(mti, [
		[11, stanDigits(stan)],
		[41, context.terminalId],
		[42, context.merchantId],
		[60, formatField60({ type: "00", batch: context.batch, networkCode })],
		...extra,
	]);
}

/** 0800 sign-in; 60.3 picks the key set (001 single, 003 double, 004 double + TDK). */
export function buildSignIn(context: TerminalContext, stan: Stan, keySet: SignInKeySet): IsoMessage {
	return management("0800", context, stan, keySet, [[63, formatOperator(context.operator)]]);
}

export function buildSignOff(context: TerminalContext, stan: Stan): IsoMessage {
	return management("0820", context, stan, NETWORK_CODE.signOff);
}

export function buildEcho(context: TerminalContext, stan: Stan): IsoMessage {
	return management("0820", context, stan, NETWORK_CODE.echo);
}

/** A step of the IC parameter download (60.3 370–372, 380–382): the queries (372, 382) go as 0820, the rest as 0800. */
export type IcDownloadCode =
	| typeof NETWORK_CODE.icKeyDownload
	| typeof NETWORK_CODE.icKeyEnd
	| typeof NETWORK_CODE.icKeyQuery
	| typeof NETWORK_CODE.icParamDownload
	| typeof NETWORK_CODE.icParamEnd
	| typeof NETWORK_CODE.icParamQuery;

/** One message of the IC parameter download, field 62 as the step lays it out (src/params/ic-param-lists.ts). */
export function buildIcDownload(context: TerminalContext, stan: Stan, code: IcDownloadCode, field62?: Uint8Array): IsoMessage {
	return management(code.endsWith("2") ? "0820" : "0800", context, stan, code, [[62, field62]]);
}

/** 0500 with the terminal's totals (reconciliation codes 0) in field 48. */
export function buildSettlement(context: TerminalContext, stan: Stan, totals: SettlementTotals): IsoMessage {
	const request: SettlementTotals = {
		domestic: { ...totals.domestic, reconciliation: 0 },
		foreign: { ...totals.foreign, reconciliation: 0 },
	};
	return management("0500", context, stan, NETWORK_CODE.settlement, [
		[48, formatSettlementTotals(request)],
		[49, CURRENCY_CNY],
		[63, formatOperator(context.operator)],
	]);
}

/** 0320 with up to 8 magstripe records (60.3 = 201). */
export function buildBatchUpload(context: TerminalContext, stan: Stan, records: readonly BatchUploadRecord[]): IsoMessage {
	return management("0320", context, stan, NETWORK_CODE.batchUploadMagstripe, [[48, formatBatchUpload(records)]]);
}

/** One chip transaction of the batch as the batch upload sends it (its ICC data after the transaction: TC, TVR, TSI). */
export interface IcUploadRecord {
	readonly pan: Pan;
	readonly amount: Fen;
	readonly processingCode: string;
	readonly entryMode: "contact" | "contactless";
	/** Card sequence number, 3 digits. */
	readonly sequence?: string;
	/** Field 55 of the transaction's end. */
	readonly icc: Uint8Array;
	/** The transaction's batch and STAN (61.1, 61.2). */
	readonly batch: BatchNumber;
	readonly stan: Stan;
}

/**
 * 0320 batch upload of one chip transaction (IC卡批上送 / TC上送), in the batch upload after an unbalanced 0510 only:
 * 60.3 203 for one approved online, 205 for one the card approved offline; 2, 3, 4, 22, 23, 55, and 61 = the
 * transaction's batch and STAN.
 */
export function buildIcBatchUpload(
	context: TerminalContext,
	stan: Stan,
	record: IcUploadRecord,
	code: typeof NETWORK_CODE.batchUploadIcOnline | typeof NETWORK_CODE.batchUploadIcOffline,
): IsoMessage {
	return management("0320", context, stan, code, [
		[2, record.pan],
		[3, record.processingCode],
		[4, amountDigits(record.amount)],
		[22, ENTRY_MODE_CODE[record.entryMode] + "0"],
		[23, record.sequence],
		[55, record.icc],
		[61, formatField61({ batch: record.batch, stan: record.stan })],
	]);
}

/** 0320 end of batch upload (60.3 = 207), field 48 = total count n4. */
export function buildBatchUploadEnd(context: TerminalContext, stan: Stan, total: number): IsoMessage {
	return management("0320", context, stan, NETWORK_CODE.batchUploadEnd, [[48, formatUploadCount(total)]]);
}
