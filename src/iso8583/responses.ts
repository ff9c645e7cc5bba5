// Typed parsers for every response the terminal receives (the UnionPay terminal specification Q/CUP 006). They
// check presence and layout only; matching the request and the MAC is the host link's job.
//
//   parseFinancialResponse   0110 / 0210 / 0230 / 0410
//   parseSignInResponse      0810 (batch from 60.2, working keys from 62, host date/time from 12/13)
//   parseManagementResponse  0830 (sign-off, echo), 0330 (batch upload)
//   parseSettlementResponse  0510 (field 48 with the host's reconciliation codes)

import { err, ok, type Result } from "../../hal/result.js";
import {
	parseBalance,
	parseCardOrganisation,
	parseField60,
	type Balance,
	type CardOrganisation,
	type FieldFormatError,
} from "./composite-fields.js";
import { bytesField, textField, type IsoMessage } from "./iso-message.js";
import { isDigits, type BatchNumber, type Fen, type ResponseCode, type Stan } from "./iso-types.js";
import { parseSettlementTotals, type SettlementTotals } from "./settlement-fields.js";
import { parseSignInKeys, type SignInKeys } from "./sign-in-keys.js";

/** What every response carries: 39, 11, 41, 42. */
export interface ResponseCommon {
	readonly mti: string;
	readonly responseCode: ResponseCode;
	readonly stan: Stan;
	readonly terminalId: string;
	readonly merchantId: string;
	/** Host local time hhmmss and date MMDD (12/13), when sent. */
	readonly time?: string;
	readonly date?: string;
}

export interface FinancialResponse extends ResponseCommon {
	readonly amount?: Fen;
	readonly rrn?: string;
	readonly authCode?: string;
	readonly settlementDate?: string;
	/** Acquiring institution: 44.2 when sent, else field 32. */
	readonly acquirer?: string;
	/** Issuing institution, 44.1. */
	readonly issuer?: string;
	readonly balance?: Balance;
	readonly cardOrganisation?: CardOrganisation;
	/** Field 55 of a chip transaction's answer: the issuer's data for the card (91, the 71/72 scripts). */
	readonly icc?: Uint8Array;
}

export interface SignInResponse extends ResponseCommon {
	readonly batch: BatchNumber;
	/** Present when the response code is 00. */
	readonly keys?: SignInKeys;
}

export interface SettlementResponse extends ResponseCommon {
	/** The host's view with reconciliation codes 1 balanced, 2 not balanced, 3 error. */
	readonly totals: SettlementTotals;
}

const missing = (field: number): Result<never, FieldFormatError> => err({ field, detail: "required field is missing" });

function common(message: IsoMessage): Result<ResponseCommon, FieldFormatError> {
	const responseCode = textField(message, 39);
	if (responseCode === undefined) return missing(39);
	const stan = textField(message, 11);
	if (stan === undefined) return missing(11);
	const terminalId = textField(message, 41);
	if (terminalId === undefined) return missing(41);
	const merchantId = textField(message, 42);
	if (merchantId === undefined) return missing(42);
	const time = textField(message, 12),
		date = textField(message, 13);
	return ok({
		mti: message.mti,
		responseCode,
		stan: Number(stan),
		terminalId,
		merchantId,
		...(time ? { time } : {}),
		...(date ? { date } : {}),
	});
}

export function parseFinancialResponse(message: IsoMessage): Result<FinancialResponse, FieldFormatError> {
	const base = common(message);
	if (!base.ok) return base;
	const out: { -readonly [K in keyof FinancialResponse]: FinancialResponse[K] } = { ...base.value };
	const amount = textField(message, 4);
	if (amount !== undefined) out.amount = Number(amount);
	const rrn = textField(message, 37);
	if (rrn !== undefined) out.rrn = rrn;
	const authCode = textField(message, 38);
	if (authCode !== undefined) out.authCode = authCode;
	const settlementDate = textField(message, 15);
	if (settlementDate !== undefined) out.settlementDate = settlementDate;
	const acquirer = textField(message, 32);
	if (acquirer !== undefined) out.acquirer = acquirer;
	// Field 44 (Q/CUP 006): 44.1 issuer ID an11, 44.2 acquirer ID an11, left-aligned, space-padded.
	const additional = textField(message, 44);
	if (additional !== undefined) {
		const issuer = additional.slice(0, 11).trim(),
			acquirer44 = additional.slice(11, 22).trim();
		if (issuer) out.issuer = issuer;
		if (acquirer44) out.acquirer = acquirer44;
	}
	const balance = textField(message, 54);
	if (balance !== undefined) {
		const parsed = parseBalance(balance);
		if (!parsed.ok) return parsed;
		out.balance = parsed.value;
	}
	const organisation = textField(message, 63);
	if (organisation !== undefined) {
		const parsed = parseCardOrganisation(organisation);
		if (!parsed.ok) return parsed;
		out.cardOrganisation = parsed.value;
	}
	const icc = bytesField(message, 55);
	if (icc !== undefined) out.icc = icc;
	return ok(out);
}

export function parseSignInResponse(message: IsoMessage): Result<SignInResponse, FieldFormatError> {
	const base = common(message);
	if (!base.ok) return base;
	const field60 = textField(message, 60);
	if (field60 === undefined) return missing(60);
	const parsed60 = parseField60(field60);
	if (!parsed60.ok) return parsed60;
	if (base.value.responseCode !== "00") return ok({ ...base.value, batch: parsed60.value.batch });
	const field62 = bytesField(message, 62);
	if (field62 === undefined) return missing(62);
	const keys = parseSignInKeys(field62);
	if (!keys.ok) return keys;
	if (base.value.time !== undefined && !isDigits(base.value.time, 6)) return err({ field: 12, detail: "time is not hhmmss" });
	return ok({ ...base.value, batch: parsed60.value.batch, keys: keys.value });
}

export function parseManagementResponse(message: IsoMessage): Result<ResponseCommon, FieldFormatError> {
	return common(message);
}

export function parseSettlementResponse(message: IsoMessage): Result<SettlementResponse, FieldFormatError> {
	const base = common(message);
	if (!base.ok) return base;
	const field48 = textField(message, 48);
	if (field48 === undefined) return missing(48);
	const totals = parseSettlementTotals(field48);
	if (!totals.ok) return totals;
	return ok({ ...base.value, totals: totals.value });
}
