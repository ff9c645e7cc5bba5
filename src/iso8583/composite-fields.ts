// Typed forms of the composite fields 53, 54, 60, 61 and 63 (the UnionPay terminal specification Q/CUP 006).
// `format…` turns a structure into the field's wire value; `parse…` validates a received value into one.

import { err, ok, type Result } from "../../hal/result.js";
import { isDigits, fixedDigits, type BatchNumber, type Fen, type Stan } from "./iso-types.js";

/** A sub-field that breaks its layout; `field` is the ISO field number. */
export interface FieldFormatError {
	readonly field: number;
	readonly detail: string;
}

const bad = (field: number, detail: string): Result<never, FieldFormatError> => err({ field, detail });

// ---- Field 60: type code, batch, network-management code, read capability ----

export interface Field60 {
	/** 60.1 transaction type code, 2 digits ("22" sale, "00" management). */
	readonly type: string;
	/** 60.2 batch number. */
	readonly batch: BatchNumber;
	/** 60.3 network-management information code, 3 digits ("000" financial, "003" sign-in, …). */
	readonly networkCode: string;
	/** 60.4 terminal read capability (1 digit), 60.5 IC condition, 60.6 partial approval, 60.7 account type (3). */
	readonly readCapability?: string;
	readonly icCondition?: string;
	readonly partialApproval?: string;
	readonly accountType?: string;
	/**
	 * 60.8 (2 digits): the current CUP POS specifications fill field 60 to 19 digits; acquirers give these two
	 * digits their own meaning (e.g. the transaction channel), so they are carried as received.
	 */
	readonly reserved?: string;
}

const FIELD60_TAIL: readonly (readonly [keyof Field60, number])[] = [
	["readCapability", 1],
	["icCondition", 1],
	["partialApproval", 1],
	["accountType", 3],
	["reserved", 2],
];

export function formatField60(value: Field60): string {
	let s = value.type + fixedDigits(value.batch, 6, "batch") + value.networkCode;
	for (const [key, width] of FIELD60_TAIL) {
		const part = value[key] as string | undefined;
		if (part === undefined) break;
		if (!isDigits(part, width)) throw new RangeError(`60 ${key} "${part}" is not ${width} digits`);
		s += part;
	}
	if (!isDigits(value.type, 2) || !isDigits(value.networkCode, 3))
		throw new RangeError(`60.1 "${value.type}" / 60.3 "${value.networkCode}" are not 2 / 3 digits`);
	return s;
}

export function parseField60(value: string): Result<Field60, FieldFormatError> {
	if (!isDigits(value) || value.length < 8) return bad(60, `"${value}" is shorter than 60.1 + 60.2`);
	const out: Record<string, string | number> = {
		type: value.slice(0, 2),
		batch: Number(value.slice(2, 8)),
		networkCode: value.length >= 11 ? value.slice(8, 11) : "000",
	};
	if (value.length > 8 && value.length < 11) return bad(60, `60.3 is cut short (${value.length} digits)`);
	let at = 11;
	for (const [key, width] of FIELD60_TAIL) {
		if (at >= value.length) break;
		if (value.length < at + width) return bad(60, `60 ${key} is cut short`);
		out[key] = value.slice(at, at + width);
		at += width;
	}
	if (at !== value.length) return bad(60, `${value.length - at} digits after 60.8`);
	return ok(out as unknown as Field60);
}

// ---- Field 61: the original transaction ----

export interface Field61 {
	/** 61.1 original batch, 61.2 original STAN (0 when unknown, as in refunds), 61.3 original date MMDD. */
	readonly batch: BatchNumber;
	readonly stan: Stan;
	readonly date?: string;
}

export function formatField61(value: Field61): string {
	const date = value.date ?? "";
	if (date !== "" && !isDigits(date, 4)) throw new RangeError(`61.3 "${date}" is not MMDD`);
	return fixedDigits(value.batch, 6, "61.1 batch") + fixedDigits(value.stan, 6, "61.2 STAN") + date;
}

export function parseField61(value: string): Result<Field61, FieldFormatError> {
	if (!isDigits(value) || value.length < 12) return bad(61, `"${value}" is shorter than 61.1 + 61.2`);
	if (value.length !== 12 && value.length < 16) return bad(61, "61.3 is cut short");
	return ok({
		batch: Number(value.slice(0, 6)),
		stan: Number(value.slice(6, 12)),
		...(value.length >= 16 ? { date: value.slice(12, 16) } : {}),
	});
}

// ---- Field 53, security control ----

export interface SecurityControl {
	/** 53.1: 0 no PIN, 1 X9.8 without PAN, 2 X9.8 with PAN (ISO format 0). */
	readonly pinFormat: 0 | 1 | 2;
	/** 53.2: 0 single DES, 6 double-length TDES. */
	readonly algorithm: 0 | 6;
	/** 53.3: track data encrypted with the TDK. */
	readonly trackEncrypted: boolean;
}

export function formatSecurityControl(value: SecurityControl): string {
	return `${value.pinFormat}${value.algorithm}${value.trackEncrypted ? 1 : 0}0000000000000`;
}

export function parseSecurityControl(value: string): Result<SecurityControl, FieldFormatError> {
	if (!isDigits(value, 16)) return bad(53, `"${value}" is not 16 digits`);
	const pinFormat = Number(value[0]),
		algorithm = Number(value[1]),
		track = value[2];
	if (pinFormat > 2) return bad(53, `53.1 PIN format ${pinFormat} is not 0, 1 or 2`);
	if (algorithm !== 0 && algorithm !== 6) return bad(53, `53.2 algorithm ${algorithm} is not 0 or 6`);
	if (track !== "0" && track !== "1") return bad(53, `53.3 track encryption ${track} is not 0 or 1`);
	return ok({ pinFormat: pinFormat as 0 | 1 | 2, algorithm, trackEncrypted: track === "1" });
}

// ---- Field 54, balance ----

export interface Balance {
	/** Account type n2 and amount type n2 (e.g. "10" savings, "02" available balance). */
	readonly accountType: string;
	readonly amountType: string;
	/** ISO 4217 numeric currency, "156" for CNY. */
	readonly currency: string;
	/** Signed: sign 'D' (debit) makes it negative. */
	readonly amount: Fen;
}

export function formatBalance(value: Balance): string {
	const sign = value.amount < 0 ? "D" : "C";
	return value.accountType + value.amountType + value.currency + sign + fixedDigits(Math.abs(value.amount), 12, "balance");
}

export function parseBalance(value: string): Result<Balance, FieldFormatError> {
	if (value.length !== 20) return bad(54, `balance is ${value.length} characters, expected 20`);
	const sign = value[7];
	const numbers = value.slice(0, 7) + value.slice(8);
	if (!isDigits(numbers) || (sign !== "C" && sign !== "D")) return bad(54, `"${value}" is not n2 n2 n3 C/D n12`);
	const amount = Number(value.slice(8));
	return ok({
		accountType: value.slice(0, 2),
		amountType: value.slice(2, 4),
		currency: value.slice(4, 7),
		amount: sign === "D" ? -amount : amount,
	});
}

// ---- Field 63 ----

/** Request: the operator number, ans3 (e.g. "01 "). */
export function formatOperator(operator: string): string {
	if (operator.length > 3) throw new RangeError(`operator "${operator}" is longer than 3 characters`);
	return operator.padEnd(3, " ");
}

/** Response: 63.1 card organisation an3 ("CUP", "VIS", "MCC", …) and what follows it. */
export interface CardOrganisation {
	readonly organisation: string;
	/** true for CUP / 000: counted in the domestic totals of field 48. */
	readonly domestic: boolean;
	readonly rest: string;
}

export function parseCardOrganisation(value: string): Result<CardOrganisation, FieldFormatError> {
	if (value.length < 3) return bad(63, `63.1 needs 3 characters, got ${value.length}`);
	const organisation = value.slice(0, 3);
	return ok({ organisation, domestic: organisation === "CUP" || organisation === "000", rest: value.slice(3) });
}
