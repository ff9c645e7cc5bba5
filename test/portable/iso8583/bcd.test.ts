import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { readPrefix, unpackDigits } from "../../../src/iso8583/bcd.js";

describe("packed BCD unpacker", () => {
	it("unpacks right- and left-aligned odd counts and track data with the separator as nibble D", () => {
		assert.deepEqual(unpackDigits(hex("0123"), 0, 3, false, false), { ok: true, value: "123" });
		assert.deepEqual(unpackDigits(hex("1230"), 0, 3, true, false), { ok: true, value: "123" });
		assert.deepEqual(unpackDigits(hex("FF12D3"), 1, 4, true, true), { ok: true, value: "12=3" });
	});

	it("reports a nibble that is no digit and a pad nibble that is not 0, at the byte that holds it", () => {
		assert.deepEqual(unpackDigits(hex("001A"), 0, 4, false, false), {
			ok: false,
			error: { kind: "bad-digit", offset: 1, detail: "nibble A is not a digit" },
		});
		assert.deepEqual(unpackDigits(hex("1123"), 0, 3, false, false), {
			ok: false,
			error: { kind: "bad-digit", offset: 0, detail: "pad nibble 1 is not 0" },
		});
		assert.deepEqual(unpackDigits(hex("1231"), 0, 3, true, false), {
			ok: false,
			error: { kind: "bad-digit", offset: 1, detail: "pad nibble 1 is not 0" },
		});
	});

	it("reports digits that run past the end instead of reading zeros there", () => {
		assert.deepEqual(unpackDigits(hex("1234"), 1, 4, false, false), {
			ok: false,
			error: { kind: "truncated", offset: 1, detail: "4 digits need 2 bytes, 1 left" },
		});
		assert.deepEqual(unpackDigits(hex("12"), 3, 4, false, false), {
			ok: false,
			error: { kind: "truncated", offset: 3, detail: "4 digits need 2 bytes, 0 left" },
		});
	});

	it("reads 1- and 2-byte length prefixes, and refuses one that is not BCD or runs past the end", () => {
		assert.deepEqual(readPrefix(hex("19"), 0, 1), { ok: true, value: 19 });
		assert.deepEqual(readPrefix(hex("0123"), 0, 2), { ok: true, value: 123 });
		assert.deepEqual(readPrefix(hex("1A"), 0, 1), {
			ok: false,
			error: { kind: "bad-digit", offset: 0, detail: "length prefix is not BCD" },
		});
		assert.deepEqual(readPrefix(hex("01"), 0, 2), {
			ok: false,
			error: { kind: "truncated", offset: 0, detail: "length prefix needs 2 bytes, 1 left" },
		});
	});
});
