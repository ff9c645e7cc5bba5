// Properties of the BER-TLV codec (fast-check): any bytes decode to objects or a typed error, never a throw;
// any tree of well-formed objects encodes and decodes back to itself; cutting an encoding short is reported.

import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeTlv, encodeTlv, isConstructed, type Tlv } from "../../src/emv/tlv.js";

/** A well-formed tag of 1–3 bytes with the constructed bit as asked, whose first byte is not padding (00, FF). */
function tagArb(constructed: boolean): fc.Arbitrary<number> {
	const classBits = fc.constantFrom(0x00, 0x40, 0x80, 0xc0);
	const cBit = constructed ? 0x20 : 0;
	const single = fc.tuple(classBits, fc.integer({ min: 0, max: 0x1e })).map(([cls, low]) => cls | cBit | low);
	const multi = fc
		.tuple(classBits, fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 1 }), fc.integer({ min: 0, max: 0x7f }))
		.map(([cls, middle, last]) => [cls | cBit | 0x1f, ...middle, last].reduce((t, b) => t * 256 + b, 0));
	return fc.oneof(single, multi).filter((tag) => {
		const first = tag > 0xffff ? tag >>> 16 : tag > 0xff ? tag >>> 8 : tag;
		return first !== 0x00 && first !== 0xff;
	});
}

const primitive: fc.Arbitrary<Tlv> = fc.tuple(tagArb(false), fc.uint8Array({ maxLength: 300 })).map(([tag, value]) => ({ tag, value }));

const tree = fc.letrec<{ node: Tlv }>((tie) => ({
	node: fc.oneof(
		{ depthSize: "small", withCrossShrink: true },
		primitive,
		fc.tuple(tagArb(true), fc.array(tie("node"), { maxLength: 4 })).map(([tag, children]) => ({
			tag,
			value: encodeTlv(children),
			children,
		})),
	),
})).node;

describe("BER-TLV properties", () => {
	it("any bytes decode to objects or a typed error, and never throw", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
				const r = decodeTlv(bytes);
				if (!r.ok) assert.ok(r.error.offset >= 0 && r.error.offset <= bytes.length);
			}),
			{ numRuns: 5000 },
		);
	});

	it("encode then decode gives the same tree", () => {
		fc.assert(
			fc.property(fc.array(tree, { maxLength: 5 }), (objects) => {
				const r = decodeTlv(encodeTlv(objects));
				assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
				assert.deepEqual(r.value, objects.map(normalised));
				for (const o of r.value) assert.equal(isConstructed(o.tag), o.children !== undefined);
			}),
			{ numRuns: 500 },
		);
	});

	it("an encoding cut short is a truncation error, not fewer objects", () => {
		fc.assert(
			fc.property(tree, fc.nat(), (object, cut) => {
				const bytes = encodeTlv([object]);
				const at = 1 + (cut % (bytes.length - 1));
				const r = decodeTlv(bytes.subarray(0, at));
				assert.ok(!r.ok, `cut at ${at} of ${bytes.length} decoded`);
				assert.equal(r.error.kind, "truncated");
			}),
			{ numRuns: 1000 },
		);
	});
});

/** The decoder's view of an object: values as subarrays compare equal to fresh arrays by content. */
function normalised(o: Tlv): Tlv {
	return o.children ? { tag: o.tag, value: o.value, children: o.children.map(normalised) } : { tag: o.tag, value: o.value };
}
