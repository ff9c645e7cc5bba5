// `npm run bench [-- NAME…]`: runs test/bench/NAME.bench.ts (all of them by default) in the XS engine and
// prints their tables. Figures are XS meter units (deterministic) and wall time on this machine.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { compileForXs, compiledImportPath, repoRoot, runXsModule, writeEntry, xsBuildDir } from "./xs.js";

type Row = Record<string, string | number>;

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

const available = readdirSync(join(repoRoot, "test/bench"))
	.filter((f) => f.endsWith(".bench.ts"))
	.map((f) => f.slice(0, -".bench.ts".length))
	.sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
	process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")}; available: ${available.join(", ")}\n`);
	process.exit(2);
}
await compileForXs();
let failed = false;
for (const name of wanted.length > 0 ? wanted : available) {
	const entry = join(xsBuildDir, `bench-${name}.js`);
	writeEntry(
		`bench-${name}.js`,
		`import ${JSON.stringify(compiledImportPath(join(repoRoot, `test/bench/${name}.bench.ts`), entry))};\nprint("bench done");\n`,
	);
	process.stdout.write(`## ${name} (XS engine, xsnap)\n`);
	const result = await runXsModule(entry);
	let done = false;
	for (const line of result.stdout.split("\n")) {
		const [kind, payload = ""] = line.split("\t");
		if (kind === "table") {
			const { title, rows } = JSON.parse(payload) as { title: string; rows: Row[] };
			process.stdout.write(formatTable(title, rows));
		} else if (kind === "note") process.stdout.write(`${payload}\n`);
		else if (line === "bench done") done = true;
		else if (line.trim() !== "") process.stdout.write(`${line}\n`);
	}
	if (!done) {
		failed = true;
		process.stderr.write(
			`bench ${name}: the XS run did not finish (exit ${result.code}; a module may have failed to load). ${result.stderr}\n`,
		);
	}
}
process.exit(failed ? 1 : 0);
