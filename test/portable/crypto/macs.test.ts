import { assert } from "../../support/assert.js";
import { ascii, hex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { desCipher, tdesCipher } from "../../../src/crypto/des.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import { cmac } from "../../../src/crypto/cmac.js";
import { cbcMac, retailMac, x919Mac } from "../../../src/mac/cbc-mac.js";
import { padIso9797 } from "../../../src/mac/iso9797-padding.js";
import { unionPayMac, unionPayMacVerify } from "../../../src/mac/unionpay-mac.js";

describe("UnionPay POS ECB MAC", () => {
	it("computes field 64 of the published example", () => {
		const v = CRYPTO_VECTORS.mac[0]!;
		const mac = unionPayMac(desCipher(hex(v.key)), hex(v.data!));
		assert.bytes(mac, v.macBytes!);
		assert.equal(String.fromCharCode(...mac), v.mac);
	});

	it("verifies its own MAC and rejects one flipped bit in the MAB or the MAC", () => {
		const mak = desCipher(hex("2222222222222222"));
		const mab = hex("1234567890ABCDEFABCDEF1234567890");
		assert.ok(unionPayMacVerify(mak, mab, hex("4532363742364532")));
		const tampered = mab.slice();
		tampered[5]! ^= 0x10;
		assert.equal(unionPayMacVerify(mak, tampered, hex("4532363742364532")), false);
		assert.equal(unionPayMacVerify(mak, mab, hex("4532363742364533")), false);
	});

	it("zero-pads a MAB that is not a whole number of blocks", () => {
		const mak = tdesCipher(hex("0123456789ABCDEFFEDCBA9876543210"));
		assert.deepEqual(unionPayMac(mak, hex("0200302004")), unionPayMac(mak, hex("0200302004000000")));
	});
});

describe("ISO 9797-1 and X9.19 MACs", () => {
	it("computes algorithm 1 with 2-key TDES and padding methods 1, 2 and 3 (psec vectors)", () => {
		const v = CRYPTO_VECTORS.mac[1]!;
		const cipher = tdesCipher(hex(v.key));
		const data = ascii(v.dataAscii!);
		assert.bytes(cbcMac(cipher, data, 1), v.padding1!);
		assert.bytes(cbcMac(cipher, data, 2), v.padding2!);
		assert.bytes(cbcMac(cipher, data, 3), v.padding3!);
		const w = CRYPTO_VECTORS.mac[2]!;
		assert.bytes(cbcMac(tdesCipher(hex(w.key)), hex(w.data!), 2), w.padding2!);
	});

	it("pads by the three methods", () => {
		assert.bytes(padIso9797(hex("0102"), 1, 8), "0102000000000000");
		assert.bytes(padIso9797(hex("0102030405060708"), 1, 8), "0102030405060708");
		assert.bytes(padIso9797(new Uint8Array(0), 1, 8), "0000000000000000");
		assert.bytes(padIso9797(hex("0102030405060708"), 2, 8), "01020304050607088000000000000000");
		assert.bytes(padIso9797(hex("0102"), 3, 8), "00000000000000100102000000000000");
	});

	it("computes the X9.19 retail MAC of the X9.24-1 A.4 message under the first request-MAC key", () => {
		// Transaction key of KSN …E00001 XOR the request-MAC variant (ANSI X9.24-1:2009).
		const key = hex("042666B49184CFA368DE9628D0397BC9");
		key[6]! ^= 0xff;
		key[14]! ^= 0xff;
		const v = CRYPTO_VECTORS.tdesDukpt;
		assert.bytes(x919Mac(key, ascii(v.macMessageAscii)), v.sequence[0]!.requestMacFull!);
	});

	it("makes algorithm 3 equal to algorithm 1 when K′ = K, and differ otherwise", () => {
		const data = ascii("hello world");
		const k = hex("0123456789ABCDEF");
		assert.deepEqual(retailMac(hex("0123456789ABCDEF0123456789ABCDEF"), data, 2), cbcMac(desCipher(k), data, 2));
		assert.notDeepEqual(retailMac(hex("0123456789ABCDEFFEDCBA9876543210"), data, 2), cbcMac(desCipher(k), data, 2));
	});
});

describe("AES-CMAC", () => {
	const key = aesCipher(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
	const message = hex(
		"6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710",
	);
	it("matches the RFC 4493 examples for 0, 16, 40 and 64 bytes", () => {
		assert.bytes(cmac(key, new Uint8Array(0)), "BB1D6929E95937287FA37D129B756746");
		assert.bytes(cmac(key, message.subarray(0, 16)), "070A16B46B4D4144F79BDD9DD04A287C");
		assert.bytes(cmac(key, message.subarray(0, 40)), "DFA66747DE9AE63030CA32611497C827");
		assert.bytes(cmac(key, message), "51F0BEBF7E3B9D92FC49741779363CFE");
	});
});
