import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { FixedRandom } from "../../support/fixed-random.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import {
	clearPinBlock,
	decodeClearPinBlock,
	decryptPinBlock,
	encryptPinBlock,
	format4PanField,
	format4PinField,
	pinDigitsOf,
} from "../../../src/pin/pin-block.js";

const random = new SeededRandom(7);
const digits = (pin: string): Uint8Array => {
	const r = pinDigitsOf(pin);
	if (!r.ok) throw new Error(`bad PIN ${pin}`);
	return r.value;
};
const pinText = (d: Uint8Array): string => Array.from(d, (x) => String(x)).join("");

describe("ISO 9564-1 format 0", () => {
	for (const v of CRYPTO_VECTORS.pinblock.filter((p) => p.format === 0)) {
		it(`builds and decodes PIN ${v.pin} with PAN ${v.pan} (${v.source})`, () => {
			const block = clearPinBlock(0, digits(v.pin!), v.pan!, random);
			assert.ok(block.ok);
			assert.bytes(block.value, v.clear!);
			const decoded = decodeClearPinBlock(0, block.value, v.pan!);
			assert.ok(decoded.ok);
			assert.equal(pinText(decoded.value), v.pin);
		});
	}

	it("builds the psec example with PAN 5544332211009966", () => {
		const block = clearPinBlock(0, digits("1234"), "5544332211009966", random);
		assert.ok(block.ok);
		assert.bytes(block.value, "041277CDDEEFF669");
	});

	it("encrypts under TDES and decrypts back, and the wrong PAN fails the structure check", () => {
		const key = tdesCipher(hex("0123456789ABCDEFFEDCBA9876543210"));
		const block = encryptPinBlock(key, 0, digits("987654"), "6228480402564890018", random);
		assert.ok(block.ok);
		const back = decryptPinBlock(key, 0, block.value, "6228480402564890018");
		assert.ok(back.ok);
		assert.equal(pinText(back.value), "987654");
		const wrong = decryptPinBlock(key, 0, block.value, "6228480402564890026");
		assert.equal(wrong.ok, false);
	});
});

describe("PIN block negative cases", () => {
	it("rejects PINs shorter than 4 or longer than 12 digits, and non-digits", () => {
		assert.deepEqual(pinDigitsOf("123"), { ok: false, error: { kind: "pin-length", length: 3 } });
		assert.deepEqual(pinDigitsOf("1234567890123"), { ok: false, error: { kind: "pin-length", length: 13 } });
		assert.deepEqual(pinDigitsOf("12a4"), { ok: false, error: { kind: "pin-digit" } });
		assert.deepEqual(clearPinBlock(0, new Uint8Array(3), "4012345678909", random), {
			ok: false,
			error: { kind: "pin-length", length: 3 },
		});
		assert.deepEqual(format4PinField(new Uint8Array(13), random), { ok: false, error: { kind: "pin-length", length: 13 } });
	});

	it("rejects a bad PAN", () => {
		assert.deepEqual(clearPinBlock(0, digits("1234"), "40123X5678909", random), { ok: false, error: { kind: "pan" } });
		assert.deepEqual(format4PanField("12345678901234567890"), { ok: false, error: { kind: "pan" } });
	});

	it("rejects a wrong control nibble, a bad length nibble and a bad fill on decode", () => {
		assert.deepEqual(decodeClearPinBlock(2, hex("141234FFFFFFFFFF"), ""), {
			ok: false,
			error: { kind: "control", expected: 2, actual: 1 },
		});
		assert.deepEqual(decodeClearPinBlock(2, hex("231234FFFFFFFFFF"), ""), { ok: false, error: { kind: "pin-length", length: 3 } });
		assert.deepEqual(decodeClearPinBlock(2, hex("241234FFFFFFFFFE"), ""), { ok: false, error: { kind: "fill" } });
		assert.deepEqual(decodeClearPinBlock(2, hex("24123AFFFFFFFFFF"), ""), { ok: false, error: { kind: "pin-digit" } });
		assert.deepEqual(decodeClearPinBlock(3, hex("341234AAAAAAAA9A"), "4000000000000002"), { ok: false, error: { kind: "fill" } });
	});

	it("refuses a format-4 block with a DES key and a format-0 block with an AES key", () => {
		assert.deepEqual(encryptPinBlock(tdesCipher(new Uint8Array(16)), 4, digits("1234"), "4111111111111111", random), {
			ok: false,
			error: { kind: "key" },
		});
		assert.deepEqual(encryptPinBlock(aesCipher(new Uint8Array(16)), 0, digits("1234"), "4111111111111111", random), {
			ok: false,
			error: { kind: "key" },
		});
	});
});

describe("ISO 9564-1 formats 1, 2 and 3", () => {
	it("fills format 1 from the random source and decodes it", () => {
		const block = clearPinBlock(1, digits("1234"), "", new FixedRandom(hex("00010203040506070809")));
		assert.ok(block.ok);
		assert.ok(toHex(block.value).startsWith("141234"));
		assert.bytes(block.value, "1412340123456789");
		const decoded = decodeClearPinBlock(1, block.value, "");
		assert.ok(decoded.ok);
		assert.equal(pinText(decoded.value), "1234");
	});

	it("fills format 2 with F and binds no PAN", () => {
		const block = clearPinBlock(2, digits("12345"), "", random);
		assert.ok(block.ok);
		assert.bytes(block.value, "2512345FFFFFFFFF");
	});

	it("fills format 3 with random nibbles A–F only, XORed with the PAN field", () => {
		for (let i = 0; i < 50; i++) {
			const block = clearPinBlock(3, digits("1234"), "5555555551234567", random);
			assert.ok(block.ok);
			assert.ok(toHex(block.value).startsWith("341261"), toHex(block.value));
			const decoded = decodeClearPinBlock(3, block.value, "5555555551234567");
			assert.ok(decoded.ok, "fill nibbles must be A–F");
			assert.equal(pinText(decoded.value), "1234");
		}
	});
});

describe("ISO 9564-1 format 4 (AES)", () => {
	it("builds the PIN field and the PAN field of the published examples", () => {
		const field = format4PinField(digits("1234"), new FixedRandom(hex("2F69ADDE2E9E7ACE")));
		assert.ok(field.ok);
		assert.bytes(field.value, "441234AAAAAAAAAA2F69ADDE2E9E7ACE");
		const pan = format4PanField("112233445566778899");
		assert.ok(pan.ok);
		assert.bytes(pan.value, "61122334455667788990000000000000");
		const short = format4PanField("1");
		assert.ok(short.ok);
		assert.bytes(short.value, "00000000000010000000000000000000");
	});

	it("enciphers the ISO 9564-1:2017 AES-128 example", () => {
		const v = CRYPTO_VECTORS.pinblock.find((p) => p.enciphered !== undefined)!;
		const key = aesCipher(hex(v.key!));
		const block = encryptPinBlock(key, 4, digits(v.pin!), v.pan!, new FixedRandom(hex(v.randomHalf!)));
		assert.ok(block.ok);
		assert.bytes(block.value, v.enciphered!);
	});

	it("deciphers the ep2 example and the short-PAN example (psec tests)", () => {
		const ep2 = decryptPinBlock(
			aesCipher(hex("C1D0F8FB4958670DBA40AB1F3752EF0D")),
			4,
			hex("CC17F65586BFD0953010226C4FC5B3CA"),
			"432198765432109870",
		);
		assert.ok(ep2.ok);
		assert.equal(pinText(ep2.value), "1234");
		const short = decryptPinBlock(aesCipher(hex("00112233445566778899AABBCCDDEEFF")), 4, hex("39B69B1B91FE05D48F7EF0D68EB2CBD6"), "1");
		assert.ok(short.ok);
		assert.equal(pinText(short.value), "123456");
	});

	it("fails to decode under the wrong PAN", () => {
		const key = aesCipher(hex("C1D0F8FB4958670DBA40AB1F3752EF0D"));
		assert.equal(decryptPinBlock(key, 4, hex("CC17F65586BFD0953010226C4FC5B3CA"), "432198765432109871").ok, false);
	});
});
