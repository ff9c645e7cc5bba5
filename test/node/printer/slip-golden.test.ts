// Golden text renderings of every slip, printed through the independent printer emulator (GBK decoded by
// iconv-lite). UPDATE_GOLDEN=1 rewrites the files; review the diff before committing it.

import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { desktopInterpreter } from "../../../host-sim/printer/desktop-printer.js";
import { settlementSlip, totalsReport, transactionList } from "../../../src/slips/batch-slips.js";
import { transactionSlip, transactionSlipCopies } from "../../../src/slips/transaction-slip.js";
import {
	BALANCE,
	CHIP_SALE,
	COMPLETION,
	PRE_AUTH,
	QUICKPASS_SALE,
	REFUND,
	SALE,
	SETTLEMENT,
	SETTLEMENT_WITH_FOREIGN,
	TRANSACTIONS,
	VOID,
} from "../../support/slip-fixtures.js";

const GOLDEN_DIR = new URL("../../golden/slips/", import.meta.url);

const SLIPS: Readonly<Record<string, () => Uint8Array>> = {
	"sale-merchant-copy": () => transactionSlip(SALE, { copy: 1 }),
	"sale-cardholder-copy": () => transactionSlip(SALE, { copy: 2 }),
	"sale-bank-copy": () => transactionSlip(SALE, { copy: 3 }),
	"sale-reprint": () => transactionSlip(SALE, { copy: 1, reprint: true }),
	"sale-cutter-barcode": () => transactionSlip({ ...SALE, tips: 1000 }, { copy: 2, printer: { cutter: true, qrCode: false } }),
	"chip-sale-merchant-copy": () => transactionSlip(CHIP_SALE, { copy: 1 }),
	"quickpass-sale-merchant-copy": () => transactionSlip(QUICKPASS_SALE, { copy: 1 }),
	void: () => transactionSlip(VOID, { copy: 1 }),
	refund: () => transactionSlip(REFUND, { copy: 1 }),
	"pre-auth": () => transactionSlip(PRE_AUTH, { copy: 1 }),
	"pre-auth-completion": () => transactionSlip(COMPLETION, { copy: 1 }),
	"pre-auth-completion-void": () =>
		transactionSlip({ ...COMPLETION, type: "pre-auth-completion-void", original: { voucherNo: "000140" } }, { copy: 1 }),
	balance: () => transactionSlip(BALANCE, { copy: 2 }),
	settlement: () => settlementSlip(SETTLEMENT),
	"settlement-unbalanced": () => settlementSlip({ ...SETTLEMENT, reconciliation: "unbalanced" }),
	"settlement-foreign-cards": () => settlementSlip(SETTLEMENT_WITH_FOREIGN),
	"settlement-reprint": () => settlementSlip({ ...SETTLEMENT, reprint: true }),
	"totals-report": () => totalsReport(SETTLEMENT_WITH_FOREIGN),
	"transaction-list": () => transactionList(TRANSACTIONS),
	"transaction-list-empty": () => transactionList({ ...TRANSACTIONS, transactions: [] }),
};

function render(bytes: Uint8Array): string {
	const interpreter = desktopInterpreter();
	interpreter.run(bytes);
	assert.deepEqual(interpreter.diagnostics, []);
	return interpreter.paper.text();
}

describe("slips rendered by the printer emulator (golden text)", () => {
	for (const [name, compose] of Object.entries(SLIPS)) {
		it(`prints the ${name} slip as test/golden/slips/${name}.txt`, () => {
			const text = render(compose());
			const file = new URL(`${name}.txt`, GOLDEN_DIR);
			if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
			assert.equal(text, readFileSync(file, "utf8"));
		});
	}

	it("fits every line in 32 columns (Chinese counted double)", () => {
		for (const [name, compose] of Object.entries(SLIPS)) {
			for (const line of render(compose()).split("\n")) {
				if (/^ *\[(QR|CODE128) /.test(line) || line.startsWith("~~~~")) continue;
				const columns = [...line].reduce((n, c) => n + (c.codePointAt(0)! < 0x80 ? 1 : 2), 0);
				assert.ok(columns <= 32, `${name}: ${line}`);
			}
		}
	});

	it("never prints the full card number, only first 6 and last 4", () => {
		for (const compose of Object.values(SLIPS)) {
			const text = render(compose());
			assert.ok(!text.includes(SALE.cardNumber));
			assert.ok(!text.includes("4761340000000019"));
		}
		assert.match(render(SLIPS["sale-merchant-copy"]!()), /622848\*{9}0018 \/S/);
	});

	it("names each of three copies and gives only the merchant copy the signature area", () => {
		const copies = transactionSlipCopies(SALE, 3).map(render);
		assert.match(copies[0]!, /商户存根\n\s+MERCHANT COPY/);
		assert.match(copies[1]!, /持卡人存根\n\s+CARDHOLDER COPY/);
		assert.match(copies[2]!, /银行存根\n\s+BANK COPY/);
		assert.deepEqual(
			copies.map((c) => c.includes("持卡人签名")),
			[true, false, false],
		);
		assert.throws(() => transactionSlipCopies(SALE, 4), RangeError);
	});

	it("prints a chip card's IC data under the remarks and its entry mode after the card number", () => {
		const text = render(transactionSlip(CHIP_SALE, { copy: 2 }));
		assert.match(text, /622848\*{9}0018 \/I/);
		const remarks = text.slice(text.indexOf("备注(REFERENCE):"));
		for (const expected of ["TC:8A1F3C5E7B9D0246", "TVR:0000008000 TSI:E800", "AID:A000000333010101", "ATC:0012 UNPR NUM:1A2B3C4D"])
			assert.ok(remarks.includes(expected), expected);
		assert.ok(!render(transactionSlip(SALE, { copy: 2 })).includes("TVR:"), "a swiped card's slip has no IC data");
	});

	it("waives the signature area of a quick-pass tap under the no-CVM limit but keeps the agreement", () => {
		const text = render(transactionSlip(QUICKPASS_SALE, { copy: 1 }));
		assert.match(text, /\/C/);
		assert.ok(text.includes("免密免签 持卡人无需签名"));
		assert.ok(!text.includes("持卡人签名\n"));
		assert.ok(text.includes("本人确认以上交易"));
		assert.ok(text.includes("ARQC:33C0FFEE12345678"));
	});

	it("wraps an AID of 16 bytes within the 32 columns", () => {
		const aid = "A0000003330101010203040506070809";
		const text = render(transactionSlip({ ...CHIP_SALE, chip: { ...CHIP_SALE.chip!, aid } }, { copy: 2 }));
		assert.ok(text.includes(`AID:${aid.slice(0, 28)}\n${aid.slice(28)}`));
	});
});
