// T=1 blocks and ATR fields (ISO/IEC 7816-3 §11.3, §8.2). The S(IFS request) with IFSD 254, 00 C1 01 FE 3E,
// is the block EMV Book 1 §9.2.4.3 has a terminal send after the ATR (its LRC: 00 ⊕ C1 ⊕ 01 ⊕ FE = 3E).
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { atrLength, interfaceGroups, inverseByte, t1Parameters } from "../../../src/card-reader/atr-fields.js";
import { decodeBlock, encodeBlock } from "../../../src/card-reader/t1-block.js";

describe("T=1 blocks (ISO/IEC 7816-3 §11.3)", () => {
	it("encodes S(IFS request 254) as 00 C1 01 FE 3E, R(1) and an I-block with M, and decodes them back", () => {
		const ifs = encodeBlock({ kind: "S", type: "ifs", response: false, inf: Uint8Array.of(254) });
		assert.equal(toHex(ifs), "00C101FE3E");
		assert.equal(toHex(encodeBlock({ kind: "R", nr: 1, error: 0 })), "00900090");
		assert.equal(toHex(encodeBlock({ kind: "I", ns: 1, more: true, inf: hex("00A4") })), "00600200A4C6");
		assert.deepEqual(decodeBlock(hex("00600200A4C6")), { block: { kind: "I", ns: 1, more: true, inf: hex("00A4") } });
		assert.deepEqual(decodeBlock(hex("00E101FE1E")), { block: { kind: "S", type: "ifs", response: true, inf: hex("FE") } });
	});

	it("rejects a wrong LRC, LEN FF, an R-block with data and an unknown S-block", () => {
		assert.deepEqual(decodeBlock(hex("00C101FE3F")), { invalid: "EDC" });
		assert.deepEqual(decodeBlock(hex("00C1FF")), { invalid: "length" });
		assert.deepEqual(decodeBlock(hex("0081010080")), { invalid: "R-block" });
		assert.deepEqual(decodeBlock(hex("00C500C5")), { invalid: "S-block PCB" });
	});
});

describe("ATR fields (ISO/IEC 7816-3 §8.2)", () => {
	it("knows the ATR's length as it arrives and the T=1 parameters of TA3 TB3 TC3", () => {
		const atr = hex("3BE000008131FE45EB");
		assert.deepEqual(
			[1, 2, 5, 6, 8].map((n) => atrLength(atr.subarray(0, n))),
			[undefined, undefined, undefined, 9, 9],
		);
		assert.deepEqual(interfaceGroups(atr), [{ tb: 0, tc: 0, td: 0x81 }, { td: 0x31 }, { ta: 0xfe, tb: 0x45 }]);
		assert.deepEqual(t1Parameters(interfaceGroups(atr)), { ifsc: 254, bwi: 4, cwi: 5, crc: false });
		assert.equal(atrLength(hex("3B6A00")), 14, "T=0 only: no TCK");
		assert.deepEqual(t1Parameters([]), { ifsc: 32, bwi: 4, cwi: 13, crc: false });
	});

	it("reads the inverse convention's TS 3F as 03 and back", () => {
		assert.equal(inverseByte(0x3f), 0x03);
		assert.equal(inverseByte(0x03), 0x3f);
	});
});
