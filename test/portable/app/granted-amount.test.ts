import { assert } from "../../support/assert.js";
import { grantedAmount } from "../../../src/app/granted-amount.js";

describe("granted amount of an approval (Q/CUP response code 10: partial amount in field 4)", () => {
	it("00 and 11 grant the request; a field 4 that differs is inconsistent", () => {
		assert.deepEqual(grantedAmount("sale", 1000, "00", undefined, false), { kind: "full" });
		assert.deepEqual(grantedAmount("sale", 1000, "11", 1000, false), { kind: "full" });
		assert.equal(grantedAmount("sale", 1000, "00", 999, true).kind, "inconsistent");
	});

	it("10 grants field 4 when accepted, is refused otherwise, and only for a sale or pre-auth", () => {
		assert.deepEqual(grantedAmount("sale", 1000, "10", 600, true), { kind: "partial", approvedFen: 600 });
		assert.deepEqual(grantedAmount("preauth", 1000, "10", 600, true), { kind: "partial", approvedFen: 600 });
		assert.deepEqual(grantedAmount("sale", 1000, "10", 600, false), { kind: "refused", approvedFen: 600 });
		assert.deepEqual(grantedAmount("void", 1000, "10", 600, true), { kind: "refused", approvedFen: 600 });
		assert.deepEqual(grantedAmount("sale", 1000, "10", 1000, false), { kind: "full" });
	});

	it("10 without field 4, with 0 or with more than asked is inconsistent", () => {
		for (const field4 of [undefined, 0, 1001])
			assert.equal(grantedAmount("sale", 1000, "10", field4, true).kind, "inconsistent", String(field4));
	});
});
