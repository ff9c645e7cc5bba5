// The Moddable build must carry every firmware module: mcconfig only compiles and links what the manifests
// list, so a new src/ folder that is not listed builds on the desktop and fails on the device.

import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { repoRoot } from "../../host-sim/tools/xs.js";

interface Manifest {
	include?: string | string[];
	modules?: Record<string, string | string[]>;
	preload?: string | string[];
	platforms?: Record<string, Manifest>;
}

/** Module specifiers and preload patterns of a manifest and of the repository's own manifests it includes. */
function collect(path: string, modules: Set<string>, preload: Set<string>): void {
	const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
	const sections = [manifest, ...Object.values(manifest.platforms ?? {})];
	for (const section of sections) {
		for (const key of Object.keys(section.modules ?? {})) if (key !== "~") modules.add(key);
		for (const p of [section.preload ?? []].flat()) preload.add(p);
		for (const inc of [section.include ?? []].flat()) if (inc.startsWith("./")) collect(join(dirname(path), inc), modules, preload);
	}
}

/** Moddable's "dir/*" matches one path level. */
function matches(pattern: string, specifier: string): boolean {
	if (!pattern.endsWith("/*")) return pattern === specifier;
	const dir = pattern.slice(0, -1);
	return specifier.startsWith(dir) && !specifier.slice(dir.length).includes("/");
}

function tsModules(dir: string, skip: (path: string) => boolean): string[] {
	const out: string[] = [];
	for (const name of readdirSync(join(repoRoot, dir))) {
		const path = `${dir}/${name}`;
		if (skip(path)) continue;
		if (statSync(join(repoRoot, path)).isDirectory()) out.push(...tsModules(path, skip));
		else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path.slice(0, -3));
	}
	return out;
}

describe("manifest.json covers the firmware", () => {
	const modules = new Set<string>();
	const preload = new Set<string>();
	collect(join(repoRoot, "manifest.json"), modules, preload);
	const firmware = [
		...tsModules("src", () => false),
		...tsModules("hal", (p) => p === "hal/boards"),
		// The key-injection station is its own build (device/moddable/key-injection/manifest.json).
		...tsModules("device/moddable", (p) => p === "device/moddable/sim" || p === "device/moddable/esp32" || p === "device/moddable/key-injection"),
	];

	it("finds the firmware modules to check", () => {
		assert.ok(firmware.includes("device/moddable/main") && firmware.includes("hal/hal") && firmware.length > 50, `${firmware.length} modules`);
	});

	it("lists every src/ and hal/ module under `modules`", () => {
		const missing = firmware.filter((m) => ![...modules].some((p) => matches(p, m)));
		assert.deepEqual(missing, [], `not in any manifest's modules: ${missing.join(", ")}`);
	});

	it("preloads every src/ and hal/ module except the main module", () => {
		const missing = firmware.filter((m) => m !== "device/moddable/main" && ![...preload].some((p) => matches(p, m)));
		assert.deepEqual(missing, [], `not preloaded: ${missing.join(", ")}`);
	});

	it("a folder missing from the manifest is reported (the check can fail)", () => {
		assert.equal(matches("src/*", "src/app/app-state"), false);
		assert.equal(matches("src/app/*", "src/app/app-state"), true);
		assert.equal(relative("src", "src/app"), "app");
	});
});
