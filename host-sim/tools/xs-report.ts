// Reads what test/xs/runner.ts printed in xsnap and decides the XS run's outcome. XS prints nothing when
// a module fails to resolve, so silence is a failure: every test the Node run expected must appear.

export interface XsRunReport {
	/** "file :: full title" → passed */
	readonly results: Map<string, boolean>;
	/** Failures that are not a test's own: modules that did not load, missing tests, an unfinished run. */
	readonly problems: readonly string[];
	/** Failure messages of failed tests, by key. */
	readonly messages: Map<string, string>;
	readonly passed: number;
	readonly failed: number;
}

export const testKey = (file: string, title: string): string => `${file} :: ${title}`;

export function interpretXsRun(stdout: string, exit: { code: number; stderr: string }, expected?: ReadonlySet<string>): XsRunReport {
	const results = new Map<string, boolean>();
	const messages = new Map<string, string>();
	const problems: string[] = [];
	let finished = false;
	for (const row of stdout.split("\n")) {
		const [status, file = "", title = "", detail = ""] = row.split("\t");
		if (status === "ok" || status === "not ok") {
			const k = testKey(file, title);
			if (results.has(k)) problems.push(`ran twice in XS: ${k}`);
			results.set(k, status === "ok");
			if (detail) messages.set(k, detail);
		} else if (status === "load failed" || status === "hook failed") {
			problems.push(`${status}: ${file}: ${[title, detail].filter(Boolean).join(": ")}`);
		} else if (/^xs: \d+ passed, \d+ failed$/.test(row ?? "")) {
			finished = true;
		}
	}
	if (!finished) problems.push(`the XS run did not finish (exit ${exit.code}); stderr: ${exit.stderr.trim() || "(empty)"}`);
	if (expected) {
		for (const k of expected) if (!results.has(k)) problems.push(`did not run in XS: ${k}`);
		for (const k of results.keys()) if (!expected.has(k)) problems.push(`ran in XS but not in Node: ${k}`);
	}
	const passed = [...results.values()].filter((ok) => ok).length;
	return { results, messages, problems, passed, failed: results.size - passed + problems.length };
}
