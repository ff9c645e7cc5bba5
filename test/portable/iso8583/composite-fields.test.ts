import { assert } from "../../support/assert.js";
import {
	formatBalance,
	formatField60,
	formatSecurityControl,
	parseBalance,
	parseCardOrganisation,
	parseField60,
	parseField61,
	parseSecurityControl,
} from "../../../src/iso8583/composite-fields.js";
import { parseSignInKeys, formatSignInKeys } from "../../../src/iso8583/sign-in-keys.js";
import { parseSettlementTotals, parseUploadCount } from "../../../src/iso8583/settlement-fields.js";
import { isoMessage } from "../../../src/iso8583/iso-message.js";
import { parseFinancialResponse, parseSignInResponse, parseSettlementResponse } from "../../../src/iso8583/responses.js";
import { responseClass } from "../../../src/iso8583/response-codes.js";

describe("ISO 8583 composite fields", () => {
	it("field 60: all eight sub-fields (19 digits), and the short forms", () => {
		const full = {
			type: "22",
			batch: 123,
			networkCode: "000",
			readCapability: "6",
			icCondition: "0",
			partialApproval: "1",
			accountType: "001",
		};
		assert.equal(formatField60(full), "22000123000601001");
		assert.deepEqual(parseField60("22000123000601001"), { ok: true, value: full });
		assert.deepEqual(parseField60("00000001003"), { ok: true, value: { type: "00", batch: 1, networkCode: "003" } });
		assert.equal(parseField60("0000000100").ok, false, "60.3 cut short");
		assert.equal(parseField60("220001230006010").ok, false, "60.7 cut short");
		const current = { ...full, reserved: "07" };
		assert.equal(formatField60(current), "2200012300060100107");
		assert.deepEqual(
			parseField60("2200012300060100107"),
			{ ok: true, value: current },
			"60.8: the 19 digits of the current specifications",
		);
		assert.equal(parseField60("220001230006010010").ok, false, "60.8 cut short");
		assert.equal(parseField60("22000123000601001070").ok, false, "nothing after 60.8");
	});

	it("field 61: batch + STAN, with or without the date", () => {
		assert.deepEqual(parseField61("000007000040"), { ok: true, value: { batch: 7, stan: 40 } });
		assert.deepEqual(parseField61("0000000000001120"), { ok: true, value: { batch: 0, stan: 0, date: "1120" } });
		assert.equal(parseField61("00000700004011").ok, false);
	});

	it("field 53: PIN format, algorithm, track encryption", () => {
		assert.equal(formatSecurityControl({ pinFormat: 2, algorithm: 6, trackEncrypted: true }), "2610000000000000");
		assert.deepEqual(parseSecurityControl("2600000000000000"), {
			ok: true,
			value: { pinFormat: 2, algorithm: 6, trackEncrypted: false },
		});
		assert.equal(parseSecurityControl("2300000000000000").ok, false);
	});

	it("field 54: a signed balance in fen", () => {
		assert.equal(formatBalance({ accountType: "10", amountType: "02", currency: "156", amount: 1_000_000 }), "1002156C000001000000");
		assert.deepEqual(parseBalance("1002156D000000000500"), {
			ok: true,
			value: { accountType: "10", amountType: "02", currency: "156", amount: -500 },
		});
		assert.equal(parseBalance("1002156X000000000500").ok, false);
	});

	it("field 62: 24-, 40- and 60-byte key sets, anything else refused", () => {
		const k = (n: number, fill: number) => new Uint8Array(n).fill(fill);
		const cv = (fill: number) => new Uint8Array(4).fill(fill);
		const set = formatSignInKeys({
			pik: { wrapped: k(16, 1), checkValue: cv(2) },
			mak: { wrapped: k(16, 3), checkValue: cv(4) },
			tdk: { wrapped: k(16, 5), checkValue: cv(6) },
		});
		assert.equal(set.length, 60);
		const parsed = parseSignInKeys(set);
		assert.ok(parsed.ok);
		assert.bytes(parsed.value.tdk!.checkValue, "06060606");
		assert.equal(parseSignInKeys(new Uint8Array(24)).ok, true);
		const forty = parseSignInKeys(new Uint8Array(40));
		assert.ok(forty.ok && forty.value.tdk === undefined);
		assert.equal(parseSignInKeys(new Uint8Array(56)).ok, false);
	});

	it("field 48 and 63: totals must be 62 digits, card organisation tells domestic from foreign", () => {
		assert.equal(parseSettlementTotals("0".repeat(61)).ok, false);
		assert.equal(parseSettlementTotals("0".repeat(30) + "4" + "0".repeat(31)).ok, false);
		assert.deepEqual(parseUploadCount("0012"), { ok: true, value: 12 });
		assert.deepEqual(parseCardOrganisation("CUP"), { ok: true, value: { organisation: "CUP", domestic: true, rest: "" } });
		assert.deepEqual(parseCardOrganisation("VIS  ISSUER"), {
			ok: true,
			value: { organisation: "VIS", domestic: false, rest: "  ISSUER" },
		});
	});
});

describe("ISO 8583 response parsers", () => {
	const base: [number, string][] = [
		[11, "000042"],
		[39, "00"],
		[41, "10000001"],
		[42, "898310058120001"],
		[12, "093000"],
		[13, "1121"],
	];

	it("reads a sale approval: RRN, authorisation code, card organisation", () => {
		const r = parseFinancialResponse(
			isoMessage("0210", [...base, [4, "000000012345"], [37, "000000000017"], [38, "000009"], [63, "CUP"]]),
		);
		assert.ok(r.ok);
		assert.deepEqual(
			[r.value.stan, r.value.amount, r.value.rrn, r.value.authCode, r.value.time, r.value.cardOrganisation?.domestic],
			[42, 12_345, "000000000017", "000009", "093000", true],
		);
	});

	it("names the missing field of a response", () => {
		const r = parseFinancialResponse(
			isoMessage(
				"0210",
				base.filter(([n]) => n !== 41),
			),
		);
		assert.deepEqual(r, { ok: false, error: { field: 41, detail: "required field is missing" } });
	});

	it("reads a sign-in response: batch from 60.2, keys from 62 only when approved", () => {
		const approved = parseSignInResponse(isoMessage("0810", [...base, [60, "00000003003"], [62, new Uint8Array(40)]]));
		assert.ok(approved.ok);
		assert.equal(approved.value.batch, 3);
		assert.ok(approved.value.keys);
		const declined = parseSignInResponse(isoMessage("0810", [...base.filter(([n]) => n !== 39), [39, "97"], [60, "00000003003"]]));
		assert.ok(declined.ok && declined.value.keys === undefined);
		assert.equal(parseSignInResponse(isoMessage("0810", [...base, [60, "00000003003"]])).ok, false, "approved without keys");
	});

	it("reads a settlement response's reconciliation codes", () => {
		const totals = "0".repeat(30) + "1" + "0".repeat(30) + "2";
		const r = parseSettlementResponse(isoMessage("0510", [...base, [48, totals]]));
		assert.ok(r.ok);
		assert.deepEqual([r.value.totals.domestic.reconciliation, r.value.totals.foreign.reconciliation], [1, 2]);
	});

	it("classes response codes (the Q/CUP 006 response-code table)", () => {
		assert.deepEqual(["00", "A0", "55", "41", "98", "Z9"].map(responseClass), ["A", "B", "C", "D", "E", "C"]);
	});
});
