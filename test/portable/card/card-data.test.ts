import { assert } from "../../support/assert.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { synthesizeSwipe } from "../../../host-sim/magstripe/swipe-synth.js";
import { CardData } from "../../../src/card/card-data.js";
import { isExpired, swipeAcceptance } from "../../../src/card/card-checks.js";
import { interpretServiceCode, type ServiceCode } from "../../../src/card/service-code.js";
import { luhnValid, maskPan, parsePan, type Pan } from "../../../src/card/pan.js";
import { cardFromSwipe } from "../../../src/card/swiped-card.js";
import { decodeSwipe } from "../../../src/magstripe/swipe-decoder.js";

const card = (tracks: Parameters<typeof CardData.fromTracks>[0]) => {
	const parsed = CardData.fromTracks(tracks);
	assert.ok(parsed.ok, JSON.stringify(parsed));
	return parsed.value;
};

describe("card data", () => {
	it("checks Luhn on the ISO/IEC 7812 example and on single-digit changes", () => {
		assert.ok(luhnValid("79927398713"));
		assert.ok(!luhnValid("79927398710"));
		assert.ok(!luhnValid("4111111111111112"));
		assert.ok(luhnValid("4111111111111111"));
		assert.ok(!luhnValid("41111111111111a1"));
		assert.deepEqual(parsePan("41111111111"), { ok: false, error: "format" });
		assert.deepEqual(parsePan("4111111111111112"), { ok: false, error: "luhn" });
		assert.deepEqual(parsePan("4111111111111111"), { ok: true, value: "4111111111111111" as Pan });
	});

	it("masks the PAN to first 6 and last 4", () => {
		assert.equal(maskPan("6222021234567890128" as Pan), "622202*********0128");
		assert.equal(card({ track2: "4111111111111111=29121010000" }).maskedPan, "411111******1111");
	});

	it("masks every PAN length from 12 to 19 digits to at most its first 6 and last 4", () => {
		const digits = "1234567890123456789";
		for (let length = 12; length <= 19; length++) {
			const masked = maskPan(digits.slice(0, length));
			assert.equal(masked, `123456${"*".repeat(length - 10)}${digits.slice(length - 4, length)}`, `${length} digits`);
		}
		assert.equal(maskPan("6228480402564"), "622848***2564", "13 digits, odd");
		assert.equal(maskPan("622848040256489"), "622848*****6489", "15 digits, odd");
	});

	it("masks separators away, keeps a masked number as it is, and shows short input only by its last 4", () => {
		assert.equal(maskPan("6228 4804 0256 4890 018"), "622848*********0018");
		assert.equal(maskPan("6228-4804-0256-4890"), "622848******4890");
		assert.equal(maskPan("622848******4890"), "622848******4890");
		assert.equal(maskPan("ABCDEFGHIJKLMNOP"), "ABCDEF******MNOP");
		assert.equal(maskPan("123456789"), "*****6789");
		assert.equal(maskPan("1234567890"), "******7890");
		assert.equal(maskPan("123"), "123");
		assert.equal(maskPan(""), "");
	});

	it("parses track 2 and track 1 format B, with absent expiry or service code", () => {
		const t2 = card({ track2: "6258012345678909=2909101123" });
		assert.deepEqual([t2.pan, t2.expiry, t2.serviceCode, t2.cardholderName], ["6258012345678909", "2909", "101", undefined]);
		const t1 = card({ track1: "B6258012345678909^LI/SI                ^2909101123" });
		assert.equal(t1.cardholderName, "LI/SI");
		const absent = card({ track2: "6258012345678909===" });
		assert.deepEqual([absent.expiry, absent.serviceCode], [undefined, undefined]);
	});

	it("rejects bad layouts, Luhn failures, and tracks that disagree, with typed errors", () => {
		assert.deepEqual(CardData.fromTracks({}), { ok: false, error: { kind: "no-pan-track" } });
		assert.deepEqual(CardData.fromTracks({ track3: "99" }), { ok: false, error: { kind: "no-pan-track" } });
		assert.deepEqual(CardData.fromTracks({ track2: "6258012345678908=2909101" }), { ok: false, error: { kind: "luhn", track: 2 } });
		const noFs = CardData.fromTracks({ track2: "6258012345678909" });
		assert.ok(!noFs.ok && noFs.error.kind === "format");
		const badMonth = CardData.fromTracks({ track2: "6258012345678909=2913101" });
		assert.ok(!badMonth.ok && badMonth.error.kind === "format");
		const formatA = CardData.fromTracks({ track1: "A6258012345678909^LI/SI^2909101" });
		assert.ok(!formatA.ok && formatA.error.kind === "format" && formatA.error.track === 1);
		assert.deepEqual(CardData.fromTracks({ track1: TEST_CARDS.debit.track1, track2: TEST_CARDS.credit.track2 }), {
			ok: false,
			error: { kind: "track-mismatch" },
		});
	});

	it("hands track data out only to the online request, and erases it afterwards", () => {
		const debit = TEST_CARDS.debit;
		const c = card({ track1: debit.track1, track2: debit.track2, track3: debit.track3! });
		assert.deepEqual<unknown>(c.onlineTrackData(), { track2: debit.track2, track3: debit.track3 });
		assert.ok(!JSON.stringify(c).includes(debit.track2));
		assert.equal(c.track3Pan, debit.pan);
		assert.equal(card({ track2: debit.track2, track3: "99123=" }).track3Pan, undefined);
		c.erase();
		assert.deepEqual(c.onlineTrackData(), {});
		assert.ok(!c.hasTrack2 && !c.hasTrack3);
	});

	it("checks expiry against the clock in local time: valid through the last day of the month", () => {
		const c = card({ track2: "6258012345678909=2611101" });
		assert.ok(c.expiry !== undefined);
		// 2026-11-30 23:59 Beijing = 15:59 UTC: still valid; 16:00 UTC is December in Beijing.
		assert.ok(!isExpired(c.expiry, Date.UTC(2026, 10, 30, 15, 59)));
		assert.ok(isExpired(c.expiry, Date.UTC(2026, 10, 30, 16, 0)));
		assert.ok(isExpired(c.expiry, Date.UTC(2027, 0, 1)));
		assert.ok(!isExpired(c.expiry, Date.UTC(2025, 11, 1)));
	});

	it("interprets service codes: 2xx and 6xx are chip cards; PIN and services from the third digit", () => {
		const m = (code: string) => interpretServiceCode(code as ServiceCode);
		assert.deepEqual(m("201"), {
			chipCard: true,
			interchange: "international",
			authorisation: "normal",
			services: "any",
			pin: "not-required",
		});
		assert.deepEqual(m("620"), { chipCard: true, interchange: "national", authorisation: "online", services: "any", pin: "required" });
		assert.deepEqual(
			[m("101").chipCard, m("120").authorisation, m("120").pin, m("502").services],
			[false, "online", "required", "goods-and-services"],
		);
	});

	it("sends a chip card to the chip reader unless fallback is allowed after a chip failure", () => {
		const chip = card({ track2: TEST_CARDS.chip.track2 });
		const debit = card({ track2: TEST_CARDS.debit.track2 });
		const rules = { hasChipReader: true, fallbackAllowed: true, chipFailed: false };
		assert.equal(swipeAcceptance(chip, rules), "insert-chip");
		assert.equal(swipeAcceptance(chip, { ...rules, chipFailed: true }), "fallback");
		assert.equal(swipeAcceptance(chip, { ...rules, chipFailed: true, fallbackAllowed: false }), "insert-chip");
		assert.equal(swipeAcceptance(chip, { ...rules, hasChipReader: false }), "swipe");
		assert.equal(swipeAcceptance(debit, rules), "swipe");
	});

	it("builds the card from a decoded swipe, track 2 first", () => {
		const debit = TEST_CARDS.debit;
		const swipe = synthesizeSwipe(
			[
				{ track: 1, data: debit.track1 },
				{ track: 2, data: debit.track2 },
				{ track: 3, data: debit.track3! },
			],
			{ ips: 30, reverse: true },
		);
		assert.ok(swipe.ok);
		const c = cardFromSwipe(decodeSwipe(swipe.value));
		assert.ok(c.ok);
		assert.deepEqual<unknown>(
			[c.value.pan, c.value.cardholderName, c.value.onlineTrackData()],
			[debit.pan, "ZHANG/SAN", { track2: debit.track2, track3: debit.track3 }],
		);
	});
});
