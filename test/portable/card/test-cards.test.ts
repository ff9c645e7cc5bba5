import { assert } from "../../support/assert.js";
import { TEST_CARD_NAMES, TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { CardData } from "../../../src/card/card-data.js";
import { isExpired } from "../../../src/card/card-checks.js";
import { interpretServiceCode } from "../../../src/card/service-code.js";
import { luhnValid } from "../../../src/card/pan.js";
import { testCardSwipe } from "../../../host-sim/magstripe/test-card-swipe.js";
import { SimMagstripeHead } from "../../../host-sim/hal/sim-magstripe.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";
import { cardFromSwipe } from "../../../src/card/swiped-card.js";
import type { Swipe } from "../../../hal/magstripe.js";

// 2026-11-21 12:00 UTC.
const NOW = Date.UTC(2026, 10, 21, 12);

describe("test cards", () => {
	it("has the seven named cards with PANs that pass Luhn and PIN 123456", () => {
		assert.deepEqual([...TEST_CARD_NAMES], ["debit", "credit", "expired", "lost", "no-funds", "chip", "foreign"]);
		for (const card of Object.values(TEST_CARDS)) {
			assert.ok(luhnValid(card.pan), card.name);
			assert.equal(card.pin, "123456");
			assert.equal(card.domestic, card.pan.startsWith("62"), card.name);
		}
		assert.ok(TEST_CARDS.foreign.pan.startsWith("4"));
		assert.equal(TEST_CARDS.debit.account.balanceFen, 1_000_000);
		assert.equal(TEST_CARDS["no-funds"].account.balanceFen, 0);
		assert.ok(TEST_CARDS.lost.account.lost);
	});

	it("parses every card's tracks into the same PAN, expiry, service code and name", () => {
		for (const card of Object.values(TEST_CARDS)) {
			const parsed = CardData.fromTracks({
				track1: card.track1,
				track2: card.track2,
				...(card.track3 === undefined ? {} : { track3: card.track3 }),
			});
			assert.ok(parsed.ok, card.name);
			assert.equal(parsed.value.pan, card.pan);
			assert.equal(parsed.value.expiry, card.expiry);
			assert.equal(parsed.value.serviceCode, card.serviceCode);
			assert.equal(parsed.value.cardholderName, card.cardholderName);
			assert.equal(parsed.value.hasTrack3, card.track3 !== undefined);
		}
	});

	it("keeps tracks within ISO lengths (track 1 ≤ 76, track 2 ≤ 37, track 3 ≤ 104 data characters)", () => {
		for (const card of Object.values(TEST_CARDS)) {
			assert.ok(card.track1.length <= 76 && card.track2.length <= 37 && (card.track3?.length ?? 0) <= 104, card.name);
		}
	});

	it("only the expired card is expired in 2026 and only the chip card is a chip card", () => {
		for (const card of Object.values(TEST_CARDS)) {
			const parsed = CardData.fromTracks({ track2: card.track2 });
			assert.ok(parsed.ok && parsed.value.expiry !== undefined && parsed.value.serviceCode !== undefined);
			assert.equal(isExpired(parsed.value.expiry, NOW), card.name === "expired", card.name);
			assert.equal(interpretServiceCode(parsed.value.serviceCode).chipCard, card.name === "chip", card.name);
		}
	});

	it("swipes every card through the simulator head and reads it back as the same card", () => {
		const head = new SimMagstripeHead();
		const seen: Swipe[] = [];
		head.onSwipe((swipe) => seen.push(swipe));
		for (const card of Object.values(TEST_CARDS))
			head.swipe(testCardSwipe(card, { ips: 25, accel: 2, jitter: 0.08, reverse: card.name === "credit", seed: 5 }, 1234));
		assert.equal(seen.length, 7);
		seen.forEach((swipe, i) => {
			const card = Object.values(TEST_CARDS)[i]!;
			assert.equal(swipe.channels.length, card.track3 === undefined ? 2 : 3);
			assert.equal(swipe.atMs, 1234);
			const read = cardFromSwipe(decodeSwipe(swipe));
			assert.ok(read.ok, card.name);
			assert.deepEqual(
				[read.value.pan, read.value.expiry, read.value.serviceCode, read.value.cardholderName],
				[card.pan, card.expiry, card.serviceCode, card.cardholderName],
			);
		});
	});
});
