import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { synthesizeSwipe, withSentinels } from "../../host-sim/magstripe/swipe-synth.js";
import { decodeSwipe } from "../../src/magstripe/swipe-decoder.js";
import { parseWav } from "../../host-sim/magstripe/wav-pcm.js";
import { encodeTrackBits, TRACK2_FORMAT } from "../../src/magstripe/track-format.js";
import { posterm } from "./support/cli-capture.js";

describe("posterm swipe (CLI)", () => {
	let dir = "";
	before(() => {
		dir = mkdtempSync(join(tmpdir(), "posterm-swipe-"));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it("synth prints the capture JSON that decode reads back, with the card's masked PAN", async () => {
		const debit = TEST_CARDS.debit;
		const synth = await posterm(
			"swipe",
			"synth",
			"--track",
			"2",
			"--data",
			debit.track2,
			"--ips",
			"40",
			"--accel",
			"3",
			"--jitter",
			"12",
			"--reverse",
			"--seed",
			"4",
		);
		assert.equal(synth.code, 0, synth.err);
		const capture = JSON.parse(synth.out) as { channels: { track: number; intervals_us: number[] }[] };
		assert.equal(capture.channels[0]!.track, 2);
		const file = join(dir, "debit.json");
		writeFileSync(file, synth.out);
		const decoded = await posterm("swipe", "decode", file);
		assert.equal(decoded.code, 0, decoded.err);
		assert.deepEqual(JSON.parse(decoded.out), {
			frontEnd: "intervals",
			direction: "reverse",
			// The card number masked in the track data too (first 6, last 4), the rest as read.
			tracks: [{ track: 2, status: "ok", data: ";622202*********0128=301212010128123?", corrected: false, direction: "reverse" }],
			card: { pan: "622202*********0128", expiry: "3012", serviceCode: "120", cardholderName: null, chipCard: false },
		});
	});

	it("decodes several files in order, one JSON object per line, WAV included, and exits 0 when tracks fail", async () => {
		const chip = join(dir, "chip.wav");
		const synth = await posterm(
			"swipe",
			"synth",
			"--track",
			"1",
			"--data",
			TEST_CARDS.chip.track1,
			"--wav",
			chip,
			"--json",
			join(dir, "chip.json"),
		);
		assert.deepEqual([synth.code, synth.out], [0, ""]);
		assert.ok(parseWav(new Uint8Array(readFileSync(chip))).ok);
		writeFileSync(
			join(dir, "noise.json"),
			JSON.stringify({ channels: [{ track: 2, intervals_us: [500, 20, 900, 13, 250, 4000] }, { intervals_us: [] }] }),
		);
		const run = await posterm("swipe", "decode", chip, join(dir, "noise.json"), join(dir, "chip.json"));
		assert.equal(run.code, 0, run.err);
		const lines = run.out
			.trimEnd()
			.split("\n")
			.map((l) => JSON.parse(l) as { tracks: { track: number | null; status: string }[]; card: unknown });
		assert.equal(lines.length, 3);
		assert.deepEqual(
			lines[0]!.tracks.map((t) => [t.track, t.status]),
			[[1, "ok"]],
		);
		assert.deepEqual((lines[0]!.card as { chipCard: boolean }).chipCard, true);
		assert.deepEqual(lines[1], {
			frontEnd: "intervals",
			direction: "forward",
			tracks: [
				{ track: 2, status: "no-data", corrected: false, direction: "forward" },
				{ track: null, status: "no-data", corrected: false, direction: "forward" },
			],
			card: null,
		});
		assert.deepEqual(
			lines.map((l) => (l as unknown as { frontEnd: string }).frontEnd),
			["wav-peaks", "intervals", "intervals"],
		);
		assert.equal((lines[0]!.tracks[0] as unknown as { data: string }).data, "%B622609******0111^SUN/BA^310620110111555000000?");
		assert.doesNotMatch(run.out, /6226095555000111/);
		assert.deepEqual(
			lines[2]!.tracks,
			lines[0]!.tracks.map((t) => ({ ...t })),
		);
	});

	it("accepts intervals given with fractions of a µs (a finer timer) and decodes them as a 1 µs capture would", async () => {
		const synth = synthesizeSwipe([{ track: 2, data: TEST_CARDS.credit.track2 }], { ips: 30, jitter: 0.05, seed: 2 });
		assert.ok(synth.ok);
		const fractional = Array.from(synth.value.channels[0]!.intervalsUs).map((v, i) => v + ((i * 37) % 10) / 10 - 0.45);
		const file = join(dir, "fractions.json");
		writeFileSync(file, JSON.stringify({ channels: [{ intervals_us: fractional }] }));
		const run = await posterm("swipe", "decode", file);
		assert.equal(run.code, 0, run.err);
		const line = JSON.parse(run.out) as { frontEnd: string; tracks: { track: number; status: string; direction: string }[] };
		assert.deepEqual(
			[line.frontEnd, line.tracks[0]!.track, line.tracks[0]!.status, line.tracks[0]!.direction],
			["intervals", 2, "ok", "forward"],
		);
		writeFileSync(file, JSON.stringify({ channels: [{ intervals_us: [12.5, -1] }] }));
		assert.match(
			(await posterm("swipe", "decode", file)).err,
			/intervals_us must be an array of microseconds \(0 to 4294967295, fractions allowed\)/,
		);
	});

	it("fails with a message and no output on unreadable input (exit 1) and on bad arguments (exit 2)", async () => {
		const bad = join(dir, "bad.json");
		writeFileSync(bad, JSON.stringify({ channels: [{ track: 4, intervals_us: [1] }] }));
		const good = join(dir, "good.json");
		writeFileSync(good, JSON.stringify({ channels: [{ intervals_us: [1] }] }));
		const run = await posterm("swipe", "decode", good, bad);
		assert.deepEqual([run.code, run.out], [1, ""]);
		assert.match(run.err, /bad\.json: channels\[0\]\.track must be 1, 2 or 3/);
		writeFileSync(bad, "not json");
		assert.match((await posterm("swipe", "decode", bad)).err, /neither a WAV file nor JSON/);
		assert.equal((await posterm("swipe", "decode", join(dir, "missing.json"))).code, 1);
		assert.equal((await posterm("swipe", "decode")).code, 2);
		assert.equal((await posterm("swipe", "synth", "--track", "2")).code, 2);
		assert.equal((await posterm("swipe", "synth", "--track", "2", "--data", "12", "--ips", "fast")).code, 2);
		const badChar = await posterm("swipe", "synth", "--track", "2", "--data", "12A4");
		assert.deepEqual([badChar.code, /"A" is not in the track 2 character set/.test(badChar.err)], [1, true]);
	});
});

describe("magstripe round trips (fast-check)", () => {
	const digitsAndFs = fc.string({ unit: fc.constantFrom(..."0123456789=<>:"), minLength: 1, maxLength: 37 });
	const alpha = fc.string({
		unit: fc.constantFrom(..." !\"#$&'()*+,-./0123456789:;<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"),
		minLength: 1,
		maxLength: 76,
	});
	const shape = fc.record({
		ips: fc.double({ min: 5, max: 60, noNaN: true }),
		accel: fc.constantFrom(1, 1.5, 2, 3, 1 / 1.5, 1 / 2, 1 / 3),
		jitter: fc.double({ min: 0, max: 0.12, noNaN: true }),
		reverse: fc.boolean(),
		seed: fc.nat(),
		leadingZeros: fc.integer({ min: 10, max: 60 }),
		trailingZeros: fc.integer({ min: 10, max: 60 }),
	});

	it("encode → synthesize → decode gives the data back on every track, with the track detected", () => {
		fc.assert(
			fc.property(
				fc.oneof(fc.tuple(fc.constant(1 as const), alpha), fc.tuple(fc.constantFrom(2 as const, 3 as const), digitsAndFs)),
				shape,
				fc.boolean(),
				([track, data], s, labelled) => {
					const swipe = synthesizeSwipe([{ track, data }], s);
					assert.ok(swipe.ok);
					const channels = labelled ? swipe.value.channels : swipe.value.channels.map((c) => ({ intervalsUs: c.intervalsUs }));
					const read = decodeSwipe({ ...swipe.value, channels }).tracks[0]!;
					assert.equal(read.status, "ok");
					assert.equal(read.data, withSentinels(track, data));
					assert.equal(read.direction, s.reverse ? "reverse" : "forward");
					if (!labelled) assert.equal(read.track === 1, track === 1);
				},
			),
			{ numRuns: 400, seed: 3 },
		);
	});

	it("never returns wrong data when any two bits of the frame flip (reader-chip bits)", () => {
		fc.assert(
			fc.property(digitsAndFs, fc.nat(), fc.nat(), (data, x, y) => {
				const bits = encodeTrackBits(TRACK2_FORMAT, withSentinels(2, data), 12, 12);
				assert.ok(bits.ok);
				const frame = bits.value.length - 24;
				const i = 12 + (x % frame);
				const j = 12 + (y % frame);
				fc.pre(i !== j);
				bits.value[i]! ^= 1;
				bits.value[j]! ^= 1;
				const read = decodeSwipe({ kind: "bits", atMs: 0, channels: [{ track: 2, bits: bits.value }] }).tracks[0]!;
				if (read.status === "ok") assert.equal(read.data, withSentinels(2, data));
			}),
			{ numRuns: 3000, seed: 11 },
		);
	});
});
