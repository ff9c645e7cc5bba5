import { assert } from "../../support/assert.js";
import { Sha256, sha256 } from "../../../src/crypto/sha256.js";
import { hmacSha256, pbkdf2Sha256 } from "../../../src/crypto/pbkdf2-sha256.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("SHA-256 (FIPS 180-4)", () => {
	// NIST CSRC "Examples with intermediate values": SHA256.pdf, SHA2_Additional.
	it('hashes the NIST one-block message "abc"', () => {
		assert.bytes(sha256(ascii("abc")), "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
	});

	it("hashes the empty message", () => {
		assert.bytes(sha256(new Uint8Array(0)), "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855");
	});

	it("hashes the NIST two-block message (448 bits, padding spills into a second block)", () => {
		assert.bytes(
			sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
			"248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1",
		);
	});

	it("hashes one million 'a' fed in uneven pieces", () => {
		const h = new Sha256();
		const piece = new Uint8Array(997).fill(0x61);
		let left = 1_000_000;
		while (left > 0) {
			const n = Math.min(left, piece.length);
			h.update(piece.subarray(0, n));
			left -= n;
		}
		assert.bytes(h.digest(), "CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0");
	});

	it("gives the same digest however the input is split", () => {
		const data = Uint8Array.from({ length: 200 }, (_v, i) => (i * 37) & 0xff);
		const whole = sha256(data);
		for (const cut of [1, 55, 56, 63, 64, 65, 128, 199]) {
			assert.deepEqual(new Sha256().update(data.subarray(0, cut)).update(data.subarray(cut)).digest(), whole, `split at ${cut}`);
		}
	});

	it("refuses to be used after digest()", () => {
		const h = new Sha256();
		h.digest();
		assert.throws(() => h.update(new Uint8Array(1)));
	});
});

describe("HMAC-SHA256 (RFC 4231) and PBKDF2-HMAC-SHA256 (RFC 8018)", () => {
	it("matches RFC 4231 test case 1", () => {
		assert.bytes(
			hmacSha256(new Uint8Array(20).fill(0x0b), ascii("Hi There")),
			"B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7",
		);
	});

	it("matches RFC 4231 test case 2 (short key)", () => {
		assert.bytes(
			hmacSha256(ascii("Jefe"), ascii("what do ya want for nothing?")),
			"5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843",
		);
	});

	it("matches RFC 4231 test case 6 (key longer than a block is hashed first)", () => {
		assert.bytes(
			hmacSha256(new Uint8Array(131).fill(0xaa), ascii("Test Using Larger Than Block-Size Key - Hash Key First")),
			"60E431591EE0B67F0D8A26AACBF5B77F8E0BC6213728C5140546040F0EE37F54",
		);
	});

	it("matches the RFC 7914 §11 PBKDF2-HMAC-SHA256 vector (c = 1, 64 bytes: two blocks)", () => {
		assert.bytes(
			pbkdf2Sha256(ascii("passwd"), ascii("salt"), 1, 64),
			"55AC046E56E3089FEC1691C22544B605F94185216DDE0465E68B9D57C20DACBC49CA9CCCF179B645991664B39D77EF317C71B845B1E30BD509112041D3A19783",
		);
	});

	it("iterates: 4096 rounds of 'password'/'salt' give the published 32-byte key", () => {
		assert.bytes(
			pbkdf2Sha256(ascii("password"), ascii("salt"), 4096, 32),
			"C5E478D59288C841AA530DB6845C4C8D962893A001CE4E11A4963873AA98134A",
		);
	});

	it("rejects zero iterations", () => {
		assert.throws(() => pbkdf2Sha256(ascii("p"), ascii("s"), 0, 32));
	});
});
