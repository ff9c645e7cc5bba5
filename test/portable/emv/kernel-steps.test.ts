// The kernel's steps on their own, from card data written as TLV: processing restrictions (EMV 4.3 Book 3
// §10.4), cardholder verification from the CVM list (§10.5, Annex C3) with the CVM results of Book 4 Annex
// A4, terminal action analysis (§10.7), the method of offline data authentication (§10.3), and the TVR/TSI
// layout of Annex C5/C6, each bit by the position the Annex gives it.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { PARAMS, SALE } from "../../support/chip-terminal.js";
import { defaultCryptogram, firstCryptogram } from "../../../src/emv/action-analysis.js";
import { CardData } from "../../../src/emv/card-data.js";
import { CardholderVerification } from "../../../src/emv/cvm.js";
import { chooseOdaMethod, staticDataToAuthenticate } from "../../../src/emv/oda-selection.js";
import { bcdDate, checkRestrictions } from "../../../src/emv/restrictions.js";
import { manageRisk, randomPercent } from "../../../src/emv/risk-management.js";
import type { CardChannel } from "../../../src/emv/transport.js";
import { ok } from "../../../hal/result.js";
import { fixedRandom } from "../../support/chip-terminal.js";
import type { Transaction } from "../../../src/emv/terminal-parameters.js";
import { decodeTlv } from "../../../src/emv/tlv.js";
import { TVR_BITS, Verification, type TvrBit } from "../../../src/emv/tvr.js";

function card(tlv: string): CardData {
	const d = decodeTlv(hex(tlv));
	assert.ok(d.ok);
	const data = new CardData();
	assert.equal(data.add(d.value), undefined);
	return data;
}

describe("EMV kernel: TVR and TSI (Book 3 Annex C5, C6)", () => {
	it("each TVR bit sits where Annex C5 puts it (byte, bit b8…b1)", () => {
		const annex: [TvrBit, number, number][] = [
			["odaNotPerformed", 1, 8],
			["sdaFailed", 1, 7],
			["iccDataMissing", 1, 6],
			["exceptionFile", 1, 5],
			["ddaFailed", 1, 4],
			["cdaFailed", 1, 3],
			["sdaSelected", 1, 2],
			["versionsDiffer", 2, 8],
			["expired", 2, 7],
			["notYetEffective", 2, 6],
			["serviceNotAllowed", 2, 5],
			["newCard", 2, 4],
			["cvmFailed", 3, 8],
			["unrecognisedCvm", 3, 7],
			["pinTryLimitExceeded", 3, 6],
			["pinPadMissing", 3, 5],
			["pinNotEntered", 3, 4],
			["onlinePinEntered", 3, 3],
			["floorLimitExceeded", 4, 8],
			["lowerOfflineLimitExceeded", 4, 7],
			["upperOfflineLimitExceeded", 4, 6],
			["randomlySelectedOnline", 4, 5],
			["merchantForcedOnline", 4, 4],
			["defaultTdolUsed", 5, 8],
			["issuerAuthenticationFailed", 5, 7],
			["scriptFailedBeforeFinalAc", 5, 6],
			["scriptFailedAfterFinalAc", 5, 5],
		];
		assert.equal(annex.length, Object.keys(TVR_BITS).length);
		for (const [bit, byte, b] of annex) {
			const v = new Verification();
			v.set(bit);
			const expected = new Uint8Array(5);
			expected[byte - 1] = 1 << (b - 1);
			assert.equal(toHex(v.tvr), toHex(expected), bit);
			assert.deepEqual(v.tvrBits(), [bit]);
		}
	});

	it("TSI byte 1 b8–b3 (Annex C6), byte 2 stays zero", () => {
		const v = new Verification();
		for (const bit of [
			"odaPerformed",
			"cvmPerformed",
			"cardRiskManagementPerformed",
			"issuerAuthenticationPerformed",
			"terminalRiskManagementPerformed",
			"scriptProcessingPerformed",
		] as const)
			v.done(bit);
		assert.equal(toHex(v.tsi), "FC00");
	});
});

describe("EMV kernel: processing restrictions (Book 3 §10.4)", () => {
	const run = (tlv: string, txn: Partial<Transaction> = {}, params = PARAMS) => {
		const v = new Verification();
		checkRestrictions(card(tlv), params, { ...SALE, ...txn }, v);
		return toHex(v.tvr);
	};

	it("dates: YY 00–49 are 20YY (Book 4 §6.7.3); effective after today, expiry before today", () => {
		assert.deepEqual([bcdDate(hex("491231")), bcdDate(hex("500101"))], [20491231, 19500101]);
		assert.equal(run("5F2503261207 5F2403261207"), "0000000000", "both on the day itself are fine");
		assert.equal(run("5F2503261208"), "0020000000");
		assert.equal(run("5F2403261206"), "0040000000");
		assert.equal(run("5F2403991231"), "0040000000", "1999");
	});

	it("application versions differ (9F08 against 9F09); no 9F08, no check", () => {
		assert.equal(run("9F08020020"), "0080000000");
		assert.equal(run("9F08020030"), "0000000000");
		assert.equal(run(""), "0000000000");
	});

	it("usage control: domestic and international goods, services, cash, cashback; ATM or not", () => {
		// 9F07 byte 1: b8 dom. cash, b7 intl. cash, b6 dom. goods, b5 intl. goods, b4 dom. services, b3 intl. services, b2 ATM, b1 other terminals; byte 2 b8/b7 cashback.
		const domestic = "5F28020156";
		const foreign = "5F28020840";
		assert.equal(run("9F0702A100" + domestic), "0000000000", "domestic goods");
		assert.equal(run("9F0702A100" + foreign), "0010000000", "international goods not allowed");
		assert.equal(run("9F07029100" + foreign), "0000000000");
		assert.equal(run("9F0702A100" + domestic, { kind: "services" }), "0010000000");
		assert.equal(run("9F07020900" + domestic, { kind: "services" }), "0000000000");
		assert.equal(run("9F0702A100" + domestic, { kind: "cash" }), "0000000000");
		assert.equal(run("9F07022100" + domestic, { kind: "cash" }), "0010000000");
		assert.equal(run("9F07022180" + domestic, { kind: "cashback" }), "0000000000");
		assert.equal(run("9F07022100" + domestic, { kind: "cashback" }), "0010000000");
		assert.equal(run("9F0702A000" + domestic), "0010000000", "not valid at terminals other than ATMs");
		assert.equal(run("9F0702A200" + domestic, {}, { ...PARAMS, atm: true }), "0000000000");
		assert.equal(run("9F0702FF00"), "0000000000", "no 5F28: only the ATM/other bits");
	});
});

describe("EMV kernel: cardholder verification (Book 3 §10.5, Annex C3)", () => {
	/** A CVM list with X, Y (fen) and rules. */
	const list = (x: number, y: number, rules: string) => {
		const body = x.toString(16).padStart(8, "0") + y.toString(16).padStart(8, "0") + rules;
		return "8E" + (body.length / 2).toString(16).padStart(2, "0").toUpperCase() + body;
	};
	const cvm = (tlv: string, txn: Partial<Transaction> = {}, capabilities = "E068C8") => {
		const v = new Verification();
		const c = new CardholderVerification(
			card(tlv + "9F42020156"),
			{ ...PARAMS, capabilities: hex(capabilities) },
			{ ...SALE, ...txn },
			v,
		);
		return { c, v };
	};

	it("the virtual cards' list (42 03, 1E 03, 1F 00): online PIN, then signature after a bypass, PIN pad fault", () => {
		const rules = list(0, 0, "42031E031F00");
		const entered = cvm(rules);
		assert.deepEqual(entered.c.start(hex("7C00")), { kind: "online-pin" });
		assert.deepEqual(entered.c.pinEntered("entered"), { kind: "done", outcome: "online-pin" });
		assert.deepEqual([toHex(entered.c.results), toHex(entered.v.tvr), toHex(entered.v.tsi)], ["420300", "0000040000", "4000"]);
		const bypassed = cvm(rules);
		bypassed.c.start(hex("7C00"));
		assert.deepEqual(bypassed.c.pinEntered("bypassed"), { kind: "done", outcome: "signature" });
		assert.deepEqual([toHex(bypassed.c.results), toHex(bypassed.v.tvr)], ["1E0300", "0000080000"]);
		const broken = cvm(rules);
		broken.c.start(hex("7C00"));
		assert.deepEqual(broken.c.pinEntered("pin-pad-not-working"), { kind: "done", outcome: "signature" });
		assert.equal(toHex(broken.v.tvr), "0000100000");
	});

	it("a terminal without online PIN skips the 03 rule (condition not met) and takes the signature", () => {
		const { c, v } = cvm(list(0, 0, "42031E031F00"), {}, "E028C8");
		assert.deepEqual(c.start(hex("7C00")), { kind: "done", outcome: "signature" });
		assert.equal(toHex(v.tvr), "0000000000");
	});

	it("online PIN without 'apply next' that is bypassed fails verification (TVR byte 3 b8 and b4)", () => {
		const { c, v } = cvm(list(0, 0, "02001F00"));
		c.start(hex("7C00"));
		assert.deepEqual(c.pinEntered("bypassed"), { kind: "done", outcome: "failed" });
		assert.deepEqual([toHex(c.results), toHex(v.tvr)], ["020001", "0000880000"]);
	});

	it("amount conditions X (06/07) and Y (08/09) in the application currency", () => {
		const rules = list(50000, 200000, "1F06" + "4207" + "1E09");
		assert.deepEqual(cvm(rules, { amount: 100 }).c.start(hex("7C00")), { kind: "done", outcome: "no-cvm" }, "under X");
		assert.deepEqual(cvm(rules, { amount: 60000 }).c.start(hex("7C00")), { kind: "online-pin" }, "over X");
		const noCurrency = new CardholderVerification(card(rules), PARAMS, SALE, new Verification());
		assert.deepEqual(noCurrency.start(hex("7C00")), { kind: "done", outcome: "failed" }, "without 9F42 no amount condition holds");
		assert.equal(toHex(noCurrency.results), "3F0001");
	});

	it("no CVM: result 02; fail CVM: result 01 and failed; an unknown method: TVR byte 3 b7", () => {
		const noCvm = cvm(list(0, 0, "1F00"));
		assert.deepEqual(noCvm.c.start(hex("7C00")), { kind: "done", outcome: "no-cvm" });
		assert.equal(toHex(noCvm.c.results), "1F0002");
		const fail = cvm(list(0, 0, "0000"));
		assert.deepEqual(fail.c.start(hex("7C00")), { kind: "done", outcome: "failed" });
		assert.deepEqual([toHex(fail.c.results), toHex(fail.v.tvr)], ["000001", "0000800000"]);
		const unknown = cvm(list(0, 0, "75001F00"));
		assert.deepEqual(unknown.c.start(hex("7C00")), { kind: "done", outcome: "no-cvm" });
		assert.equal(toHex(unknown.v.tvr), "0000400000");
	});

	it("offline PIN (01, 04) fails as unsupported and the next rule applies; cash and cashback conditions", () => {
		const { c } = cvm(list(0, 0, "41004400" + "1E00"));
		assert.deepEqual(c.start(hex("7C00")), { kind: "done", outcome: "signature" });
		assert.deepEqual(cvm(list(0, 0, "42041F00"), { kind: "cash" }).c.start(hex("7C00")), { kind: "online-pin" }, "manual cash");
		assert.deepEqual(cvm(list(0, 0, "42041F00")).c.start(hex("7C00")), { kind: "done", outcome: "no-cvm" });
		assert.deepEqual(cvm(list(0, 0, "42051F00"), { kind: "cashback" }).c.start(hex("7C00")), { kind: "online-pin" });
		assert.deepEqual(cvm(list(0, 0, "42021F00"), { kind: "cashback" }).c.start(hex("7C00")), { kind: "done", outcome: "no-cvm" });
	});

	it("pinEntered outside an online PIN pause changes nothing", () => {
		const { c, v } = cvm(list(0, 0, "1F00"));
		c.start(hex("7C00"));
		assert.deepEqual(c.pinEntered("bypassed"), { kind: "done", outcome: "no-cvm" });
		assert.equal(toHex(v.tvr), "0000000000");
	});

	it("AIP without cardholder verification: nothing done; no list: ICC data missing, TSI clear", () => {
		const off = cvm(list(0, 0, "1F00"));
		assert.deepEqual(off.c.start(hex("6C00")), { kind: "done", outcome: "not-performed" });
		assert.deepEqual([toHex(off.c.results), toHex(off.v.tsi)], ["3F0000", "0000"]);
		const none = cvm("");
		assert.deepEqual(none.c.start(hex("7C00")), { kind: "done", outcome: "not-performed" });
		assert.deepEqual([toHex(none.v.tvr), toHex(none.v.tsi)], ["2000000000", "0000"]);
	});
});

describe("EMV kernel: terminal action analysis (Book 3 §10.7) and the ODA method (§10.3)", () => {
	const iacs = "9F0D05D86004A800 9F0E050010000000 9F0F05D86804F800";

	it("denial codes give an AAC, online codes an ARQC, else a TC; an offline-only terminal uses the default codes", () => {
		const c = card(iacs);
		assert.equal(firstCryptogram(hex("0000000000"), c, PARAMS), "TC");
		assert.equal(firstCryptogram(hex("0000008000"), c, PARAMS), "ARQC");
		assert.equal(firstCryptogram(hex("0010000000"), c, PARAMS), "AAC");
		assert.equal(firstCryptogram(hex("0000000040"), c, PARAMS), "TC", "no code names byte 5 b7");
		const offline = { ...PARAMS, onlineCapable: false };
		assert.equal(firstCryptogram(hex("0000008000"), c, offline), "AAC");
		assert.equal(firstCryptogram(hex("0000000040"), c, offline), "TC");
	});

	it("absent IACs: denial zeros, online and default all ones (any TVR bit goes online / declines offline)", () => {
		const none = card("");
		const zeroTacs = { ...PARAMS, tacDenial: hex("0000000000"), tacOnline: hex("0000000000"), tacDefault: hex("0000000000") };
		assert.equal(firstCryptogram(hex("0000000001"), none, zeroTacs), "ARQC");
		assert.equal(firstCryptogram(hex("0000000000"), none, zeroTacs), "TC");
		assert.equal(defaultCryptogram(hex("0000000001"), none, zeroTacs), "AAC");
		assert.equal(defaultCryptogram(hex("0000000000"), none, zeroTacs), "TC");
	});

	it("CDA, then DDA, then SDA, as both sides support; the static data with the AIP when 9F4A is 82", () => {
		assert.equal(chooseOdaMethod(hex("7D00"), hex("E068C8")), "CDA");
		assert.equal(chooseOdaMethod(hex("7D00"), hex("E068C0")), "DDA");
		assert.equal(chooseOdaMethod(hex("7D00"), hex("E06880")), "SDA");
		assert.equal(chooseOdaMethod(hex("1C00"), hex("E068C8")), undefined);
		const records = [hex("0102"), hex("03")];
		assert.equal(toHex(staticDataToAuthenticate(records, card(""), hex("7C00"))!), "010203");
		assert.equal(toHex(staticDataToAuthenticate(records, card("9F4A0182"), hex("7C00"))!), "0102037C00");
		assert.equal(staticDataToAuthenticate(records, card("9F4A0194"), hex("7C00")), undefined);
	});
});

describe("EMV kernel: terminal risk management (Book 3 §10.6)", () => {
	/** A card answering GET DATA 9F36 and 9F13 as given (undefined: 6A88). */
	function channel(atc?: string, lastOnline?: string): CardChannel {
		return {
			protocol: "T=1",
			async exchange(command) {
				const tag = command.p1 * 256 + command.p2;
				const value = tag === 0x9f36 ? atc : tag === 0x9f13 ? lastOnline : undefined;
				if (value === undefined) return ok({ data: new Uint8Array(0), sw1: 0x6a, sw2: 0x88 });
				return ok({ data: hex(tag.toString(16) + "02" + value), sw1: 0x90, sw2: 0x00 });
			},
		};
	}
	const velocityCard = card("5A0862260955550001119F1401029F230104");
	const run = async (ch: CardChannel, params = { ...PARAMS, floorLimit: 100000 }) => {
		const v = new Verification();
		const r = await manageRisk({ channel: ch, card: velocityCard, params, txn: SALE, random: fixedRandom(0xff, 0x50) }, v);
		assert.ok(r.ok);
		return [toHex(v.tvr), toHex(v.tsi)];
	};

	it("a card without 9F13, or whose ATC is not above it, is over both limits (no 'ICC data missing')", async () => {
		assert.deepEqual(await run(channel("0011")), ["0000006000", "0800"]);
		assert.deepEqual(await run(channel("0011", "0011")), ["0000006000", "0800"]);
		assert.deepEqual(await run(channel("0011", "0010")), ["0000000000", "0800"]);
	});

	it("the exception file (TVR byte 1 b5) and the floor limit (byte 4 b8, the amount at the limit)", async () => {
		assert.deepEqual(await run(channel("0011", "0010"), { ...PARAMS, floorLimit: 100000, exceptionFile: ["6226095555000111"] }), [
			"1000000000",
			"0800",
		]);
		assert.deepEqual(await run(channel("0011", "0010"), { ...PARAMS, floorLimit: 100 }), ["0000008000", "0800"]);
	});

	it("the random number is 1–99, uniformly: bytes from 198 up are drawn again", () => {
		assert.equal(randomPercent(fixedRandom(0xff, 0xc6, 0xc5)), 99);
		assert.equal(randomPercent(fixedRandom(0)), 1);
		assert.equal(randomPercent(fixedRandom(98)), 99);
		assert.equal(randomPercent(fixedRandom(99)), 1);
	});
});
