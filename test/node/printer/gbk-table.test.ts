import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { generateGbkTableModule, GBK_TABLE_PATH } from "../../../host-sim/tools/generate-gbk-table.js";
import { encodeGbk, gbkCode } from "../../../src/printer/gbk-encoder.js";

describe("GBK table (src/printer/gbk-table.ts) against iconv-lite", () => {
	it("is exactly what the generator makes from iconv-lite today", () => {
		assert.equal(readFileSync(GBK_TABLE_PATH, "utf8"), generateGbkTableModule(), "run host-sim/tools/generate-gbk-table.ts");
	});

	it("maps every BMP character to iconv-lite's GBK code, or to none exactly where iconv-lite has no double-byte code", () => {
		let mapped = 0;
		for (let cp = 0x80; cp <= 0xffff; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff) continue;
			const text = String.fromCharCode(cp);
			const bytes = iconv.encode(text, "gbk");
			const expected =
				bytes.length === 2 && iconv.decode(bytes, "gbk") === text && !(cp >= 0xe000 && cp <= 0xf8ff)
					? (bytes[0]! << 8) | bytes[1]!
					: undefined;
			assert.equal(gbkCode(cp), expected, `U+${cp.toString(16)}`);
			if (expected !== undefined) mapped++;
		}
		assert.ok(mapped > 21800, `${mapped} characters`);
	});

	it("encodes slip text byte for byte as iconv-lite does", () => {
		const text = "商户名称(MERCHANT NAME):posterm测试商户（上海）凭证号 000123 金额 RMB -123.45 本人确认以上交易，同意将其记入本卡账户";
		assert.deepEqual(Buffer.from(encodeGbk(text).bytes), iconv.encode(text, "gbk"));
	});
});
