// The application's module graph, checked before it is linked: every module src/terminal reaches by its imports
// is one the rule (src/secure/application-modules.ts) accepts. On the device every module is preloaded and the
// application shares the host's realm, and the linker strips every way to load other code at run time
// (host-sim/device/linked-strips.ts, checked by `npm run device -- check`): this graph is then all it can reach.

import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { importsOf } from "../../host-sim/tools/import-rules.js";
import { repoRoot } from "../../host-sim/tools/xs.js";
import { applicationModules, resolveSpecifier } from "../../src/secure/application-modules.js";

/** Every module `entry` reaches by its imports, as resolved specifiers ("src/app/terminal-app.js"). */
function reached(entry: string): Set<string> {
	const seen = new Set<string>([entry]);
	const queue = [entry];
	for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
		const file = join(repoRoot, module.replace(/\.js$/, ".ts"));
		if (!existsSync(file)) continue;
		for (const specifier of importsOf(readFileSync(file, "utf8"))) {
			const resolved = resolveSpecifier(specifier, module);
			if (!seen.has(resolved)) (queue.push(resolved), seen.add(resolved));
		}
	}
	return seen;
}

describe("the application's module graph (shared with the host on the device)", () => {
	it("reaches only the application's modules: no src/secure, device or platform module", () => {
		const graph = reached("src/terminal.js");
		assert.ok(graph.size > 50, `${graph.size} modules`);
		const rule = applicationModules("");
		assert.deepEqual(
			[...graph].filter((module) => !rule(module)),
			[],
		);
	});

	it("shares no writable object with the secure element: every object the hardware contract exports is frozen", async () => {
		const hal = [...reached("src/terminal.js")].filter((module) => module.startsWith("hal/"));
		assert.ok(hal.includes("hal/secure-element.js") && hal.includes("hal/keypad.js"), hal.join());
		const writable: string[] = [];
		for (const module of hal) {
			const exports = (await import(join(repoRoot, module.replace(/\.js$/, ".ts")))) as Record<string, unknown>;
			for (const [name, value] of Object.entries(exports))
				if (typeof value === "object" && value !== null && !Object.isFrozen(value)) writable.push(`${module} ${name}`);
		}
		assert.deepEqual(writable, []);
	});

	it("would show a withheld module the graph reached", () => {
		const graph = reached("src/secure/application-hal.js");
		assert.ok([...graph].some((module) => !applicationModules("")(module)));
	});
});
