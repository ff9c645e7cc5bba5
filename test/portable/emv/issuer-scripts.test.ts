// Issuer scripts and issuer authentication after the host's answer (EMV 4.3 Book 3 §10.9–10.10, Book 2 §9.2,
// Book 4 Annex A5; JR/T 0025.5), end to end against the virtual debit card: 71 before the second GENERATE AC
// and 72 after, commands MACed by the issuer side (host-sim/chip/issuer-script.ts), the results in DF31, a
// blocked application refused at the next selection; and 91 carried in CDOL2 when the AIP has no
// EXTERNAL AUTHENTICATE. Also the virtual card's completion commands on their own.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { decided, issuerAuthentication } from "../../support/chip-terminal.js";
import { virtualCard } from "../../support/virtual-chip.js";
import type { CommandApdu } from "../../../hal/apdu.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { issuerScriptCommand, scriptSessionKey } from "../../../host-sim/chip/issuer-script.js";
import { PBOC_DEBIT, TEST_ISSUER_MAC_KEY } from "../../../host-sim/chip/profiles.js";
import type { VirtualCard } from "../../../host-sim/chip/virtual-card.js";
import {
	externalAuthenticate,
	generateAc,
	getData,
	getProcessingOptions,
	readRecord,
	selectByName,
	sw,
} from "../../../src/emv/commands.js";
import { buildCandidateList, chooseApplication, finalSelect } from "../../../src/emv/selection.js";
import { decodeTlv, findTlv, type Tlv } from "../../../src/emv/tlv.js";

const PAN = "6226095555000111";
const CDOL1_DATA = "000000000100" + "000000000000" + "0156" + "0000008000" + "0156" + "261207" + "00" + "12345678";

function script(tag: 0x71 | 0x72, id: string, commands: Uint8Array[]): Tlv {
	return {
		tag,
		value: new Uint8Array(0),
		children: [{ tag: 0x9f18, value: hex(id) }, ...commands.map((value) => ({ tag: 0x86, value }))],
	};
}

describe("EMV kernel: issuer scripts and issuer authentication (Book 3 §10.9–10.10)", () => {
	it("71 updates a record before the TC, 72 blocks the application after it; a wrong MAC fails its script (DF31, TVR byte 5 b5)", async () => {
		const { transaction: t, inserted: card, first } = await decided(PBOC_DEBIT);
		assert.ok(first.ok && first.value.kind === "online");
		const arqc = first.value.arqc;
		const atc = hex("0011");
		const key = scriptSessionKey(hex(TEST_ISSUER_MAC_KEY), PAN, "01", atc);
		const update = issuerScriptCommand(key, hex("84DC010C"), atc, arqc, hex("70075F200454455354"));
		const block = issuerScriptCommand(key, hex("841E0000"), atc, arqc, new Uint8Array(0));
		const forged = block.slice();
		forged[forged.length - 1]! ^= 1;
		const end = await t.complete({
			kind: "answered",
			answer: {
				responseCode: "00",
				issuerAuthenticationData: issuerAuthentication(PAN, "01", atc, arqc, "00"),
				scripts: [script(0x71, "00000001", [update]), script(0x72, "00000002", [block]), script(0x72, "00000003", [forged])],
			},
		});
		assert.ok(end.ok);
		const r = end.value;
		assert.deepEqual([r.decision, r.cryptogramType], ["approved", "TC"], "the block came after the TC");
		assert.equal(toHex(r.scriptResults!), "2000000001" + "2000000002" + "1100000003");
		assert.equal(toHex(r.tvr), "0000048010");
		assert.equal(toHex(r.tsi), "FC00");
		const reversal = decodeTlv(r.reversalField55);
		assert.ok(reversal.ok);
		assert.equal(toHex(findTlv(reversal.value, 0xdf31)!.value), toHex(r.scriptResults!));
		// The next transaction: the application is blocked (6283 at final selection).
		const list = await buildCandidateList(card.channel, "PSE", [{ aid: hex("A0000003330101"), partial: true }]);
		assert.ok(list.ok);
		const choice = chooseApplication(list.value, false);
		assert.ok(choice.ok && choice.value.kind === "selected");
		const again = await finalSelect(card.channel, choice.value.candidate);
		assert.ok(!again.ok && again.error.kind === "application-blocked");
	});

	it("a 71 script that fails sets TVR byte 5 b6; a malformed 86 fails at its number", async () => {
		const { transaction: t, first } = await decided(PBOC_DEBIT);
		assert.ok(first.ok && first.value.kind === "online");
		const end = await t.complete({
			kind: "answered",
			answer: { responseCode: "00", scripts: [script(0x71, "0000000A", [hex("841E")]), script(0x71, "", [hex("8024000000")])] },
		});
		assert.ok(end.ok);
		assert.equal(toHex(end.value.scriptResults!), "110000000A" + "1100000000");
		assert.equal(toHex(end.value.tvr), "0000048020");
		assert.equal(toHex(end.value.tsi), "EC00", "no 91: issuer authentication not performed");
	});

	it("no EXTERNAL AUTHENTICATE in the AIP: 91 goes to the card in CDOL2; a wrong one gets an AAC", async () => {
		const app = PBOC_DEBIT.applications[0]!;
		const in8d: CardProfileJson = {
			...PBOC_DEBIT,
			applications: [
				{ ...app, aip: "7800", records: { ...app.records, "2:2": app.records["2:2"]!.replace("8D178A02", "8D19910A8A02") } },
			],
		};
		for (const [flip, decision] of [
			[false, "approved"],
			[true, "declined"],
		] as const) {
			const { transaction: t, first } = await decided(in8d);
			assert.ok(first.ok && first.value.kind === "online");
			const data91 = issuerAuthentication(PAN, "01", hex("0011"), first.value.arqc, "00");
			if (flip) data91[3]! ^= 0x10;
			const end = await t.complete({ kind: "answered", answer: { responseCode: "00", issuerAuthenticationData: data91 } });
			assert.ok(end.ok);
			assert.deepEqual([end.value.decision, end.value.reverse, toHex(end.value.tsi)], [decision, flip, "E800"]);
		}
	});
});

describe("virtual PBOC cards: the completion side", () => {
	function send(card: VirtualCard, c: CommandApdu) {
		const r = card.answer(c);
		return { sw: sw(r), data: r.data };
	}
	function afterArqc(json: CardProfileJson = PBOC_DEBIT) {
		const card = virtualCard(json);
		send(card, selectByName(hex("A000000333010101")));
		send(card, getProcessingOptions(new Uint8Array(0)));
		const ac = send(card, generateAc("ARQC", hex(CDOL1_DATA)));
		const d = decodeTlv(ac.data);
		assert.ok(d.ok);
		return { card, arqc: findTlv(d.value, 0x9f26)!.value };
	}
	const cdol2 = (arc: string) => hex(toHex(Uint8Array.from(arc, (c) => c.charCodeAt(0))) + CDOL1_DATA);

	it("EXTERNAL AUTHENTICATE: 9000 for the right ARPC, 6300 for a wrong one, 6985 a second time or before an ARQC", () => {
		const { card, arqc } = afterArqc();
		const good = issuerAuthentication(PAN, "01", hex("0011"), arqc, "00");
		assert.equal(send(card, externalAuthenticate(good)).sw, 0x9000);
		assert.equal(send(card, externalAuthenticate(good)).sw, 0x6985);
		const other = afterArqc();
		good[0]! ^= 1;
		assert.equal(send(other.card, externalAuthenticate(good)).sw, 0x6300);
		const fresh = virtualCard(PBOC_DEBIT);
		send(fresh, selectByName(hex("A000000333010101")));
		assert.equal(send(fresh, externalAuthenticate(good)).sw, 0x6985);
	});

	it("the second GENERATE AC: CDOL2's length, no ARQC, once; after a failed issuer authentication an AAC; an online approval sets 9F13", () => {
		const { card, arqc } = afterArqc();
		assert.equal(send(card, generateAc("TC", hex(CDOL1_DATA))).sw, 0x6700);
		assert.equal(send(card, generateAc("ARQC", cdol2("00"))).sw, 0x6a86);
		send(card, externalAuthenticate(issuerAuthentication(PAN, "01", hex("0011"), arqc, "00")));
		const tc = send(card, generateAc("TC", cdol2("00")));
		const d = decodeTlv(tc.data);
		assert.ok(d.ok);
		assert.equal(toHex(findTlv(d.value, 0x9f27)!.value), "40");
		assert.equal(send(card, generateAc("TC", cdol2("00"))).sw, 0x6985);
		assert.equal(toHex(send(card, getData(0x9f13)).data), "9F13020011");

		const failed = afterArqc();
		const wrong = issuerAuthentication(PAN, "01", hex("0011"), failed.arqc, "00");
		wrong[7]! ^= 0x80;
		send(failed.card, externalAuthenticate(wrong));
		const aac = decodeTlv(send(failed.card, generateAc("TC", cdol2("00"))).data);
		assert.ok(aac.ok);
		assert.equal(toHex(findTlv(aac.value, 0x9f27)!.value), "00");
		assert.equal(toHex(send(failed.card, getData(0x9f13)).data), "9F13020010", "not approved online: 9F13 unchanged");
	});

	it("scripts: refused before an ARQC (6985), a wrong MAC 6988, UPDATE RECORD read back, an unknown command 6D00", () => {
		const fresh = virtualCard(PBOC_DEBIT);
		send(fresh, selectByName(hex("A000000333010101")));
		assert.equal(send(fresh, { cla: 0x84, ins: 0x1e, p1: 0, p2: 0, data: hex("00000000") }).sw, 0x6985);
		const { card, arqc } = afterArqc();
		const atc = hex("0011");
		const key = scriptSessionKey(hex(TEST_ISSUER_MAC_KEY), PAN, "01", atc);
		const command = (bytes: Uint8Array): CommandApdu => ({
			cla: bytes[0]!,
			ins: bytes[1]!,
			p1: bytes[2]!,
			p2: bytes[3]!,
			data: bytes.subarray(5),
		});
		assert.equal(send(card, command(issuerScriptCommand(key, hex("84DC010C"), atc, arqc, hex("7003500141")))).sw, 0x9000);
		assert.equal(toHex(send(card, readRecord(1, 1)).data), "7003500141");
		const forged = issuerScriptCommand(key, hex("841E0000"), atc, hex("0000000000000000"), new Uint8Array(0));
		assert.equal(send(card, command(forged)).sw, 0x6988);
		assert.equal(send(card, command(issuerScriptCommand(key, hex("84240000"), atc, arqc, hex("0123")))).sw, 0x9000);
		assert.equal(send(card, command(issuerScriptCommand(key, hex("84990000"), atc, arqc, new Uint8Array(0)))).sw, 0x6d00);
	});
});
