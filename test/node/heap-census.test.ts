// The device check's reading of the firmware's heap census (host-sim/device/heap-census.ts): the traced line
// parsed, other lines ignored, a malformed census refused, and the device bytes as 16-byte slots plus chunks.

import { strict as assert } from "node:assert";
import { deviceLiveBytes, formatCensus, parseCensusLine } from "../../host-sim/device/heap-census.js";

const LINE =
	'posterm census idle {"slots":3237,"chunkBytes":34000,"deviceChunkBytes":29900,"chunksInUse":33500,' +
	'"kinds":{"string":[182,5416,3608],"arraybuffer":[27,14976,14760],"code":[118,10024,9080],"bigint":[0,0,0]},' +
	'"largest":[["arraybuffer",10264,10256,10248]]}\n';

describe("heap census line (host-sim/device/heap-census.ts)", () => {
	it("parses the tag and the census, and counts the device's bytes as 16-byte slots plus the 32-bit chunks", () => {
		const parsed = parseCensusLine(LINE);
		assert.ok(parsed);
		assert.equal(parsed.tag, "idle");
		assert.equal(parsed.census.slots, 3237);
		assert.equal(deviceLiveBytes(parsed.census), 3237 * 16 + 29900);
	});

	it("says what the chunks hold, largest first, leaving out kinds with none", () => {
		const text = formatCensus(parseCensusLine(LINE)!.census);
		assert.match(
			text,
			/^3237 slots \(50\.6 KB\) \+ chunks 29\.2 KB = 79\.8 KB on a 32-bit device; chunks: arraybuffer 14\.4 KB \(27\), code 8\.9 KB \(118\), string 3\.5 KB \(182\)$/,
		);
	});

	it("ignores other lines and refuses a census without its counts", () => {
		assert.equal(parseCensusLine("posterm key injection: TMK {}"), undefined);
		assert.throws(() => parseCensusLine('posterm census idle {"slots":"many"}'), /malformed census/);
	});
});
