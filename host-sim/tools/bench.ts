// `npm run bench [-- NAME…]`: runs test/bench/NAME.bench.ts (all of them by default) in the XS engine and
// prints their tables. Figures are XS meter units (deterministic) and wall time on this machine.
// `npm run bench -- --instructions [NAME…]` runs them under valgrind instead and prints, per operation, the
// instructions xsnap executed, the ESP32-S3 estimate and the budget; it exits 1 when an estimate is over.
// Some benchmarks also weigh RAM from xsnap heap snapshots (HEAP_MEASUREMENTS), with budgets, in both modes.
// A benchmark that marks calls with `bench.allocation` or measures stages is run once more under gdb for
// the slots and bytes those calls allocate and the collections each stage sees (xs-alloc.ts), in both modes.
// With --instructions it also measures the device's native crypto path (`native`, native-bench.ts) and its
// drawing with Poco (`poco`, poco-bench.ts) when the Moddable SDK is there.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CYCLES_PER_X86_INSTRUCTION, ESP32_S3_CLOCK_HZ } from "./device-estimate.js";
import { countInstructions, type InstructionRow } from "./instruction-count.js";
import { journalRamRows } from "./journal-ram.js";
import { allocationTables, allocationUnavailable, runCountingHeap } from "./xs-alloc.js";
import { NATIVE_BENCH, nativeBenchTable, nativeBenchUnavailable } from "./native-bench.js";
import { POCO_BENCH, pocoBenchTable } from "./poco-bench.js";
import { compileForXs, compiledImportPath, repoRoot, runXsModule, writeEntry, xsBuildDir } from "./xs.js";

type Row = Record<string, string | number>;

/** Under valgrind each measured loop is cut to about this many XS meter units (at least one call). */
const INSTRUCTION_MODE_METER_TARGET = 20_000_000;
/** Heap measurements run after a benchmark of the same name, in both modes (xsnap heap snapshots). */
const HEAP_MEASUREMENTS: Readonly<Record<string, () => Promise<{ rows: Row[]; over: number }>>> = {
	journal: journalRamRows,
};
/**
 * Left out of `--instructions` unless named: swipe's read-rate sweep (setup) takes ~5 min of CPU in xsnap alone,
 * swipe-stress's 30,000 swipes about 2 min of wall time; they measure read rates, not instructions.
 */
const TOO_SLOW_UNDER_VALGRIND = ["swipe", "swipe-stress"];

function formatTable(title: string, rows: readonly Row[]): string {
	if (rows.length === 0) return `${title}: (no rows)\n`;
	const columns = Object.keys(rows[0]!);
	const cells = rows.map((r) => columns.map((c) => String(r[c] ?? "")));
	const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
	const numeric = columns.map((c) => rows.every((r) => typeof r[c] === "number"));
	const fmt = (values: string[]) =>
		`| ${values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(" | ")} |`;
	const rule = `|${widths.map((w, i) => (numeric[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
	return `\n### ${title}\n\n${fmt(columns)}\n${rule}\n${cells.map(fmt).join("\n")}\n`;
}

function instructionTableRow(r: InstructionRow): Row {
	return {
		operation: r.name,
		iterations: r.iterations,
		"XS meter/op": r.meterPerOp,
		"instructions/op": r.instructionsPerOp,
		"ESP32-S3 ms (est.)": Math.round(r.estimateMs * 10) / 10,
		"budget ms": r.budgetMs ?? "",
		verdict: r.verdict,
	};
}

const available = readdirSync(join(repoRoot, "test/bench"))
	.filter((f) => f.endsWith(".bench.ts"))
	.map((f) => f.slice(0, -".bench.ts".length))
	.sort();
const instructions = process.argv.includes("--instructions");
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
/** Measured in Moddable's x-cli-lin (the device's XS and native modules), with --instructions only. */
const DEVICE_BENCHES = [
	{ name: NATIVE_BENCH, title: "instructions of the crypto check, Moddable x-cli-lin; ESP32-S3 estimate", table: nativeBenchTable },
	{ name: POCO_BENCH, title: "instructions of the render check, Moddable x-cli-lin with Poco; ESP32-S3 estimate", table: pocoBenchTable },
];
const deviceNames = DEVICE_BENCHES.map((d) => d.name);
const unknown = wanted.filter((w) => !available.includes(w) && !deviceNames.includes(w));
if (unknown.length > 0) {
	process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")}; available: ${[...available, ...deviceNames].join(", ")}\n`);
	process.exit(2);
}
await compileForXs();
if (instructions) {
	// Imported before the bench module, so the global is set when its measurements run.
	writeEntry("bench-instruction-mode.js", `globalThis.benchInstructionMeterTarget = ${INSTRUCTION_MODE_METER_TARGET};\n`);
	process.stdout.write(
		`x86-64 instructions of xsnap per operation (valgrind callgrind); ESP32-S3 estimate = instructions × ${CYCLES_PER_X86_INSTRUCTION} ÷ ${ESP32_S3_CLOCK_HZ / 1e6} MHz\n`,
	);
}
let failed = false;
let over = 0;
const skipped = instructions && wanted.length === 0 ? TOO_SLOW_UNDER_VALGRIND : [];
if (skipped.length > 0) process.stdout.write(`not run under valgrind unless named: ${skipped.join(", ")}\n`);
for (const name of wanted.length > 0 ? wanted.filter((w) => !deviceNames.includes(w)) : available.filter((a) => !skipped.includes(a))) {
	const entry = join(xsBuildDir, `bench-${name}.js`);
	const prelude = instructions ? `import "./bench-instruction-mode.js";\n` : "";
	writeEntry(
		`bench-${name}.js`,
		`${prelude}import ${JSON.stringify(compiledImportPath(join(repoRoot, `test/bench/${name}.bench.ts`), entry))};\nprint("bench done");\n`,
	);
	let result;
	if (instructions) {
		const counted = await countInstructions(entry);
		result = counted.run;
		over += counted.rows.filter((r) => r.verdict === "OVER").length;
		process.stdout.write(formatTable(`${name} (instructions, ESP32-S3 estimate)`, counted.rows.map(instructionTableRow)));
	} else {
		process.stdout.write(`## ${name} (XS engine, xsnap)\n`);
		result = await runXsModule(entry);
	}
	let done = false;
	for (const line of result.stdout.split("\n")) {
		const [kind, payload = ""] = line.split("\t");
		if (kind === "allocation") continue;
		if (kind === "table" || kind === "note" || kind === "measured") {
			if (instructions) continue;
			if (kind === "table") {
				const { title, rows } = JSON.parse(payload) as { title: string; rows: Row[] };
				process.stdout.write(formatTable(title, rows));
			} else if (kind === "note") process.stdout.write(`${payload}\n`);
		} else if (line === "bench done") done = true;
		else if (line.trim() !== "") process.stdout.write(`${line}\n`);
	}
	if (/^allocation\t|^measured\t.*"resets"/m.test(result.stdout)) {
		const why = await allocationUnavailable();
		if (why !== undefined) process.stdout.write(`\n${name} allocation: not measured (${why})\n`);
		else {
			const plain = writeEntry(
				`bench-${name}-heap-counters.js`,
				`import ${JSON.stringify(compiledImportPath(join(repoRoot, `test/bench/${name}.bench.ts`), entry))};\n`,
			);
			const counted = await runCountingHeap(plain);
			const tables = allocationTables(counted.stdout, counted.counters);
			over += tables.over;
			if (tables.allocations.length > 0)
				process.stdout.write(
					formatTable(
						`${name} allocation per call (XS heap counters under gdb; chunk bytes of the 64-bit host)`,
						tables.allocations,
					),
				);
			if (tables.collections.length > 0)
				process.stdout.write(formatTable(`${name} garbage collections per stage (XS, under gdb)`, tables.collections));
		}
	}
	const heap = HEAP_MEASUREMENTS[name];
	if (heap) {
		const measured = await heap();
		over += measured.over;
		process.stdout.write(formatTable(`${name} RAM (xsnap heap snapshots, device bytes)`, measured.rows));
	}
	if (!done) {
		failed = true;
		process.stderr.write(
			`bench ${name}: the XS run did not finish (exit ${result.code}; a module may have failed to load). ${result.stderr}\n`,
		);
	}
}
for (const device of DEVICE_BENCHES) {
	if (!(wanted.length === 0 ? instructions : wanted.includes(device.name))) continue;
	const why = instructions ? nativeBenchUnavailable() : "it is measured with --instructions only";
	if (why !== undefined) process.stdout.write(`\n${device.name}: not measured (${why})\n`);
	else {
		const measured = await device.table();
		over += measured.over;
		process.stdout.write(formatTable(`${device.name} (${device.title})`, measured.rows));
	}
}
if (over > 0) process.stdout.write(`\n${over} operation(s) over budget (ESP32-S3 estimate or RAM).\n`);
process.exit(failed || over > 0 ? 1 : 0);
