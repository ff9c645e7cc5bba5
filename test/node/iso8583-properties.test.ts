// Round-trip properties of the ISO 8583 codec (fast-check): the firmware codec and the independent decoder
// read back what the codec writes, field for field.

import assert from "node:assert/strict";
import fc from "fast-check";
import { FIELD_SPECS, type FieldFormat } from "../../src/iso8583/field-dictionary.js";
import { decodeFrame, encodeFrame } from "../../src/iso8583/frame-codec.js";
import type { FieldValue, IsoFrame, IsoMessage } from "../../src/iso8583/iso-message.js";
import {
	formatField60,
	formatField61,
	formatBalance,
	parseField60,
	parseField61,
	parseBalance,
} from "../../src/iso8583/composite-fields.js";
import { formatSettlementTotals, parseSettlementTotals, type Reconciliation } from "../../src/iso8583/settlement-fields.js";
import { checkFrame } from "../../host-sim/tools/iso8583-fuzzer.js";

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
const printable = (min: number, max: number) =>
	fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
const gbkText = (min: number, max: number) =>
	fc.string({
		unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xfe })).map((c) => String.fromCharCode(c)),
		minLength: min,
		maxLength: max,
	});
const alnum = (min: number, max: number) =>
	fc.string({
		unit: fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz "),
		minLength: min,
		maxLength: max,
	});

function valueArbitrary(format: FieldFormat): fc.Arbitrary<FieldValue> {
	switch (format.kind) {
		case "n":
			return digits(format.digits, format.digits);
		case "n-var":
			return digits(0, format.max);
		case "z-var":
			return fc.string({ unit: fc.constantFrom(..."0123456789="), maxLength: format.max });
		case "text":
			return format.charset === "an" ? alnum(format.length, format.length) : printable(format.length, format.length);
		case "text-var":
			return format.charset === "an"
				? alnum(0, format.max)
				: format.charset === "ans-gbk"
					? gbkText(0, format.max)
					: printable(0, format.max);
		case "b":
			return fc.uint8Array({ minLength: format.length, maxLength: format.length });
		case "b-var":
			return fc.uint8Array({ maxLength: format.max });
	}
}

const messageArbitrary: fc.Arbitrary<IsoMessage> = fc
	.tuple(
		digits(4, 4),
		fc.record(Object.fromEntries(FIELD_SPECS.map((s) => [String(s.number), valueArbitrary(s.format)])), {
			requiredKeys: [],
			noNullPrototype: true,
		}),
	)
	.map(([mti, record]) => ({ mti, fields: new Map(Object.entries(record).map(([k, v]) => [Number(k), v as FieldValue])) }));

const frameArbitrary: fc.Arbitrary<IsoFrame> = fc.record(
	{
		tpdu: fc.record(
			{ destination: fc.integer({ min: 0, max: 0xffff }), source: fc.integer({ min: 0, max: 0xffff }) },
			{ noNullPrototype: true },
		),
		header: digits(12, 12),
		message: messageArbitrary,
	},
	{ noNullPrototype: true },
);

describe("ISO 8583 round-trip properties", () => {
	it("decode(encode(frame)) is the frame, and the oracle reads the same fields", () => {
		fc.assert(
			fc.property(frameArbitrary, (frame) => {
				const bytes = encodeFrame(frame);
				assert.ok(bytes.ok, JSON.stringify(!bytes.ok && bytes.error));
				const back = decodeFrame(bytes.value);
				assert.ok(back.ok);
				assert.deepEqual(back.value.frame, frame);
				assert.deepEqual(checkFrame(bytes.value), { accepted: true });
			}),
			{ numRuns: 2000 },
		);
	});

	it("field 60, 61, 48 and 54 structures survive format → parse", () => {
		fc.assert(
			fc.property(
				digits(2, 2),
				fc.integer({ min: 0, max: 999999 }),
				digits(3, 3),
				fc.option(digits(1, 1), { nil: undefined }),
				(type, batch, networkCode, readCapability) => {
					const value = { type, batch, networkCode, ...(readCapability ? { readCapability } : {}) };
					assert.deepEqual(parseField60(formatField60(value)), { ok: true, value });
				},
			),
		);
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 999999 }),
				fc.integer({ min: 0, max: 999999 }),
				fc.option(digits(4, 4), { nil: undefined }),
				(batch, stan, date) => {
					const value = { batch, stan, ...(date ? { date } : {}) };
					assert.deepEqual(parseField61(formatField61(value)), { ok: true, value });
				},
			),
		);
		const line = fc.record(
			{ amount: fc.integer({ min: 0, max: 999_999_999_999 }), count: fc.integer({ min: 0, max: 999 }) },
			{ noNullPrototype: true },
		);
		const cardClass = fc.record(
			{ debit: line, credit: line, reconciliation: fc.constantFrom<Reconciliation>(0, 1, 2, 3) },
			{ noNullPrototype: true },
		);
		fc.assert(
			fc.property(fc.record({ domestic: cardClass, foreign: cardClass }, { noNullPrototype: true }), (totals) => {
				assert.deepEqual(parseSettlementTotals(formatSettlementTotals(totals)), { ok: true, value: totals });
			}),
		);
		fc.assert(
			fc.property(fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), (amount) => {
				const value = { accountType: "10", amountType: "02", currency: "156", amount };
				const parsed = parseBalance(formatBalance(value));
				assert.ok(parsed.ok && Object.is(parsed.value.amount, amount === 0 ? 0 : amount));
			}),
		);
	});
});
