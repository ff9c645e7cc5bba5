import { strict as assert } from "node:assert";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileForXs, runXsModule, xsBuildDir } from "../../host-sim/tools/xs.js";
import { interpretXsRun, testKey } from "../../host-sim/tools/xs-report.js";

const done = { code: 0, stderr: "" };

describe("the XS test run fails loudly", () => {
	it("counts silence as a failure: XS prints nothing when a module does not resolve", () => {
		const report = interpretXsRun("", done, new Set([testKey("a.test.ts", "x works")]));
		assert.equal(report.passed, 0);
		assert.equal(report.failed, 2);
		assert.match(report.problems.join("\n"), /did not finish/);
		assert.match(report.problems.join("\n"), /did not run in XS: a.test.ts :: x works/);
	});

	it("fails a test that the Node run found but XS did not run", () => {
		const out = "ok\ta.test.ts\tx works\nxs: 1 passed, 0 failed\n";
		const report = interpretXsRun(out, done, new Set([testKey("a.test.ts", "x works"), testKey("a.test.ts", "y works")]));
		assert.equal(report.passed, 1);
		assert.equal(report.failed, 1);
		assert.deepEqual(report.problems, ["did not run in XS: a.test.ts :: y works"]);
	});

	it("passes only when every expected test ran and passed", () => {
		const out = "ok\ta.test.ts\tx works\nxs: 1 passed, 0 failed\n";
		const report = interpretXsRun(out, done, new Set([testKey("a.test.ts", "x works")]));
		assert.equal(report.failed, 0);
		assert.equal(report.passed, 1);
	});

	it("reports a module that fails to load in the real xsnap, naming it, and still runs the others", async () => {
		await compileForXs();
		const dir = join(xsBuildDir, "fixtures/loud");
		mkdirSync(dir, { recursive: true });
		writeFileSync(
			join(dir, "good.js"),
			`describe("good", () => { it("adds", () => { if (1 + 1 !== 2) throw new Error("math"); }); it("fails", () => { throw new Error("on purpose"); }); });\n`,
		);
		writeFileSync(
			join(dir, "broken.js"),
			`import "./does-not-exist.js";\ndescribe("broken", () => { it("never runs", () => {}); });\n`,
		);
		writeFileSync(
			join(dir, "entry.js"),
			`import { run } from "../../test/xs/runner.js";\nawait run([{ name: "broken.test.ts", path: "../../fixtures/loud/broken.js" }, { name: "good.test.ts", path: "../../fixtures/loud/good.js" }]);\n`,
		);
		const result = await runXsModule(join(dir, "entry.js"));
		const expected = new Set([
			testKey("good.test.ts", "good adds"),
			testKey("good.test.ts", "good fails"),
			testKey("broken.test.ts", "broken never runs"),
		]);
		const report = interpretXsRun(result.stdout, result, expected);
		assert.equal(report.results.get(testKey("good.test.ts", "good adds")), true);
		assert.equal(report.results.get(testKey("good.test.ts", "good fails")), false);
		assert.equal(report.messages.get(testKey("good.test.ts", "good fails")), "Error: on purpose");
		assert.match(report.problems.join("\n"), /load failed: broken\.test\.ts/);
		assert.match(report.problems.join("\n"), /did not run in XS: broken\.test\.ts :: broken never runs/);
		assert.equal(report.passed, 1);
		assert.equal(report.failed, 3);
	});
});
