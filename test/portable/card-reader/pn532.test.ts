// The PN532's frames (UM0701-02 §6.2) and the contactless reader's engine over an emulated PN532 on I2C (status
// byte, then the frame) with virtual cards in its field. The GetFirmwareVersion frames are the manual's (§7.2.2: a PN532, IC 32, firmware 1.6,
// support 07), the syntax error frame its §6.2.1.5 one.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { virtualCard } from "../../support/virtual-chip.js";
import { err, ok } from "../../../hal/result.js";
import { EmulatedPn532, type Pn532Faults } from "../../../host-sim/chip/emulated-pn532.js";
import { PBOC_DEBIT, QUICKPASS } from "../../../host-sim/chip/profiles.js";
import type { CardFaults } from "../../../host-sim/chip/virtual-card.js";
import { decodeFrame, encodeFrame } from "../../../src/card-reader/pn532-frame.js";
import { pn532I2cLink } from "../../../src/card-reader/pn532-i2c.js";
import { Pn532Reader } from "../../../src/card-reader/pn532-reader.js";
import { directoryName, selectByName } from "../../../src/emv/commands.js";
import { cardChannel } from "../../../src/emv/transport.js";

function rig(faults: Pn532Faults = {}) {
	const pn532 = new EmulatedPn532();
	pn532.faults = faults;
	const reader = new Pn532Reader(pn532I2cLink(pn532.i2c), { wait: async () => {} });
	return { pn532, reader };
}

function quickpass(faults: CardFaults = {}) {
	return virtualCard(QUICKPASS, faults);
}

describe("PN532 frames (UM0701-02 §6.2)", () => {
	it("encodes GetFirmwareVersion as 00 00 FF 02 FE D4 02 2A 00 and decodes its answer", () => {
		assert.equal(toHex(encodeFrame(0xd4, Uint8Array.of(0x02))), "0000FF02FED4022A00");
		assert.deepEqual(decodeFrame(hex("0000FF06FAD50332010607E800")), {
			frame: { kind: "information", tfi: 0xd5, data: hex("0332010607") },
		});
	});

	it("ACK, NACK, the error frame, a skipped preamble, and checksum faults", () => {
		assert.deepEqual(decodeFrame(hex("0000FF00FF00")), { frame: { kind: "ack" } });
		assert.deepEqual(decodeFrame(hex("0000FFFF0000")), { frame: { kind: "nack" } });
		assert.deepEqual(decodeFrame(hex("0000FF01FF7F8100")), { frame: { kind: "error" } });
		assert.deepEqual(decodeFrame(hex("01000000FF00FF00")), { frame: { kind: "ack" } });
		assert.deepEqual(decodeFrame(hex("0000FF06FBD50332010607E800")), { invalid: "length checksum" });
		assert.deepEqual(decodeFrame(hex("0000FF06FAD50332010607E900")), { invalid: "data checksum" });
		assert.deepEqual(decodeFrame(hex("0000FF06FAD503")), { invalid: "incomplete" });
	});

	it("an extended frame for more than 255 bytes round-trips", () => {
		const data = new Uint8Array(300).map((_, i) => i & 0xff);
		const bytes = encodeFrame(0xd5, data);
		assert.equal(toHex(bytes.subarray(0, 8)), "0000FFFFFF012DD2");
		assert.deepEqual(decodeFrame(bytes), { frame: { kind: "information", tfi: 0xd5, data } });
	});
});

describe("PN532 reader engine (hal/contactless-reader.ts)", () => {
	it("reads the firmware version (GetFirmwareVersion)", async () => {
		const { reader, pn532 } = rig();
		assert.deepEqual(await reader.firmwareVersion(), ok({ ic: 0x32, version: 1, revision: 6, support: 7 }));
		assert.deepEqual(pn532.commands, [0x02]);
	});

	it("polls the QuickPass card (SAMConfiguration, RFConfiguration, InListPassiveTarget) and exchanges its PPSE as the card answers", async () => {
		const { reader, pn532 } = rig();
		const card = quickpass();
		pn532.tap(card);
		const polled = await reader.poll();
		assert.ok(polled.ok);
		assert.deepEqual(
			[polled.value.type, toHex(polled.value.uid), polled.value.sak, toHex(polled.value.ats)],
			["A", toHex(card.profile.contactless!.uid), 0x20, toHex(card.profile.contactless!.ats)],
		);
		assert.deepEqual(pn532.commands, [0x14, 0x32, 0x4a]);
		const r = await cardChannel(reader, "ISO 14443-4").exchange(selectByName(directoryName("PPSE")));
		const reference = quickpass();
		reference.reset();
		const expected = reference.answer(selectByName(directoryName("PPSE")));
		assert.deepEqual(r, ok(expected));
		assert.equal(expected.sw1, 0x90);
	});

	it("no card, two cards (a collision: both released), a card without ISO/IEC 14443-4, a mute card", async () => {
		const { reader, pn532 } = rig();
		assert.deepEqual(await reader.poll(), err({ kind: "no-card" }));
		pn532.tap(quickpass());
		pn532.tap(quickpass());
		assert.deepEqual(await reader.poll(), err({ kind: "collision", cards: 2 }));
		assert.deepEqual(pn532.commands.slice(-2), [0x4a, 0x52]);
		const classic = rig();
		classic.pn532.tap(quickpass(), 0x08);
		assert.deepEqual(await classic.reader.poll(), err({ kind: "not-iso14443-4" }));
		const mute = rig();
		mute.pn532.tap(quickpass({ mute: true }));
		assert.deepEqual(await mute.reader.poll(), err({ kind: "protocol", detail: "no ATS after RATS" }));
		const contactOnly = rig();
		contactOnly.pn532.tap(virtualCard(PBOC_DEBIT));
		assert.deepEqual(await contactOnly.reader.poll(), err({ kind: "no-card" }));
	});

	it("a card leaving mid-transaction: removed, then not-active; removal detection after a transaction", async () => {
		const { reader, pn532 } = rig();
		const card = quickpass({ removeAfterExchanges: 1 });
		pn532.tap(card);
		assert.ok((await reader.poll()).ok);
		assert.ok((await reader.transmit(selectByName(directoryName("PPSE")))).ok);
		assert.deepEqual(await reader.transmit(selectByName(directoryName("PPSE"))), err({ kind: "removed" }));
		assert.deepEqual(await reader.transmit(selectByName(directoryName("PPSE"))), err({ kind: "not-active" }));
		const still = rig();
		const other = quickpass();
		still.pn532.tap(other);
		assert.ok((await still.reader.poll()).ok);
		assert.deepEqual(await still.reader.removed(), ok(false));
		still.pn532.takeAway(other);
		assert.deepEqual(await still.reader.removed(), ok(true));
	});

	it("waits while the PN532 is busy (reading the status byte alone) and asks again (NACK) for a garbled response", async () => {
		const pn532 = new EmulatedPn532();
		pn532.faults = { busyReads: 3, garbled: 2 };
		const reads: number[] = [];
		const bus = { write: pn532.i2c.write, read: (length: number) => (reads.push(length), pn532.i2c.read(length)) };
		const reader = new Pn532Reader(pn532I2cLink(bus), { wait: async () => {} });
		pn532.tap(quickpass());
		assert.ok((await reader.poll()).ok);
		assert.deepEqual(await reader.firmwareVersion(), ok({ ic: 0x32, version: 1, revision: 6, support: 7 }));
		// Per frame: three busy status reads, the ready one, then status and frame together (ACK: 6 + 1 bytes).
		assert.deepEqual(reads.slice(0, 5), [1, 1, 1, 1, 7]);
	});

	it("the same engine over the frame link without I2C's status byte", async () => {
		const pn532 = new EmulatedPn532();
		pn532.tap(quickpass());
		const reader = new Pn532Reader(pn532.link, { wait: async () => {} });
		assert.ok((await reader.poll()).ok);
	});

	it("a silent PN532 is a front-end error; fieldOff turns the field off; close ends every call", async () => {
		const silent = rig({ silent: true });
		assert.deepEqual(await silent.reader.poll(), err({ kind: "front-end", detail: "no answer" }));
		const { reader, pn532 } = rig();
		pn532.tap(quickpass());
		assert.ok((await reader.poll()).ok);
		assert.equal(pn532.fieldOn, true);
		reader.fieldOff();
		assert.deepEqual(await reader.transmit(selectByName(directoryName("PPSE"))), err({ kind: "not-active" }));
		assert.equal(pn532.fieldOn, false);
		reader.close();
		assert.deepEqual(await reader.poll(), err({ kind: "not-active" }));
		assert.deepEqual(await reader.removed(), err({ kind: "not-active" }));
	});
});
