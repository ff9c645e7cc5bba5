import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, runProcess } from "../../host-sim/tools/xs.js";

const UNIFONT_HEX = "/usr/share/unifont/unifont.hex";

describe("font subset generator (npm run fonts)", () => {
	it("the committed src/ui/render/font-data.ts is what the generator writes from Debian's Unifont", async () => {
		if (!existsSync(UNIFONT_HEX)) {
			process.stdout.write(`      (skipped: ${UNIFONT_HEX} not installed; apt-get install unifont)\n`);
			return;
		}
		const result = await runProcess(process.execPath, [
			join(repoRoot, "host-sim/tools/run-ts.js"),
			"host-sim/tools/fonts.ts",
			"--check",
		]);
		assert.equal(result.code, 0, result.stderr);
	});
});
