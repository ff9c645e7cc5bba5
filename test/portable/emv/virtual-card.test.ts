// The virtual PBOC cards of host-sim/chip answer as EMV 4.3 Book 1 §11 / Book 3 §6.5 and JR/T 0025 say, and
// their cryptograms check under keys derived independently here; one card personalised with the PBOC worked
// example's data (test/support/emv-vectors.ts) gives that example's ARQC and IAD.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { PBOC_EXAMPLE, PBOC_FIELD55_EXAMPLE } from "../../support/emv-vectors.js";
import { expectedAc, profile, virtualCard } from "../../support/virtual-chip.js";
import type { CommandApdu, ResponseApdu } from "../../../hal/apdu.js";
import { err } from "../../../hal/result.js";
import { parseCardProfile, type CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { PBOC_CREDIT, PBOC_DEBIT, QUICKPASS } from "../../../host-sim/chip/profiles.js";
import type { VirtualCard } from "../../../host-sim/chip/virtual-card.js";
import { generateAc, getData, getProcessingOptions, readRecord, selectByName, sw, directoryName } from "../../../src/emv/commands.js";
import { decodeTlv, findTlv, type Tag, type Tlv } from "../../../src/emv/tlv.js";

/** The example's CDOL1 data: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 as its field 55 gives them. */
const EXAMPLE_CDOL1_DATA = "000000000001" + "000000000000" + "0156" + "0080046000" + "0156" + "140701" + "00" + "1E78EEBC";

function send(card: VirtualCard, command: CommandApdu): { sw: number; tlv: Tlv[]; raw: ResponseApdu } {
	const raw = card.answer(command);
	const tlv = decodeTlv(raw.data);
	assert.ok(tlv.ok, "the answer decodes as BER-TLV");
	return { sw: sw(raw), tlv: tlv.value, raw };
}

function value(objects: readonly Tlv[], tag: Tag): string | undefined {
	const found = findTlv(objects, tag);
	return found && toHex(found.value);
}

describe("virtual PBOC cards: profiles", () => {
	it("load from JSON text as from the module, and name the first bad field", () => {
		for (const p of [PBOC_DEBIT, PBOC_CREDIT, QUICKPASS]) {
			const fromText = parseCardProfile(JSON.parse(JSON.stringify(p)));
			assert.ok(fromText.ok);
			assert.deepEqual(fromText.value, profile(p));
		}
		const bad = { ...PBOC_DEBIT, applications: [{ ...PBOC_DEBIT.applications[0]!, aip: "7C" }] };
		assert.deepEqual(parseCardProfile(bad), err({ field: "applications[0].aip", reason: "not 2 bytes" }));
		const noPan = { ...PBOC_DEBIT, applications: [{ ...PBOC_DEBIT.applications[0]!, records: { "1:1": "5F340101" } }] };
		assert.deepEqual(parseCardProfile(noPan), err({ field: "applications[0].records", reason: "no 5A (PAN)" }));
		assert.deepEqual(
			parseCardProfile({ name: "x", applications: [] }),
			err({ field: "applications", reason: "not a non-empty array" }),
		);
	});

	it("take the PAN from 5A without its F padding and the PSN from 5F34", () => {
		const qp = profile(QUICKPASS).applications[0]!;
		assert.deepEqual([qp.pan, qp.psn], ["6222021234567890128", "00"]);
		const debit = profile(PBOC_DEBIT).applications[0]!;
		assert.deepEqual([debit.pan, debit.psn, debit.cdol1.length], ["6226095555000111", "01", 8]);
	});
});

describe("virtual PBOC cards: selection", () => {
	it("the debit card's PSE: FCI with the directory SFI, one record per application, then 6A83", () => {
		const card = virtualCard(PBOC_DEBIT);
		const pse = send(card, selectByName(directoryName("PSE")));
		assert.equal(pse.sw, 0x9000);
		assert.equal(value(pse.tlv, 0x84), toHex(directoryName("PSE")));
		assert.equal(value(pse.tlv, 0x88), "01");
		const first = send(card, readRecord(1, 1));
		assert.deepEqual([first.tlv[0]!.tag, value(first.tlv, 0x4f), value(first.tlv, 0x87)], [0x70, "A000000333010101", "01"]);
		assert.equal(send(card, readRecord(1, 2)).sw, 0x6a83);
	});

	it("the QuickPass card's PPSE lists its application in BF0C; it has no PSE", () => {
		const card = virtualCard(QUICKPASS);
		const ppse = send(card, selectByName(directoryName("PPSE")));
		assert.equal(ppse.sw, 0x9000);
		const entry = findTlv(ppse.tlv, 0xbf0c)!.children![0]!;
		assert.deepEqual(
			[entry.tag, value([entry], 0x4f), value([entry], 0x50)],
			[0x61, "A000000333010101", toHex(hex("515549434B50415353"))],
		);
		assert.equal(send(card, selectByName(directoryName("PSE"))).sw, 0x6a82);
	});

	it("SELECT by a partial name finds each occurrence in turn (P2 = 02), then 6A82", () => {
		const card = virtualCard(PBOC_CREDIT);
		const partial = hex("A0000003330101");
		const names = [selectByName(partial), selectByName(partial, true), selectByName(partial, true)].map((c) => {
			const r = send(card, c);
			return r.sw === 0x9000 ? value(r.tlv, 0x84) : r.sw.toString(16);
		});
		assert.deepEqual(names, ["A000000333010102", "A000000333010103", "6a82"]);
	});

	it("an application's FCI carries its label, priority, PDOL and preferred name", () => {
		const card = virtualCard(PBOC_CREDIT);
		const fci = send(card, selectByName(hex("A000000333010103")));
		assert.equal(fci.tlv[0]!.tag, 0x6f);
		assert.deepEqual([value(fci.tlv, 0x87), value(fci.tlv, 0x9f38), value(fci.tlv, 0x9f11)], ["81", "9F1A025F2A029F0206", "01"]);
	});

	it("a blocked card answers 6A81 to every SELECT; a blocked application 6283 with its FCI", () => {
		assert.equal(send(virtualCard(PBOC_DEBIT, { cardBlocked: true }), selectByName(directoryName("PSE"))).sw, 0x6a81);
		const blocked: CardProfileJson = { ...PBOC_DEBIT, applications: [{ ...PBOC_DEBIT.applications[0]!, blocked: true }] };
		const r = send(virtualCard(blocked), selectByName(hex("A000000333010101")));
		assert.equal(r.sw, 0x6283);
		assert.equal(value(r.tlv, 0x84), "A000000333010101");
	});
});

describe("virtual PBOC cards: processing", () => {
	it("GPO needs a selected application and PDOL data of the PDOL's length", () => {
		const card = virtualCard(PBOC_CREDIT);
		assert.equal(send(card, getProcessingOptions(new Uint8Array(0))).sw, 0x6985);
		send(card, selectByName(hex("A000000333010102")));
		assert.equal(send(card, getProcessingOptions(hex("0156"))).sw, 0x6700);
		const gpo = send(card, getProcessingOptions(hex("01560156000000001000")));
		assert.equal(gpo.sw, 0x9000);
		assert.deepEqual([gpo.tlv[0]!.tag, value(gpo.tlv, 0x82), value(gpo.tlv, 0x94)], [0x77, "7D00", "0801010010010201"]);
		assert.equal(send(card, getProcessingOptions(hex("01560156000000001000"))).sw, 0x6985, "one GPO per transaction");
	});

	it("the debit card answers GPO in format 1, counts the transaction in its ATC, gives 9F17 and its records", () => {
		const card = virtualCard(PBOC_DEBIT);
		send(card, selectByName(hex("A000000333010101")));
		assert.equal(value(send(card, getData(0x9f36)).tlv, 0x9f36), "0010");
		const gpo = send(card, getProcessingOptions(new Uint8Array(0)));
		assert.deepEqual(gpo.tlv, [{ tag: 0x80, value: hex("7C000801010010010201") }]);
		assert.equal(value(send(card, getData(0x9f36)).tlv, 0x9f36), "0011");
		assert.equal(value(send(card, getData(0x9f17)).tlv, 0x9f17), "03");
		assert.equal(value(send(card, getData(0x9f13)).tlv, 0x9f13), "0010", "9F13: the profile's ATC, no offline transaction yet");
		assert.equal(send(card, getData(0x9f4f)).sw, 0x6a88);
		const record = send(card, readRecord(2, 1));
		assert.deepEqual([value(record.tlv, 0x5a), value(record.tlv, 0x5f24)], ["6226095555000111", "310630"]);
		assert.equal(send(card, readRecord(2, 3)).sw, 0x6a83);
		assert.equal(send(card, { cla: 0x00, ins: 0x20, p1: 0, p2: 0x80, data: new Uint8Array(0) }).sw, 0x6d00);
	});

	it("GENERATE AC gives an ARQC that checks under the issuer's key; the next one takes CDOL2's data", () => {
		const card = virtualCard(PBOC_DEBIT);
		send(card, selectByName(hex("A000000333010101")));
		assert.equal(send(card, generateAc("ARQC", hex(EXAMPLE_CDOL1_DATA))).sw, 0x6985, "not before GPO");
		send(card, getProcessingOptions(new Uint8Array(0)));
		assert.equal(send(card, generateAc("ARQC", hex("00"))).sw, 0x6700);
		const ac = send(card, generateAc("ARQC", hex(EXAMPLE_CDOL1_DATA)));
		assert.equal(value(ac.tlv, 0x9f27), "80");
		assert.equal(value(ac.tlv, 0x9f36), "0011");
		const iad = value(ac.tlv, 0x9f10)!;
		assert.equal(iad.slice(0, 14), "07010103A00000");
		assert.equal(value(ac.tlv, 0x9f26), expectedAc("6226095555000111", "01", EXAMPLE_CDOL1_DATA, "7C00", "0011", iad));
		assert.equal(send(card, generateAc("TC", hex(EXAMPLE_CDOL1_DATA))).sw, 0x6700);
	});

	it("GENERATE AC asking for an AAC gets one (CID 00, CVR byte 1 80)", () => {
		const card = virtualCard(PBOC_DEBIT);
		send(card, selectByName(hex("A000000333010101")));
		send(card, getProcessingOptions(new Uint8Array(0)));
		const ac = send(card, generateAc("AAC", hex(EXAMPLE_CDOL1_DATA)));
		const iad = value(ac.tlv, 0x9f10)!;
		assert.deepEqual([value(ac.tlv, 0x9f27), iad.slice(6, 10)], ["00", "0380"]);
		assert.equal(value(ac.tlv, 0x9f26), expectedAc("6226095555000111", "01", EXAMPLE_CDOL1_DATA, "7C00", "0011", iad));
	});

	it("the QuickPass card returns its ARQC with GPO (qPBOC), over the PDOL's amount, country, TVR, date, type, UN", () => {
		const card = virtualCard(QUICKPASS);
		send(card, selectByName(hex("A000000333010101")));
		const gpo = send(card, getProcessingOptions(hex("28000000" + EXAMPLE_CDOL1_DATA)));
		assert.equal(gpo.sw, 0x9000);
		assert.deepEqual([value(gpo.tlv, 0x94), value(gpo.tlv, 0x9f27), value(gpo.tlv, 0x9f36)], ["08010200", "80", "0008"]);
		const iad = value(gpo.tlv, 0x9f10)!;
		assert.equal(value(gpo.tlv, 0x9f26), expectedAc("6222021234567890128", "00", EXAMPLE_CDOL1_DATA, "7C00", "0008", iad));
	});

	it("personalised with the PBOC worked example's data, gives its ARQC and its IAD", () => {
		const app = PBOC_DEBIT.applications[0]!;
		const example: CardProfileJson = {
			...PBOC_DEBIT,
			applications: [
				{
					...app,
					aip: "7D00",
					atc: "023F",
					iad: { dki: "00", cvn: "01", cvrTail: "4002", tail: "010A010000001000D1F61152" },
					records: { ...app.records, "2:1": "5A076228000100001F" + "5F340101" + "5F2403301231" },
				},
			],
		};
		const card = virtualCard(example);
		send(card, selectByName(hex("A000000333010101")));
		send(card, getProcessingOptions(new Uint8Array(0)));
		const ac = send(card, generateAc("ARQC", hex(EXAMPLE_CDOL1_DATA)));
		const field55 = new Map(PBOC_FIELD55_EXAMPLE.objects);
		assert.equal(value(ac.tlv, 0x9f36), PBOC_EXAMPLE.atc);
		assert.equal(value(ac.tlv, 0x9f26), PBOC_EXAMPLE.arqc);
		assert.equal(value(ac.tlv, 0x9f10), field55.get("9F10"));
	});
});
