// The simulator's card slot: a named test card swiped at a chosen speed, direction and quality, synthesised
// as flux transitions (issue 3's swipe synthesizer) for the tracks the board's head reads.

import type { BoardDescription } from "../../hal/board.js";
import type { FluxSwipe, TrackNumber } from "../../hal/magstripe.js";
import type { Result } from "../../hal/result.js";
import { TEST_CARDS, TEST_CARD_NAMES, type TestCardName } from "../cards/test-cards.js";
import { synthesizeSwipe, type SwipeShape, type TrackToSynthesize } from "../magstripe/swipe-synth.js";

export type SwipeQuality = "clean" | "worn" | "damaged";

export const SWIPE_QUALITIES: readonly SwipeQuality[] = ["clean", "worn", "damaged"];

export interface SwipeRequest {
	readonly card: TestCardName;
	/** Inches per second; cashiers swipe at 10–50 ips. */
	readonly ips: number;
	readonly reverse: boolean;
	readonly quality: SwipeQuality;
	readonly seed: number;
}

/** What each quality does to the flux stream: jitter and spurious/missing transitions. */
const QUALITY: Readonly<Record<SwipeQuality, Partial<SwipeShape>>> = {
	clean: { jitter: 0.02 },
	worn: { jitter: 0.08, spuriousEdges: 1, missingEdges: 1 },
	damaged: { jitter: 0.25, spuriousEdges: 12, missingEdges: 12 },
};

export function isTestCardName(name: string): name is TestCardName {
	return (TEST_CARD_NAMES as readonly string[]).includes(name);
}

export function synthesizeCardSwipe(
	board: BoardDescription,
	request: SwipeRequest,
	atMs: number,
): Result<FluxSwipe, { readonly kind: string; readonly track: TrackNumber }> {
	const card = TEST_CARDS[request.card];
	const data: Readonly<Record<TrackNumber, string | undefined>> = { 1: card.track1, 2: card.track2, 3: card.track3 };
	const tracks: TrackToSynthesize[] = [];
	for (const { track } of board.magstripe.channels) {
		const content = data[track];
		if (content !== undefined) tracks.push({ track, data: content });
	}
	return synthesizeSwipe(tracks, { ...QUALITY[request.quality], ips: request.ips, reverse: request.reverse, seed: request.seed }, atMs);
}
