// ATR parsing (ISO/IEC 7816-3 §8.2). The first ATR is public: the one PC/SC Part 3 §3.1.3.2.3 gives readers
// for a contactless storage card (MIFARE Classic 1K), which offers T=0 and T=1 and so carries a TCK.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { parseAtr } from "../../../src/emv/atr.js";
import { err } from "../../../hal/result.js";

const PCSC_STORAGE_CARD = "3B8F8001804F0CA000000306030001000000006A";

describe("ATR (ISO/IEC 7816-3 §8.2)", () => {
	it("parses the PC/SC storage card ATR: TD1 T=0, TD2 T=1, 15 historical bytes, a TCK that checks", () => {
		const atr = parseAtr(hex(PCSC_STORAGE_CARD));
		assert.ok(atr.ok);
		assert.deepEqual(atr.value.protocols, [0, 1]);
		assert.equal(toHex(atr.value.historical), "804F0CA00000030603000100000000");
		assert.equal(atr.value.convention, "direct");
	});

	it("parses a T=0 ATR without TD1 or TCK, with TB1 TC1 and 10 historical bytes", () => {
		const atr = parseAtr(hex("3B6A00008065A20101013D72D643"));
		assert.ok(atr.ok);
		assert.deepEqual(
			[atr.value.protocols, atr.value.extraGuardTime, atr.value.historical.length, atr.value.ta1],
			[[0], 0, 10, undefined],
		);
	});

	it("parses a T=1 ATR (TD1 81, TD2 31, IFSC FE) with its TCK", () => {
		const atr = parseAtr(hex("3BE000008131FE45EB"));
		assert.ok(atr.ok);
		assert.deepEqual(atr.value.protocols, [1, 1]);
	});

	it("gives typed errors: TS, a cut ATR, a wrong TCK, bytes past the end", () => {
		assert.deepEqual(parseAtr(hex("3A6A00008065A20101013D72D643")), err({ kind: "bad-ts", ts: 0x3a }));
		assert.deepEqual(parseAtr(hex("3B6A00008065A20101013D72D6")), err({ kind: "truncated" }));
		assert.deepEqual(parseAtr(hex("3BE000008131FE45")), err({ kind: "truncated" }));
		assert.deepEqual(parseAtr(hex("3BE000008131FE45EA")), err({ kind: "bad-tck" }));
		assert.deepEqual(parseAtr(hex("3B6A00008065A20101013D72D64300")), err({ kind: "trailing-bytes" }));
	});
});
