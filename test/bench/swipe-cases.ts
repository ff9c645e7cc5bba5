// Seeded swipe cases shared by swipe.bench.ts and swipe-stress.bench.ts: random bank-card-like track content, the
// swipe shape of a read-rate cell, and whether a synthesized swipe reads back. Each bench file owns its generator.

import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { synthesizeSwipe, type SwipeShape, withSentinels } from "../../host-sim/magstripe/swipe-synth.js";
import { decodeSwipe } from "../../src/magstripe/swipe-decoder.js";
import type { TrackNumber } from "../../hal/magstripe.js";

/** Swipes per matrix cell (issue: ≥ 200). */
export const SWIPES_PER_CELL = 200;

export const TRACKS: readonly TrackNumber[] = [1, 2, 3];

const NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ /.";

export function swipeCases(seed: number) {
	const random = new SeededRandom(seed);
	const below = (n: number) => random.next() % n;
	const uniform = () => random.next() / 0x1_0000_0000;

	function digits(n: number): string {
		let s = "";
		for (let i = 0; i < n; i++) s += String.fromCharCode(0x30 + below(10));
		return s;
	}

	/** Random track content shaped like a bank card's: ISO 7813 track 1 B / track 2, ISO 4909 track 3. */
	function randomContent(track: TrackNumber): string {
		const pan = digits(16 + below(4));
		if (track === 2) return `${pan}=${digits(7)}${digits(below(37 - pan.length - 7))}`;
		if (track === 3) return `99${pan}=${digits(30 + below(104 - pan.length - 33))}`;
		let name = "";
		for (let i = 2 + below(24); i > 0; i--) name += NAME_CHARS.charAt(below(NAME_CHARS.length));
		const head = `B${pan}^${name}^${digits(7)}`;
		return head + digits(below(76 - head.length + 1));
	}

	function shapeFor(ips: number, change: number, jitterPercent: number, reverse: boolean, index: number): Partial<SwipeShape> {
		return {
			ips,
			accel: index % 2 === 0 ? change : 1 / change,
			jitter: jitterPercent / 100,
			reverse,
			seed: random.next(),
			leadingZeros: 10 + below(31),
			trailingZeros: 10 + below(31),
		};
	}

	return { below, uniform, randomContent, shapeFor };
}

export function readsBack(track: TrackNumber, content: string, shape: Partial<SwipeShape>): "ok" | "failed" | "wrong" {
	const swipe = synthesizeSwipe([{ track, data: content }], shape);
	if (!swipe.ok) throw new Error(`synthesizer rejected ${content}`);
	const read = decodeSwipe(swipe.value).tracks[0]!;
	if (read.status !== "ok") return "failed";
	return read.data === withSentinels(track, content) ? "ok" : "wrong";
}

export const percent = (n: number, of: number) => Math.round((n / of) * 100 * 100) / 100;
