// The contact kernel from the selected application to the end of the transaction (src/emv/contact-kernel.ts)
// against the virtual PBOC cards, card by card and fault by fault: the TVR and TSI checked byte by byte
// against EMV 4.3 Book 3 Annex C5/C6, field 55 as the issuer checks it (the ARQC recomputed from its own
// values under the issuer key), the ARPC computed with src/emv/cryptograms.ts, the second GENERATE AC's TC.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { expectedAc } from "../../support/virtual-chip.js";
import { decided, fakeAuthenticator, fixedRandom, issuerAuthentication, PARAMS, SALE, started } from "../../support/chip-terminal.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { PBOC_CREDIT, PBOC_DEBIT } from "../../../host-sim/chip/profiles.js";
import { REVERSAL_TAGS, SALE_TAGS } from "../../../src/emv/field55.js";
import { decodeTlv, findTlv, type Tlv } from "../../../src/emv/tlv.js";

const DEBIT_PAN = "6226095555000111";

function objects(field55: Uint8Array): Tlv[] {
	const d = decodeTlv(field55);
	assert.ok(d.ok);
	return d.value;
}

function get(list: readonly Tlv[], tag: number): string {
	const o = findTlv(list, tag);
	assert.ok(o !== undefined, `tag ${tag.toString(16)} in field 55`);
	return toHex(o.value);
}

/** The debit card with its records changed: `record21` replaces SFI 2 record 1. */
function debitWith(change: Partial<CardProfileJson["applications"][number]>, record21?: string): CardProfileJson {
	const app = PBOC_DEBIT.applications[0]!;
	return {
		...PBOC_DEBIT,
		applications: [{ ...app, ...change, records: record21 === undefined ? app.records : { ...app.records, "2:1": record21 } }],
	};
}

/** SFI 2 record 1 of the debit card with `extra` TLV appended. */
const RECORD_21 = PBOC_DEBIT.applications[0]!.records["2:1"]!;

describe("EMV kernel: a contact sale online, end to end (Book 3 §10)", () => {
	it("the debit card: DDA, online PIN, ARQC with the UnionPay field 55, ARPC by EXTERNAL AUTHENTICATE, TC", async () => {
		const auth = fakeAuthenticator();
		const { transaction: t } = await started(PBOC_DEBIT, { authenticator: auth });
		assert.deepEqual(auth.asked, ["DDA"], "AIP 7C00 offers SDA and DDA: DDA is chosen");
		assert.deepEqual(
			[t.card.pan, t.card.expiry, t.card.psn, t.card.label, toHex(t.card.aid), t.card.entryMode],
			[DEBIT_PAN, "3106", "01", "PBOC DEBIT", "A000000333010101", "contact"],
		);
		assert.equal(toHex(t.card.track2!), "6226095555000111D310620110111095");
		// CVM list 42 03 | 1E 03 | 1F 00: online PIN (the terminal supports it), the flow enters it.
		assert.deepEqual(t.verifyCardholder(), { kind: "online-pin" });
		assert.deepEqual(t.pinEntered("entered"), { kind: "done", outcome: "online-pin" });
		assert.equal(toHex(t.cvmResults), "420300", "9F34: the rule performed, result unknown (Book 4 Annex A4)");
		const first = await t.decide();
		assert.ok(first.ok && first.value.kind === "online");
		// TVR: byte 3 b3 online PIN entered, byte 4 b8 floor limit (0) exceeded; nothing else.
		assert.equal(toHex(t.tvr), "0000048000");
		const f55 = objects(first.value.field55);
		assert.deepEqual(
			f55.map((o) => o.tag),
			SALE_TAGS.filter((tag) => tag !== 0x9f63),
			"the sale's tag list in order; the card has no 9F63",
		);
		assert.deepEqual(
			[get(f55, 0x9f27), get(f55, 0x95), get(f55, 0x9f34), get(f55, 0x84), get(f55, 0x82)],
			["80", "0000048000", "420300", "A000000333010101", "7C00"],
		);
		assert.deepEqual(
			[get(f55, 0x9f02), get(f55, 0x9a), get(f55, 0x9c), get(f55, 0x9f37), get(f55, 0x9f1e)],
			["000000000100", "261207", "00", "12345678", "3132333435363738"],
		);
		// The issuer's check: the ARQC over field 55's own values (CDOL1's order) ‖ AIP ‖ ATC ‖ CVR.
		const acData = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37].map((tag) => get(f55, tag)).join("");
		const atc = get(f55, 0x9f36);
		assert.equal(atc, "0011");
		assert.equal(get(f55, 0x9f26), expectedAc(DEBIT_PAN, "01", acData, "7C00", atc, get(f55, 0x9f10)));
		assert.equal(toHex(first.value.arqc), get(f55, 0x9f26));

		const answer = {
			responseCode: "00",
			issuerAuthenticationData: issuerAuthentication(DEBIT_PAN, "01", hex(atc), first.value.arqc, "00"),
		};
		const end = await t.complete({ kind: "answered", answer });
		assert.ok(end.ok);
		const r = end.value;
		assert.deepEqual(
			[r.decision, r.cryptogramType, r.authorisationCode, r.cvm, r.reverse, r.advice],
			["approved", "TC", "00", "online-pin", false, false],
		);
		assert.equal(toHex(r.tvr), "0000048000", "issuer authentication passed: byte 5 clear");
		// TSI: ODA, CVM, card risk management, issuer authentication, terminal risk management performed.
		assert.equal(toHex(r.tsi), "F800");
		// The TC over CDOL2's values after 8A (the same list), with the second AC's CVR.
		const iad = toHex(findTlv(objects(r.tcUploadField55!), 0x9f10)!.value);
		assert.equal(iad.slice(6, 10), "0360", "CVR byte 1: TC in the second GENERATE AC, ARQC in the first");
		assert.equal(
			toHex(r.cryptogram),
			expectedAc(
				DEBIT_PAN,
				"01",
				"000000000100" + "000000000000" + "0156" + "0000048000" + "0156" + "261207" + "00" + "12345678",
				"7C00",
				atc,
				iad,
			),
		);
		const upload = objects(r.tcUploadField55!);
		assert.deepEqual([get(upload, 0x9f26), get(upload, 0x9f27), get(upload, 0x8a)], [toHex(r.cryptogram), "40", "3030"]);
		const reversal = objects(r.reversalField55);
		assert.deepEqual(
			reversal.map((o) => o.tag),
			REVERSAL_TAGS.filter((tag) => tag !== 0xdf31),
		);
	});

	it("a wrong ARPC: EXTERNAL AUTHENTICATE fails (TVR byte 5 b7), the card declines with an AAC, the flow must reverse", async () => {
		const { transaction: t, first } = await decided(PBOC_DEBIT);
		assert.ok(first.ok && first.value.kind === "online");
		const bad = issuerAuthentication(DEBIT_PAN, "01", hex("0011"), first.value.arqc, "00");
		bad[0]! ^= 1;
		const end = await t.complete({ kind: "answered", answer: { responseCode: "00", issuerAuthenticationData: bad } });
		assert.ok(end.ok);
		assert.deepEqual([end.value.decision, end.value.cryptogramType, end.value.reverse], ["declined", "AAC", true]);
		assert.equal(toHex(end.value.tvr), "0000048040");
		assert.deepEqual(
			objects(end.value.reversalField55)
				.map((o) => [o.tag, toHex(o.value)])
				.slice(0, 2),
			[
				[0x95, "0000048040"],
				[0x9f1e, "3132333435363738"],
			],
		);
	});

	it("the host declines (51): the second GENERATE AC asks an AAC; no reversal", async () => {
		const { transaction: t, first } = await decided(PBOC_DEBIT);
		assert.ok(first.ok && first.value.kind === "online");
		const end = await t.complete({
			kind: "answered",
			answer: {
				responseCode: "51",
				issuerAuthenticationData: issuerAuthentication(DEBIT_PAN, "01", hex("0011"), first.value.arqc, "51"),
			},
		});
		assert.ok(end.ok);
		assert.deepEqual(
			[end.value.decision, end.value.cryptogramType, end.value.authorisationCode, end.value.reverse],
			["declined", "AAC", "51", false],
		);
		assert.equal(end.value.tcUploadField55, undefined);
	});

	it("unable to go online: the default action codes decide, Z3 (floor limit exceeded hits them) or Y3", async () => {
		const z3 = await decided(PBOC_DEBIT);
		assert.ok(z3.first.ok);
		const declined = await z3.transaction.complete({ kind: "unable-to-go-online" });
		assert.ok(declined.ok);
		assert.deepEqual([declined.value.decision, declined.value.authorisationCode], ["declined", "Z3"]);

		// A card whose IAC-default is zero, under a terminal whose TAC-default is zero: TC, Y3.
		const lenient = debitWith({}, RECORD_21.replace("9F0D05D86004A800", "9F0D050000000000"));
		const y3 = await decided(lenient, { params: { ...PARAMS, tacDefault: hex("0000000000") } });
		assert.ok(y3.first.ok);
		const approved = await y3.transaction.complete({ kind: "unable-to-go-online" });
		assert.ok(approved.ok);
		assert.deepEqual(
			[approved.value.decision, approved.value.cryptogramType, approved.value.authorisationCode],
			["approved", "TC", "Y3"],
		);
		assert.equal(get(objects(approved.value.tcUploadField55!), 0x8a), toHex(Uint8Array.of(0x59, 0x33)));
	});

	it("the card is removed before the second GENERATE AC: a transport error, and the reversal's field 55 is there", async () => {
		const { transaction: t, inserted: card, first } = await decided(PBOC_DEBIT);
		assert.ok(first.ok && first.value.kind === "online");
		card.reader.remove();
		const end = await t.complete({
			kind: "answered",
			answer: {
				responseCode: "00",
				issuerAuthenticationData: issuerAuthentication(DEBIT_PAN, "01", hex("0011"), first.value.arqc, "00"),
			},
		});
		assert.ok(!end.ok && end.error.kind === "transport" && end.error.step === "EXTERNAL AUTHENTICATE");
		const reversal = objects(t.reversalField55());
		assert.deepEqual([get(reversal, 0x95), get(reversal, 0x9f36)], ["0000048000", "0011"]);
	});
});

describe("EMV kernel: offline decisions and the card's own (Book 3 §10.7–10.8)", () => {
	const HIGH_FLOOR = { ...PARAMS, floorLimit: 100000 };

	it("an offline-capable card under the floor limit: TAA asks a TC, the card gives one (Y1)", async () => {
		const { transaction: t } = await started(debitWith({ offline: true }), { params: HIGH_FLOOR });
		t.verifyCardholder();
		assert.deepEqual(t.pinEntered("bypassed"), { kind: "done", outcome: "signature" }, "PIN bypassed: the next rule, signature");
		assert.equal(toHex(t.cvmResults), "1E0300");
		const first = await t.decide();
		assert.ok(first.ok && first.value.kind === "offline");
		const r = first.value.result;
		assert.deepEqual([r.decision, r.cryptogramType, r.authorisationCode, r.cvm], ["approved", "TC", "Y1", "signature"]);
		// Byte 3 b4: PIN pad present, PIN not entered. Nothing else; TSI without issuer authentication.
		assert.equal(toHex(r.tvr), "0000080000");
		assert.equal(toHex(r.tsi), "E800");
		assert.equal(get(objects(r.tcUploadField55!), 0x9f27), "40");
	});

	it("an online-only card asked a TC answers with an ARQC: the terminal goes online", async () => {
		const { transaction: t, first } = await decided(PBOC_DEBIT, { params: HIGH_FLOOR });
		assert.ok(first.ok && first.value.kind === "online");
		assert.equal(toHex(t.tvr), "0000040000");
	});

	it("an expired card: TVR byte 2 b7; under a TAC-denial with that bit the terminal asks an AAC (Z1)", async () => {
		const params = { ...PARAMS, tacDenial: hex("0050000000") };
		const { transaction: t, first } = await decided(PBOC_DEBIT, { params, txn: { ...SALE, date: hex("310701") } });
		assert.ok(first.ok && first.value.kind === "offline");
		assert.deepEqual([first.value.result.decision, first.value.result.authorisationCode], ["declined", "Z1"]);
		assert.equal(toHex(first.value.result.tvr), "0040048000");
	});

	it("cash on a card whose usage control allows goods only: service not allowed, the IAC-denial declines", async () => {
		const goodsOnly = debitWith({}, RECORD_21.replace("9F0702FF00", "9F07023D00"));
		const { transaction: t, first } = await decided(goodsOnly, { txn: { ...SALE, kind: "cash" } });
		assert.ok(first.ok && first.value.kind === "offline");
		assert.equal(first.value.result.decision, "declined");
		assert.equal(toHex(first.value.result.tvr), "0010048000");
	});

	it("DDA fails: TVR byte 1 b4; missing data also sets b6; no method in common sets b8 and asks nothing", async () => {
		const failed = await started(PBOC_DEBIT, { authenticator: fakeAuthenticator({ kind: "signature", step: 5, detail: "hash" }) });
		assert.equal(toHex(failed.transaction.tvr), "0800000000");
		const missing = await started(PBOC_DEBIT, { authenticator: fakeAuthenticator({ kind: "missing-data", tags: [0x9f46] }) });
		assert.equal(toHex(missing.transaction.tvr), "2800000000");
		const auth = fakeAuthenticator();
		const none = await started(PBOC_DEBIT, { authenticator: auth, params: { ...PARAMS, capabilities: hex("E06800") } });
		assert.deepEqual([toHex(none.transaction.tvr), toHex(none.transaction.tsi), auth.asked], ["8000000000", "0000", []]);
	});

	it("the credit card offers CDA: GENERATE AC asks the CDA signature and the kernel checks it; a failed check declines", async () => {
		const auth = fakeAuthenticator();
		const { first } = await decided(PBOC_CREDIT, { authenticator: auth });
		assert.deepEqual(auth.asked, ["CDA"]);
		assert.ok(first.ok && first.value.kind === "online");

		const { first: declined } = await decided(PBOC_CREDIT, {
			authenticator: fakeAuthenticator(undefined, { kind: "signature", step: 6, detail: "hash" }),
		});
		assert.ok(declined.ok && declined.value.kind === "offline");
		assert.equal(declined.value.result.decision, "declined");
		assert.equal(toHex(declined.value.result.tvr), "0400048000", "byte 1 b3 CDA failed");
	});
});

describe("EMV kernel: velocity checking with 9F14/9F23 and 9F13 (Book 3 §10.6.3), random selection (§10.6.2)", () => {
	const withLimits = (last: string) => debitWith({ offline: true, lastOnlineAtc: last }, RECORD_21 + "9F1401029F230104");

	it("3 offline transactions since the last online one (ATC 0011, 9F13 000E) exceed the lower limit (2), not the upper (4); 6 exceed both", async () => {
		const { transaction: t, first } = await decided(withLimits("000E"), { params: { ...PARAMS, floorLimit: 100000 } });
		assert.ok(first.ok);
		assert.equal(toHex(t.tvr), "0000044000");
		const more = await decided(withLimits("000B"), { params: { ...PARAMS, floorLimit: 100000 } });
		assert.ok(more.first.ok);
		assert.equal(toHex(more.transaction.tvr), "0000046000");
	});

	it("a last online ATC of 0 is a new card (TVR byte 2 b4), and both limits count as exceeded", async () => {
		const { transaction: t, first } = await decided(withLimits("0000"), { params: { ...PARAMS, floorLimit: 100000 } });
		assert.ok(first.ok);
		assert.equal(toHex(t.tvr), "0008046000");
	});

	it("random selection: a number at or under the target percentage sends the transaction online", async () => {
		const params = { ...PARAMS, floorLimit: 100000, randomSelection: { threshold: 0, targetPercent: 20, maxTargetPercent: 20 } };
		// 0x13 → 20 (≤ 20): selected; 0x14 → 21: not.
		for (const [byte, tvr] of [
			[0x13, "0000041000"],
			[0x14, "0000040000"],
		] as const) {
			const { transaction: t, first } = await decided(debitWith({ offline: true }), { params, random: fixedRandom(byte) });
			assert.ok(first.ok);
			assert.equal(toHex(t.tvr), tvr);
		}
	});
});
