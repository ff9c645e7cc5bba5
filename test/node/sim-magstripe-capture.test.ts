// The desktop simulator's stand-in for the RMT magstripe capture: the card slot of the mcsim device posts a
// swipe's flux intervals per channel ({"swipe":["<base64>",…]}, little-endian 32-bit µs, through
// screen.onMessage); the real head
// (device/moddable/magstripe/rmt-magstripe-head.ts) gathers them into one FluxSwipe that src/ decodes.

import { strict as assert } from "node:assert";
import type { BoardMagstripe } from "../../hal/board.js";
import type { Clock } from "../../hal/clock.js";
import type { Swipe } from "../../hal/magstripe.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { loadBoard } from "../../host-sim/hal/boards.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { synthesizeSwipe } from "../../host-sim/magstripe/swipe-synth.js";
import { simulatorScreenPerTest } from "./support/simulator-screen.js";

interface HeadClass {
	new (options: { Capture: unknown; magstripe: BoardMagstripe; clock: Clock }): { onSwipe(handler: (swipe: Swipe) => void): unknown };
}
// Device modules, typed against Moddable's typings: loaded by path.
const capturePath: string = "../../device/moddable/magstripe/sim-magstripe-capture.js";
const headPath: string = "../../device/moddable/magstripe/rmt-magstripe-head.js";
const { default: SimCapture } = (await import(capturePath)) as { default: unknown };
const { RmtMagstripeHead } = (await import(headPath)) as { RmtMagstripeHead: HeadClass };

// XS has Uint8Array.fromBase64 (TC39 "ArrayBuffer to/from Base64"); Node 20 has not.
const typedArrays = Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array };
typedArrays.fromBase64 ??= (text) => new Uint8Array(Buffer.from(text, "base64"));

const base64 = (intervals: readonly number[]) => Buffer.from(Uint32Array.from(intervals).buffer).toString("base64");

describe("mcsim's magstripe capture stand-in", () => {
	const screen = simulatorScreenPerTest();

	it("hands the slot's swipe to the head channel by channel: the same intervals come out as one swipe", () => {
		const board = loadBoard("posterm-s3");
		const clock = new VirtualClock(0);
		const head = new RmtMagstripeHead({ Capture: SimCapture, magstripe: board.magstripe, clock });
		const swipes: Swipe[] = [];
		head.onSwipe((swipe) => swipes.push(swipe));
		const synthesized = synthesizeSwipe([{ track: 2, data: TEST_CARDS.debit.track2! }]);
		assert.ok(synthesized.ok);
		const track2 = Array.from(synthesized.value.channels[0]!.intervalsUs);
		const channels = board.magstripe.channels.map((c) => base64(c.track === 2 ? track2 : []));
		screen.post({ swipe: channels });
		clock.advance(100);
		assert.equal(swipes.length, 1);
		const swipe = swipes[0]!;
		assert.equal(swipe.kind, "flux");
		if (swipe.kind !== "flux") return;
		const read = swipe.channels.find((c) => c.track === 2)!;
		assert.deepEqual(Array.from(read.intervalsUs), track2);
	});

	it("leaves the other stand-ins' messages unparsed, and reports a channel longer than the head's buffer as overflow", () => {
		const board = loadBoard("posterm-s3");
		const clock = new VirtualClock(0);
		const head = new RmtMagstripeHead({ Capture: SimCapture, magstripe: board.magstripe, clock });
		const swipes: Swipe[] = [];
		head.onSwipe((swipe) => swipes.push(swipe));
		const errors: unknown[] = [];
		(head as unknown as { onError(handler: (error: unknown) => void): void }).onError((error) => errors.push(error));
		// Not JSON past its key: a stand-in that parsed every message would throw here.
		(globalThis as { screen?: { onMessage?: (message: string) => void } }).screen!.onMessage!('{"join":[1,');
		screen.post({ paper: false });
		screen.post({ swipe: board.magstripe.channels.map(() => base64(new Array(5000).fill(300))) });
		clock.advance(100);
		assert.deepEqual(swipes, []);
		assert.equal((errors[0] as { kind: string }).kind, "overflow");
	});
});
