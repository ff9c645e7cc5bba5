import { assert } from "../../support/assert.js";
import { ascii } from "../../support/hex.js";
import { sha1 } from "../../../src/crypto/sha1.js";

// FIPS 180-2 Appendix A (A.1 one block, A.2 two blocks) and the empty message (FIPS 180 example values).
describe("SHA-1", () => {
	it("hashes the FIPS 180-2 Appendix A messages and the empty message", () => {
		assert.bytes(sha1(ascii("abc")), "A9993E364706816ABA3E25717850C26C9CD0D89D");
		assert.bytes(sha1(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")), "84983E441C3BD26EBAAE4AA1F95129E5E54670F1");
		assert.bytes(sha1(new Uint8Array(0)), "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
	});
});
