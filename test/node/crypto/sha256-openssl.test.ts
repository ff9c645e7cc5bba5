// Cross-check of src/crypto against OpenSSL (Node's crypto) on random inputs.

import { strict as assert } from "node:assert";
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import fc from "fast-check";
import { sha256 } from "../../../src/crypto/sha256.js";
import { hmacSha256, pbkdf2Sha256 } from "../../../src/crypto/pbkdf2-sha256.js";

describe("src/crypto agrees with OpenSSL", () => {
	it("SHA-256 of random messages up to 300 bytes", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
				assert.equal(Buffer.from(sha256(data)).toString("hex"), createHash("sha256").update(data).digest("hex"));
			}),
			{ numRuns: 300 },
		);
	});

	it("HMAC-SHA256 with random keys (including keys longer than a block)", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 150 }), (key, data) => {
				assert.equal(Buffer.from(hmacSha256(key, data)).toString("hex"), createHmac("sha256", key).update(data).digest("hex"));
			}),
			{ numRuns: 200 },
		);
	});

	it("PBKDF2-HMAC-SHA256 with random passwords, salts, iteration counts and lengths", () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 40 }),
				fc.uint8Array({ maxLength: 40 }),
				fc.integer({ min: 1, max: 50 }),
				fc.integer({ min: 1, max: 80 }),
				(p, s, c, n) => {
					assert.equal(Buffer.from(pbkdf2Sha256(p, s, c, n)).toString("hex"), pbkdf2Sync(p, s, c, n, "sha256").toString("hex"));
				},
			),
			{ numRuns: 60 },
		);
	});
});
