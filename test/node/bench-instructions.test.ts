import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
	budgetVerdict,
	callgrindInstructions,
	CYCLES_PER_X86_INSTRUCTION,
	esp32s3Ms,
	instructionsPerOp,
} from "../../host-sim/tools/device-estimate.js";
import { countInstructions, instructionRow, measuredLines } from "../../host-sim/tools/instruction-count.js";
import { compileForXs, compiledImportPath, repoRoot, writeEntry, xsBuildDir } from "../../host-sim/tools/xs.js";
import { loopIterations } from "../xs/bench.js";

describe("the bench's instruction counts and budgets", () => {
	it("divides a loop's instructions by its iterations", () => {
		assert.equal(instructionsPerOp(1_000_000, 4), 250_000);
		assert.equal(instructionsPerOp(10, 3), 3);
		assert.throws(() => instructionsPerOp(100, 0), RangeError);
		assert.throws(() => instructionsPerOp(100, 1.5), RangeError);
	});

	it("estimates ESP32-S3 milliseconds as instructions × k ÷ 240 MHz", () => {
		assert.equal(esp32s3Ms(240_000), CYCLES_PER_X86_INSTRUCTION);
		assert.equal(esp32s3Ms(120_000_000), 500 * CYCLES_PER_X86_INSTRUCTION);
	});

	it("meets a budget at or under it, not over it, and says when there is none", () => {
		assert.equal(budgetVerdict(15, 15), "within");
		assert.equal(budgetVerdict(15.01, 15), "OVER");
		assert.equal(budgetVerdict(1e9, undefined), "no budget");
	});

	it("reads the instruction total of a callgrind dump", () => {
		assert.equal(callgrindInstructions("version: 1\nevents: Ir\nsummary: 1718655854\n\ntotals: 1718655854\n"), 1718655854);
		assert.equal(callgrindInstructions("events: Ir\ntotals: 42\n"), 42);
		assert.throws(() => callgrindInstructions("events: Ir\n"), /no summary/);
	});

	it("turns a measured line and its dump into a row with estimate and verdict", () => {
		const [line] = measuredLines('note\tx\nmeasured\t{"name":"key","iterations":4,"meterPerOp":9,"dump":6,"budgetMs":15}\n');
		const row = instructionRow(line!, 4 * 100_000_000);
		assert.equal(row.instructionsPerOp, 100_000_000);
		assert.equal(row.estimateMs, esp32s3Ms(100_000_000));
		assert.equal(row.budgetMs, 15);
		assert.equal(row.verdict, "OVER");
		assert.equal(instructionRow(line!, 4 * 100).verdict, "within");
	});

	it("shortens a loop to the meter target under valgrind, never below one call nor above the declared count", () => {
		assert.equal(loopIterations(2000, 217_000, undefined), 2000);
		assert.equal(loopIterations(2000, 217_000, 20_000_000), 93);
		assert.equal(loopIterations(5, 8_500_000, 20_000_000), 3);
		assert.equal(loopIterations(5, 80_000_000, 20_000_000), 1);
		assert.equal(loopIterations(10, 0, 20_000_000), 10);
	});

	it("counts only the measured loop, the same on every run, in proportion to the work", async function () {
		if (spawnSync("valgrind", ["--version"]).status !== 0) this.skip();
		this.timeout(120_000);
		await compileForXs();
		const entry = join(xsBuildDir, "fixtures/bench-instructions.js");
		const benchApi = compiledImportPath(join(repoRoot, "test/xs/bench.ts"), entry);
		writeEntry(
			"fixtures/bench-instructions.js",
			`import { bench } from ${JSON.stringify(benchApi)};
const work = (n) => { let s = 0; for (let i = 0; i < n; i++) s = (s + i * i) % 65521; return s; };
const setup = work(200000);
bench.measure("one unit", 10, () => work(2000), { budgetMs: 1000 });
bench.measure("three units", 10, () => work(6000));
print("bench done", setup);
`,
		);
		const first = await countInstructions(entry);
		const second = await countInstructions(entry);
		assert.deepEqual(
			second.rows.map((r) => r.instructionsPerOp),
			first.rows.map((r) => r.instructionsPerOp),
		);
		const [one, three] = first.rows;
		assert.equal(one!.verdict, "within");
		assert.equal(three!.verdict, "no budget");
		// The setup (100 units) is outside both loops: three units cost about three times one.
		const ratio = three!.instructionsPerOp / one!.instructionsPerOp;
		assert.ok(ratio > 2.8 && ratio < 3.2, `ratio ${ratio}`);
	});
});
