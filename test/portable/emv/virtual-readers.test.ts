// The simulator's readers keep the HAL contracts (hal/contact-reader.ts, hal/contactless-reader.ts): presence,
// activation and its failures, removal in the middle of an exchange, several cards in the field, a cardholder's tap.
import { assert } from "../../support/assert.js";
import { toHex } from "../../support/hex.js";
import { virtualCard } from "../../support/virtual-chip.js";
import { err } from "../../../hal/result.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { PBOC_CREDIT, PBOC_DEBIT, QUICKPASS } from "../../../host-sim/chip/profiles.js";
import { VirtualContactReader } from "../../../host-sim/chip/virtual-contact-reader.js";
import { VirtualContactlessReader } from "../../../host-sim/chip/virtual-contactless-reader.js";
import { selectByName, directoryName } from "../../../src/emv/commands.js";
import type { VirtualCard } from "../../../host-sim/chip/virtual-card.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";

const SELECT_PSE_T0 = { ...selectByName(directoryName("PSE")), le: undefined };

describe("virtual contact reader", () => {
	it("reports presence, activates with the ATR and protocol, and fails as values without a card", async () => {
		const reader = new VirtualContactReader();
		const seen: boolean[] = [];
		reader.onPresence((p) => seen.push(p));
		assert.deepEqual(await reader.activate(), err({ kind: "no-card" }));
		assert.deepEqual(await reader.transmit(SELECT_PSE_T0), err({ kind: "not-active" }));
		reader.insert(virtualCard(PBOC_DEBIT));
		const debit = await reader.activate();
		assert.ok(debit.ok);
		assert.deepEqual(
			[toHex(debit.value.atr), debit.value.protocol, debit.value.fi, debit.value.di],
			["3B6A00008065A20101013D72D643", "T=0", 372, 1],
		);
		reader.insert(virtualCard(PBOC_CREDIT));
		assert.equal(reader.present, true);
		const credit = await reader.activate();
		assert.ok(credit.ok);
		assert.equal(credit.value.protocol, "T=1");
		reader.remove();
		assert.deepEqual(seen, [true, false, true, false]);
		assert.equal(reader.present, false);
	});

	it("a mute card and a card with a wrong ATR fail activation", async () => {
		const reader = new VirtualContactReader();
		reader.insert(virtualCard(PBOC_DEBIT, { mute: true }));
		assert.deepEqual(await reader.activate(), err({ kind: "mute" }));
		reader.insert(virtualCard(PBOC_DEBIT, { wrongAtr: true }));
		const wrong = await reader.activate();
		assert.ok(!wrong.ok && wrong.error.kind === "atr-invalid");
		assert.equal(wrong.error.kind === "atr-invalid" && wrong.error.detail, "truncated");
	});

	it("agrees the rate TA1 offers by PPS, and fails as pps-refused when the card does not answer it", async () => {
		// T0 10: TA1 only, no historical bytes; TA1 13: Fi 372, Di 4 (ISO/IEC 7816-3 Tables 7, 8).
		const fast: CardProfileJson = { ...PBOC_DEBIT, contact: { atr: "3B1013", pse: true } };
		const reader = new VirtualContactReader();
		reader.insert(virtualCard(fast));
		const agreed = await reader.activate();
		assert.ok(agreed.ok);
		assert.deepEqual([agreed.value.protocol, agreed.value.fi, agreed.value.di], ["T=0", 372, 4]);
		reader.insert(virtualCard(fast, { refusePps: true }));
		assert.deepEqual(await reader.activate(), err({ kind: "pps-refused" }));
		reader.insert(virtualCard(PBOC_DEBIT, { refusePps: true }));
		assert.ok((await reader.activate()).ok, "no PPS without a TA1 offering more");
	});

	it("a card pulled out mid-transaction gives 'removed', presence false, and no further exchange", async () => {
		const reader = new VirtualContactReader();
		const seen: boolean[] = [];
		reader.onPresence((p) => seen.push(p));
		reader.insert(virtualCard(PBOC_DEBIT, { removeAfterExchanges: 1 }));
		assert.ok((await reader.activate()).ok);
		const first = await reader.transmit(SELECT_PSE_T0);
		assert.ok(first.ok);
		assert.deepEqual(await reader.transmit(SELECT_PSE_T0), err({ kind: "removed" }));
		assert.deepEqual(seen, [true, false]);
		assert.deepEqual(await reader.transmit(SELECT_PSE_T0), err({ kind: "not-active" }));
	});

	it("after close every call fails as not-active", async () => {
		const reader = new VirtualContactReader();
		reader.insert(virtualCard(PBOC_DEBIT));
		reader.close();
		assert.deepEqual(await reader.activate(), err({ kind: "not-active" }));
	});
});

describe("virtual contactless reader", () => {
	it("finds no card, one card (UID, SAK, ATS), and two cards as a collision (EMV Book D §5.2)", async () => {
		const reader = new VirtualContactlessReader();
		assert.deepEqual(await reader.poll(), err({ kind: "no-card" }));
		const quickpass = virtualCard(QUICKPASS);
		const other = virtualCard({ ...QUICKPASS, name: "second", contactless: { uid: "08112233", ats: "0578807002" } });
		reader.tap(quickpass);
		reader.tap(other);
		assert.deepEqual(await reader.poll(), err({ kind: "collision", cards: 2 }));
		assert.deepEqual(await reader.transmit(selectByName(directoryName("PPSE"))), err({ kind: "not-active" }));
		reader.takeAway(other);
		const one = await reader.poll();
		assert.ok(one.ok);
		assert.deepEqual(
			[one.value.type, toHex(one.value.uid), one.value.sak, toHex(one.value.ats)],
			["A", "04A1B2C3D4E5F6", 0x20, "0578807002"],
		);
		const ppse = await reader.transmit(selectByName(directoryName("PPSE")));
		assert.ok(ppse.ok);
		assert.equal(ppse.value.sw1, 0x90);
		assert.deepEqual(await reader.removed(), { ok: true, value: false });
		reader.takeAway(quickpass);
		assert.deepEqual(await reader.removed(), { ok: true, value: true });
	});

	it("a contact-only card is not seen; a mute card fails RATS; a card leaving mid-exchange is 'removed'", async () => {
		const reader = new VirtualContactlessReader();
		reader.tap(virtualCard(PBOC_DEBIT));
		assert.deepEqual(await reader.poll(), err({ kind: "no-card" }));
		const mute = new VirtualContactlessReader();
		mute.tap(virtualCard(QUICKPASS, { mute: true }));
		assert.deepEqual(await mute.poll(), err({ kind: "protocol", detail: "no ATS after RATS" }));
		const leaving = new VirtualContactlessReader();
		leaving.tap(virtualCard(QUICKPASS, { removeAfterExchanges: 0 }));
		assert.ok((await leaving.poll()).ok);
		assert.deepEqual(await leaving.transmit(selectByName(directoryName("PPSE"))), err({ kind: "removed" }));
		assert.deepEqual(await leaving.poll(), err({ kind: "no-card" }));
	});

	it("a tap (present): the card waits its hold for a poll; once activated it stays until the terminal is done with it", async () => {
		const clock = new VirtualClock(0);
		const reader = new VirtualContactlessReader();
		const events: string[] = [];
		const tap = (card: VirtualCard, holdMs: number) =>
			void reader.present([card], clock, holdMs).then(() => events.push(`left at ${clock.monotonicMs()}`));
		// Not polled within its hold: it leaves.
		tap(virtualCard(QUICKPASS), 500);
		clock.advance(499);
		await Promise.resolve();
		assert.deepEqual(events, []);
		clock.advance(1);
		await Promise.resolve();
		assert.deepEqual(events, ["left at 500"]);
		assert.deepEqual(await reader.poll(), err({ kind: "no-card" }));
		// Activated before its hold ends: held past it while the terminal exchanges, gone at field off.
		tap(virtualCard(QUICKPASS), 500);
		assert.ok((await reader.poll()).ok);
		clock.advance(2000);
		assert.ok((await reader.transmit(selectByName(directoryName("PPSE")))).ok, "still in the field after its hold");
		reader.fieldOff();
		await Promise.resolve();
		assert.deepEqual(events, ["left at 500", "left at 2500"]);
		assert.deepEqual(await reader.poll(), err({ kind: "no-card" }));
		// Taken away mid-exchange (the removed fault): the tap is over.
		tap(virtualCard(QUICKPASS, { removeAfterExchanges: 1 }), 500);
		assert.ok((await reader.poll()).ok);
		assert.ok((await reader.transmit(selectByName(directoryName("PPSE")))).ok);
		assert.deepEqual(await reader.transmit(selectByName(directoryName("PPSE"))), err({ kind: "removed" }));
		await Promise.resolve();
		assert.deepEqual(events, ["left at 500", "left at 2500", "left at 2500"]);
		// Two cards: a collision, nothing activated; both leave after the hold.
		void reader.present([virtualCard(QUICKPASS), virtualCard(QUICKPASS)], clock, 300);
		assert.deepEqual(await reader.poll(), err({ kind: "collision", cards: 2 }));
		clock.advance(300);
		assert.deepEqual(await reader.poll(), err({ kind: "no-card" }));
	});
});
