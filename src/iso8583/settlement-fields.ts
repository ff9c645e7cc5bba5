// Field 48 in settlement (0500/0510, n62 totals) and batch upload (0320: records, or the end count)
// (ISO 8583:1987 as the UnionPay terminal specification Q/CUP 006 fills field 48).

import { err, ok, type Result } from "../../hal/result.js";
import type { FieldFormatError } from "./composite-fields.js";
import { fixedDigits, isDigits, type Fen, type Stan } from "./iso-types.js";

export interface TotalsLine {
	readonly amount: Fen;
	readonly count: number;
}

/** 0 in a request; in the response 1 balanced, 2 not balanced, 3 error. */
export type Reconciliation = 0 | 1 | 2 | 3;

export interface CardClassTotals {
	/** Debits: sale, pre-auth completion. Credits: sale void, refund, completion void. */
	readonly debit: TotalsLine;
	readonly credit: TotalsLine;
	readonly reconciliation: Reconciliation;
}

export interface SettlementTotals {
	readonly domestic: CardClassTotals;
	readonly foreign: CardClassTotals;
}

export const EMPTY_TOTALS: SettlementTotals = {
	domestic: { debit: { amount: 0, count: 0 }, credit: { amount: 0, count: 0 }, reconciliation: 0 },
	foreign: { debit: { amount: 0, count: 0 }, credit: { amount: 0, count: 0 }, reconciliation: 0 },
};

const line = (l: TotalsLine) => fixedDigits(l.amount, 12, "total amount") + fixedDigits(l.count, 3, "total count");
const cardClass = (c: CardClassTotals) => line(c.debit) + line(c.credit) + String(c.reconciliation);

export function formatSettlementTotals(value: SettlementTotals): string {
	return cardClass(value.domestic) + cardClass(value.foreign);
}

function parseClass(s: string): Result<CardClassTotals, FieldFormatError> {
	const code = Number(s[30]);
	if (code > 3) return err({ field: 48, detail: `reconciliation code ${code} is not 0–3` });
	return ok({
		debit: { amount: Number(s.slice(0, 12)), count: Number(s.slice(12, 15)) },
		credit: { amount: Number(s.slice(15, 27)), count: Number(s.slice(27, 30)) },
		reconciliation: code as Reconciliation,
	});
}

export function parseSettlementTotals(value: string): Result<SettlementTotals, FieldFormatError> {
	if (!isDigits(value, 62)) return err({ field: 48, detail: `settlement totals must be 62 digits, got ${value.length}` }); // Q/CUP 006: n62, nothing else
	const domestic = parseClass(value.slice(0, 31));
	if (!domestic.ok) return domestic;
	const foreign = parseClass(value.slice(31));
	if (!foreign.ok) return foreign;
	return ok({ domestic: domestic.value, foreign: foreign.value });
}

// ---- Batch upload (0320, 60.3 = 201): count n2 + up to 8 records ----

export interface BatchUploadRecord {
	readonly domestic: boolean;
	readonly stan: Stan;
	readonly pan: string;
	readonly amount: Fen;
}

export const MAX_UPLOAD_RECORDS = 8;
const RECORD_DIGITS = 40;

export function formatBatchUpload(records: readonly BatchUploadRecord[]): string {
	if (records.length === 0 || records.length > MAX_UPLOAD_RECORDS)
		throw new RangeError(`a batch upload carries 1..8 records, got ${records.length}`);
	let s = fixedDigits(records.length, 2, "record count");
	for (const r of records) {
		if (!isDigits(r.pan) || r.pan.length > 20) throw new RangeError("PAN is not up to 20 digits");
		s += (r.domestic ? "01" : "02") + fixedDigits(r.stan, 6, "STAN") + r.pan.padStart(20, "0") + fixedDigits(r.amount, 12, "amount");
	}
	return s;
}

export function parseBatchUpload(value: string): Result<readonly BatchUploadRecord[], FieldFormatError> {
	const count = Number(value.slice(0, 2));
	if (!isDigits(value) || value.length < 2 || count < 1 || count > MAX_UPLOAD_RECORDS || value.length !== 2 + count * RECORD_DIGITS) {
		return err({ field: 48, detail: `batch upload must be n2 count (1–8) + 40 digits per record, got ${value.length} digits` });
	}
	const records: BatchUploadRecord[] = [];
	for (let i = 0; i < count; i++) {
		const r = value.slice(2 + i * RECORD_DIGITS, 2 + (i + 1) * RECORD_DIGITS);
		const org = r.slice(0, 2);
		if (org !== "01" && org !== "02") return err({ field: 48, detail: `record ${i + 1}: card organisation "${org}" is not 01 or 02` });
		records.push({
			domestic: org === "01",
			stan: Number(r.slice(2, 8)),
			pan: r.slice(8, 28).replace(/^0+/, ""),
			amount: Number(r.slice(28, 40)),
		});
	}
	return ok(records);
}

/** The batch-upload end message (60.3 = 207) carries the total record count, n4. */
export function formatUploadCount(total: number): string {
	return fixedDigits(total, 4, "upload count");
}

export function parseUploadCount(value: string): Result<number, FieldFormatError> {
	return isDigits(value, 4) ? ok(Number(value)) : err({ field: 48, detail: `upload count must be 4 digits, got "${value}"` });
}
