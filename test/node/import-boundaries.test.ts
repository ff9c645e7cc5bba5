// The repository's import layering (host-sim/tools/import-rules.ts) holds for every TypeScript file, and the
// check reports each kind of upward import it exists to stop.

import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { IMPORT_RULES, importsOf, importViolations } from "../../host-sim/tools/import-rules.js";
import { repoRoot } from "../../host-sim/tools/xs.js";

function sources(dir: string, out = new Map<string, string>()): Map<string, string> {
	for (const name of readdirSync(join(repoRoot, dir))) {
		const path = `${dir}/${name}`;
		if (statSync(join(repoRoot, path)).isDirectory()) sources(path, out);
		else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.set(path, readFileSync(join(repoRoot, path), "utf8"));
	}
	return out;
}

describe("import boundaries (host-sim/tools/import-rules.ts)", () => {
	it("hold for every file of hal/, src/, device/, host-sim/ and test/", () => {
		const files = new Map<string, string>();
		for (const dir of ["hal", "src", "device", "host-sim", "test"]) sources(dir, files);
		assert.ok(files.size > 300, `${files.size} files`);
		const violations = importViolations(files).map((v) => `${v.file}: "${v.specifier}" — ${v.reason}`);
		assert.deepEqual(violations, []);
	});

	it("are layers: no area may reach itself again through the areas it may import (no cycle in the table)", () => {
		const reaches = (from: string, seen = new Set<string>()): Set<string> => {
			for (const to of IMPORT_RULES[from] ?? []) if (!seen.has(to)) reaches(to, seen.add(to));
			return seen;
		};
		for (const area of Object.keys(IMPORT_RULES))
			if (area.startsWith("src/") || area === "hal") assert.ok(!reaches(area).has(area), `${area} reaches itself`);
	});

	it("finds static, type-only, re-exported and dynamic imports", () => {
		const source = `import a from "./a.js";\nimport type { B } from "../b.js";\nexport { c } from "./c.js";\nconst d = await import("./d.js");\n`;
		assert.deepEqual(importsOf(source), ["./a.js", "../b.js", "./c.js", "./d.js"]);
	});

	for (const [what, file, source, reason] of [
		["src reaching host-sim", "src/card/pan.ts", `import { x } from "../../host-sim/sim/a.js";`, "src/card reaches host-sim"],
		["src reaching the device", "src/app/a.ts", `import { x } from "../../device/moddable/hal.js";`, "src/app reaches device"],
		["ui reaching app", "src/ui/screen.ts", `import type { AppState } from "../app/app-state.js";`, "src/ui may not import src/app"],
		[
			"app reaching the secure element's internals",
			"src/app/a.ts",
			`import { SecureCore } from "../secure/secure-core.js";`,
			"src/app may not import src/secure",
		],
		["the contract reaching src", "hal/hal.ts", `import type { Pan } from "../src/card/pan.js";`, "hal may not import src/card"],
		["a leaf reaching up", "src/crypto/des.ts", `import { x } from "../journal/journal.js";`, "src/crypto may not import src/journal"],
		[
			"the simulator reaching the device",
			"host-sim/sim/a.ts",
			`import { x } from "../../device/moddable/hal.js";`,
			"host-sim may not import device",
		],
		[
			"src importing a package",
			"src/iso8583/a.ts",
			`import { readFileSync } from "node:fs";`,
			"src/iso8583 imports a package or platform module",
		],
		["a src folder with no rule", "src/newthing/a.ts", ``, "src/newthing has no rule"],
	] as const) {
		it(`reports ${what}`, () => {
			const violations = importViolations(new Map([[file, source]]));
			assert.equal(violations.length, 1, JSON.stringify(violations));
			assert.ok(violations[0]!.reason.startsWith(reason), violations[0]!.reason);
		});
	}

	it("accepts what the layering allows: app → hal contract, device → src/secure, test → anything", () => {
		const files = new Map([
			[
				"src/app/a.ts",
				`import type { SecureElement } from "../../hal/secure-element.js";\nimport { maskPan } from "../card/pan.js";`,
			],
			["device/moddable/main.ts", `import { x } from "../../src/secure/application-hal.js";\nimport Preference from "preference";`],
			["test/node/a.test.ts", `import { x } from "../../device/moddable/storage.js";\nimport { y } from "../../host-sim/sim/a.js";`],
		]);
		assert.deepEqual(importViolations(files), []);
	});
});
