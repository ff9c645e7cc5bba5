// The platform-free half of the RMT magstripe capture (device/moddable/magstripe/capture-buffer.c) compiled with
// the host's gcc and run: interval order, tick rounding, a swipe longer than the buffer (overflow), the settings
// check. The ESP-IDF half (magstripe-capture.c) is not compiled here; the esp32 manifest must list both C files.

import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../host-sim/tools/xs.js";

const magstripeDir = join(repoRoot, "device/moddable/magstripe");
const gcc = spawnSync("gcc", ["--version"], { encoding: "utf8" });
const hasGcc = gcc.status === 0;

describe("native magstripe capture buffer (host gcc)", () => {
	it("passes its C checks: order, rounding, exact fill, overflow of a long swipe, reset", function () {
		if (!hasGcc) {
			process.stdout.write("      skipped: gcc not found on PATH (apt-get install gcc runs this C test)\n");
			this.skip();
		}
		const dir = mkdtempSync(join(tmpdir(), "capture-buffer-"));
		try {
			const binary = join(dir, "capture-buffer-test");
			const compile = spawnSync(
				"gcc",
				[
					"-std=c99",
					"-Wall",
					"-Wextra",
					"-Werror",
					"-pedantic",
					"-fsanitize=address,undefined",
					"-fno-sanitize-recover=all",
					"-I",
					magstripeDir,
					join(repoRoot, "test/native/capture-buffer-test.c"),
					join(magstripeDir, "capture-buffer.c"),
					"-o",
					binary,
				],
				{ encoding: "utf8" },
			);
			assert.equal(compile.status, 0, compile.stderr);
			const run = spawnSync(binary, [], { encoding: "utf8" });
			assert.equal(run.status, 0, run.stdout + run.stderr);
			assert.match(run.stdout, /capture-buffer: \d+ checks, 0 failed/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it("the esp32 manifest lists every C file of the capture, and only the ESP-IDF one includes ESP-IDF headers", () => {
		const manifest = JSON.parse(readFileSync(join(magstripeDir, "manifest.json"), "utf8")) as {
			platforms: { esp32: { modules: Record<string, string | string[]> } };
		};
		const listed = Object.values(manifest.platforms.esp32.modules)
			.flat()
			.map((path) => path.replace(/^\.\//, ""));
		const cFiles = readdirSync(magstripeDir)
			.filter((name) => name.endsWith(".c"))
			.map((name) => name.slice(0, -2));
		assert.deepEqual([...cFiles].sort(), listed.filter((name) => cFiles.includes(name)).sort());
		assert.deepEqual(cFiles.sort(), ["capture-buffer", "magstripe-capture"]);
		const plain =
			readFileSync(join(magstripeDir, "capture-buffer.c"), "utf8") + readFileSync(join(magstripeDir, "capture-buffer.h"), "utf8");
		assert.doesNotMatch(plain, /#include "(driver|soc|xs|mc)/);
	});
});
