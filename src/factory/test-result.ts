// The result of one factory test (docs/factory-mode.md §3), shaped so a jig-side harness maps it onto an
// OpenHTF record: measurements with limits, a status, and a reason code.

export type TestStatus = "PASS" | "FAIL" | "SKIP" | "ERROR";

/** A reading. `low`/`high` are inclusive limits; null on both means informational (never fails). */
export interface Measurement {
	readonly name: string;
	readonly value: number;
	readonly unit: string;
	readonly low: number | null;
	readonly high: number | null;
}

export interface TestResult {
	readonly test: string;
	readonly status: TestStatus;
	readonly measurements: readonly Measurement[];
	readonly durationMs: number;
	/** 0 for PASS, otherwise the test's reason code (`STUCK_KEY`, `PAPER_OUT`, `TIMEOUT`…). */
	readonly code: 0 | string;
	/** What failed, for the operator (a key name, a pattern, a track); never card data or key material. */
	readonly detail?: string;
}

/** Limits the jig's plan may set per measurement name. */
export type Limits = Readonly<Record<string, { readonly low: number | null; readonly high: number | null }>>;

function withinLimits(m: Measurement): boolean {
	return (m.low === null || m.value >= m.low) && (m.high === null || m.value <= m.high);
}

/**
 * Collects a test's measurements, each with the code it fails with, and decides the outcome: FAIL
 * with the first out-of-limits measurement's code, or with an explicit functional failure.
 */
export class Outcome {
	readonly #limits: Limits;
	readonly measurements: Measurement[] = [];
	#failure: { code: string; detail: string | undefined } | undefined;
	#skip: string | undefined;

	constructor(limits: Limits = {}) {
		this.#limits = limits;
	}

	/** Records `value`; limits from the plan override the test's defaults. Returns whether it is within them. */
	measure(
		name: string,
		value: number,
		unit: string,
		low: number | null,
		high: number | null,
		failCode: string,
		detail?: string,
	): boolean {
		const override = this.#limits[name];
		const m: Measurement = { name, value, unit, low: override ? override.low : low, high: override ? override.high : high };
		this.measurements.push(m);
		const good = withinLimits(m);
		if (!good) this.fail(failCode, detail ?? name);
		return good;
	}

	/** An informational reading: no limits. */
	note(name: string, value: number, unit: string): void {
		this.measurements.push({ name, value, unit, low: null, high: null });
	}

	/** A functional check failed; the first failure's code is the test's code. */
	fail(code: string, detail?: string): void {
		this.#failure ??= { code, detail };
	}

	skip(reason: string): void {
		this.#skip = reason;
	}

	get failed(): boolean {
		return this.#failure !== undefined;
	}

	result(test: string, durationMs: number): TestResult {
		if (this.#failure) {
			const { code, detail } = this.#failure;
			return { test, status: "FAIL", measurements: this.measurements, durationMs, code, ...(detail === undefined ? {} : { detail }) };
		}
		if (this.#skip !== undefined)
			return { test, status: "SKIP", measurements: this.measurements, durationMs, code: "SKIPPED", detail: this.#skip };
		return { test, status: "PASS", measurements: this.measurements, durationMs, code: 0 };
	}
}

export function errorResult(test: string, code: string, durationMs: number, detail?: string): TestResult {
	return { test, status: "ERROR", measurements: [], durationMs, code, ...(detail === undefined ? {} : { detail }) };
}
