import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { CRYPTO_VECTORS } from "../support/crypto-vectors.js";

describe("test/support/crypto-vectors.ts", () => {
	it("is the same data as /work/shared/vectors/crypto.json", () => {
		const json: unknown = JSON.parse(readFileSync("/work/shared/vectors/crypto.json", "utf8"));
		assert.deepEqual(CRYPTO_VECTORS, json);
	});
});
