// The acquirer simulator as the chip card's issuer: it recomputes the virtual cards' ARQCs from field 55 under
// the issuer master key of their card range, answers with 91 (ARPC ‖ ARC, or ARPC ‖ CSU) and issuer scripts,
// declines a cryptogram that does not verify (A7), and the PBOC worked example's ARPC comes out of its issuer
// answer. Both engines.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { PBOC_EXAMPLE, PBOC_FIELD55_EXAMPLE } from "../../support/emv-vectors.js";
import { EngineSession } from "../../support/engine-session.js";
import { virtualCard } from "../../support/virtual-chip.js";
import { defaultAcquirerConfig, parseAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import {
	cardKeys,
	issuerAnswer,
	issuerKeysFor,
	readChipRequest,
	scriptCommand,
	verifyArqc,
} from "../../../host-sim/acquirer/chip-issuer.js";
import { PBOC_DEBIT, QUICKPASS, TEST_ISSUER_AC_KEY, TEST_ISSUER_MAC_KEY } from "../../../host-sim/chip/profiles.js";
import type { VirtualCard } from "../../../host-sim/chip/virtual-card.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { generateAc, getProcessingOptions, selectByName } from "../../../src/emv/commands.js";
import { retailMac } from "../../../src/mac/cbc-mac.js";
import { iccMasterKey, pbocSessionKey } from "../../../src/emv/icc-keys.js";
import { decodeTlv, encodeTlv, findTlv, type Tlv } from "../../../src/emv/tlv.js";
import { bytesField, textField, type IsoMessage } from "../../../src/iso8583/iso-message.js";
import {
	buildBalanceInquiry,
	buildIcBatchUpload,
	buildIcOfflineSale,
	buildReversal,
	buildSale,
	buildSettlement,
	type CardRead,
} from "../../../src/iso8583/requests.js";

const DEBIT_PAN = "6226095555000111";
const QUICKPASS_PAN = "6222021234567890128";

const CDOL1_TAGS = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37];

/** Terminal values of CDOL1 (9F02 9F03 9F1A 95 5F2A 9A 9C 9F37) for an amount in fen, in China on 2026-12-07. */
function terminalValues(amountFen: number): [number, string][] {
	const values = [String(amountFen).padStart(12, "0"), "0".repeat(12), "0156", "0".repeat(10), "0156", "261207", "00", "12345678"];
	return CDOL1_TAGS.map((tag, i) => [tag, values[i]!]);
}

function answerObjects(card: VirtualCard, command: Parameters<VirtualCard["answer"]>[0]): readonly Tlv[] {
	const r = card.answer(command);
	assert.equal((r.sw1 << 8) | r.sw2, 0x9000);
	const tlv = decodeTlv(r.data);
	assert.ok(tlv.ok);
	return tlv.value[0]!.children ?? tlv.value;
}

/** The debit card's ARQC for `amountFen`, and field 55 as a terminal sends it (card objects ‖ terminal values ‖ AIP). */
function contactField55(amountFen: number, card = virtualCard(PBOC_DEBIT), type: "ARQC" | "TC" = "ARQC"): Uint8Array {
	card.answer(selectByName(hex("A000000333010101")));
	const gpo = answerObjects(card, getProcessingOptions(new Uint8Array(0)));
	const values = terminalValues(amountFen);
	const cdol1 = hex(values.map(([, v]) => v).join(""));
	const ac = answerObjects(card, generateAc(type, cdol1));
	const aip = gpo[0]!.value.subarray(0, 2);
	return encodeTlv([...ac, ...values.map(([tag, v]) => ({ tag, value: hex(v) })), { tag: 0x82, value: aip }]);
}

function chipRead(pan: string, icc: Uint8Array, entryMode: CardRead["entryMode"] = "contact", sequence = "001"): CardRead {
	return { entryMode, pan, sequence, icc };
}

function field55Of(response: IsoMessage): readonly Tlv[] {
	const bytes = bytesField(response, 55);
	assert.ok(bytes, "the answer carries field 55");
	const tlv = decodeTlv(bytes);
	assert.ok(tlv.ok);
	return tlv.value;
}

function sessionKeys(pan: string, psn: string, atc: Uint8Array): { ac: Uint8Array; mac: Uint8Array } {
	const ac = iccMasterKey(hex(TEST_ISSUER_AC_KEY), pan, psn, "a");
	const mac = iccMasterKey(hex(TEST_ISSUER_MAC_KEY), pan, psn, "a");
	assert.ok(ac.ok && mac.ok);
	return { ac: pbocSessionKey(ac.value, atc), mac: pbocSessionKey(mac.value, atc) };
}

/** Book 2 A1.2.1 read backwards: decrypting the ARPC under the session key gives ARQC ⊕ (ARC ‖ 00…). */
function arpcOpensTo(arpc: Uint8Array, key: Uint8Array): Uint8Array {
	const cipher = tdesCipher(key);
	const out = new Uint8Array(8);
	cipher.decryptBlock(arpc, 0, out, 0);
	cipher.wipe();
	return out;
}

describe("acquirer simulator: the chip card's issuer (ARQC, ARPC, scripts)", () => {
	it("reads the PBOC worked example's field 55 and gives its ARPC (method 1, ARC 3031) over its ARQC", () => {
		const request = readChipRequest(PBOC_FIELD55_EXAMPLE.field55);
		assert.ok(typeof request !== "string", String(request));
		assert.equal(toHex(request.acData), PBOC_EXAMPLE.acData);
		const config = defaultAcquirerConfig().chip;
		const keys = cardKeys(issuerKeysFor(config, PBOC_EXAMPLE.pan)!, PBOC_EXAMPLE.pan, PBOC_EXAMPLE.psn, request.atc)!;
		assert.ok(verifyArqc(keys, request));
		const field55 = decodeTlv(issuerAnswer(config, keys, request, "01", []));
		assert.ok(field55.ok);
		assert.equal(toHex(findTlv(field55.value, 0x91)!.value), PBOC_EXAMPLE.arpc + PBOC_EXAMPLE.arc);
	});

	it("approves a contact chip sale whose ARQC verifies and answers 91 = ARPC ‖ ARC under the card's session key", () => {
		const s = new EngineSession();
		s.signIn();
		const icc = contactField55(12_345);
		const r = s.send(buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, icc), amount: 12_345 }));
		assert.equal(textField(r, 39), "00");
		assert.equal(s.engine.books.accounts[DEBIT_PAN]!.balanceFen, 1_000_000 - 12_345);
		const auth = findTlv(field55Of(r), 0x91)!.value;
		assert.equal(auth.length, 10);
		assert.equal(toHex(auth.subarray(8)), "3030");
		const sent = decodeTlv(icc);
		assert.ok(sent.ok);
		const arqc = findTlv(sent.value, 0x9f26)!.value;
		const atc = findTlv(sent.value, 0x9f36)!.value;
		const opened = arpcOpensTo(auth.subarray(0, 8), sessionKeys(DEBIT_PAN, "01", atc).ac);
		assert.equal(toHex(opened), toHex(Uint8Array.of(arqc[0]! ^ 0x30, arqc[1]! ^ 0x30, ...arqc.subarray(2))));
	});

	it("declines A7 when the cryptogram does not match the data (an amount changed after the card MACed it), and moves no money", () => {
		const s = new EngineSession();
		s.signIn();
		const tampered = decodeTlv(contactField55(100));
		assert.ok(tampered.ok);
		const changed = tampered.value.map((o) => (o.tag === 0x9f02 ? { tag: o.tag, value: hex("000000000001") } : o));
		const r = s.send(buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, encodeTlv(changed)), amount: 100 }));
		assert.equal(textField(r, 39), "A7");
		assert.equal(r.fields.get(55), undefined, "no ARPC for a cryptogram the issuer does not accept");
		assert.equal(s.engine.books.accounts[DEBIT_PAN]!.balanceFen, 1_000_000);
	});

	it("declines 30 a chip sale without field 55 or with a field 55 lacking the ATC, and 15 for a card range without issuer keys", () => {
		const s = new EngineSession();
		s.signIn();
		const noIcc = s.send(
			buildSale(s.context, { stan: s.nextStan(), card: { entryMode: "contact", pan: DEBIT_PAN, sequence: "001" }, amount: 1 }),
		);
		assert.equal(textField(noIcc, 39), "30");
		const objects = decodeTlv(contactField55(1));
		assert.ok(objects.ok);
		const withoutAtc = encodeTlv(objects.value.filter((o) => o.tag !== 0x9f36));
		assert.equal(
			textField(s.send(buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, withoutAtc), amount: 1 })), 39),
			"30",
		);
		const foreign = s.send(
			buildSale(s.context, { stan: s.nextStan(), card: chipRead("4111119876543212", contactField55(1)), amount: 1 }),
		);
		assert.equal(textField(foreign, 39), "15");
	});

	it("answers a decline after a good ARQC (51) with an ARPC over the decline's ARC", () => {
		const s = new EngineSession();
		s.signIn();
		const r = s.send(
			buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, contactField55(9_000_000)), amount: 9_000_000 }),
		);
		assert.equal(textField(r, 39), "51");
		assert.equal(toHex(findTlv(field55Of(r), 0x91)!.value.subarray(8)), "3531");
	});

	it("verifies the QuickPass card's GPO cryptogram (contactless, PSN 00) and a chip balance inquiry", () => {
		const s = new EngineSession();
		s.signIn();
		const card = virtualCard(QUICKPASS);
		card.answer(selectByName(hex("A000000333010101")));
		const values = terminalValues(500);
		const gpo = answerObjects(card, getProcessingOptions(hex("28000000" + values.map(([, v]) => v).join(""))));
		const icc = encodeTlv([...gpo.filter((o) => o.tag !== 0x94), ...values.map(([tag, v]) => ({ tag, value: hex(v) }))]);
		const sale = s.send(
			buildSale(s.context, { stan: s.nextStan(), card: chipRead(QUICKPASS_PAN, icc, "contactless", "000"), amount: 500 }),
		);
		assert.equal(textField(sale, 39), "00");
		assert.equal(findTlv(field55Of(sale), 0x91)!.value.length, 10);
		const debit = contactField55(0);
		const balance = s.send(buildBalanceInquiry(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, debit) }));
		assert.equal(textField(balance, 39), "55", "a balance inquiry needs its PIN; the ARQC verified, so 91 comes back");
		assert.ok(findTlv(field55Of(balance), 0x91));
	});

	it("takes a chip sale's reversal with its field 55 and restores the balance", () => {
		const s = new EngineSession();
		s.signIn();
		const sale = buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, contactField55(700)), amount: 700 });
		assert.equal(textField(s.send(sale), 39), "00");
		const reversal = buildReversal(sale, "98");
		assert.ok(reversal.fields.get(55) instanceof Uint8Array);
		assert.equal(textField(s.send(reversal), 39), "00");
		assert.equal(s.engine.books.accounts[DEBIT_PAN]!.balanceFen, 1_000_000);
	});

	it("the bad-arpc fault spoils the ARPC: it no longer opens to ARQC ⊕ ARC", () => {
		const s = new EngineSession();
		s.signIn();
		const icc = contactField55(300);
		const r = s.send(buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, icc), amount: 300 }), { badArpc: true });
		assert.equal(textField(r, 39), "00");
		const sent = decodeTlv(icc);
		assert.ok(sent.ok);
		const arqc = findTlv(sent.value, 0x9f26)!.value;
		const opened = arpcOpensTo(
			findTlv(field55Of(r), 0x91)!.value.subarray(0, 8),
			sessionKeys(DEBIT_PAN, "01", findTlv(sent.value, 0x9f36)!.value).ac,
		);
		assert.notEqual(toHex(opened.subarray(2)), toHex(arqc.subarray(2)));
	});

	it("by configuration: ARPC method 2 (ARPC ‖ CSU), and scripts 71/72 with MACs under the card's MAC session key", () => {
		const json = {
			chip: { arpcMethod: 2 },
			accounts: [
				{
					pan: DEBIT_PAN,
					balanceFen: 100_000,
					scripts: [
						{ template: "71", command: "pin-unblock" },
						{ template: "72", command: "update-record", sfi: 1, record: 1, data: "5F200653554E2F4241" },
					],
				},
			],
		};
		const s = new EngineSession(parseAcquirerConfig(json));
		s.signIn();
		const icc = contactField55(200);
		const r = s.send(buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, icc), amount: 200 }));
		assert.equal(textField(r, 39), "00");
		const objects = field55Of(r);
		const auth = findTlv(objects, 0x91)!.value;
		assert.equal(toHex(auth.subarray(4)), "00800000", "CSU: byte 2 b8, the issuer approves");
		const sent = decodeTlv(icc);
		assert.ok(sent.ok);
		const arqc = findTlv(sent.value, 0x9f26)!.value;
		const atc = findTlv(sent.value, 0x9f36)!.value;
		const keys = sessionKeys(DEBIT_PAN, "01", atc);
		assert.equal(toHex(auth.subarray(0, 4)), toHex(retailMac(keys.ac, hex(toHex(arqc) + "00800000"), 2).subarray(0, 4)));
		const [t71, t72] = [objects.find((o) => o.tag === 0x71)!, objects.find((o) => o.tag === 0x72)!];
		assert.equal(toHex(findTlv(t71.children!, 0x9f18)!.value), "00000001");
		const unblock = findTlv(t71.children!, 0x86)!.value;
		assert.equal(toHex(unblock.subarray(0, 5)), "8424000004");
		const mac = (header: string, data = "") =>
			toHex(retailMac(keys.mac, hex(header + toHex(atc) + toHex(arqc) + data), 2).subarray(0, 4));
		assert.equal(toHex(unblock.subarray(5)), mac("8424000004"));
		const update = findTlv(t72.children!, 0x86)!.value;
		assert.equal(toHex(update), "04DC010C0D" + "5F200653554E2F4241" + mac("04DC010C0D", "5F200653554E2F4241"));
		assert.equal(
			toHex(scriptCommand({ template: 0x72, command: "card-block" }, keys.mac, atc, arqc)),
			"841600000" + "4" + mac("8416000004"),
		);
	});

	it("a blocked card: 62 with an APPLICATION BLOCK script in 72", () => {
		const s = new EngineSession(parseAcquirerConfig({ accounts: [{ pan: DEBIT_PAN, balanceFen: 100_000, status: "blocked" }] }));
		s.signIn();
		const r = s.send(buildSale(s.context, { stan: s.nextStan(), card: chipRead(DEBIT_PAN, contactField55(200)), amount: 200 }));
		assert.equal(textField(r, 39), "62");
		const script = findTlv(field55Of(r), 0x72);
		assert.ok(script);
		assert.equal(toHex(findTlv(script.children!, 0x86)!.value.subarray(0, 5)), "841E000004");
	});

	it("takes the batch upload of a chip sale (203) with its TC, matched to the sale; an offline one (205) only in a batch upload, with a TC that verifies", () => {
		const s = new EngineSession();
		s.signIn();
		const saleStan = s.nextStan();
		assert.equal(
			textField(s.send(buildSale(s.context, { stan: saleStan, card: chipRead(DEBIT_PAN, contactField55(800)), amount: 800 })), 39),
			"00",
		);
		const tc = encodeTlv([
			{ tag: 0x9f26, value: hex("1122334455667788") },
			{ tag: 0x9f27, value: hex("40") },
			{ tag: 0x95, value: hex("0000000000") },
			{ tag: 0x9b, value: hex("E800") },
		]);
		const record = {
			pan: DEBIT_PAN,
			amount: 800,
			processingCode: "000000",
			entryMode: "contact" as const,
			sequence: "001",
			icc: tc,
			batch: 1,
			stan: saleStan,
		};
		assert.equal(textField(s.send(buildIcBatchUpload(s.context, s.nextStan(), record, "203")), 39), "00");
		assert.equal(s.engine.books.transactions.find((t) => t.stan === saleStan)?.cryptogram, "TC 1122334455667788");
		assert.equal(textField(s.send(buildIcBatchUpload(s.context, s.nextStan(), { ...record, amount: 801 }, "203")), 39), "25");
		// 205 is an IC notification of the batch upload after an unbalanced 0510 (Q/CUP 006), refused (12) before it.
		const offline = { ...record, stan: 999 };
		assert.equal(textField(s.send(buildIcBatchUpload(s.context, s.nextStan(), offline, "205")), 39), "12");
		const zero = { debit: { amount: 0, count: 0 }, credit: { amount: 0, count: 0 }, reconciliation: 0 as const };
		const settled = s.send(buildSettlement(s.context, s.nextStan(), { domestic: zero, foreign: zero }));
		assert.equal(textField(settled, 48)?.slice(30, 31), "2", "the host has the sale: not balanced");
		// In the batch upload, 205 without the data the TC covers cannot be verified.
		assert.equal(textField(s.send(buildIcBatchUpload(s.context, s.nextStan(), offline, "205")), 39), "30");
		const noAc = encodeTlv([{ tag: 0x9f27, value: hex("40") }]);
		assert.equal(textField(s.send(buildIcBatchUpload(s.context, s.nextStan(), { ...record, icc: noAc }, "203")), 39), "30");
		assert.equal(s.engine.books.uploads["10000001/1"], 1);
	});

	it("books an IC offline sale (0200, 60.1 36) once: its TC verified under the card's keys, the account debited, 00 then 94 with its RRN", () => {
		const s = new EngineSession();
		s.signIn();
		const offlineCard = virtualCard({ ...PBOC_DEBIT, applications: PBOC_DEBIT.applications.map((a) => ({ ...a, offline: true })) });
		const icc = contactField55(500, offlineCard, "TC");
		const objects = decodeTlv(icc);
		assert.ok(objects.ok);
		assert.equal(toHex(findTlv(objects.value, 0x9f27)!.value), "40", "the card gave a TC");
		const upload = (field55: Uint8Array) => buildIcOfflineSale(s.context, { stan: 7, amount: 500, card: chipRead(DEBIT_PAN, field55) });
		const balance = s.engine.books.accounts[DEBIT_PAN]!.balanceFen;
		const wrong = icc.slice();
		const at = toHex(wrong).indexOf("9F2608") / 2 + 3;
		wrong[at] = wrong[at]! ^ 0x01;
		assert.equal(textField(s.send(upload(wrong)), 39), "A7");
		const answers = [0, 1].map(() => s.send(upload(icc)));
		assert.deepEqual(
			answers.map((a) => textField(a, 39)),
			["00", "94"],
			"the second is a duplicate: the host already has it",
		);
		const booked = s.engine.books.transactions.filter((t) => t.batch === 1 && t.stan === 7);
		assert.equal(booked.length, 1, "booked once");
		assert.deepEqual(
			answers.map((a) => textField(a, 37)),
			[booked[0]!.rrn, booked[0]!.rrn],
			"37: the RRN it is booked under, the same for the duplicate",
		);
		assert.equal(textField(answers[0]!, 38), undefined, "no authorisation code: the card approved it");
		assert.equal(booked[0]!.date, toHex(findTlv(objects.value, 0x9a)!.value).slice(2), "booked on the card's date (9A MMDD)");
		assert.equal(booked[0]!.kind, "sale");
		assert.equal(booked[0]!.amountFen, 500);
		assert.match(booked[0]!.cryptogram ?? "", /^TC [0-9A-F]{16}$/);
		assert.equal(s.engine.books.accounts[DEBIT_PAN]!.balanceFen, balance - 500);
	});
});
