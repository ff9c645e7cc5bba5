import { assert } from "../../support/assert.js";
import { encodeGbk, gbkCode, GBK_REPLACEMENT } from "../../../src/printer/gbk-encoder.js";

describe("Unicode → GBK", () => {
	it("finds GB2312 hanzi, GBK-only hanzi and symbols at their GBK codes", () => {
		assert.equal(gbkCode(0x4e2d), 0xd6d0); // 中
		assert.equal(gbkCode(0x94f6), 0xd2f8); // 银
		assert.equal(gbkCode(0x4e02), 0x8140); // 丂, first GBK/3 character
		assert.equal(gbkCode(0x9fa5), 0xfd9b); // 龥, last URO character
		assert.equal(gbkCode(0xff08), 0xa3a8); // （
		assert.equal(gbkCode(0x3001), 0xa1a2); // 、
		assert.equal(gbkCode(0x00b7), 0xa1a4); // ·
	});

	it("answers the same from its cache of recent lookups, also after the cache has been refilled", () => {
		const first: (number | undefined)[] = [];
		for (let cp = 0x4e00; cp < 0x4e00 + 700; cp++) first.push(gbkCode(cp));
		for (let cp = 0x4e00; cp < 0x4e00 + 700; cp++) assert.equal(gbkCode(cp), first[cp - 0x4e00]);
		assert.equal(gbkCode(0x4e2d), 0xd6d0);
		assert.equal(gbkCode(0x20ac), undefined);
		assert.equal(gbkCode(0x20ac), undefined);
	});

	it("has no code for characters outside GBK's double-byte areas", () => {
		assert.equal(gbkCode(0x20ac), undefined); // € is single-byte 0x80 in CP936, not a printer GB code
		assert.equal(gbkCode(0xe000), undefined); // private use
		assert.equal(gbkCode(0x0e01), undefined); // Thai
	});

	it("passes ASCII and LF through and replaces the rest visibly", () => {
		const text = encodeGbk("A1 商户\n€𠀀");
		assert.bytes(text.bytes, "413120C9CCBBA70AA1F5A1F5");
		assert.equal(text.replaced, 2);
		assert.equal(GBK_REPLACEMENT, 0xa1f5);
	});

	it("replaces control characters other than LF rather than sending them to the printer", () => {
		const text = encodeGbk("a\x1bb\tc");
		assert.bytes(text.bytes, "61A1F562A1F563");
		assert.equal(text.replaced, 2);
	});
});
