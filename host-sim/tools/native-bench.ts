// `npm run bench -- --instructions native`: the secure element's crypto on the device's path, measured in the
// crypto check program (device/moddable/crypto-check, Moddable's x-cli-lin: the SDK's XS with its native
// modules/crypt) under callgrind, native primitives and JavaScript ones side by side; and the journal's
// recovery at boot on the native CRC-32 and on the JavaScript one, from the partition test/bench/journal.bench.ts
// recovers (test/bench/journal-partition.ts, which xsnap runs and prints; handed in as base64). The budgets of issue 15 for the PIN block + MAC of a sale, a password
// check and the journal's recovery apply to the native rows: that is what the device runs. Needs $MODDABLE and
// the SDK's tools on PATH; without them the table is left out, saying so.
//
// Public API: NATIVE_BENCH, nativeBenchUnavailable, nativeBenchTable.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEFAULT_TERMINAL_KEYS } from "../keys/default-keys.js";
import { PASSWORD_ITERATIONS } from "../../src/operators/password-hash.js";
import { cliProgramUnavailable } from "../device/cli-program.js";
import { buildCryptoCheck, runCryptoCheck } from "../device/crypto-check.js";
import { estimateCells } from "./device-estimate.js";
import { compiledImportPath, repoRoot, runXsModule, writeEntry, xsBuildDir } from "./xs.js";

export const NATIVE_BENCH = "native";

/** Budgets (issue 15) by the start of the operation's name, for the native rows. */
const BUDGETS: readonly (readonly [string, number])[] = [
	["PIN block + MAC of a sale, terminal", 5],
	["verify a password", 150],
	["recover a journal", 200],
];

/**
 * The journal partition test/bench/journal.bench.ts recovers (1,000 transactions after 5,000 sales' points),
 * built by test/bench/journal-partition.ts in xsnap (compiled by bench.ts before this runs).
 */
async function journalImage(): Promise<{ image: string; sectorBytes: number; transactions: number; loops: number }> {
	const entry = join(xsBuildDir, "journal-partition-print.js");
	const module = compiledImportPath(join(repoRoot, "test/bench/journal-partition.ts"), entry);
	writeEntry(
		"journal-partition-print.js",
		`import { printRecoveryPartition } from ${JSON.stringify(module)};\nprintRecoveryPartition();\n`,
	);
	const run = await runXsModule(entry);
	const line = run.stdout.split("\n").find((l) => l.startsWith("journal-partition\t"));
	if (line === undefined) throw new Error(`the journal partition was not printed: ${run.stderr}`);
	const image = Buffer.from(line.slice("journal-partition\t".length), "hex").toString("base64");
	return { image, sectorBytes: 4096, transactions: 1000, loops: 4 };
}

/** Loop length of each measured operation (valgrind runs the program about 50 times slower). */
const LOOPS = 32;

/** Why the native table cannot be measured here, or undefined when it can. */
export function nativeBenchUnavailable(): string | undefined {
	return cliProgramUnavailable() ?? (spawnSync("valgrind", ["--version"]).error ? "valgrind is not installed" : undefined);
}

/** Builds and measures the program; rows as bench.ts prints them, and how many native rows are over budget. */
export async function nativeBenchTable(): Promise<{ rows: Record<string, string | number>[]; over: number }> {
	const binary = await buildCryptoCheck(join(repoRoot, "build/crypto-check"));
	const tdes = DEFAULT_TERMINAL_KEYS.tdesDukpt;
	const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
	const run = await runCryptoCheck(
		binary,
		{
			blocks: [],
			pbkdf2: [],
			measure: {
				ipek: hex(tdes.ipek),
				initialKsn: hex(tdes.initialKsn),
				passwordIterations: PASSWORD_ITERATIONS,
				loops: LOOPS,
				journal: await journalImage(),
			},
		},
		{ callgrind: true },
	);
	if (!run.done || run.checks.some((c) => !c.ok)) throw new Error(`the crypto check failed: ${run.stderr}`);
	const rows = run.measurements.map((m) => {
		const budgetMs = m.impl === "native" ? BUDGETS.find(([prefix]) => m.name.startsWith(prefix))?.[1] : undefined;
		return { operation: m.name, primitives: m.impl, iterations: m.iterations, ...estimateCells(m.instructionsPerOp, budgetMs) };
	});
	const over = rows.filter((r) => r.verdict === "OVER").length;
	return { rows, over };
}
