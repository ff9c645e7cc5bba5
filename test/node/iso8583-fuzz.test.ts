// The bounded fuzz run of the ISO 8583 decoder (the unbounded one: host-sim/tools/fuzz-iso8583.ts, see README).

import assert from "node:assert/strict";
import { fuzzDecoder } from "../../host-sim/tools/iso8583-fuzzer.js";

const CI_FRAMES = 50_000;

describe("ISO 8583 decoder fuzz", () => {
	it(`survives ${CI_FRAMES} mutated and random frames: typed errors only, canonical re-encoding, agreement with the oracle`, () => {
		const report = fuzzDecoder(CI_FRAMES, 20261121);
		assert.deepEqual(report.problems, []);
		assert.equal(report.frames, CI_FRAMES);
		assert.ok(report.accepted > CI_FRAMES / 20, `enough frames decode to test the accepting paths (${report.accepted})`);
		assert.ok(report.accepted < CI_FRAMES / 2, `and enough are refused (${CI_FRAMES - report.accepted})`);
	});
});
