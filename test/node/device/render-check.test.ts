// Moddable's Poco against the JavaScript rasteriser in a real Moddable XS build (x-cli-lin:
// device/moddable/render-check): every example screen, both languages, both panel classes, whole and as partial
// updates, drawn by the device's Poco painter and by the band rasteriser through the device's PixelsOut display,
// must be the same pixels. Skipped, saying why, when $MODDABLE and mcconfig are not there.

import { strict as assert } from "node:assert";
import { cliProgramUnavailable } from "../../../host-sim/device/cli-program.js";
import { runRenderCheck } from "../../../host-sim/device/render-check.js";
import { galleryScreens } from "../../../host-sim/sim/screen-gallery.js";

describe("render check: Poco against the JavaScript rasteriser (Moddable x-cli-lin)", function () {
	before(function () {
		const why = cliProgramUnavailable();
		if (why !== undefined) {
			process.stdout.write(`      skipped: ${why} (source the Moddable SDK's environment to build device/moddable/render-check)\n`);
			this.skip();
		}
	});

	it("draws every example screen on both panels with the same pixels", async function () {
		this.timeout(600_000);
		const run = await runRenderCheck();
		assert.ok(run.done, `the program did not finish: ${run.stderr}`);
		const screens = galleryScreens("zh").length + galleryScreens("en").length;
		assert.equal(run.frames.length, 2 * screens, "every screen in both languages on both panels");
		assert.deepEqual(
			run.frames.filter((f) => f.differing > 0),
			[],
		);
	});
});
