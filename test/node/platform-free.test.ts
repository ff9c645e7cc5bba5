// src/ must compile without Node: the same settings as src/tsconfig.json must reject any Node API.

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { repoRoot } from "../../host-sim/tools/xs.js";

/** Type-checks one source text with src/tsconfig.json's compiler options; returns the error codes. */
function checkAsSrc(source: string): number[] {
	const configPath = join(repoRoot, "src/tsconfig.json");
	const config = ts.getParsedCommandLineOfConfigFile(
		configPath,
		{},
		{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) },
	);
	assert.ok(config, "src/tsconfig.json parses");
	// Inside the repository, so package.json "type": "module" applies as it does to src/.
	mkdirSync(join(repoRoot, "build"), { recursive: true });
	const dir = mkdtempSync(join(repoRoot, "build/src-probe-"));
	const file = join(dir, "probe.ts");
	writeFileSync(file, source);
	const program = ts.createProgram([file], {
		...config.options,
		noEmit: true,
		composite: false,
		declaration: false,
		emitDeclarationOnly: false,
		rootDir: undefined,
		outDir: undefined,
		tsBuildInfoFile: undefined,
		incremental: false,
	});
	return ts
		.getPreEmitDiagnostics(program)
		.filter((d) => d.file?.fileName === file)
		.map((d) => d.code);
}

describe("src/ stays platform-free (src/tsconfig.json)", () => {
	it("accepts ES2022 code: typed arrays, Map, BigInt, Promise", () => {
		assert.deepEqual(
			checkAsSrc(
				`export const x: Map<string, Uint8Array> = new Map(); export const big = 10n ** 12n; export const p = Promise.resolve(new DataView(new ArrayBuffer(4)).getUint32(0));\n`,
			),
			[],
		);
	});

	for (const [api, source] of [
		["process", `export const argv = process.argv;\n`],
		["Buffer", `export const b = Buffer.from("00", "hex");\n`],
		["node:fs", `import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n`],
		["require", `export const m = require("fs");\n`],
		["setTimeout", `setTimeout(() => {}, 10);\n`],
		["DOM document", `export const d = document.title;\n`],
	] as const) {
		it(`rejects ${api}`, () => {
			const codes = checkAsSrc(source);
			assert.ok(codes.length > 0, `${api} compiled without an error`);
			// 2304/2580/2584/2591: cannot find name; 2307: cannot find module
			assert.ok(
				codes.some((c) => [2304, 2580, 2584, 2591, 2307].includes(c)),
				`unexpected codes ${codes.join(",")}`,
			);
		});
	}
});
