import { assert } from "../../support/assert.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import {
	bitsToIntervals,
	DEFAULT_SHAPE,
	synthesizeSwipe,
	type TrackToSynthesize,
	withSentinels,
} from "../../../host-sim/magstripe/swipe-synth.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";
import { decodeF2f } from "../../../src/magstripe/f2f-decoder.js";
import { encodeTrackBits, formatForTrack, TRACK_DENSITY_BPI } from "../../../src/magstripe/track-format.js";
import type { Swipe, TrackNumber } from "../../../hal/magstripe.js";

const debit = TEST_CARDS.debit;
const debitTracks: TrackToSynthesize[] = [
	{ track: 1, data: debit.track1 },
	{ track: 2, data: debit.track2 },
	{ track: 3, data: debit.track3! },
];

function swipe(tracks: readonly TrackToSynthesize[], shape: Parameters<typeof synthesizeSwipe>[1]): Swipe {
	const result = synthesizeSwipe(tracks, shape);
	assert.ok(result.ok);
	return result.value;
}

function unlabel(s: Swipe): Swipe {
	assert.ok(s.kind === "flux");
	return { ...s, channels: s.channels.map((c) => ({ intervalsUs: c.intervalsUs })) };
}

describe("swipe decoder", () => {
	it("reads all three tracks of the debit card forward and reverse", () => {
		for (const reverse of [false, true]) {
			const read = decodeSwipe(swipe(debitTracks, { ips: 25, reverse }));
			assert.equal(read.direction, reverse ? "reverse" : "forward");
			assert.deepEqual(
				read.tracks.map((t) => [t.track, t.status, t.data, t.corrected]),
				debitTracks.map((t) => [t.track, "ok", withSentinels(t.track, t.data), false]),
			);
		}
	});

	it("reads every test card at 5, 40 and 80 ips with a 3x speed change and 12 % jitter", () => {
		for (const card of Object.values(TEST_CARDS)) {
			for (const ips of [5, 40, 80]) {
				const tracks: TrackToSynthesize[] = [
					{ track: 1, data: card.track1 },
					{ track: 2, data: card.track2 },
				];
				const read = decodeSwipe(swipe(tracks, { ips, accel: ips === 40 ? 1 / 3 : 3, jitter: 0.12, seed: ips }));
				assert.deepEqual(
					read.tracks.map((t) => t.data),
					tracks.map((t) => withSentinels(t.track, t.data)),
					`${card.name} at ${ips} ips`,
				);
			}
		}
	});

	it("detects the track of unlabelled channels: 7-bit is track 1, the slower 5-bit one track 2", () => {
		const read = decodeSwipe(unlabel(swipe(debitTracks, { ips: 30, seed: 3 })));
		assert.deepEqual(
			read.tracks.map((t) => [t.track, t.status]),
			[
				[1, "ok"],
				[2, "ok"],
				[3, "ok"],
			],
		);
		const alone = decodeSwipe(unlabel(swipe([{ track: 2, data: debit.track2 }], { ips: 30, seed: 3, reverse: true })));
		assert.deepEqual(
			alone.tracks.map((t) => [t.track, t.status, t.direction]),
			[[2, "ok", "reverse"]],
		);
	});

	it("decodes a track 2 stream as track 2 even when read as unlabelled (never a track 1 false match)", () => {
		for (let seed = 1; seed <= 20; seed++) {
			const read = decodeSwipe(unlabel(swipe([{ track: 2, data: TEST_CARDS.credit.track2 }], { ips: 20, seed, jitter: 0.1 })));
			assert.equal(read.tracks[0]!.track, 2);
		}
	});

	it("reads reader-chip bits (strobe/data) through the same character layer, both directions", () => {
		const bits = encodeTrackBits(formatForTrack(2), withSentinels(2, debit.track2), 5, 8);
		assert.ok(bits.ok);
		const forward = decodeSwipe({ kind: "bits", atMs: 0, channels: [{ track: 2, bits: bits.value }] });
		assert.equal(forward.tracks[0]!.data, withSentinels(2, debit.track2));
		const reverse = decodeSwipe({ kind: "bits", atMs: 0, channels: [{ bits: bits.value.slice().reverse() }] });
		assert.deepEqual([reverse.direction, reverse.tracks[0]!.track, reverse.tracks[0]!.status], ["reverse", 2, "ok"]);
	});

	it("reports per-track statuses without throwing on empty, zero, huge or noisy input", () => {
		const noise = new Uint32Array(500);
		const random = new SeededRandom(5);
		for (let i = 0; i < noise.length; i++) noise[i] = random.next() % 3000;
		const read = decodeSwipe({
			kind: "flux",
			atMs: 0,
			channels: [
				{ track: 1, intervalsUs: new Uint32Array(0) },
				{ track: 2, intervalsUs: new Uint32Array(40).fill(0) },
				{ intervalsUs: new Uint32Array([0xffffffff, 1, 0xffffffff]) },
				{ track: 3, intervalsUs: noise },
			],
		});
		assert.deepEqual(
			read.tracks.map((t) => t.status === "ok"),
			[false, false, false, false],
		);
		assert.deepEqual(
			read.tracks.slice(0, 3).map((t) => t.status),
			["no-data", "no-data", "no-data"],
		);
	});

	it("reports no-end-sentinel for a swipe cut short and no-data for clocking zeros only", () => {
		const full = swipe([{ track: 2, data: debit.track2 }], { ips: 20, leadingZeros: 20 });
		assert.ok(full.kind === "flux");
		const cut = full.channels[0]!.intervalsUs.slice(0, 120);
		assert.equal(
			decodeSwipe({ kind: "flux", atMs: 0, channels: [{ track: 2, intervalsUs: cut }] }).tracks[0]!.status,
			"no-end-sentinel",
		);
		assert.equal(
			decodeSwipe({ kind: "flux", atMs: 0, channels: [{ track: 2, intervalsUs: new Uint32Array(60).fill(900) }] }).tracks[0]!.status,
			"no-data",
		);
	});

	it("repairs a missing transition between zero cells and a lopsided spurious one, flagging the repaired bits", () => {
		const bits = encodeTrackBits(formatForTrack(2), withSentinels(2, debit.track2), 20, 20);
		assert.ok(bits.ok);
		const clean = Array.from(bitsToIntervals(bits.value, TRACK_DENSITY_BPI[2], { ...DEFAULT_SHAPE, ips: 20 }));
		// Leading zeros: merge cells 12 and 13; split cell 15 at 20 %.
		const damaged = [
			...clean.slice(0, 12),
			clean[12]! + clean[13]!,
			clean[14]!,
			Math.round(clean[15]! * 0.2),
			clean[15]! - Math.round(clean[15]! * 0.2),
			...clean.slice(16),
		];
		const f2f = decodeF2f(Uint32Array.from(damaged));
		assert.equal(Array.from(f2f.bits).join(""), Array.from(bits.value).join(""));
		assert.equal(
			f2f.suspect.reduce((a, b) => a + b, 0),
			3,
		);
	});

	it("rebuilds a `1` whose closing transition is missing, before a zero and before another `1`", () => {
		// 20 zeros, then 1 0 1 1 0 0 at T = 100 µs, the transition between the first `1` and the zero missing.
		const lead = new Array<number>(20).fill(100);
		const oneThenZero = decodeF2f(Uint32Array.from([...lead, 50, 150, 50, 50, 50, 50, 100, 100]));
		assert.equal(Array.from(oneThenZero.bits).join(""), "0".repeat(20) + "101100");
		// 1 1 1 0 0 with the transition between the first two `1`s missing: 50, 50 + 50, 50.
		const oneThenOne = decodeF2f(Uint32Array.from([...lead, 50, 100, 50, 50, 50, 100, 100]));
		assert.equal(Array.from(oneThenOne.bits).join(""), "0".repeat(20) + "111" + "00");
		assert.ok(oneThenOne.suspect.some((s) => s === 1));
	});

	it("merges a fragment cut off a half cell inside a run of ones", () => {
		const lead = new Array<number>(20).fill(100);
		// 1 1 1 0, the second `1`'s first half split 12 + 38.
		const f2f = decodeF2f(Uint32Array.from([...lead, 50, 50, 12, 38, 50, 50, 50, 100]));
		assert.equal(Array.from(f2f.bits).join(""), "0".repeat(20) + "111" + "0");
		assert.equal(
			f2f.suspect.reduce((a, b) => a + b, 0),
			1,
		);
	});

	it("round-trips random track data through synthesize → decode under seeded random shapes (within the envelope)", () => {
		const random = new SeededRandom(2026);
		const pick = (n: number) => random.next() % n;
		for (let round = 0; round < 60; round++) {
			const track = (1 + (round % 3)) as TrackNumber;
			const alphabet = track === 1 ? " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/^.-" : "0123456789=";
			const length = 1 + pick(track === 2 ? 37 : 60);
			let data = "";
			for (let i = 0; i < length; i++) data += alphabet.charAt(pick(alphabet.length));
			const shape = {
				ips: 5 + pick(56),
				accel: [1, 2, 3, 1 / 2, 1 / 3][pick(5)]!,
				jitter: pick(13) / 100,
				reverse: pick(2) === 1,
				seed: round,
				leadingZeros: 10 + pick(30),
				trailingZeros: 10 + pick(30),
			};
			const read = decodeSwipe(swipe([{ track, data }], shape)).tracks[0]!;
			assert.deepEqual([read.status, read.data], ["ok", withSentinels(track, data)], JSON.stringify({ track, data, shape }));
		}
	});

	it("locks its clock on two clocking zeros and follows an 8x speed change, in both directions", () => {
		for (const reverse of [false, true]) {
			for (const accel of [8, 1 / 8]) {
				for (const track of [1, 2, 3] as const) {
					const data = track === 1 ? debit.track1 : track === 2 ? debit.track2 : debit.track3!;
					const shape = { ips: 20, accel, jitter: 0.1, reverse, seed: 11, leadingZeros: 2, trailingZeros: 2 };
					const read = decodeSwipe(unlabel(swipe([{ track, data }], shape))).tracks[0]!;
					assert.deepEqual(
						[read.status, read.data, read.direction],
						["ok", withSentinels(track, data), reverse ? "reverse" : "forward"],
					);
				}
			}
		}
	});

	it("clocks a reverse swipe in capture order: garbage after the swipe's end does not stop it from reading", () => {
		const s = swipe([{ track: 2, data: debit.track2 }], {
			ips: 30,
			accel: 1 / 6,
			jitter: 0.08,
			reverse: true,
			seed: 4,
			leadingZeros: 12,
		});
		assert.ok(s.kind === "flux");
		const tail = Uint32Array.from([7, 3, 90_000, 12]);
		const intervals = new Uint32Array(s.channels[0]!.intervalsUs.length + tail.length);
		intervals.set(s.channels[0]!.intervalsUs);
		intervals.set(tail, s.channels[0]!.intervalsUs.length);
		const read = decodeSwipe({ kind: "flux", atMs: 0, channels: [{ track: 2, intervalsUs: intervals }] });
		assert.deepEqual([read.direction, read.tracks[0]!.data], ["reverse", withSentinels(2, debit.track2)]);
	});

	it("reads swipes with transition displacement (neighbouring intervals erring in opposite directions)", () => {
		for (let seed = 1; seed <= 12; seed++) {
			const shape = { ips: 25, accel: seed % 2 ? 2.5 : 1 / 2.5, jitter: 0.12, displacement: 0.05, reverse: seed % 3 === 0, seed };
			const read = decodeSwipe(swipe(debitTracks, shape));
			assert.deepEqual(
				read.tracks.map((t) => t.data),
				debitTracks.map((t) => withSentinels(t.track, t.data)),
				JSON.stringify(shape),
			);
		}
	});

	it("never accepts random F2F data after a short lead-in of 2–9 clocking zeros", () => {
		const random = new SeededRandom(77);
		const uniform = () => random.next() / 0x1_0000_0000;
		for (let round = 0; round < 1500; round++) {
			const cell = 60 + uniform() * 2000;
			const jittered = (us: number) => Math.max(1, Math.round(us * (1 + 0.1 * (2 * uniform() - 1))));
			const out: number[] = [];
			for (let i = 2 + (random.next() % 8); i > 0; i--) out.push(jittered(cell));
			for (let i = 20 + (random.next() % 300); i > 0; i--) {
				if (random.next() % 2 === 0) out.push(jittered(cell));
				else out.push(jittered(cell / 2), jittered(cell / 2));
			}
			const read = decodeSwipe({ kind: "flux", atMs: 0, channels: [{ intervalsUs: Uint32Array.from(out) }] });
			assert.notEqual(read.tracks[0]!.status, "ok", `round ${round}`);
		}
	});
});
