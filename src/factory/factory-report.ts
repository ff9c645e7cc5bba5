// The factory report (docs/factory-mode.md §7): identity, build, the latest result of every test, and the
// verdict. It is kept on the unit (factory-records.ts), returned by REPORT and after RUN ALL.

import type { TestResult } from "./test-result.js";

export type Verdict = "PASS" | "FAIL";

export interface FactoryReport {
	readonly serial: string | null;
	readonly station: string | null;
	readonly operator: string | null;
	/** RTC time of the last result, ms since the epoch (UTC); the jig sets the RTC in the clock test. */
	readonly timestamp: number;
	readonly fw: string;
	readonly git: string;
	readonly build: string;
	/** The latest result of each test, in the default order. */
	readonly results: readonly TestResult[];
	/** Every test of the default order has a result. */
	readonly complete: boolean;
	/** PASS only if every non-SKIP result passed. */
	readonly verdict: Verdict;
}

export function verdictOf(results: readonly TestResult[]): Verdict {
	return results.every((r) => r.status === "PASS" || r.status === "SKIP") ? "PASS" : "FAIL";
}

/** LOCK is allowed only on a complete report with a PASS verdict. */
export function readyToLock(report: FactoryReport | undefined): boolean {
	return report !== undefined && report.complete && report.verdict === "PASS";
}
