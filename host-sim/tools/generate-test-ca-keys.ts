// Writes host-sim/acquirer/test-ca-keys.ts: RSA certification-authority keys for the acquirer simulator's IC
// public key download, made once with Node's crypto (EMV 4.3 Book 2 §5.1: exponent 3 or 65537, moduli up to
// 248 bytes). They are TEST keys of this project, certify nothing real, and are kept as a fixture: run this
// again only to replace them on purpose (the private exponents let a test issue issuer certificates).
//
//   node host-sim/tools/run-ts.js host-sim/tools/generate-test-ca-keys.ts

import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./xs.js";

/** RID A000000333 (UnionPay), indexes chosen outside the ones UnionPay's own test keys use. */
const SPECS = [
	{ index: 0x80, bits: 1152, exponent: 3 },
	{ index: 0x81, bits: 1408, exponent: 65537 },
] as const;

const b64ToHex = (text: string) => Buffer.from(text, "base64url").toString("hex").toUpperCase();

const keys = SPECS.map(({ index, bits, exponent }) => {
	const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: exponent });
	const jwk = privateKey.export({ format: "jwk" });
	return { index, modulus: b64ToHex(jwk.n!), exponent: b64ToHex(jwk.e!), privateExponent: b64ToHex(jwk.d!) };
});

const body = keys
	.map(
		(k) =>
			`\t{\n\t\tindex: 0x${k.index.toString(16).toUpperCase()},\n\t\tmodulus: "${k.modulus}",\n\t\texponent: "${k.exponent}",\n\t\tprivateExponent: "${k.privateExponent}",\n\t},`,
	)
	.join("\n");

writeFileSync(
	join(repoRoot, "host-sim/acquirer/test-ca-keys.ts"),
	`// TEST certification-authority RSA keys of this project (RID A000000333), made once by
// host-sim/tools/generate-test-ca-keys.ts with Node's crypto: they certify nothing real. The acquirer simulator
// serves their public parts in its IC public key download; the private exponents are here so tests can issue
// issuer certificates under them. Platform-free.
//
// Public API: TEST_CA_RID, TEST_CA_KEYS.

export const TEST_CA_RID = "A000000333";

export const TEST_CA_KEYS = Object.freeze([
${body}
] as const);
`,
);
