// The secure element's native primitives (Moddable's modules/crypt, device/moddable/native-crypto.ts) and the
// JavaScript ones, run side by side in a real Moddable XS build (x-cli-lin: device/moddable/crypto-check) on the
// same vectors: crypto.json (test/support/crypto-vectors.ts), the element's known-answer tests, and cases
// OpenSSL computes here. Skipped, saying why, when $MODDABLE and mcconfig are not there.

import { strict as assert } from "node:assert";
import { cliProgramUnavailable } from "../../../host-sim/device/cli-program.js";
import { join } from "node:path";
import { buildCryptoCheck, crcCases, openSslCases, runCryptoCheck, type CheckLine } from "../../../host-sim/device/crypto-check.js";
import { repoRoot } from "../../../host-sim/tools/xs.js";
import { KNOWN_ANSWER_TESTS } from "../../../src/secure/known-answer-tests.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";

function names(checks: readonly CheckLine[], impl: CheckLine["impl"]): string[] {
	return checks.filter((c) => c.impl === impl).map((c) => c.name);
}

describe("crypto check: native primitives against the JavaScript ones (Moddable x-cli-lin)", function () {
	let binary = "";

	before(async function () {
		const why = cliProgramUnavailable();
		if (why !== undefined) {
			process.stdout.write(`      skipped: ${why} (source the Moddable SDK's environment to build device/moddable/crypto-check)\n`);
			this.skip();
		}
		this.timeout(600_000);
		binary = await buildCryptoCheck(join(repoRoot, "build/crypto-check"));
	});

	it("passes every vector, known-answer test and OpenSSL case on both, the same checks on each", async function () {
		this.timeout(120_000);
		const run = await runCryptoCheck(binary, { vectors: CRYPTO_VECTORS, ...openSslCases(), crc32: crcCases() });
		assert.ok(run.done, `the program did not finish: ${run.stderr}`);
		assert.deepEqual(
			run.checks.filter((c) => !c.ok),
			[],
		);
		const native = names(run.checks, "native");
		assert.deepEqual(native, names(run.checks, "javascript"));
		for (const test of KNOWN_ANSWER_TESTS) assert.ok(native.includes(`KAT ${test.algorithm}`), test.algorithm);
		for (const step of CRYPTO_VECTORS.tdesDukpt.sequence) assert.ok(native.includes(`TDES DUKPT ${step.ksn} PIN block`), step.ksn);
		for (const step of CRYPTO_VECTORS.aesDukpt.sequence) assert.ok(native.includes(`AES DUKPT ${step.ksn} PIN block`), step.ksn);
		assert.ok(native.includes("OpenSSL tdes 192-bit key decrypt"));
		assert.ok(native.includes("OpenSSL PBKDF2-HMAC-SHA256 1000 iterations"));
		assert.ok(native.includes("CRC-32 check value"));
		for (const n of crcCases().keys()) assert.ok(native.includes(`zlib CRC-32 case ${n + 1}`));
	});

	it("reports a case whose answer is wrong as failed, on both", async function () {
		this.timeout(120_000);
		const { blocks, pbkdf2 } = openSslCases();
		const wrong = (blocks as { ciphertext: string }[]).map((b) => ({ ...b, ciphertext: `00${b.ciphertext.slice(2)}` }));
		const crc32 = crcCases().map((c, n) => (n === 6 ? { ...c, crc: (c.crc ^ 0x80) >>> 0 } : c));
		const run = await runCryptoCheck(binary, { blocks: wrong, pbkdf2, crc32 });
		assert.ok(run.done, run.stderr);
		const failed = run.checks.filter((c) => !c.ok).map((c) => `${c.impl} ${c.name}`);
		for (const impl of ["native", "javascript"])
			for (const bits of [64, 128, 192, 256])
				assert.ok(failed.some((f) => f.startsWith(`${impl} OpenSSL`) && f.includes(`${bits}-bit key encrypt`)));
		assert.ok(!failed.some((f) => f.includes("KAT") || f.includes("PBKDF2")));
		for (const impl of ["native", "javascript"]) assert.ok(failed.includes(`${impl} zlib CRC-32 case 7`), impl);
		assert.equal(failed.filter((f) => f.includes("CRC-32")).length, 2);
	});
});
