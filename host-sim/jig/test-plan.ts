// A station's test plan (a JSON file, see plans/default-plan.json): which tests to run, with parameters
// and limits. Tests the unit lists but the plan omits are run with `skip`, so the stored report is
// complete. Platform-free.

import type { Limits } from "../../src/factory/test-result.js";

export interface PlanTest {
	readonly test: string;
	readonly params?: Readonly<Record<string, unknown>>;
	readonly limits?: Limits;
}

export interface TestPlan {
	readonly name: string;
	readonly tests: readonly PlanTest[];
	/** Lock the unit for production after a PASS. */
	readonly lock?: boolean;
}

export class PlanError extends Error {
	override name = "PlanError";
}

function isLimit(value: unknown): boolean {
	if (typeof value !== "object" || value === null) return false;
	const { low, high } = value as { low?: unknown; high?: unknown };
	return (low === null || typeof low === "number") && (high === null || typeof high === "number");
}

/** Checks a parsed plan file; throws PlanError naming the first problem. */
export function parsePlan(value: unknown): TestPlan {
	if (typeof value !== "object" || value === null) throw new PlanError("a plan is a JSON object");
	const { name, tests, lock } = value as Record<string, unknown>;
	if (typeof name !== "string" || name === "") throw new PlanError("plan.name must be a non-empty string");
	if (!Array.isArray(tests) || tests.length === 0) throw new PlanError("plan.tests must be a non-empty array");
	if (lock !== undefined && typeof lock !== "boolean") throw new PlanError("plan.lock must be a boolean");
	const seen = new Set<string>();
	tests.forEach((entry: unknown, i) => {
		if (typeof entry !== "object" || entry === null) throw new PlanError(`plan.tests[${i}] must be an object`);
		const { test, params, limits } = entry as Record<string, unknown>;
		if (typeof test !== "string" || test === "") throw new PlanError(`plan.tests[${i}].test must be a test id`);
		if (seen.has(test)) throw new PlanError(`plan.tests[${i}]: ${test} appears twice`);
		seen.add(test);
		if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params)))
			throw new PlanError(`plan.tests[${i}].params must be an object`);
		if (limits !== undefined) {
			if (typeof limits !== "object" || limits === null) throw new PlanError(`plan.tests[${i}].limits must be an object`);
			for (const [measurement, limit] of Object.entries(limits))
				if (!isLimit(limit)) throw new PlanError(`plan.tests[${i}].limits.${measurement} needs numeric or null low and high`);
		}
	});
	return value as TestPlan;
}
