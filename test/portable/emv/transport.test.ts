// The T=0 case handling of src/emv/transport.ts (EMV 4.3 Book 1 §9.3.1, ISO/IEC 7816-4 §5.3.2) against a
// scripted reader that records every TPDU, and against the virtual contact reader's T=0 card side.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { inserted } from "../../support/virtual-chip.js";
import type { CommandApdu, ResponseApdu } from "../../../hal/apdu.js";
import type { ContactError } from "../../../hal/contact-reader.js";
import { err, ok, type Result } from "../../../hal/result.js";
import { getData, readRecord, selectByName, directoryName } from "../../../src/emv/commands.js";
import { cardChannel, type CardLink } from "../../../src/emv/transport.js";
import { PBOC_CREDIT, PBOC_DEBIT } from "../../../host-sim/chip/profiles.js";

type Scripted = Result<ResponseApdu, ContactError>;

/** A link answering from a script, in order, and keeping what it was sent as CLA INS P1 P2 [Lc data] [Le] hex. */
function scripted(...answers: Scripted[]): CardLink & { sent: string[] } {
	const sent: string[] = [];
	return {
		sent,
		async transmit(c: CommandApdu) {
			const le = c.le === undefined ? "" : ` Le=${c.le}`;
			sent.push(toHex(Uint8Array.of(c.cla, c.ins, c.p1, c.p2)) + (c.data.length ? ` ${toHex(c.data)}` : "") + le);
			const next = answers.shift();
			if (next === undefined) throw new Error("script exhausted");
			return next;
		},
	};
}

function r(data: string, sw: number): Scripted {
	return ok({ data: hex(data), sw1: sw >> 8, sw2: sw & 0xff });
}

const CASE4: CommandApdu = { cla: 0x00, ins: 0xa4, p1: 4, p2: 0, data: hex("A0000003330101"), le: 256 };

describe("EMV transport at T=0 (Book 1 §9.3.1)", () => {
	it("sends a case 4 command without Le and fetches its data with GET RESPONSE Le = SW2 after 61xx", async () => {
		const link = scripted(r("", 0x6103), r("6F0184", 0x9000));
		const got = await cardChannel(link, "T=0").exchange(CASE4);
		assert.deepEqual(link.sent, ["00A40400 A0000003330101", "00C00000 Le=3"]);
		assert.ok(got.ok);
		assert.equal(toHex(got.value.data), "6F0184");
		assert.equal(got.value.sw1, 0x90);
	});

	it("resends a case 2 command with Le = SW2 after 6Cxx", async () => {
		const link = scripted(r("", 0x6c05), r("9F36020010", 0x9000));
		const got = await cardChannel(link, "T=0").exchange(getData(0x9f36));
		assert.deepEqual(link.sent, ["80CA9F36 Le=256", "80CA9F36 Le=5"]);
		assert.ok(got.ok);
		assert.equal(toHex(got.value.data), "9F36020010");
	});

	it("joins the data of successive 61xx answers (SW2 00 means 256)", async () => {
		const link = scripted(r("", 0x6100), r("AA".repeat(256), 0x6102), r("BBCC", 0x9000));
		const got = await cardChannel(link, "T=0").exchange(CASE4);
		assert.deepEqual(link.sent.slice(1), ["00C00000 Le=256", "00C00000 Le=2"]);
		assert.ok(got.ok);
		assert.equal(got.value.data.length, 258);
		assert.equal(toHex(got.value.data.subarray(254)), "AAAABBCC");
	});

	it("keeps a warning to a case 4 command and returns it with the data of GET RESPONSE Le = 00 (§9.3.1.3)", async () => {
		const link = scripted(r("", 0x6283), r("", 0x6c02), r("6F00", 0x9000));
		const got = await cardChannel(link, "T=0").exchange(CASE4);
		assert.deepEqual(link.sent.slice(1), ["00C00000 Le=256", "00C00000 Le=2"]);
		assert.ok(got.ok);
		assert.deepEqual([toHex(got.value.data), got.value.sw1, got.value.sw2], ["6F00", 0x62, 0x83]);
	});

	it("returns the warning alone when GET RESPONSE after it fails", async () => {
		const got = await cardChannel(scripted(r("", 0x6283), r("", 0x6a82)), "T=0").exchange(CASE4);
		assert.ok(got.ok);
		assert.deepEqual([got.value.data.length, got.value.sw1, got.value.sw2], [0, 0x62, 0x83]);
	});

	it("passes an error status of a case 4 command through without GET RESPONSE", async () => {
		const link = scripted(r("", 0x6a82));
		const got = await cardChannel(link, "T=0").exchange(CASE4);
		assert.equal(link.sent.length, 1);
		assert.ok(got.ok);
		assert.equal(got.value.sw1 * 256 + got.value.sw2, 0x6a82);
	});

	it("stops a card that answers 61xx for ever as endless chaining", async () => {
		const answers: Scripted[] = [];
		for (let i = 0; i < 40; i++) answers.push(r("00", 0x6101));
		const got = await cardChannel(scripted(...answers), "T=0").exchange(CASE4);
		assert.deepEqual(got, err({ kind: "endless-chaining" }));
	});

	it("gives the reader's error as a transport error", async () => {
		const got = await cardChannel(scripted(err({ kind: "removed" })), "T=0").exchange(CASE4);
		assert.deepEqual(got, err({ kind: "reader", error: { kind: "removed" } }));
	});

	it("sends the APDU whole at T=1 and over ISO/IEC 14443-4, Le included", async () => {
		for (const protocol of ["T=1", "ISO 14443-4"] as const) {
			const link = scripted(r("", 0x6103));
			const got = await cardChannel(link, protocol).exchange(CASE4);
			assert.deepEqual(link.sent, ["00A40400 A0000003330101 Le=256"]);
			assert.ok(got.ok);
			assert.equal(got.value.sw1, 0x61, "no GET RESPONSE outside T=0");
		}
	});
});

describe("EMV transport over the virtual contact reader", () => {
	it("at T=0 gets the PSE's FCI through 61xx and a directory record through 6Cxx", async () => {
		const { reader, channel } = await inserted(PBOC_DEBIT);
		assert.equal(channel.protocol, "T=0");
		const statuses: string[] = [];
		const recording = cardChannel(
			{
				async transmit(c) {
					const answer = await reader.transmit(c);
					if (answer.ok) statuses.push(toHex(Uint8Array.of(c.ins, answer.value.sw1, answer.value.sw2)));
					return answer;
				},
			},
			"T=0",
		);
		const fci = await recording.exchange(selectByName(directoryName("PSE")));
		assert.ok(fci.ok);
		// 6F: 84 (the PSE's name, 14 bytes) and A5 (88 01 01, 5F2D "zhen"): 28 bytes in all.
		assert.equal(toHex(fci.value.data.subarray(0, 4)), "6F1C840E");
		const record = await recording.exchange(readRecord(1, 1));
		assert.ok(record.ok);
		// 70 → 61: 4F (8 bytes), 50 "PBOC DEBIT", 87 01 01.
		assert.equal(toHex(record.value.data.subarray(0, 4)), "701B6119");
		assert.deepEqual(statuses, ["A4611E", "C09000", "B26C1D", "B29000"]);
		// A case 4 command sent whole is refused at T=0: only the transport may send it.
		const raw = await reader.transmit(selectByName(directoryName("PSE")));
		assert.deepEqual(raw, err({ kind: "bad-command", detail: "data and Le at T=0" }));
	});

	it("at T=1 (the credit card's ATR) exchanges the APDU as is", async () => {
		const { channel } = await inserted(PBOC_CREDIT);
		assert.equal(channel.protocol, "T=1");
		const fci = await channel.exchange(selectByName(directoryName("PSE")));
		assert.ok(fci.ok);
		assert.equal(fci.value.sw1, 0x90);
	});
});
