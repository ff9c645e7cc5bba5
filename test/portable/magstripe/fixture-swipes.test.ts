// The WAV fixtures of test/fixtures/magstripe decoded in both engines: the intervals the WAV front end picked
// from each (test/support/fixture-swipes.ts, kept in step with the files by test/node/swipe-recordings.test.ts)
// give the decode its sidecar states, card numbers masked, and the F2F bits another decoder printed for a real
// recording.

import { assert } from "../../support/assert.js";
import { FIXTURE_SWIPES } from "../../support/fixture-swipes.js";
import { decodeReport } from "../../../host-sim/magstripe/decode-report.js";
import { decodeF2f } from "../../../src/magstripe/f2f-decoder.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";

describe("magstripe WAV fixtures, from their intervals", () => {
	it("has the real recordings among them", () => {
		assert.ok(FIXTURE_SWIPES.some((f) => f.name.startsWith("recorded-") && f.f2fBits !== undefined));
	});

	for (const fixture of FIXTURE_SWIPES) {
		it(`${fixture.name}: decodes as its sidecar says`, () => {
			const channels = fixture.intervals.map((intervals) => ({ intervalsUs: Uint32Array.from(intervals) }));
			const read = decodeSwipe({ kind: "flux", atMs: 0, channels });
			assert.deepEqual(decodeReport(read, "wav-peaks"), fixture.decode);
			if (fixture.f2fBits === undefined) return;
			const bits = Array.from(decodeF2f(channels[0]!.intervalsUs).bits).join("");
			const reversed = fixture.f2fBits.split("").reverse().join("");
			assert.ok(bits.includes(fixture.f2fBits) || bits.includes(reversed), `F2F bits ${bits}`);
		});
	}
});
