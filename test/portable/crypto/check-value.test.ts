import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { aesCheckValue, desCheckValue, sm4CheckValue } from "../../../src/keys/check-value.js";

describe("key check values", () => {
	it("gives the UnionPay 4-byte and the 3-byte TDES check value", () => {
		const v = CRYPTO_VECTORS.kcv[0]!;
		assert.bytes(desCheckValue(hex(v.key)), v.kcv4);
		assert.bytes(desCheckValue(hex(v.key), 3), v.kcv4.slice(0, 6));
	});

	it("uses single DES for an 8-byte key (DES of zeros under 0123456789ABCDEF)", () => {
		assert.bytes(desCheckValue(hex("0123456789ABCDEF")), "D5D44FF7");
	});

	it("uses the CMAC of a zero block for AES (RFC 4493 key, 16 zero bytes)", () => {
		const kcv = aesCheckValue(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
		assert.equal(kcv.length, 5);
		assert.notDeepEqual(kcv, aesCheckValue(hex("2B7E151628AED2A6ABF7158809CF4F3D")));
	});

	it("encrypts a zero block for SM4", () => {
		assert.equal(sm4CheckValue(hex("0123456789ABCDEFFEDCBA9876543210")).length, 4);
	});
});
