// A named test card swiped through the synthesizer: every track the card carries, one channel each. For the
// simulator, scripts and tests (`head.swipe(testCardSwipe(TEST_CARDS.debit))`). Platform-free.

import type { FluxSwipe } from "../../hal/magstripe.js";
import type { TestCard } from "../cards/test-cards.js";
import { type SwipeShape, synthesizeSwipe, type TrackToSynthesize } from "./swipe-synth.js";

export function testCardSwipe(card: TestCard, shape: Partial<SwipeShape> = {}, atMs = 0): FluxSwipe {
	const tracks: TrackToSynthesize[] = [
		{ track: 1, data: card.track1 },
		{ track: 2, data: card.track2 },
		...(card.track3 === undefined ? [] : [{ track: 3 as const, data: card.track3 }]),
	];
	const swipe = synthesizeSwipe(tracks, shape, atMs);
	// The test cards are fixed data within the ISO character sets and lengths (test-cards.test.ts checks them).
	if (!swipe.ok) throw new Error(`test card ${card.name} does not encode: ${swipe.error.kind}`);
	return swipe.value;
}
