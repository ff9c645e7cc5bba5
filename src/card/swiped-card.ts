// Swipe → card: the tracks that read ok, sentinels stripped, into CardData.

import type { SwipeRead } from "../magstripe/swipe-decoder.js";
import { CardData, type CardError, type TrackContents } from "./card-data.js";
import type { Result } from "../../hal/result.js";

export function cardFromSwipe(read: SwipeRead): Result<CardData, CardError> {
	const contents: { track1?: string; track2?: string; track3?: string } = {};
	for (const t of read.tracks) {
		if (t.status !== "ok" || t.track === undefined || t.data === undefined) continue;
		const content = t.data.slice(1, -1);
		if (t.track === 1) contents.track1 ??= content;
		else if (t.track === 2) contents.track2 ??= content;
		else contents.track3 ??= content;
	}
	return CardData.fromTracks(contents satisfies TrackContents);
}
