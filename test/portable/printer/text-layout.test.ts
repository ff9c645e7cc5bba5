import { assert } from "../../support/assert.js";
import { alignRight, centre, labelValue, rule, spread, textColumns, wrap } from "../../../src/printer/text-layout.js";

describe("text layout (32 columns, CJK double width)", () => {
	it("counts a Chinese character as two columns", () => {
		assert.equal(textColumns("商户名称(MERCHANT NAME):"), 24);
		assert.equal(textColumns("中文"), 4);
	});

	it("puts a label and value on one line, the value flush right, when they fit", () => {
		assert.deepEqual(labelValue("凭证号(VOUCHER NO):", "000123"), ["凭证号(VOUCHER NO):       000123"]);
		assert.equal(textColumns(labelValue("凭证号(VOUCHER NO):", "000123")[0]!), 32);
	});

	it("moves the value to its own right-aligned line when both do not fit", () => {
		assert.deepEqual(labelValue("商户名称(MERCHANT NAME):", "测试商户"), [
			"商户名称(MERCHANT NAME):",
			"                        测试商户",
		]);
	});

	it("wraps English at spaces and Chinese between characters, never over 32 columns", () => {
		assert.deepEqual(wrap("I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES"), [
			"I ACKNOWLEDGE SATISFACTORY",
			"RECEIPT OF RELATIVE",
			"GOODS/SERVICES",
		]);
		assert.deepEqual(wrap("本人确认以上交易，同意将其记入本卡账户"), ["本人确认以上交易，同意将其记入本", "卡账户"]);
		assert.deepEqual(wrap("X".repeat(40)), ["X".repeat(32), "X".repeat(8)]);
	});

	it("never splits a Chinese character across the line end", () => {
		for (const line of wrap("A" + "中".repeat(20))) assert.ok(textColumns(line) <= 32, line);
		assert.deepEqual(wrap("A" + "中".repeat(16)), ["A" + "中".repeat(15), "中"]);
	});

	it("keeps explicit newlines and aligns right and centre by columns", () => {
		assert.deepEqual(wrap("a\nb"), ["a", "b"]);
		assert.deepEqual(alignRight("RMB 1.00", 12), ["    RMB 1.00"]);
		assert.deepEqual(centre("结算单", 12), ["   结算单"]);
		assert.equal(spread("左", "右", 4), undefined);
		assert.equal(spread("a", "b", 4), "a  b");
		assert.equal(rule("-", 8), "--------");
		assert.equal(rule("＝", 8), "＝＝＝＝");
	});
});
