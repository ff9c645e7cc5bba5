// The UnionPay-style transaction slip (签购单, 银发[2001]77号) for sale, void, refund,
// pre-authorisation, completion and balance inquiry: merchant block, transaction elements, remarks, and on
// the merchant copy the signature area and the cardholder agreement. 1–3 copies, each named top right.

import type { SlipChip, SlipTransaction } from "./slip-data.js";
import { maskPan } from "../card/pan.js";
import { asciiBytes, formatAmount, formatDate, formatDateTime, isCredit } from "./slip-format.js";
import { CARD_TYPE_NAMES, COPY_NAMES, ENTRY_MODE_LETTERS, SLIP_LABELS as L, TRANSACTION_TYPE_NAMES } from "./slip-labels.js";
import { alignRight } from "../printer/text-layout.js";
import { DEFAULT_SLIP_PRINTER, SlipWriter, type SlipPrinter } from "./slip-writer.js";

export type CopyNumber = 1 | 2 | 3;

export interface TransactionSlipOptions {
	/** Which copy: 1 merchant, 2 cardholder, 3 bank. */
	readonly copy: CopyNumber;
	/** A reprint from the journal: marked as such on the slip. */
	readonly reprint?: boolean;
	readonly printer?: SlipPrinter;
}

/** The QR payload: the identifiers that find the transaction again (terminal, batch, voucher, reference). */
export function slipQrPayload(tx: SlipTransaction): string {
	return `POSTERM:${tx.merchant.terminalNo}:${tx.batchNo}:${tx.voucherNo}:${tx.referenceNo}`;
}

/** One copy of a transaction slip as ESC/POS bytes. */
export function transactionSlip(tx: SlipTransaction, options: TransactionSlipOptions): Uint8Array {
	const printer = options.printer ?? DEFAULT_SLIP_PRINTER;
	return slipCopy(tx, options.copy, printer, slipBody(tx, printer, options.reprint));
}

/**
 * Each copy's head: the slip's initialisation, the title and the copy's name flush right. Constant bytes,
 * composed once when the module is loaded (at build time where it is preloaded).
 */
const COPY_HEADS: readonly Uint8Array[] = COPY_NAMES.map(([copyZh, copyEn]) => {
	const w = new SlipWriter().title(L.salesSlip[0], L.salesSlip[1]);
	for (const line of [...alignRight(copyZh), ...alignRight(copyEn)]) w.line(line);
	return w.encoder.bytes();
});

/** The merchant copy's signature area (or its waiver) and the cardholder agreement: constant bytes as above. */
const MERCHANT_TAILS = {
	signed: merchantTail(false),
	waived: merchantTail(true),
} as const;

function merchantTail(signatureWaived: boolean): Uint8Array {
	const w = SlipWriter.fragment();
	if (signatureWaived) w.line().line(L.signatureWaived[0]).line(L.signatureWaived[1]).rule();
	else w.line().line(L.signature[0]).line(L.signature[1]).line().line().line().rule();
	return w.line(L.agreement[0]).line(L.agreement[1]).encoder.bytes();
}

/**
 * The copy's own lines around the body every copy shares: its head, then after the body the merchant copy's
 * signature area and agreement, and the QR code (or CODE128) of the reference.
 */
function slipCopy(tx: SlipTransaction, copy: CopyNumber, printer: SlipPrinter, body: Uint8Array): Uint8Array {
	const w = SlipWriter.fragment();
	w.encoder.raw(COPY_HEADS[copy - 1]!).raw(body);
	if (copy === 1 && tx.type !== "balance") w.encoder.raw(tx.signatureWaived ? MERCHANT_TAILS.waived : MERCHANT_TAILS.signed);
	w.line();
	w.encoder.align("centre");
	if (printer.qrCode) w.encoder.qrCode(asciiBytes(slipQrPayload(tx)), { moduleDots: 4, errorCorrection: "M" });
	else w.encoder.barcode128(tx.referenceNo, { heightDots: 64, moduleDots: 2 });
	w.encoder.align("left");
	return w.end(printer);
}

/** What every copy prints alike, from the first rule to the remarks and IC data: composed once for all copies. */
function slipBody(tx: SlipTransaction, printer: SlipPrinter, reprint: boolean | undefined): Uint8Array {
	const offset = printer.utcOffsetMinutes;
	const w = SlipWriter.fragment();
	w.rule()
		.field(L.merchantName, tx.merchant.name)
		.field(L.merchantNo, tx.merchant.merchantNo)
		.field(L.terminalNo, tx.merchant.terminalNo)
		.field(L.operator, tx.operator)
		.rule()
		.field(L.issuer, tx.issuer)
		.field(L.acquirer, tx.acquirer)
		.field(L.cardNumber, `${maskPan(tx.cardNumber)} /${ENTRY_MODE_LETTERS[tx.entryMode]}`)
		.field(L.expiry, tx.expiry)
		.field(L.cardType, tx.cardType && CARD_TYPE_NAMES[tx.cardType])
		.emphasised(L.transType, TRANSACTION_TYPE_NAMES[tx.type])
		.field(L.batchNo, tx.batchNo)
		.field(L.voucherNo, tx.voucherNo)
		.field(L.authNo, tx.authCode)
		.field(L.referenceNo, tx.referenceNo)
		.field(L.dateTime, formatDateTime(tx.dateTimeMs, offset));
	if (tx.type === "balance") {
		if (tx.balance !== undefined) w.emphasised(L.balance, formatAmount(tx.balance));
	} else {
		const negative = isCredit(tx.type);
		w.emphasised(L.amount, formatAmount(tx.amount, negative));
		if (tx.tips !== undefined)
			w.field(L.tips, formatAmount(tx.tips, negative)).field(L.total, formatAmount(tx.amount + tx.tips, negative));
	}
	w.rule().line(L.reference);
	if (reprint) w.line(L.reprint);
	const original = tx.original;
	if (original) {
		w.field(L.originalVoucher, original.voucherNo)
			.field(L.originalAuth, original.authCode)
			.field(L.originalReference, original.referenceNo)
			.field(L.originalDate, original.dateTimeMs === undefined ? undefined : formatDate(original.dateTimeMs, offset));
	}
	if (tx.remarks) w.line(tx.remarks);
	if (tx.chip) chipLines(w, tx.chip);
	return w.encoder.bytes();
}

/** The IC data, two items a line where they fit the 32 columns (the AID, up to 16 bytes, wraps alone). */
function chipLines(w: SlipWriter, chip: SlipChip): void {
	w.line(`${chip.cryptogramType}:${chip.cryptogram}`)
		.line(`${L.chipTvr}${chip.tvr} ${L.chipTsi}${chip.tsi}`)
		.line(`${L.chipAid}${chip.aid}`)
		.line(`${L.chipAtc}${chip.atc} ${L.chipUnpredictable}${chip.unpredictableNumber}`)
		.line(`${L.chipAip}${chip.aip} ${L.chipLabel}${chip.label}`);
}

/**
 * Copies 1…count of a slip (count 1–3), one byte array each, so the driver can pause between them; the body
 * they share is composed once.
 */
export function transactionSlipCopies(
	tx: SlipTransaction,
	count: number,
	options: Omit<TransactionSlipOptions, "copy"> = {},
): Uint8Array[] {
	if (!(count >= 1 && count <= 3 && Number.isInteger(count))) throw new RangeError(`copies must be 1–3, got ${count}`);
	const printer = options.printer ?? DEFAULT_SLIP_PRINTER;
	const body = slipBody(tx, printer, options.reprint);
	const copies: Uint8Array[] = [];
	for (let copy = 1; copy <= count; copy++) copies.push(slipCopy(tx, copy as CopyNumber, printer, body));
	return copies;
}
