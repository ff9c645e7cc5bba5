import { assert } from "../../support/assert.js";
import { hex as fromHex, toHex } from "../../support/hex.js";
import { encodeFrame, decodeFrame } from "../../../src/iso8583/frame-codec.js";
import { decodeMessage, encodeMessage } from "../../../src/iso8583/message-codec.js";
import { isoMessage, DEFAULT_TPDU, type IsoFrame } from "../../../src/iso8583/iso-message.js";
import { describeCodecError, type CodecError } from "../../../src/iso8583/codec-error.js";

function encoded(fields: [number, string | Uint8Array][], mti = "0200"): string {
	const r = encodeMessage(isoMessage(mti, fields));
	if (!r.ok) throw new Error(describeCodecError(r.error));
	return toHex(r.value);
}

function decodeError(hex: string): CodecError {
	const r = decodeMessage(fromHex(hex));
	if (r.ok) return assert.fail(`decoded ${hex}`);
	return r.error;
}

describe("ISO 8583 field encoding (Q/CUP 006 encoding rules)", () => {
	it("packs fixed n right-aligned: field 3 and field 23 001 → 00 01", () => {
		assert.equal(
			encoded([
				[3, "000000"],
				[23, "001"],
			]),
			"0200" + "2000020000000000" + "000000" + "0001",
		);
	});

	it("packs field 22 left-aligned: 021 → 02 10", () => {
		assert.equal(encoded([[22, "021"]]).slice(20), "0210");
	});

	it("writes LLVAR n with a BCD digit count and left-aligned digits padded on the right", () => {
		assert.equal(encoded([[2, "6222021234567890123"]]).slice(20), "19" + "62220212345678901230");
	});

	it("writes a 19-digit field 60 as 00 19 + 10 bytes", () => {
		assert.equal(encoded([[60, "22000001000500"]]).slice(20), "0014" + "22000001000500");
		assert.equal(encoded([[60, "2200000100050012345"]]).slice(20), "0019" + "22000001000500123450", "60.1–60.8: 19 digits");
		const r = encodeMessage(isoMessage("0200", [[60, "22000001000500123456"]]));
		assert.equal(r.ok, false, "60 is at most 19 digits");
	});

	it("packs track 2 with '=' as nibble D", () => {
		assert.equal(encoded([[35, "6222021234567890123=30122011234"]]).slice(20), "31" + "6222021234567890123D301220112340");
	});

	it("writes text as ASCII and binary raw, with byte-count prefixes for LLLVAR", () => {
		const hex = encoded([
			[39, "A0"],
			[41, "12345678"],
			[62, fromHex("0102")],
			[63, "01 "],
		]);
		assert.equal(hex.slice(20), "4130" + "3132333435363738" + "00020102" + "0003303120");
	});

	it("sets exactly the bitmap bits of the fields present, with no secondary bitmap", () => {
		assert.equal(
			encoded([
				[2, "1234"],
				[64, new Uint8Array(8)],
			]).slice(4, 20),
			"4000000000000001",
		);
	});

	it("refuses values that do not fit their field, naming the field", () => {
		const cases: [number, string | Uint8Array][] = [
			[3, "12345"],
			[4, "12345678901A"],
			[41, "1234567"],
			[52, new Uint8Array(7)],
			[39, "A\u00e9"],
			[3, new Uint8Array(3)],
			[1, "0"],
			[5, "1"],
		];
		for (const [n, v] of cases) {
			const r = encodeMessage(isoMessage("0200", [[n, v]]));
			assert.ok(!r.ok && r.error.part === n, `field ${n} = ${String(v)}`);
		}
		const placed = encodeMessage(
			isoMessage("0200", [
				[3, "000000"],
				[4, "12"],
			]),
		);
		assert.ok(!placed.ok);
		assert.equal(
			describeCodecError(placed.error),
			"field 4 at offset 13: must be 12 digits, got 2",
			"the offset where the field would start",
		);
	});
});

describe("ISO 8583 decoding trusts nothing", () => {
	it("decodes what it encodes, field for field", () => {
		const message = isoMessage("0210", [
			[2, "6222021234567890123"],
			[3, "000000"],
			[4, "000000012345"],
			[11, "000123"],
			[22, "021"],
			[35, "6222021234567890123=3012"],
			[39, "00"],
			[41, "12345678"],
			[48, "1"],
			[52, fromHex("0011223344556677")],
			[54, "1002156C000001000000"],
			[64, fromHex("3132333435363738")],
		]);
		const bytes = encodeMessage(message);
		assert.ok(bytes.ok);
		const back = decodeMessage(bytes.value);
		assert.ok(back.ok);
		assert.deepEqual(back.value.message, message);
		assert.equal(back.value.macInput.length, bytes.value.length - 8, "the MAC input stops before field 64");
	});

	it("names the field and offset of a bad BCD nibble", () => {
		const e = decodeError("0200" + "2000000000000000" + "00A000");
		assert.deepEqual([e.kind, e.part, e.offset], ["bad-digit", 3, 11]);
		assert.equal(describeCodecError(e), "field 3 at offset 11: nibble A is not a digit");
	});

	it("refuses a non-zero pad nibble", () => {
		assert.equal(decodeError("0200" + "4000000000000000" + "03" + "1231").kind, "bad-digit");
	});

	it("refuses a length over the field's maximum before reading it", () => {
		const e = decodeError("0200" + "4000000000000000" + "20" + "00".repeat(10));
		assert.deepEqual([e.kind, e.part, e.offset], ["bad-length", 2, 10]);
	});

	it("refuses a length prefix that is not BCD", () => {
		assert.equal(decodeError("0200" + "4000000000000000" + "1A").kind, "bad-digit");
	});

	it("refuses a field that runs past the end", () => {
		const e = decodeError("0200" + "0000000000100000" + "05" + "3132");
		assert.deepEqual([e.kind, e.part], ["truncated", 44]);
	});

	it("refuses unknown bitmap bits and the secondary bitmap", () => {
		assert.deepEqual(decodeError("0200" + "0800000000000000").part, 5);
		assert.deepEqual(decodeError("0200" + "8000000000000000").part, "bitmap");
	});

	it("refuses trailing bytes and a bad MTI", () => {
		assert.equal(decodeError("0200" + "0000000000000000" + "00").kind, "trailing-bytes");
		assert.equal(decodeError("02F0" + "0000000000000000").part, "mti");
		assert.equal(decodeError("02").part, "mti");
		assert.equal(decodeError("0200" + "00").part, "bitmap");
	});

	it("takes GBK bytes in field 63 only", () => {
		const r = decodeMessage(fromHex("0210" + "0000000000000002" + "0005" + "435550D6D0"));
		assert.ok(r.ok);
		assert.equal(r.value.message.fields.get(63), "CUP\u00d6\u00d0");
		assert.equal(encoded([[63, "CUP\u00d6\u00d0"]], "0210").slice(20), "0005435550D6D0");
		assert.equal(decodeError("0210" + "0000000000800000" + "31323334353637D6").kind, "bad-text");
		assert.equal(decodeError("0210" + "0000000000000002" + "0001" + "FF").kind, "bad-text");
	});

	it("refuses non-printable text", () => {
		const e = decodeError("0200" + "0000000002000000" + "0A30");
		assert.deepEqual([e.kind, e.part, e.offset], ["bad-text", 39, 10]);
	});
});

describe("ISO 8583 frame (Q/CUP 006 TPDU and header)", () => {
	const frame: IsoFrame = {
		tpdu: DEFAULT_TPDU,
		header: "603100310003",
		message: isoMessage("0800", [
			[11, "000001"],
			[41, "12345678"],
		]),
	};

	it("writes length, TPDU 60 0003 0000 and the BCD header before the MTI", () => {
		const r = encodeFrame(frame);
		assert.ok(r.ok);
		assert.equal(toHex(r.value), "0020" + "6000030000" + "603100310003" + "0800" + "0020000000800000" + "000001" + "3132333435363738");
		const back = decodeFrame(r.value);
		assert.ok(back.ok);
		assert.deepEqual(back.value.frame, frame);
	});

	it("refuses a length prefix that disagrees with the bytes and a wrong TPDU ID; carries any header byte", () => {
		const good = encodeFrame(frame);
		assert.ok(good.ok);
		const bytes = good.value;
		const short = decodeFrame(bytes.subarray(0, bytes.length - 1));
		assert.ok(!short.ok && short.error.part === "length");
		const tpdu = bytes.slice();
		tpdu[2] = 0x70;
		const t = decodeFrame(tpdu);
		assert.ok(!t.ok && t.error.part === "tpdu");
		const header = bytes.slice();
		header[7] = 0xab;
		const h = decodeFrame(header);
		assert.ok(h.ok && h.value.frame.header === "AB" + frame.header.slice(2), "the header is 6 raw bytes (public frames carry FF F1)");
		const written = encodeFrame({ ...frame, header: "60310031fff1" });
		assert.ok(written.ok && written.value[11] === 0xff && written.value[12] === 0xf1);
		assert.equal(encodeFrame({ ...frame, header: "60310031FFG1" }).ok, false);
	});
});
