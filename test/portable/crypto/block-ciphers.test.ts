import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { desCipher, tdesCipher } from "../../../src/crypto/des.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import { sm4Cipher } from "../../../src/crypto/sm4.js";
import { cbcDecrypt, cbcEncrypt, ecbDecrypt, ecbEncrypt } from "../../../src/crypto/modes.js";
import type { BlockCipher } from "../../../src/crypto/block-cipher.js";

function encrypt(cipher: BlockCipher, plain: string): Uint8Array {
	return ecbEncrypt(cipher, hex(plain));
}

describe("DES and TDES", () => {
	it("encrypts the FIPS 81 / Schneier DES example and decrypts it back", () => {
		const des = desCipher(hex("0123456789ABCDEF"));
		assert.bytes(encrypt(des, "4E6F772069732074"), "3FA40E8A984D4815");
		assert.bytes(ecbDecrypt(des, hex("3FA40E8A984D4815")), "4E6F772069732074");
	});

	it("matches the NIST SP 800-17 variable-plaintext known answers for DES (key 0101…01)", () => {
		const des = desCipher(hex("0101010101010101"));
		assert.bytes(encrypt(des, "8000000000000000"), "95F8A5E5DD31D900");
		assert.bytes(encrypt(des, "4000000000000000"), "DD7F121CA5015619");
		assert.bytes(encrypt(des, "0000000000000001"), "166B40B44ABA4BD6");
	});

	it("treats a 2-key TDES key as K1‖K2‖K1 and a K1=K2 key as single DES", () => {
		const k1 = hex("0123456789ABCDEF"),
			k2 = hex("FEDCBA9876543210");
		const manual = hex("0011223344556677");
		desCipher(k1).encryptBlock(manual, 0, manual, 0);
		desCipher(k2).decryptBlock(manual, 0, manual, 0);
		desCipher(k1).encryptBlock(manual, 0, manual, 0);
		const two = encrypt(tdesCipher(hex("0123456789ABCDEFFEDCBA9876543210")), "0011223344556677");
		assert.deepEqual(two, manual);
		const three = encrypt(tdesCipher(hex("0123456789ABCDEFFEDCBA98765432100123456789ABCDEF")), "0011223344556677");
		assert.deepEqual(three, manual);
		assert.deepEqual(
			encrypt(tdesCipher(hex("0123456789ABCDEF0123456789ABCDEF")), "0011223344556677"),
			encrypt(desCipher(k1), "0011223344556677"),
		);
	});

	it("rejects keys of the wrong length", () => {
		assert.throws(() => desCipher(new Uint8Array(16)), RangeError);
		assert.throws(() => tdesCipher(new Uint8Array(12)), RangeError);
	});

	it("round-trips CBC and chains blocks (a changed first block changes every later block)", () => {
		const cipher = tdesCipher(hex("0123456789ABCDEFFEDCBA9876543210"));
		const iv = hex("1234567890ABCDEF");
		const data = hex("00112233445566778899AABBCCDDEEFF0011223344556677");
		const ct = cbcEncrypt(cipher, iv, data);
		assert.deepEqual(cbcDecrypt(cipher, iv, ct), data);
		const changed = data.slice();
		changed[0]! ^= 1;
		const ct2 = cbcEncrypt(cipher, iv, changed);
		for (let block = 0; block < 3; block++)
			assert.notDeepEqual(ct2.subarray(8 * block, 8 * block + 8), ct.subarray(8 * block, 8 * block + 8));
		assert.throws(() => cbcEncrypt(cipher, iv, new Uint8Array(7)), RangeError);
	});
});

describe("AES", () => {
	const plain = "00112233445566778899AABBCCDDEEFF";
	it("matches the FIPS 197 Appendix C examples for 128-, 192- and 256-bit keys", () => {
		assert.bytes(encrypt(aesCipher(hex("000102030405060708090A0B0C0D0E0F")), plain), "69C4E0D86A7B0430D8CDB78070B4C55A");
		assert.bytes(
			encrypt(aesCipher(hex("000102030405060708090A0B0C0D0E0F1011121314151617")), plain),
			"DDA97CA4864CDFE06EAF70A0EC0D7191",
		);
		const k256 = aesCipher(hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"));
		assert.bytes(encrypt(k256, plain), "8EA2B7CA516745BFEAFC49904B496089");
		assert.bytes(ecbDecrypt(k256, hex("8EA2B7CA516745BFEAFC49904B496089")), plain);
	});

	it("matches the SP 800-38A F.2.1 CBC-AES128 example", () => {
		const cipher = aesCipher(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
		const iv = hex("000102030405060708090A0B0C0D0E0F");
		const ct = cbcEncrypt(cipher, iv, hex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"));
		assert.bytes(ct, "7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B2");
		assert.bytes(cbcDecrypt(cipher, iv, ct), "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51");
	});
});

describe("SM4", () => {
	it("matches GB/T 32907-2016 example 1 both ways", () => {
		const v = CRYPTO_VECTORS.sm4[0]!;
		const cipher = sm4Cipher(hex(v.key));
		assert.bytes(encrypt(cipher, v.plaintext), v.ciphertext);
		assert.bytes(ecbDecrypt(cipher, hex(v.ciphertext)), v.plaintext);
	});

	it("round-trips SM4-CBC", () => {
		const cipher = sm4Cipher(hex("0123456789ABCDEFFEDCBA9876543210"));
		const iv = hex("000102030405060708090A0B0C0D0E0F");
		const data = hex("0123456789ABCDEFFEDCBA98765432100123456789ABCDEFFEDCBA9876543210");
		assert.deepEqual(cbcDecrypt(cipher, iv, cbcEncrypt(cipher, iv, data)), data);
	});
});
