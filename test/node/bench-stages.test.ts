// The bench's stages (the firmware's segments only) and allocation counts (XS's heap counters under gdb), on
// real xsnap runs of a small module, and the tables made of them.

import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { countInstructions, measuredLines } from "../../host-sim/tools/instruction-count.js";
import { allocationTables, runCountingHeap } from "../../host-sim/tools/xs-alloc.js";
import { compileForXs, compiledImportPath, repoRoot, runXsModule, writeEntry, xsBuildDir } from "../../host-sim/tools/xs.js";

async function fixture(name: string, body: string): Promise<string> {
	await compileForXs();
	const entry = join(xsBuildDir, `fixtures/${name}.js`);
	const benchApi = compiledImportPath(join(repoRoot, "test/xs/bench.ts"), entry);
	writeEntry(
		`fixtures/${name}.js`,
		`import { bench, outsideFirmware, insideFirmware } from ${JSON.stringify(benchApi)};
const work = (n) => { let s = 0; for (let i = 0; i < n; i++) s = (s + i * i) % 65521; return s; };
${body}
print("bench done");
`,
	);
	return entry;
}

const STAGES = `
const alone = bench.measure("firmware alone", 1, () => work(20000));
const stage = await bench.stage("firmware with a simulated part", async () => {
	work(10000);
	outsideFirmware(() => {
		work(200000);
		insideFirmware(() => work(10000));
		work(200000);
	});
	await Promise.resolve();
});
bench.total("both", [stage, stage]);
`;

describe("the bench's stages and allocation counts", () => {
	it("counts a stage's firmware segments and leaves out what runs outside the firmware", async function () {
		this.timeout(120_000);
		const entry = await fixture("bench-stages", STAGES);
		const run = await runXsModule(entry);
		const [alone, stage, both] = measuredLines(run.stdout);
		// 20,000 rounds in the firmware either way; the 400,000 outside are not counted.
		const ratio = stage!.meterPerOp / alone!.meterPerOp;
		assert.ok(ratio > 0.95 && ratio < 1.1, `ratio ${ratio}`);
		assert.equal(stage!.dumps!.length, 3, "three firmware segments: before, inside, after the simulated part");
		assert.equal(both!.meterPerOp, 2 * stage!.meterPerOp);
		assert.deepEqual(both!.dumps, [...stage!.dumps!, ...stage!.dumps!]);
	});

	it("sums the stage's dumps under valgrind", async function () {
		if (spawnSync("valgrind", ["--version"]).status !== 0) this.skip();
		this.timeout(180_000);
		const entry = await fixture("bench-stages", STAGES);
		const { rows } = await countInstructions(entry);
		const ratio = rows[1]!.instructionsPerOp / rows[0]!.instructionsPerOp;
		assert.ok(ratio > 0.9 && ratio < 1.15, `ratio ${ratio}`);
	});

	it("counts the slots and chunk bytes each marked call allocates, and the collections of a stage", async function () {
		if (spawnSync("gdb", ["--version"]).status !== 0) this.skip();
		this.timeout(300_000);
		const entry = await fixture(
			"bench-allocation",
			`const kept = [];
bench.allocation("nothing", 4, () => work(100), { budgeted: true });
bench.allocation("ten objects and a 4 KiB buffer", 4, () => { for (let i = 0; i < 10; i++) kept.push({ i }); kept.push(new Uint8Array(4096)); }, { budgeted: true });
bench.allocation("the same, host's reference", 4, () => { for (let i = 0; i < 10; i++) kept.push({ i }); kept.push(new Uint8Array(4096)); });
await bench.stage("two collections", async () => { gc(); gc(); });
`,
		);
		const { stdout, counters } = await runCountingHeap(entry);
		const { allocations, collections, over } = allocationTables(stdout, counters);
		const [nothing, objects, reference] = allocations;
		assert.equal(nothing!["slots/call (max)"], 0);
		assert.equal(nothing!["chunk bytes/call (max)"], 0);
		assert.equal(nothing!.verdict, "within");
		// Each object is at least two slots (the instance and its property), the array grows in chunks.
		assert.ok(Number(objects!["slots/call (mean)"]) >= 20, JSON.stringify(objects));
		assert.ok(Number(objects!["chunk bytes/call (mean)"]) >= 4096, JSON.stringify(objects));
		assert.equal(objects!.verdict, "OVER");
		// Without a budget the same allocation is measured and not counted over.
		assert.ok(Number(reference!["chunk bytes/call (mean)"]) >= 4096, JSON.stringify(reference));
		assert.equal(reference!.verdict, "no budget");
		assert.equal(over, 1);
		assert.deepEqual(collections, [{ stage: "two collections", "garbage collections": 2 }]);
	});
});
