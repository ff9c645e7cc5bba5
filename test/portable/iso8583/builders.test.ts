import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { textField, type IsoMessage } from "../../../src/iso8583/iso-message.js";
import { encodeMessage } from "../../../src/iso8583/message-codec.js";
import {
	buildBalanceInquiry,
	buildBatchUpload,
	buildBatchUploadEnd,
	buildCompletionVoid,
	buildEcho,
	buildPreAuth,
	buildPreAuthCompletion,
	buildPreAuthCompletionAdvice,
	buildPreAuthVoid,
	buildRefund,
	buildReversal,
	buildSale,
	buildSaleVoid,
	buildSettlement,
	buildSignIn,
	buildSignOff,
	type FinancialInput,
	type TerminalContext,
} from "../../../src/iso8583/requests.js";
import { parseField60, parseField61 } from "../../../src/iso8583/composite-fields.js";
import { TRANSACTIONS, transactionKindOf, responseMti } from "../../../src/iso8583/transaction-matrix.js";
import { parseSettlementTotals, parseBatchUpload } from "../../../src/iso8583/settlement-fields.js";

const context: TerminalContext = { terminalId: "10000001", merchantId: "898310058120001", batch: 7, operator: "01", readCapability: "2" };
const debit = TEST_CARDS.debit;
const swipe: FinancialInput = {
	stan: 42,
	card: { entryMode: "magstripe", track2: debit.track2, track3: debit.track3! },
	pin: { pinBlock: hex("0123456789ABCDEF"), algorithm: 6 },
};
const original = { amount: 1_234, rrn: "000000000017", authCode: "000009", batch: 7, stan: 40 };
const preauth = { authCode: "123456", date: "1121" };

function fields(message: IsoMessage): number[] {
	return [...message.fields.keys()].sort((a, b) => a - b);
}

function shapeOf(message: IsoMessage): string {
	const f60 = parseField60(textField(message, 60)!);
	assert.ok(f60.ok);
	return `${message.mti}/${textField(message, 3)}/${textField(message, 25)}/${f60.value.type}`;
}

describe("ISO 8583 request builders (the Q/CUP 006 transaction matrix)", () => {
	it("give every transaction its MTI, processing code, condition code and 60.1 from the matrix", () => {
		const built: [keyof typeof TRANSACTIONS, IsoMessage][] = [
			["sale", buildSale(context, { ...swipe, amount: 100 })],
			["balance", buildBalanceInquiry(context, swipe)],
			["sale-void", buildSaleVoid(context, { ...swipe, original })],
			["refund", buildRefund(context, { ...swipe, amount: 100, originalRrn: original.rrn, originalDate: "1120" })],
			["preauth", buildPreAuth(context, { ...swipe, amount: 100 })],
			["preauth-void", buildPreAuthVoid(context, { ...swipe, amount: 100, original: preauth })],
			["preauth-completion", buildPreAuthCompletion(context, { ...swipe, amount: 100, original: preauth })],
			["preauth-completion-advice", buildPreAuthCompletionAdvice(context, { ...swipe, amount: 100, original: preauth })],
			["completion-void", buildCompletionVoid(context, { ...swipe, original })],
		];
		const expected: Record<string, string> = {
			sale: "0200/000000/00/22",
			balance: "0200/310000/00/01",
			"sale-void": "0200/200000/00/23",
			refund: "0220/200000/00/25",
			preauth: "0100/030000/06/10",
			"preauth-void": "0100/200000/06/11",
			"preauth-completion": "0200/000000/06/20",
			"preauth-completion-advice": "0220/000000/06/24",
			"completion-void": "0200/200000/06/21",
		};
		for (const [kind, message] of built) {
			assert.equal(shapeOf(message), expected[kind], kind);
			assert.equal(transactionKindOf(message.mti, textField(message, 3)!, textField(message, 60)!.slice(0, 2)), kind);
			assert.ok(encodeMessage(message).ok, `${kind} encodes`);
		}
	});

	it("builds a magstripe PIN sale: tracks not PAN, 22 = 021, 26, 52, 53 = 2600…, 49 = 156, 60 = type+batch+000+capability+condition", () => {
		const sale = buildSale(context, { ...swipe, amount: 12_345 });
		assert.deepEqual(fields(sale), [3, 4, 11, 22, 25, 26, 35, 36, 41, 42, 49, 52, 53, 60, 63]);
		assert.equal(textField(sale, 4), "000000012345");
		assert.equal(textField(sale, 11), "000042");
		assert.equal(textField(sale, 22), "021");
		assert.equal(textField(sale, 26), "12");
		assert.equal(textField(sale, 53), "2600000000000000");
		assert.equal(textField(sale, 60), "2200000700020");
		assert.equal(textField(sale, 63), "01 ");
		assert.equal(
			textField(buildSale(context, { ...swipe, card: { ...swipe.card, fallback: true }, amount: 1 }), 60),
			"2200000700021",
			"60.5 = 1 for a fallback",
		);
	});

	it("carries a DUKPT KSN in field 62 and leaves it out of the reversal", () => {
		const sale = buildSale(context, {
			...swipe,
			pin: { pinBlock: hex("0123456789ABCDEF"), algorithm: 6, ksn: hex("FFFF9876543210E00001") },
			amount: 1,
		});
		assert.bytes(sale.fields.get(62) as Uint8Array, "FFFF9876543210E00001");
		assert.equal(buildReversal(sale, "98").fields.has(62), false);
		assert.equal(buildSale(context, { ...swipe, amount: 1 }).fields.has(62), false);
	});

	it("sends the PAN for manual entry and no PIN fields without a PIN", () => {
		const manual = buildSale(context, { stan: 1, card: { entryMode: "manual", pan: debit.pan, expiry: debit.expiry }, amount: 1 });
		assert.equal(textField(manual, 2), debit.pan);
		assert.equal(textField(manual, 14), debit.expiry);
		assert.equal(textField(manual, 22), "012");
		assert.deepEqual(
			[26, 52, 53].map((n) => manual.fields.has(n)),
			[false, false, false],
		);
	});

	it("references originals: void 37 + 61 batch/STAN, refund 61 date and 63 000, pre-auth 38 + 61 date", () => {
		const sv = buildSaleVoid(context, { ...swipe, original });
		assert.equal(textField(sv, 37), original.rrn);
		assert.deepEqual(parseField61(textField(sv, 61)!), { ok: true, value: { batch: 7, stan: 40 } });
		assert.equal(textField(sv, 4), "000000001234", "the full original amount");
		const refund = buildRefund(context, { ...swipe, amount: 100, originalRrn: original.rrn, originalDate: "1120" });
		assert.equal(textField(refund, 61), "0000000000001120");
		assert.equal(textField(refund, 63), "000");
		const completion = buildPreAuthCompletion(context, { ...swipe, amount: 100, original: preauth });
		assert.equal(textField(completion, 38), "123456");
		assert.equal(textField(completion, 61), "0000000000001121");
	});

	it("builds a reversal that keeps the original STAN, drops 26/35/36/37/52/53 and carries the reason in 39", () => {
		const sale = buildSaleVoid(context, { ...swipe, original });
		const reversal = buildReversal(sale, "A0");
		assert.equal(reversal.mti, "0400");
		assert.equal(textField(reversal, 11), "000042");
		assert.equal(textField(reversal, 39), "A0");
		for (const dropped of [26, 35, 36, 37, 52, 53]) assert.equal(reversal.fields.has(dropped), false, `field ${dropped}`);
		for (const kept of [3, 4, 22, 25, 41, 42, 49, 60, 61])
			assert.deepEqual(reversal.fields.get(kept), sale.fields.get(kept), `field ${kept}`);
	});

	it("builds management messages with 60.1 = 00 and the network code", () => {
		assert.equal(textField(buildSignIn(context, 1, "003"), 60), "00000007003");
		assert.equal(textField(buildSignIn(context, 1, "003"), 63), "01 ");
		assert.equal(buildSignOff(context, 2).mti, "0820");
		assert.equal(textField(buildSignOff(context, 2), 60), "00000007002");
		assert.equal(textField(buildEcho(context, 3), 60), "00000007301");
	});

	it("builds settlement with both reconciliation codes 0 and batch upload records of 40 digits", () => {
		const totals = {
			domestic: { debit: { amount: 100, count: 1 }, credit: { amount: 0, count: 0 }, reconciliation: 1 as const },
			foreign: { debit: { amount: 0, count: 0 }, credit: { amount: 5, count: 2 }, reconciliation: 2 as const },
		};
		const settlement = buildSettlement(context, 9, totals);
		assert.equal(settlement.mti, "0500");
		assert.equal(textField(settlement, 48), "000000000100001000000000000000" + "0" + "000000000000000000000000005002" + "0");
		assert.equal(textField(settlement, 60), "00000007201");
		const parsed = parseSettlementTotals(textField(settlement, 48)!);
		assert.ok(parsed.ok);
		assert.equal(parsed.value.foreign.credit.count, 2);
		const upload = buildBatchUpload(context, 10, [{ domestic: true, stan: 42, pan: debit.pan, amount: 12_345 }]);
		assert.equal(textField(upload, 48), "01" + "01" + "000042" + "0" + debit.pan + "000000012345");
		assert.deepEqual(parseBatchUpload(textField(upload, 48)!), {
			ok: true,
			value: [{ domestic: true, stan: 42, pan: debit.pan, amount: 12_345 }],
		});
		assert.equal(textField(buildBatchUploadEnd(context, 11, 17), 60), "00000007207");
		assert.equal(textField(buildBatchUploadEnd(context, 11, 17), 48), "0017");
	});

	it("refuses values that cannot be sent: STAN 0, negative amounts, nine upload records", () => {
		assert.throws(() => buildSale(context, { ...swipe, stan: 0, amount: 1 }), RangeError);
		assert.throws(() => buildSale(context, { ...swipe, amount: -1 }), RangeError);
		const record = { domestic: true, stan: 1, pan: debit.pan, amount: 1 };
		assert.throws(() => buildBatchUpload(context, 1, new Array(9).fill(record)), RangeError);
	});

	it("pairs each request MTI with its response MTI", () => {
		assert.deepEqual(["0100", "0200", "0220", "0320", "0400", "0500", "0800", "0820"].map(responseMti), [
			"0110",
			"0210",
			"0230",
			"0330",
			"0410",
			"0510",
			"0810",
			"0830",
		]);
	});
});
