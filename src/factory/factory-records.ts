// What factory mode keeps in the record store: the serial number (write-once), the production lock
// (write-once; docs/factory-mode.md §7), and the last report, one record per test result so that each stays
// far below the record size limit. Every change is one atomic commit.

import type { RecordStore, StorageError } from "../../hal/storage.js";
import { err, ok, type Result } from "../../hal/result.js";
import { utf8Decode, utf8Encode } from "../text/utf8.js";
import type { FactoryReport } from "./factory-report.js";
import type { TestResult } from "./test-result.js";

const SERIAL = "factory.serial";
const LOCK = "factory.locked";
const REPORT = "factory.report";
const RESULT_PREFIX = "factory.result.";
const LOCKED = 0x4c; // "L"

export type RecordError = { readonly kind: "already-set"; readonly value: string } | StorageError;

export function readSerial(records: RecordStore): string | undefined {
	const bytes = records.get(SERIAL);
	return bytes === undefined ? undefined : utf8Decode(bytes);
}

export function writeSerial(records: RecordStore, serial: string): Result<void, RecordError> {
	const existing = readSerial(records);
	if (existing !== undefined) return err({ kind: "already-set", value: existing });
	return commitAll(records, [[SERIAL, utf8Encode(serial)]]);
}

export function isLocked(records: RecordStore): boolean {
	return records.get(LOCK) !== undefined;
}

export function writeLock(records: RecordStore): Result<void, RecordError> {
	if (isLocked(records)) return err({ kind: "already-set", value: "locked" });
	return commitAll(records, [[LOCK, Uint8Array.of(LOCKED)]]);
}

export function writeReport(records: RecordStore, report: FactoryReport): Result<void, RecordError> {
	const { results, ...head } = report;
	const writes: [string, Uint8Array][] = [[REPORT, utf8Encode(JSON.stringify({ ...head, tests: results.map((r) => r.test) }))]];
	for (const result of results) writes.push([RESULT_PREFIX + result.test, utf8Encode(JSON.stringify(result))]);
	for (const name of records.names())
		if (name.startsWith(RESULT_PREFIX) && !results.some((r) => RESULT_PREFIX + r.test === name)) records.delete(name);
	return commitAll(records, writes);
}

/** The stored report; undefined when there is none or it does not read back whole. */
export function readReport(records: RecordStore): FactoryReport | undefined {
	const head = parseRecord(records, REPORT) as (Omit<FactoryReport, "results"> & { tests?: unknown }) | undefined;
	if (head === undefined || !Array.isArray(head.tests)) return undefined;
	const results: TestResult[] = [];
	for (const test of head.tests) {
		const result = parseRecord(records, RESULT_PREFIX + String(test)) as TestResult | undefined;
		if (result === undefined) return undefined;
		results.push(result);
	}
	const { tests: _tests, ...rest } = head;
	return { ...rest, results };
}

/** Names FACTORY_RESET keeps: the identity and the last report. */
export function isKeptOnReset(name: string): boolean {
	return name === SERIAL || name === LOCK || name === REPORT || name.startsWith(RESULT_PREFIX);
}

function parseRecord(records: RecordStore, name: string): unknown {
	const bytes = records.get(name);
	const text = bytes === undefined ? undefined : utf8Decode(bytes);
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function commitAll(records: RecordStore, writes: readonly (readonly [string, Uint8Array])[]): Result<void, RecordError> {
	for (const [name, value] of writes) {
		const staged = records.set(name, value);
		if (!staged.ok) {
			records.rollback();
			return staged;
		}
	}
	const committed = records.commit();
	if (!committed.ok) records.rollback();
	return committed.ok ? ok() : committed;
}
