import { assert } from "../../support/assert.js";
import { ALPHA_FORMAT, encodeTrackBits, oddParityBit, TRACK2_FORMAT } from "../../../src/magstripe/track-format.js";
import { readTrackBits } from "../../../src/magstripe/track-decoder.js";

const bitString = (bits: Uint8Array) => Array.from(bits).join("");

// Eight data characters: the least a track needs before the decoder corrects one of its characters.
const DATA = ";1234=5678?";

function encoded(format = TRACK2_FORMAT, data = DATA, lead = 12, trail = 12): Uint8Array {
	const bits = encodeTrackBits(format, data, lead, trail);
	assert.ok(bits.ok);
	return bits.value;
}

describe("track character layer", () => {
	it("records sentinels as ISO/IEC 7811-2 lays them out, LSB first with parity last", () => {
		assert.equal(bitString(encoded(TRACK2_FORMAT, ";?", 0, 0)).slice(0, 10), "11010" + "11111");
		assert.equal(bitString(encoded(ALPHA_FORMAT, "%A?", 0, 0)).slice(0, 21), "1010001" + "1000011" + "1111100");
		assert.equal(oddParityBit(0x0b), 0);
		assert.equal(oddParityBit(0x0f), 1);
	});

	it("computes the worked track 2 LRC: ;1234=5? gives value 8, bits 0001 0 (ISO/IEC 7811-2 LRC)", () => {
		const bits = encoded(TRACK2_FORMAT, ";1234=5?", 0, 0);
		assert.equal(bitString(bits).slice(40, 45), "00010");
	});

	it("rejects data without sentinels, with an ES inside, or with characters outside the set", () => {
		const noSs = encodeTrackBits(TRACK2_FORMAT, "1234?", 10, 10);
		assert.ok(!noSs.ok && noSs.error.kind === "sentinels");
		assert.ok(!encodeTrackBits(TRACK2_FORMAT, ";12?3?", 10, 10).ok);
		const lower = encodeTrackBits(ALPHA_FORMAT, "%Bab?", 10, 10);
		assert.ok(!lower.ok && lower.error.kind === "character" && lower.error.index === 2);
	});

	it("reads a clean track and reports ok with the sentinels, not corrected", () => {
		const read = readTrackBits(encoded(), undefined, TRACK2_FORMAT, 10);
		assert.deepEqual(read, { status: "ok", data: DATA, corrected: false, repaired: false });
	});

	it("corrects one data bit located by the LRC and says so", () => {
		const bits = encoded();
		bits[12 + 5 * 2 + 1] ^= 1; // second data bit of '2'
		assert.deepEqual(readTrackBits(bits, undefined, TRACK2_FORMAT, 10), { status: "ok", data: DATA, corrected: true, repaired: false });
	});

	it("corrects a flipped parity bit (the LRC columns agree)", () => {
		const bits = encoded();
		bits[12 + 5 * 3 + 4] ^= 1; // parity bit of '3'
		assert.deepEqual(readTrackBits(bits, undefined, TRACK2_FORMAT, 10), { status: "ok", data: DATA, corrected: true, repaired: false });
	});

	it("corrects one flipped data bit of the LRC character itself", () => {
		const bits = encoded();
		bits[12 + 5 * 11 + 2] ^= 1;
		assert.deepEqual(readTrackBits(bits, undefined, TRACK2_FORMAT, 10), { status: "ok", data: DATA, corrected: true, repaired: false });
	});

	it("says when a frame holds bits the F2F layer repaired, and only then", () => {
		const suspect = new Uint8Array(encoded().length);
		suspect[12 + 5 * 4 + 2] = 1;
		assert.deepEqual(readTrackBits(encoded(), suspect, TRACK2_FORMAT, 10), {
			status: "ok",
			data: DATA,
			corrected: false,
			repaired: true,
		});
		suspect.fill(0);
		suspect[3] = 1; // in the clocking zeros, outside the frame
		assert.equal(readTrackBits(encoded(), suspect, TRACK2_FORMAT, 10).repaired, false);
	});

	it("reads searched bits only as they are: no correction, no LRC parity repair, at least 8 data characters", () => {
		assert.deepEqual(readTrackBits(encoded(), undefined, TRACK2_FORMAT, 10, true), {
			status: "ok",
			data: DATA,
			corrected: false,
			repaired: false,
		});
		const flipped = encoded();
		flipped[12 + 5 * 2 + 1] ^= 1;
		assert.equal(readTrackBits(flipped, undefined, TRACK2_FORMAT, 10).status, "ok");
		assert.equal(readTrackBits(flipped, undefined, TRACK2_FORMAT, 10, true).status, "parity");
		const badSentinel = encoded();
		badSentinel[12 + 2] ^= 1;
		assert.equal(readTrackBits(badSentinel, undefined, TRACK2_FORMAT, 10).status, "ok");
		assert.equal(readTrackBits(badSentinel, undefined, TRACK2_FORMAT, 10, true).status, "no-start-sentinel");
		const lrcFlipped = encoded();
		lrcFlipped[12 + 5 * 11 + 2] ^= 1;
		assert.equal(readTrackBits(lrcFlipped, undefined, TRACK2_FORMAT, 10).status, "ok");
		assert.equal(readTrackBits(lrcFlipped, undefined, TRACK2_FORMAT, 10, true).status, "lrc");
		const short = encoded(TRACK2_FORMAT, ";1234567?");
		assert.equal(readTrackBits(short, undefined, TRACK2_FORMAT, 10).status, "ok");
		assert.equal(readTrackBits(short, undefined, TRACK2_FORMAT, 10, true).status, "lrc");
	});

	it("refuses a short frame with a start sentinel among its data (a slipped frame, ISO/IEC 7811-2)", () => {
		assert.equal(readTrackBits(encoded(TRACK2_FORMAT, ";12?"), undefined, TRACK2_FORMAT, 10).status, "ok");
		assert.equal(readTrackBits(encoded(TRACK2_FORMAT, ";1;?"), undefined, TRACK2_FORMAT, 10).status, "parity");
		assert.equal(readTrackBits(encoded(TRACK2_FORMAT, ";;?"), undefined, TRACK2_FORMAT, 10).status, "parity");
	});

	it("refuses to correct when the bad character's neighbourhood was repaired by the F2F layer", () => {
		const bits = encoded();
		bits[12 + 5 * 2 + 1] ^= 1;
		const suspect = new Uint8Array(bits.length);
		suspect[12 + 5 * 5] = 1;
		assert.equal(readTrackBits(bits, suspect, TRACK2_FORMAT, 10).status, "parity");
		suspect.fill(0);
		suspect[12 + 5 * 2 + 1] = 1;
		assert.equal(readTrackBits(bits, suspect, TRACK2_FORMAT, 10).status, "ok");
	});

	it("reports parity when two characters fail, and never corrects more than one", () => {
		const bits = encoded();
		bits[12 + 5 * 1] ^= 1;
		bits[12 + 5 * 4] ^= 1;
		assert.deepEqual(readTrackBits(bits, undefined, TRACK2_FORMAT, 10), { status: "parity", corrected: false });
	});

	it("reports lrc when every character checks but the LRC does not", () => {
		const bits = encoded();
		// A whole-character change with good parity: '1' (10000) → '2' (01000).
		bits[12 + 5] = 0;
		bits[12 + 6] = 1;
		assert.deepEqual(readTrackBits(bits, undefined, TRACK2_FORMAT, 10), { status: "lrc", corrected: false });
	});

	it("corrects a start or end sentinel with one flipped bit, located by the LRC", () => {
		for (const at of [12 + 1, 12 + 4, 12 + 5 * 10 + 2, 12 + 5 * 10 + 4]) {
			const bits = encoded();
			bits[at] ^= 1;
			assert.deepEqual(
				readTrackBits(bits, undefined, TRACK2_FORMAT, 10),
				{ status: "ok", data: DATA, corrected: true, repaired: false },
				`bit ${at}`,
			);
		}
	});

	it("corrects nothing in a track with fewer than eight data characters", () => {
		const bits = encoded(TRACK2_FORMAT, ";1234=5?");
		assert.equal(readTrackBits(bits, undefined, TRACK2_FORMAT, 10).status, "ok");
		bits[12 + 5 * 2 + 1] ^= 1;
		assert.deepEqual(readTrackBits(bits, undefined, TRACK2_FORMAT, 10), { status: "parity", corrected: false });
	});

	it("reports no-end-sentinel when the data stops, no-start-sentinel on a stray pattern, no-data on zeros", () => {
		assert.equal(readTrackBits(encoded().subarray(0, 12 + 5 * 4), undefined, TRACK2_FORMAT, 10).status, "no-end-sentinel");
		const stray = new Uint8Array(40);
		stray.set([1, 1, 1], 20); // after clocking zeros, but two bits away from any start sentinel
		assert.equal(readTrackBits(stray, undefined, TRACK2_FORMAT, 10).status, "no-start-sentinel");
		assert.equal(readTrackBits(new Uint8Array(64), undefined, TRACK2_FORMAT, 10).status, "no-data");
	});

	it("needs clocking zeros before the start sentinel, tolerating one stray bit in them", () => {
		const afterData = encoded(TRACK2_FORMAT, DATA, 6, 12);
		const withOneBefore = new Uint8Array(afterData.length + 4);
		withOneBefore.set([1, 0, 0, 0]);
		withOneBefore.set(afterData, 4);
		assert.equal(readTrackBits(withOneBefore, undefined, TRACK2_FORMAT, 10).status, "no-start-sentinel");
		const bits = encoded(TRACK2_FORMAT, DATA, 20, 12);
		bits[14] = 1;
		assert.equal(readTrackBits(bits, undefined, TRACK2_FORMAT, 10).status, "ok");
	});

	it("reads a short lead-in (2 zeros where the capture began) only when the frame reads exactly, long enough, with quiet after it", () => {
		assert.deepEqual(readTrackBits(encoded(TRACK2_FORMAT, DATA, 2, 4), undefined, TRACK2_FORMAT, 10), {
			status: "ok",
			data: DATA,
			corrected: false,
			repaired: false,
		});
		const flipped = encoded(TRACK2_FORMAT, DATA, 2, 12);
		flipped[2 + 5 * 3 + 1]! ^= 1;
		assert.equal(readTrackBits(flipped, undefined, TRACK2_FORMAT, 10).status, "parity");
		assert.equal(readTrackBits(encoded(TRACK2_FORMAT, ";1234?", 2, 12), undefined, TRACK2_FORMAT, 10).status, "lrc");
		const noisyAfter = encoded(TRACK2_FORMAT, DATA, 2, 20);
		noisyAfter[noisyAfter.length - 3] = 1;
		assert.equal(readTrackBits(noisyAfter, undefined, TRACK2_FORMAT, 10).status, "lrc");
		assert.equal(readTrackBits(encoded(TRACK2_FORMAT, DATA, 1, 12), undefined, TRACK2_FORMAT, 10).status, "no-start-sentinel");
	});

	it("rejects a frame followed by more data instead of clocking zeros", () => {
		const bits = encoded(TRACK2_FORMAT, DATA, 12, 12);
		bits[12 + 5 * 12 + 1] = 1;
		bits[12 + 5 * 12 + 3] = 1;
		assert.equal(readTrackBits(bits, undefined, TRACK2_FORMAT, 10).status, "lrc");
	});
});
