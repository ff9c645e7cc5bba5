// The cost of decoding one 3-track swipe on XS (meter units, deterministic; wall time on this machine), apart from
// swipe.bench.ts so it can be measured without that bench's read-rate sweep: the debit card, 30 ips, 2x speed
// change, 10 % jitter, forward, reverse, and reverse with the tracks unlabelled (auto-detection).

import { bench, measurementRows } from "../xs/bench.js";
import { synthesizeSwipe, withSentinels } from "../../host-sim/magstripe/swipe-synth.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { decodeSwipe } from "../../src/magstripe/swipe-decoder.js";
import type { FluxSwipe } from "../../hal/magstripe.js";

const debit = TEST_CARDS.debit;
const threeTracks = [
	{ track: 1 as const, data: debit.track1 },
	{ track: 2 as const, data: debit.track2 },
	{ track: 3 as const, data: debit.track3! },
];
const costSwipe = (reverse: boolean, labelled: boolean): FluxSwipe => {
	const s = synthesizeSwipe(threeTracks, { ips: 30, accel: 2, jitter: 0.1, reverse, seed: 3 });
	if (!s.ok) throw new Error("synthesizer");
	return labelled ? s.value : { ...s.value, channels: s.value.channels.map((c) => ({ intervalsUs: c.intervalsUs })) };
};
const forward = costSwipe(false, true);
const reverse = costSwipe(true, true);
const unlabelled = costSwipe(true, false);
const characters = threeTracks.map((t) => withSentinels(t.track, t.data).length + 1).join(" + ");
bench.table(
	`cost of decoding a 3-track swipe (debit card: ${characters} characters with sentinels and LRC; 30 ips, 2x, 10 % jitter)`,
	measurementRows([
		bench.measure("3-track swipe, forward, tracks labelled", 50, () => void decodeSwipe(forward)),
		bench.measure("3-track swipe, reverse, tracks labelled", 50, () => void decodeSwipe(reverse)),
		bench.measure("3-track swipe, reverse, unlabelled (auto-detect)", 50, () => void decodeSwipe(unlabelled)),
	]),
);
