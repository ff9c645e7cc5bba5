// What `posterm swipe decode` prints for a swipe, and the portable test of the recorded fixtures checks in both
// engines: the front end, the direction, each track (card numbers masked) and the card (masked PAN).
// Platform-free.

import type { SwipeRead } from "../../src/magstripe/swipe-decoder.js";
import { cardFromSwipe } from "../../src/card/swiped-card.js";
import { maskPan } from "../../src/card/pan.js";
import { interpretServiceCode } from "../../src/card/service-code.js";

/** Where the intervals came from: peaks picked from audio, or given as intervals. */
export type FrontEnd = "wav-peaks" | "intervals";

/** The card number in track data masked (first 6, last 4): the first run of 12 or more digits, where ISO/IEC 7813 and 4909 put it. */
function maskCardNumbers(data: string): string {
	return data.replace(/\d{12,}/, (digits) => maskPan(digits));
}

/** The decode contract: front end, direction, tracks in channel order (card numbers masked), and the card (masked PAN) when one could be built. */
export function decodeReport(read: SwipeRead, frontEnd: FrontEnd): unknown {
	const card = cardFromSwipe(read);
	const anyOk = read.tracks.some((t) => t.status === "ok");
	return {
		frontEnd,
		direction: read.direction,
		tracks: read.tracks.map((t) => ({
			track: t.track ?? null,
			status: t.status,
			...(t.data === undefined ? {} : { data: maskCardNumbers(t.data) }),
			corrected: t.corrected,
			direction: t.direction,
		})),
		card: card.ok
			? {
					pan: card.value.maskedPan,
					expiry: card.value.expiry ?? null,
					serviceCode: card.value.serviceCode ?? null,
					cardholderName: card.value.cardholderName ?? null,
					chipCard: card.value.serviceCode === undefined ? false : interpretServiceCode(card.value.serviceCode).chipCard,
				}
			: anyOk
				? { error: card.error.kind }
				: null,
	};
}
