// The Node versions the project states (package.json "engines") are versions every locked dependency
// accepts, so `npm install` on any of them prints no EBADENGINE warning (issue 17 item 13). Ranges are read
// with the small subset of node-semver's grammar the lock uses: `||`, `>=`, `>`, `<`, `<=`, `^`, and
// partial versions (`20`, `20.9`); `*` and an empty range admit everything.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../host-sim/tools/xs.js";

type Version = readonly [number, number, number];

function compare(a: Version, b: Version): number {
	return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** `20.9` → [20, 9, 0] and the number of parts given (2). */
function partial(text: string): { version: Version; parts: number } {
	const parts = text
		.replace(/^v/, "")
		.split(".")
		.filter((p) => p !== "" && p !== "x");
	if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) throw new RangeError(`not a version: "${text}"`);
	const n = parts.map(Number);
	return { version: [n[0]!, n[1] ?? 0, n[2] ?? 0], parts: parts.length };
}

function admitsComparator(comparator: string, v: Version): boolean {
	const m = /^(>=|<=|>|<|\^|~|=)?(.+)$/.exec(comparator)!;
	const { version: bound, parts } = partial(m[2]!);
	const next: Version = parts === 1 || (m[1] === "^" && bound[0] > 0) ? [bound[0] + 1, 0, 0] : [bound[0], bound[1] + 1, 0];
	switch (m[1]) {
		case ">=":
			return compare(v, bound) >= 0;
		case ">":
			return compare(v, bound) > 0;
		case "<":
			return compare(v, bound) < 0;
		case "<=":
			return compare(v, bound) <= 0;
		case "^":
		case "~":
			return compare(v, bound) >= 0 && compare(v, next) < 0;
		default:
			return parts === 3 ? compare(v, bound) === 0 : compare(v, bound) >= 0 && compare(v, next) < 0;
	}
}

export function admits(range: string, version: string): boolean {
	const v = partial(version).version;
	return range.split("||").some((set) => {
		const comparators = set
			.replace(/(>=|<=|>|<|\^|~|=)\s+/g, "$1")
			.trim()
			.split(/\s+/)
			.filter((c) => c !== "" && c !== "*");
		return comparators.every((c) => admitsComparator(c, v));
	});
}

/** The lowest version of each `||` alternative of a range such as "^20.19.0 || >=22.12.0". */
function lowerBounds(range: string): string[] {
	return range.split("||").map((set) => set.trim().replace(/^(>=|\^|~)\s*/, ""));
}

describe("Node versions (package.json engines)", () => {
	const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { engines: { node: string } };
	const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
		packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }>;
	};

	it("reads ranges as npm does for the forms the lock holds", () => {
		assert.equal(admits(">=22", "20.20.2"), false);
		assert.equal(admits(">= 20.19.0", "20.19.0"), true);
		assert.equal(admits("^20.9 || ^22.11", "21.0.0"), false);
		assert.equal(admits("^20.9 || ^22.11", "22.12.0"), true);
		assert.equal(admits("20 || >=22", "20.19.0"), true);
		assert.equal(admits("20 || >=22", "21.1.0"), false);
		assert.equal(admits("^18 || ^20 || >= 21", "23.0.0"), true);
		assert.equal(admits("*", "20.19.0"), true);
	});

	it("every locked dependency accepts the oldest Node of each range the project states, and this Node is one", () => {
		const oldest = lowerBounds(pkg.engines.node);
		assert.ok(admits(pkg.engines.node, process.versions.node), `this Node ${process.versions.node} is outside ${pkg.engines.node}`);
		const refusing: string[] = [];
		for (const [path, entry] of Object.entries(lock.packages)) {
			const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
			if (path === "" || range === undefined) continue;
			for (const node of oldest) if (!admits(range, node)) refusing.push(`${path} (${range}) refuses Node ${node}`);
		}
		assert.deepEqual(refusing, []);
	});
});
