// `npm test`: type-checks every part (`tsc -b`), checks the formatting (`npm run format` fixes it), runs the whole suite in Node (mocha, ts-node ESM), then
// runs every portable test again inside the real XS engine and checks that each test the Node run found
// also ran, and passed, in XS. Each run ends with `<engine>: N passed, N failed`; the last line is the total.
//
//   npm test [-- --grep TEXT] [--node-only] [--xs-only] [--no-typecheck]

import Mocha from "mocha";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { compileForXs, compiledImportPath, repoRoot, runProcess, runXsModule, writeEntry, xsBuildDir } from "./xs.js";
import { interpretXsRun, testKey } from "./xs-report.js";

const { values: flags } = parseArgs({
	options: {
		grep: { type: "string" },
		"node-only": { type: "boolean", default: false },
		"xs-only": { type: "boolean", default: false },
		"no-typecheck": { type: "boolean", default: false },
	},
});

/** Test files below `dir` (repo-relative), sorted, so both engines see the same order. */
function testFiles(dir: string): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		for (const name of readdirSync(join(repoRoot, d)).sort()) {
			const path = `${d}/${name}`;
			if (statSync(join(repoRoot, path)).isDirectory()) walk(path);
			else if (name.endsWith(".test.ts")) out.push(path);
		}
	};
	walk(dir);
	return out;
}

interface NodeOutcome {
	readonly passed: number;
	readonly failed: number;
	/** Portable tests the Node run found ("file :: full title"); each must run in XS too. */
	readonly portable: Set<string>;
}

/** What Prettier formats (.prettierignore leaves out the build, the native-module stubs and generated tables). */
const FORMATTED = ["**/*.ts", "**/*.js"];

async function typecheck(): Promise<boolean> {
	process.stdout.write("typecheck: tsc -b\n");
	const result = await runProcess(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-b"], { echo: true });
	return result.code === 0;
}

/** The same check as `npm run format:check`: every .ts and .js file as Prettier (.prettierrc.json) writes it. */
async function formatCheck(): Promise<boolean> {
	process.stdout.write("format: prettier --check\n");
	const prettier = join(repoRoot, "node_modules/prettier/bin/prettier.cjs");
	const result = await runProcess(process.execPath, [prettier, "--check", "--log-level", "warn", ...FORMATTED], {
		cwd: repoRoot,
		echo: true,
	});
	return result.code === 0;
}

async function runNode(portableFiles: string[], nodeFiles: string[]): Promise<NodeOutcome> {
	const mocha = new Mocha({ reporter: "spec", timeout: 60_000, grep: flags.grep });
	for (const file of [...portableFiles, ...nodeFiles]) mocha.addFile(join(repoRoot, file));
	await mocha.loadFilesAsync();
	const portable = new Set<string>();
	const portableSet = new Set(portableFiles);
	let passed = 0;
	let failed = 0;
	await new Promise<void>((resolve) => {
		const runner = mocha.run(() => resolve());
		const record = (test: Mocha.Runnable) => {
			const file = relative(repoRoot, test.file ?? "");
			if (portableSet.has(file) && test instanceof Mocha.Test) portable.add(testKey(file, test.fullTitle()));
		};
		runner.on("pass", (test) => {
			passed++;
			record(test);
		});
		runner.on("fail", (test) => {
			failed++;
			record(test);
		});
	});
	process.stdout.write(`node: ${passed} passed, ${failed} failed\n`);
	return { passed, failed, portable };
}

interface XsOutcome {
	readonly passed: number;
	readonly failed: number;
}

async function runXs(portableFiles: string[], expected: ReadonlySet<string> | undefined): Promise<XsOutcome> {
	await compileForXs();
	const runnerCompiled = join(xsBuildDir, "test/xs/runner.js");
	const entry = join(xsBuildDir, "test-entry.js");
	const modules = portableFiles.map((name) => ({ name, path: compiledImportPath(join(repoRoot, name), runnerCompiled) }));
	writeEntry(
		"test-entry.js",
		`import { run } from ${JSON.stringify(compiledImportPath(join(repoRoot, "test/xs/runner.ts"), entry))};\nawait run(${JSON.stringify(modules)});\n`,
	);
	const result = await runXsModule(entry);
	const report = interpretXsRun(result.stdout, result, expected);
	for (const [name, ok] of report.results) {
		const message = report.messages.get(name);
		process.stdout.write(`  ${ok ? "✔" : "✘"} [xs] ${name}${message ? `\n      ${message}` : ""}\n`);
	}
	for (const problem of report.problems) process.stdout.write(`  ✘ [xs] ${problem}\n`);
	process.stdout.write(`xs: ${report.passed} passed, ${report.failed} failed\n`);
	return report;
}

const portableFiles = testFiles("test/portable");
const nodeFiles = testFiles("test/node");
let passed = 0;
let failed = 0;
if (!flags["no-typecheck"] && !(await typecheck())) {
	failed++;
	process.stdout.write("typecheck failed\n");
}
if (!flags["no-typecheck"] && !(await formatCheck())) {
	failed++;
	process.stdout.write("format check failed: run `npm run format`\n");
}
let expected: Set<string> | undefined;
if (!flags["xs-only"]) {
	const node = await runNode(portableFiles, nodeFiles);
	passed += node.passed;
	failed += node.failed;
	expected = node.portable;
}
if (!flags["node-only"]) {
	const xs = await runXs(portableFiles, flags.grep === undefined ? expected : undefined);
	passed += xs.passed;
	failed += xs.failed;
}
process.stdout.write(`total: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
