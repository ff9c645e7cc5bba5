import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { PBOC_EXAMPLE, PBOC_FIELD55_EXAMPLE } from "../../support/emv-vectors.js";
import { buildDolData, parseDol } from "../../../src/emv/dol.js";
import { decodeTlv, findTlv, type Tag } from "../../../src/emv/tlv.js";
import { iccMasterKey, pbocSessionKey } from "../../../src/emv/icc-keys.js";
import { applicationCryptogram } from "../../../src/emv/cryptograms.js";

/** The CDOL1 a PBOC debit/credit card typically asks for: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37. */
const CDOL1 = "9F02069F03069F1A0295055F2A029A039C019F3704";

function source(values: Record<string, string>): (tag: Tag) => Uint8Array | undefined {
	return (tag) => {
		const text = values[tag.toString(16).toUpperCase()];
		return text === undefined ? undefined : hex(text);
	};
}

describe("Data Object Lists (EMV Book 3 §5.4)", () => {
	it("parses a CDOL1 into tags and lengths", () => {
		const r = parseDol(hex(CDOL1));
		assert.ok(r.ok);
		assert.deepEqual(
			r.value.map((e) => [e.tag.toString(16).toUpperCase(), e.length]),
			[
				["9F02", 6],
				["9F03", 6],
				["9F1A", 2],
				["95", 5],
				["5F2A", 2],
				["9A", 3],
				["9C", 1],
				["9F37", 4],
			],
		);
	});

	it("builds the PBOC example's cryptogram data from its field 55, and that data gives its ARQC", () => {
		const objects = decodeTlv(hex(PBOC_FIELD55_EXAMPLE.field55));
		const dol = parseDol(hex(CDOL1));
		assert.ok(objects.ok && dol.ok);
		const fromField55 = (tag: Tag): Uint8Array | undefined => findTlv(objects.value, tag)?.value;
		const cdolData = buildDolData(dol.value, fromField55);
		// The example MACs CDOL1 data ‖ AIP (82) ‖ ATC (9F36) ‖ CVR (bytes 4–7 of the IAD, 9F10).
		const iad = fromField55(0x9f10)!;
		const data = toHex(cdolData) + toHex(fromField55(0x82)!) + toHex(fromField55(0x9f36)!) + toHex(iad.subarray(3, 7));
		assert.equal(data, PBOC_EXAMPLE.acData);
		const mk = iccMasterKey(hex(PBOC_EXAMPLE.imkAc), PBOC_EXAMPLE.pan, PBOC_EXAMPLE.psn, "a");
		assert.ok(mk.ok);
		assert.bytes(applicationCryptogram(pbocSessionKey(mk.value, fromField55(0x9f36)!), hex(data)), PBOC_EXAMPLE.arqc);
	});

	it("fits values to the DOL lengths by format: n right-aligned, cn F-padded, others left-aligned", () => {
		const dol = parseDol(hex("9F02049F0208" + "5A0A" + "5A04" + "9F3702" + "9F3706" + "9F1E0A"));
		assert.ok(dol.ok);
		const data = buildDolData(
			dol.value,
			source({ "9F02": "000000012345", "5A": "6228480000000018", "9F37": "A1B2C3D4", "9F1E": "3132" }),
		);
		assert.bytes(
			data,
			"00012345" + // n, longer: leftmost bytes dropped
				"0000000000012345" + // n, shorter: leading zeros
				"6228480000000018FFFF" + // cn, shorter: trailing FF
				"62284800" + // cn, longer: rightmost dropped
				"A1B2" + // b, longer: rightmost dropped
				"A1B2C3D40000" + // b, shorter: trailing zeros
				"31320000000000000000", // an, shorter: trailing zeros
		);
	});

	it("fills a missing value and a constructed tag with zeros, and takes unknown tags as binary", () => {
		const dol = parseDol(hex("9F3503" + "7002" + "DF810102"));
		assert.ok(dol.ok);
		assert.bytes(buildDolData(dol.value, source({ "70": "0102", DF8101: "ABCDEF" })), "000000" + "0000" + "ABCD");
		assert.bytes(buildDolData([], source({})), "");
	});

	it("reports a DOL cut off inside a tag or a length", () => {
		assert.deepEqual(parseDol(hex("9F0206" + "9F")), { ok: false, error: { kind: "truncated", part: "tag", offset: 3 } });
		assert.deepEqual(parseDol(hex("9F0206" + "9F37")), { ok: false, error: { kind: "truncated", part: "length", offset: 5 } });
	});
});
