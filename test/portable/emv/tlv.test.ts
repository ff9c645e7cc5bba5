import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { decodeTlv, encodeTlv, findTlv, tagHex, type Tlv } from "../../../src/emv/tlv.js";
import { tagInfo } from "../../../src/emv/tags.js";
import { PBOC_FIELD55_EXAMPLE } from "../../support/emv-vectors.js";

function decoded(text: string): Tlv[] {
	const r = decodeTlv(hex(text));
	if (!r.ok) throw new Error(`decode failed: ${JSON.stringify(r.error)}`);
	return r.value;
}

function decodeError(text: string): unknown {
	const r = decodeTlv(hex(text));
	assert.equal(r.ok, false, `${text} should not decode`);
	return r.ok ? undefined : r.error;
}

describe("BER-TLV (EMV Book 3 Annex B)", () => {
	it("decodes the published PBOC field 55 object by object and encodes it back byte for byte", () => {
		const bytes = hex(PBOC_FIELD55_EXAMPLE.field55);
		const objects = decoded(PBOC_FIELD55_EXAMPLE.field55);
		assert.deepEqual(
			objects.map((o) => [tagHex(o.tag), toHex(o.value)]),
			PBOC_FIELD55_EXAMPLE.objects.map(([tag, value]) => [tag, value]),
		);
		assert.bytes(encodeTlv(objects), toHex(bytes));
		assert.equal(tagInfo(0x9f26)?.name, "Application Cryptogram");
		assert.equal(tagInfo(0x9f10)?.name, "Issuer Application Data");
		for (const [tag] of PBOC_FIELD55_EXAMPLE.objects) assert.ok(tagInfo(parseInt(tag, 16)), `${tag} has a name`);
	});

	it("decodes constructed templates with two-byte tags, and finds a tag at any depth", () => {
		// A PPSE-style FCI: 6F { 84 "2PAY.SYS.DDF01", A5 { BF0C { 61 { 4F, 87 } } } }
		const fci = "6F24840E325041592E5359532E4444463031A512BF0C0F610D4F08A000000333010101870101";
		const [top] = decoded(fci);
		assert.equal(top!.tag, 0x6f);
		assert.deepEqual(
			top!.children!.map((c) => c.tag),
			[0x84, 0xa5],
		);
		const entry = findTlv([top!], 0x61)!;
		assert.deepEqual(
			entry.children!.map((c) => tagHex(c.tag)),
			["4F", "87"],
		);
		assert.bytes(findTlv([top!], 0x4f)!.value, "A000000333010101");
		assert.equal(findTlv([top!], 0x9f38), undefined);
		assert.bytes(encodeTlv([top!]), fci);
		assert.equal(top!.children![0]!.children, undefined, "a primitive object has no children");
	});

	it("skips 00 and FF padding before, between and after objects", () => {
		const objects = decoded("00FF9F360202400000FF8A023030FFFF00");
		assert.deepEqual(
			objects.map((o) => [tagHex(o.tag), toHex(o.value)]),
			[
				["9F36", "0240"],
				["8A", "3030"],
			],
		);
		assert.deepEqual(decoded("0000FFFF"), []);
	});

	it("reads long-form lengths (81, 82, 83) and writes the shortest form", () => {
		const v200 = "AB".repeat(200);
		assert.bytes(decoded(`9081C8${v200}`)[0]!.value, v200);
		assert.bytes(decoded(`908200C8${v200}`)[0]!.value, v200, "a non-minimal long form is still read");
		assert.bytes(encodeTlv([{ tag: 0x90, value: hex(v200) }]), `9081C8${v200}`);
		const v300 = "CD".repeat(300);
		assert.bytes(encodeTlv([{ tag: 0x90, value: hex(v300) }]), `9082012C${v300}`);
		assert.bytes(decoded(`9083000004${"01020304"}`)[0]!.value, "01020304");
		assert.bytes(encodeTlv([{ tag: 0x9f37, value: new Uint8Array(0) }]), "9F3700");
		assert.bytes(encodeTlv([{ tag: 0x9f37, value: hex("00".repeat(127)) }]).subarray(0, 3), "9F377F");
	});

	it("reads three-byte tags", () => {
		const [o] = decoded("DF810103010203");
		assert.equal(tagHex(o!.tag), "DF8101");
		assert.bytes(o!.value, "010203");
		assert.bytes(encodeTlv([o!]), "DF810103010203");
	});

	it("reports truncated tags, lengths and values with the offset of the field", () => {
		assert.deepEqual(decodeError("9F"), { kind: "truncated", part: "tag", offset: 0 });
		assert.deepEqual(decodeError("9F26"), { kind: "truncated", part: "length", offset: 2 });
		assert.deepEqual(decodeError("9F2682"), { kind: "truncated", part: "length", offset: 2 });
		assert.deepEqual(decodeError("9F268201"), { kind: "truncated", part: "length", offset: 2 });
		assert.deepEqual(decodeError("9F26820100"), { kind: "truncated", part: "value", offset: 5 });
		assert.deepEqual(decodeError("9F2608010203"), { kind: "truncated", part: "value", offset: 3 });
		// Inside a template: the child's value runs past the template's end though the input goes on.
		assert.deepEqual(decodeError("7004 9F360302 40 9F2701 80"), { kind: "truncated", part: "value", offset: 5 });
	});

	it("rejects the indefinite length, over-long lengths and tags, and runaway nesting", () => {
		assert.deepEqual(decodeError("70800000"), { kind: "indefinite-length", offset: 1 });
		assert.deepEqual(decodeError("9F2685000000000801"), { kind: "length-overflow", offset: 2 });
		assert.deepEqual(decodeError("9F26FF"), { kind: "length-overflow", offset: 2 });
		assert.deepEqual(decodeError("9FFFFFFF0100"), { kind: "tag-too-long", offset: 0 });
		let nested = "9F3600";
		for (let i = 0; i < 20; i++) nested = `70${(nested.length / 2).toString(16).padStart(2, "0").toUpperCase()}${nested}`;
		assert.deepEqual(decodeError(nested), { kind: "too-deep", offset: 16 * 2 });
	});
});
