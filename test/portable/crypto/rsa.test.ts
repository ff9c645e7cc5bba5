// The RSA operations of src/crypto/rsa.ts: byte ⇄ integer conversions at every length modulo 4, square-and-
// multiply against a worked example, and the private operation (CRT) undone by the public one for the test keys
// of host-sim/chip/test-keys.ts (e = 3 and e = 65537). Public vectors for recovery: test/portable/emv/certificates.test.ts.
import { assert } from "../../support/assert.js";
import { hex, toHex } from "../../support/hex.js";
import { bigIntToBytes, bytesToBigInt, modPow, rsaPrivate, rsaPublic } from "../../../src/crypto/rsa.js";
import { TEST_CA_KEY, TEST_CARD_KEYS } from "../../../host-sim/chip/test-keys.js";

describe("RSA over BigInt", () => {
	it("converts big-endian bytes to integers and back at every length modulo 4, and refuses what does not fit", () => {
		for (const h of ["", "01", "0102", "010203", "01020304", "0102030405", "FF00FF00FF00FF00FF"]) {
			const x = bytesToBigInt(hex(h));
			assert.equal(x, h === "" ? 0n : BigInt(`0x${h}`), h);
			assert.bytes(bigIntToBytes(x, h.length / 2)!, h);
		}
		assert.bytes(bigIntToBytes(0x0102n, 5)!, "0000000102");
		assert.equal(bigIntToBytes(0x010203n, 2), undefined);
		assert.equal(bigIntToBytes(0x0100000000n, 4), undefined);
	});

	it("modPow: 4^13 mod 497 = 445 (the worked example of Wikipedia's Modular exponentiation article), e = 3 and e = 65537 against repeated multiplication", () => {
		assert.equal(modPow(4n, 13n, 497n), 445n);
		assert.equal(modPow(1234567n, 3n, 99991n), (1234567n % 99991n) ** 3n % 99991n);
		// 7^65536 by 16 squarings, then one more multiplication for 65537 = 2^16 + 1.
		let r = 7n;
		for (let i = 0; i < 16; i++) r = (r * r) % 1000003n;
		assert.equal(modPow(7n, 65537n, 1000003n), (r * 7n) % 1000003n);
		assert.equal(modPow(5n, 0n, 13n), 1n);
	});

	it("the private operation (CRT) is undone by the public one for the CA key (e = 3) and an issuer key (e = 65537)", () => {
		for (const key of [TEST_CA_KEY, TEST_CARD_KEYS["pboc-debit"]!.issuer]) {
			const k = { modulus: hex(key.modulus), p: hex(key.p), q: hex(key.q), dp: hex(key.dp), dq: hex(key.dq), qInv: hex(key.qInv) };
			const message = new Uint8Array(k.modulus.length).map((_, i) => (i * 29 + 7) & 0xff);
			message[0] = 0x6a;
			const signature = rsaPrivate(k, message)!;
			assert.equal(toHex(rsaPublic(k.modulus, hex(key.exponent), signature)!), toHex(message));
		}
	});

	it("refuses an input as long as the modulus but not below it, and one longer than it", () => {
		const n = hex(TEST_CA_KEY.modulus);
		assert.equal(rsaPublic(n, hex("03"), n), undefined);
		assert.equal(rsaPublic(n, hex("03"), new Uint8Array(n.length + 1)), undefined);
	});
});
