import { assert } from "../../support/assert.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { synthesizeSwipe, type SwipeShape, withSentinels } from "../../../host-sim/magstripe/swipe-synth.js";
import { decodeF2f } from "../../../src/magstripe/f2f-decoder.js";
import { segmentF2f } from "../../../src/magstripe/f2f-segmenter.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";
import { encodeTrackBits, formatForTrack } from "../../../src/magstripe/track-format.js";
import type { FluxSwipe, TrackNumber } from "../../../hal/magstripe.js";

const debit = TEST_CARDS.debit;
const dataOf = (track: TrackNumber) => (track === 1 ? debit.track1 : track === 2 ? debit.track2 : debit.track3!);

function channel(track: TrackNumber, shape: Partial<SwipeShape>): Uint32Array {
	const s = synthesizeSwipe([{ track, data: dataOf(track) }], shape);
	assert.ok(s.ok);
	return (s.value as FluxSwipe).channels[0]!.intervalsUs;
}

/** The stripe's bits in capture order (reversed for a reverse swipe), from the first clocking zero on. */
function stripeBits(track: TrackNumber, shape: Partial<SwipeShape> & { leadingZeros: number; trailingZeros: number }): string {
	const bits = encodeTrackBits(formatForTrack(track), withSentinels(track, dataOf(track)), shape.leadingZeros, shape.trailingZeros);
	assert.ok(bits.ok);
	return Array.from(shape.reverse ? bits.value.slice().reverse() : bits.value).join("");
}

describe("F2F segmentation (the fallback search over cell groupings)", () => {
	it("recovers every bit of swipes with 10 % transition displacement that the cell-by-cell pass misreads, tracking forward or backward", () => {
		let misreadByCells = 0;
		for (let seed = 1; seed <= 6; seed++) {
			for (const track of [1, 2, 3] as const) {
				const shape = { ips: 30, accel: seed % 2 ? 2.5 : 1 / 2.5, jitter: 0.12, displacement: 0.1, reverse: seed % 3 === 0, seed };
				const zeros = { leadingZeros: 22, trailingZeros: 22 };
				const intervals = channel(track, { ...shape, ...zeros });
				const expected = stripeBits(track, { ...shape, ...zeros });
				const readings = [false, true].map((backward) => segmentF2f(intervals, backward));
				// The lock takes the first cells; the bits from there on are the stripe's.
				assert.ok(
					readings.some((r) => r !== undefined && expected.endsWith(Array.from(r.bits).join(""))),
					JSON.stringify(shape),
				);
				if (!expected.endsWith(Array.from(decodeF2f(intervals).bits).join(""))) misreadByCells++;
			}
		}
		// The case for the search: at this displacement the cell-by-cell pass slips on most of these.
		assert.ok(misreadByCells >= 9, `cell-by-cell misread ${misreadByCells} of 18`);
	});

	it("gives its bits in capture order whichever way it tracks", () => {
		const intervals = channel(2, { ips: 20, accel: 2, jitter: 0.05, seed: 3, leadingZeros: 15, trailingZeros: 15 });
		const expected = stripeBits(2, { leadingZeros: 15, trailingZeros: 15 });
		for (const backward of [false, true]) {
			const read = segmentF2f(intervals, backward);
			assert.ok(read !== undefined);
			assert.ok(expected.includes(Array.from(read.bits).join("")), `backward ${backward}`);
			assert.ok(read.bits.length >= expected.length - 2);
			assert.equal(read.suspect.indexOf(1), -1);
		}
	});

	it("finds no cells in input that never settles into a clock", () => {
		assert.equal(segmentF2f(new Uint32Array(0), false), undefined);
		assert.equal(segmentF2f(Uint32Array.from([5, 900, 17, 4000, 33, 2]), true), undefined);
	});

	it("lets the swipe decoder read 2.5x speed change, 12 % jitter and 10 % displacement exactly, never a wrong track", () => {
		let read = 0;
		for (let seed = 1; seed <= 8; seed++) {
			const shape = {
				ips: 10 + 7 * seed,
				accel: seed % 2 ? 2.5 : 1 / 2.5,
				jitter: 0.12,
				displacement: 0.1,
				reverse: seed % 4 >= 2,
				seed,
			};
			const tracks = ([1, 2, 3] as const).map((track) => ({ track, data: dataOf(track) }));
			const s = synthesizeSwipe(tracks, shape);
			assert.ok(s.ok);
			for (const t of decodeSwipe(s.value).tracks) {
				if (t.status !== "ok") continue;
				assert.equal(t.data, withSentinels(t.track!, dataOf(t.track!)), JSON.stringify(shape));
				assert.equal(t.corrected, false);
				read++;
			}
		}
		assert.equal(read, 24);
	});
});
