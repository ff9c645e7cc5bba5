import { assert } from "../../support/assert.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { synthesizeSwipe, withSentinels } from "../../../host-sim/magstripe/swipe-synth.js";
import { encodeWav, parseWav } from "../../../host-sim/magstripe/wav-pcm.js";
import { headSignal } from "../../../host-sim/magstripe/head-signal.js";
import { intervalsFromSignal, timesToIntervals } from "../../../host-sim/magstripe/wav-front-end.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";

function intervals(track: 1 | 2 | 3, data: string, ips: number, reverse = false): Uint32Array {
	const swipe = synthesizeSwipe([{ track, data }], { ips, jitter: 0.05, reverse, seed: 9 });
	assert.ok(swipe.ok);
	return swipe.value.channels[0]!.intervalsUs;
}

describe("WAV and head signal", () => {
	it("writes a canonical 44-byte-header 16-bit PCM WAV and reads it back sample for sample", () => {
		const left = Int16Array.from([0, 1, -1, 32767, -32768]);
		const right = Int16Array.from([5, 4, 3, 2, 1]);
		const bytes = encodeWav({ sampleRate: 48_000, channels: [left, right] });
		assert.equal(bytes.length, 44 + 20);
		assert.bytes(bytes.subarray(0, 16), "52494646" + "38000000" + "57415645" + "666d7420");
		const back = parseWav(bytes);
		assert.ok(back.ok);
		assert.equal(back.value.sampleRate, 48_000);
		assert.deepEqual(Array.from(back.value.channels[0]!), Array.from(left));
		assert.deepEqual(Array.from(back.value.channels[1]!), Array.from(right));
	});

	it("skips unknown chunks, and rejects non-WAV or non-16-bit input with a typed error", () => {
		const plain = encodeWav({ sampleRate: 8000, channels: [Int16Array.from([7, -7])] });
		const withList = new Uint8Array(plain.length + 12);
		withList.set(plain.subarray(0, 36));
		withList.set([0x4c, 0x49, 0x53, 0x54, 4, 0, 0, 0, 1, 2, 3, 4], 36);
		withList.set(plain.subarray(36), 48);
		const parsed = parseWav(withList);
		assert.ok(parsed.ok);
		assert.deepEqual(Array.from(parsed.value.channels[0]!), [7, -7]);
		assert.deepEqual(parseWav(new Uint8Array([1, 2, 3])), { ok: false, error: { kind: "not-wav", detail: "no RIFF/WAVE header" } });
		const eightBit = plain.slice();
		eightBit[34] = 8;
		const e = parseWav(eightBit);
		assert.ok(!e.ok && e.error.kind === "unsupported");
	});

	it("recovers the transition intervals from the head signal within a couple of µs", () => {
		const original = intervals(2, TEST_CARDS.debit.track2, 20);
		const recovered = intervalsFromSignal(headSignal(original, { sampleRate: 96_000 }), 96_000);
		assert.equal(recovered.length, original.length);
		let worst = 0;
		for (let i = 0; i < original.length; i++) worst = Math.max(worst, Math.abs(recovered[i]! - original[i]!));
		assert.ok(worst <= 3, `worst error ${worst} µs`);
	});

	it("decodes swipes exported as WAV and imported again, tracks 1 to 3, both directions", () => {
		const debit = TEST_CARDS.debit;
		for (const [track, data] of [
			[1, debit.track1],
			[2, debit.track2],
			[3, debit.track3!],
		] as const) {
			for (const reverse of [false, true]) {
				const wav = encodeWav({ sampleRate: 96_000, channels: [headSignal(intervals(track, data, 15, reverse))] });
				const audio = parseWav(wav);
				assert.ok(audio.ok);
				const read = decodeSwipe({
					kind: "flux",
					atMs: 0,
					channels: [{ track, intervalsUs: intervalsFromSignal(audio.value.channels[0]!, 96_000) }],
				});
				assert.deepEqual(
					[read.direction, read.tracks[0]!.data],
					[reverse ? "reverse" : "forward", withSentinels(track, data)],
					`track ${track}`,
				);
			}
		}
	});

	it("rounds transition times, not intervals, as a 1 µs capture timer does (no drift over a swipe)", () => {
		// Transitions every 0.4 µs: rounding each interval would give all zeros and lose 2 µs over five intervals.
		assert.deepEqual(Array.from(timesToIntervals([0, 0.4, 0.8, 1.2, 1.6, 2.0])), [0, 1, 0, 1, 0]);
		assert.deepEqual(Array.from(timesToIntervals([10.5, 250.25, 499.75])), [239, 250]);
	});

	it("reads a phone-jack style recording: DC offset, inverted polarity, AC coupling, noise, amplitude following a 7x speed change", () => {
		const debit = TEST_CARDS.debit;
		for (const [accel, reverse] of [
			[7, false],
			[1 / 7, true],
		] as const) {
			const s = synthesizeSwipe([{ track: 2, data: debit.track2 }], {
				ips: 12,
				accel,
				jitter: 0.06,
				reverse,
				seed: 5,
				leadingZeros: 3,
				trailingZeros: 3,
			});
			assert.ok(s.ok);
			const samples = headSignal(s.value.channels[0]!.intervalsUs, {
				sampleRate: 44_100,
				amplitudeFollowsSpeed: true,
				decay: 0.6,
				invert: reverse,
				highPassHz: 20,
				dcOffset: reverse ? -3000 : 2500,
				noise: 100,
				seed: 3,
			});
			const read = decodeSwipe({ kind: "flux", atMs: 0, channels: [{ intervalsUs: intervalsFromSignal(samples, 44_100) }] });
			assert.deepEqual(
				[read.direction, read.tracks[0]!.track, read.tracks[0]!.data],
				[reverse ? "reverse" : "forward", 2, withSentinels(2, debit.track2)],
			);
		}
	});

	it("finds nothing in silence", () => {
		assert.equal(intervalsFromSignal(new Int16Array(1000), 48_000).length, 0);
	});
});
