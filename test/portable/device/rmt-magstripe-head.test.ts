// The device head's wrapper (device/moddable/magstripe/rmt-magstripe-head.ts) over a fake native capture, in
// Node and XS: the wrapper takes the capture class by injection and imports no Moddable module.

import { assert } from "../../support/assert.js";
import type { BoardMagstripe } from "../../../hal/board.js";
import type { Swipe, SwipeError } from "../../../hal/magstripe.js";
import { RmtMagstripeHead } from "../../../device/moddable/magstripe/rmt-magstripe-head.js";
import type { MagstripeCaptureOptions } from "../../../device/moddable/magstripe/magstripe-capture.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";

type FakeOptions = MagstripeCaptureOptions;

const BOARD: BoardMagstripe = {
	channels: [
		{ pin: 41, track: 1 },
		{ pin: 2, track: 2 },
		{ pin: 3, track: 3 },
	],
	resolutionNs: 1000,
	idleUs: 20_000,
};

class FakeCapture {
	static last: FakeCapture | undefined;
	readonly options: FakeOptions;
	readonly pending = new Map<number, number[] | "overflow">();
	closed = false;
	reads: number[] = [];

	constructor(options: FakeOptions) {
		this.options = options;
		FakeCapture.last = this;
	}

	read(channel: number, intervals: Uint32Array): number {
		this.reads.push(channel);
		const data = this.pending.get(channel);
		this.pending.delete(channel);
		if (data === "overflow") return -1;
		intervals.set(data ?? []);
		return data?.length ?? 0;
	}

	close(): void {
		this.closed = true;
	}

	end(channel: number, data: number[] | "overflow"): void {
		this.pending.set(channel, data);
		this.options.onCapture(channel);
	}
}

describe("RMT magstripe head (device wrapper)", () => {
	it("opens the capture on the board's pins and gathers channels that end together into one swipe", () => {
		const clock = new VirtualClock(0);
		const head = new RmtMagstripeHead({ Capture: FakeCapture, magstripe: BOARD, clock });
		const capture = FakeCapture.last!;
		assert.deepEqual([capture.options.pins, capture.options.resolutionNs, capture.options.idleUs], [[41, 2, 3], 1000, 20_000]);
		const swipes: Swipe[] = [];
		head.onSwipe((s) => swipes.push(s));
		capture.end(1, [300, 150, 150]);
		clock.advance(10);
		capture.end(0, [100, 50, 50, 100]);
		assert.equal(swipes.length, 0);
		clock.advance(30);
		assert.equal(swipes.length, 1);
		const swipe = swipes[0]!;
		assert.ok(swipe.kind === "flux");
		assert.deepEqual(
			swipe.channels.map((c) => [c.track, Array.from(c.intervalsUs)]),
			[
				[1, [100, 50, 50, 100]],
				[2, [300, 150, 150]],
				[3, []],
			],
		);
		assert.deepEqual(capture.reads, [1, 0]);
		capture.end(2, [7]);
		clock.advance(40);
		assert.equal(swipes.length, 2);
		head.close();
		assert.ok(capture.closed);
	});

	it("reports an overflowed channel as a swipe error and drops that swipe", () => {
		const clock = new VirtualClock(0);
		const head = new RmtMagstripeHead({ Capture: FakeCapture, magstripe: BOARD, clock });
		const swipes: Swipe[] = [];
		const errors: SwipeError[] = [];
		head.onSwipe((s) => swipes.push(s));
		head.onError((e) => errors.push(e));
		FakeCapture.last!.end(0, [1, 2, 3]);
		FakeCapture.last!.end(2, "overflow");
		clock.advance(50);
		assert.deepEqual([swipes.length, errors], [0, [{ kind: "overflow", channel: 2 }]]);
	});

	it("reports a capture that cannot open as a head fault", () => {
		const clock = new VirtualClock(0);
		class Failing extends FakeCapture {
			constructor(options: FakeOptions) {
				super(options);
				throw new Error("RMT receive setup failed");
			}
		}
		const head = new RmtMagstripeHead({ Capture: Failing, magstripe: BOARD, clock });
		const errors: SwipeError[] = [];
		head.onError((e) => errors.push(e));
		clock.advance(1);
		assert.deepEqual(errors, [{ kind: "head-fault", detail: "RMT receive setup failed" }]);
		head.close();
	});
});
