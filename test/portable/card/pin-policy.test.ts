// The PIN policy: ISO/IEC 7813 service code digit 3, UnionPay's rule for debit cards, the card-BIN table.

import { assert } from "../../support/assert.js";
import { cardKind, pinEntryRule } from "../../../src/card/pin-policy.js";
import type { ServiceCode } from "../../../src/card/service-code.js";
import { validateParam } from "../../../src/params/validate.js";

const code = (digits: string) => digits as ServiceCode;

describe("PIN policy", () => {
	it("follows the service code's third digit on a credit card: 0, 3, 5 require the PIN; 1, 2, 4, 6, 7 let ENTER skip it", () => {
		const rules = ["0", "1", "2", "3", "4", "5", "6", "7"].map((d) => pinEntryRule("sale", "credit", code(`10${d}`)));
		assert.deepEqual(
			rules.map((r) => r.bypassAllowed),
			[false, true, true, false, true, false, true, true],
		);
		assert.deepEqual(rules[0], { bypassAllowed: false, requiredBy: "service-code" });
	});

	it("requires a debit card's PIN for a sale and a pre-auth, whatever its service code", () => {
		for (const flow of ["sale", "preauth"]) {
			for (const digits of ["101", "106", "120", "201", "226"]) {
				assert.deepEqual(
					pinEntryRule(flow, "debit", code(digits)),
					{ bypassAllowed: false, requiredBy: digits === "120" ? "service-code" : "debit-card" },
					`${flow} ${digits}`,
				);
			}
		}
	});

	it("requires the PIN for every balance inquiry, debit or credit", () => {
		assert.deepEqual(pinEntryRule("balance", "credit", code("101")), { bypassAllowed: false, requiredBy: "transaction" });
		assert.deepEqual(pinEntryRule("balance", "debit", undefined), { bypassAllowed: false, requiredBy: "transaction" });
	});

	it("lets a pre-auth completion follow the card alone; a keyed card number has no card rule", () => {
		assert.deepEqual(pinEntryRule("completion", "debit", code("101")), { bypassAllowed: true });
		assert.deepEqual(pinEntryRule("completion", "debit", code("105")), { bypassAllowed: false, requiredBy: "service-code" });
		assert.deepEqual(pinEntryRule("sale", "credit", undefined), { bypassAllowed: true });
		assert.deepEqual(pinEntryRule("sale", "debit", undefined), { bypassAllowed: false, requiredBy: "debit-card" });
	});

	it("knows a credit card by its BIN in the table; any other card is a debit card", () => {
		assert.equal(cardKind("6258012345678909", "625801"), "credit");
		assert.equal(cardKind("6258012345678909", "622202,62580123"), "credit");
		assert.equal(cardKind("6222021234567890128", "625801,62580123"), "debit");
		assert.equal(cardKind("6258012345678909", ""), "debit");
	});

	it("takes the BIN table as numbers of 6 to 8 digits, comma-separated, or empty", () => {
		assert.deepEqual(validateParam("creditBins", ""), { ok: true, value: "" });
		assert.deepEqual(validateParam("creditBins", "625801,43678901"), { ok: true, value: "625801,43678901" });
		for (const bad of ["62580", "625801,", "625801 ,622202", "625801123", "62A801"]) {
			assert.equal(validateParam("creditBins", bad).ok, false, bad);
		}
	});
});
