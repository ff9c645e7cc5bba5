// Issuer update processing of a tap (src/emv/issuer-update.ts, 请再次挥卡): a card whose CTQ byte 2 b7 says it
// supports it (EMV Contactless Book C-7 Annex A) and a terminal whose TTQ byte 3 b8 says so (Book A Table
// 5-4); the host approves with its ARPC (91) and a script (72, PIN UNBLOCK under secure messaging); the card,
// gone from the field, is tapped again: the same application re-selected, the same card checked (PAN and PAN
// sequence number), EXTERNAL AUTHENTICATE and the script, DF31 recorded. Another card is refused; without a
// second tap the results say "not performed" and the approval stands.
import { assert } from "../../support/assert.js";
import { issuerAuthentication, PARAMS } from "../../support/chip-terminal.js";
import { hex, toHex } from "../../support/hex.js";
import { field55, QP_PAN, quickpass, tap, type Record12 } from "../../support/qpboc-tap.js";
import { tapped } from "../../support/virtual-chip.js";
import { issuerScriptCommand, scriptSessionKey } from "../../../host-sim/chip/issuer-script.js";
import { TEST_ISSUER_MAC_KEY } from "../../../host-sim/chip/profiles.js";
import type { VirtualCard } from "../../../host-sim/chip/virtual-card.js";
import type { VirtualContactlessReader } from "../../../host-sim/chip/virtual-contactless-reader.js";
import type { HostAnswer } from "../../../src/emv/completion.js";
import type { QpbocTransaction } from "../../../src/emv/qpboc.js";
import type { TerminalParameters } from "../../../src/emv/terminal-parameters.js";
import { cardChannel } from "../../../src/emv/transport.js";
import type { Tlv } from "../../../src/emv/tlv.js";

/** The terminal's TTQ with byte 3 b8 (issuer update processing supported). */
const UPDATING: TerminalParameters = { ...PARAMS, contactless: { ...PARAMS.contactless, ttq: hex("36008000") } };
/** CTQ 9F6C 00 40: card supports issuer update processing at the POS. */
const SUPPORTS = { extra: "9F6C020040" };
/** GPO moves the QuickPass card's ATC from 0007 to 0008. */
const ATC = hex("0008");

function pinUnblockScript(arqc: Uint8Array, psn = "00"): Tlv {
	const key = scriptSessionKey(hex(TEST_ISSUER_MAC_KEY), QP_PAN, psn, ATC);
	const command = issuerScriptCommand(key, hex("84240000"), ATC, arqc, new Uint8Array(0));
	return {
		tag: 0x72,
		value: new Uint8Array(0),
		children: [
			{ tag: 0x9f18, value: hex("00000001") },
			{ tag: 0x86, value: command },
		],
	};
}

async function approvedTap(fields: Record12 = SUPPORTS, params = UPDATING, arpcGood = true) {
	const { card, result } = await tap(quickpass({}, fields), { params });
	assert.ok(result.ok && result.value.decision.kind === "online");
	const t = result.value;
	const arqc = t.decision.kind === "online" ? t.decision.arqc : new Uint8Array(0);
	const arpc = issuerAuthentication(QP_PAN, "00", ATC, arqc, "00");
	if (!arpcGood) arpc[0]! ^= 1;
	const answer: HostAnswer = { responseCode: "00", issuerAuthenticationData: arpc, scripts: [pinUnblockScript(arqc)] };
	const end = t.complete({ kind: "answered", answer });
	card.reader.takeAway(card.card);
	return { t, end, card };
}

/** `card` brought back into the reader's field and activated: the second tap's channel. */
async function tapAgain(reader: VirtualContactlessReader, card: VirtualCard) {
	reader.tap(card);
	const polled = await reader.poll();
	assert.ok(polled.ok);
	return cardChannel(reader, "ISO 14443-4");
}

async function secondTap(t: QpbocTransaction, reader: VirtualContactlessReader, card: VirtualCard) {
	return t.secondTap(await tapAgain(reader, card));
}

describe("EMV kernel: issuer update processing of a tap (请再次挥卡, Book C-3 §5.8)", () => {
	it("approved with 91 and a 72 script: a second tap is asked; until then DF31 says not performed (00)", async () => {
		const { t, end } = await approvedTap();
		assert.equal(t.wantsSecondTap, true);
		assert.deepEqual([end.decision, toHex(end.scriptResults!)], ["approved", "0000000001"]);
		assert.equal(field55(end.tcUploadField55!)(0xdf31), "0000000001");
		assert.equal(field55(end.reversalField55)(0xdf31), "0000000001");
	});

	it("the same card tapped again: EXTERNAL AUTHENTICATE passes, the script is performed (DF31 20), TSI b5 and b3 set", async () => {
		const { t, card } = await approvedTap();
		const again = await secondTap(t, card.reader, card.card);
		assert.ok(again.ok);
		const r = again.value;
		assert.deepEqual([r.decision, r.authorisationCode, toHex(r.scriptResults!)], ["approved", "00", "2000000001"]);
		assert.deepEqual([toHex(r.tvr), toHex(r.tsi)], ["0000000000", "1400"]);
		assert.equal(field55(r.tcUploadField55!)(0xdf31), "2000000001");
		assert.equal(t.wantsSecondTap, false, "done once");
		assert.ok(!(await secondTap(t, card.reader, card.card)).ok);
	});

	it("another card (PAN sequence number 01) is refused with nothing sent to it; the right one after it is served", async () => {
		const { t, card } = await approvedTap();
		const other = await tapped(quickpass({}, { ...SUPPORTS, psn: "01" }));
		const refused = await t.secondTap(other.channel);
		assert.deepEqual(refused, { ok: false, error: { kind: "other-card" } });
		assert.equal(t.wantsSecondTap, true, "still waiting for the right card");
		const again = await secondTap(t, card.reader, card.card);
		assert.ok(again.ok);
		assert.equal(toHex(again.value.scriptResults!), "2000000001");
	});

	it("another PAN is refused too", async () => {
		const { t } = await approvedTap();
		const other = await tapped(quickpass({}, { ...SUPPORTS, pan: "6222021234567890136" }));
		assert.deepEqual(await t.secondTap(other.channel), { ok: false, error: { kind: "other-card" } });
	});

	it("a wrong ARPC: EXTERNAL AUTHENTICATE 6300 sets TVR byte 5 b7; the host's approval stands, the script still runs", async () => {
		const { t, card } = await approvedTap(SUPPORTS, UPDATING, false);
		const again = await secondTap(t, card.reader, card.card);
		assert.ok(again.ok);
		assert.deepEqual(
			[again.value.decision, toHex(again.value.tvr), toHex(again.value.scriptResults!)],
			["approved", "0000000040", "2000000001"],
		);
	});

	it("the card taken away during the second tap: an error, the results still not performed, the tap may be tried again", async () => {
		const { t, card } = await approvedTap();
		card.card.faults = { removeAfterExchanges: 2 };
		const lost = await secondTap(t, card.reader, card.card);
		assert.ok(!lost.ok && lost.error.kind === "transport");
		assert.equal(t.wantsSecondTap, true);
		card.card.faults = {};
		card.reader.takeAway(card.card);
		const again = await secondTap(t, card.reader, card.card);
		assert.ok(again.ok);
		assert.deepEqual([toHex(again.value.tsi), toHex(again.value.scriptResults!)], ["1400", "2000000001"]);
	});

	it("no second tap without the card's CTQ byte 2 b7, or without the terminal's TTQ byte 3 b8, or for a decline", async () => {
		assert.equal((await approvedTap({})).t.wantsSecondTap, false, "no CTQ");
		assert.equal((await approvedTap(SUPPORTS, PARAMS)).t.wantsSecondTap, false, "TTQ byte 3 00");
		const { t } = await approvedTap();
		t.complete({ kind: "answered", answer: { responseCode: "05", issuerAuthenticationData: hex("00000000000000003035") } });
		assert.equal(t.wantsSecondTap, false, "declined");
	});
});
