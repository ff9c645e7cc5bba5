// Writes host-sim/acquirer/test-ca-keys.ts: the second RSA certification-authority key of the acquirer simulator's
// IC public key download (the first is the virtual cards' CA, host-sim/tools/make-chip-keys.ts), made once with Node's crypto (EMV 4.3 Book 2 §5.1: exponent 3 or 65537, moduli up to
// 248 bytes). They are TEST keys of this project, certify nothing real, and are kept as a fixture: run this
// again only to replace them on purpose (the private exponents let a test issue issuer certificates).
//
//   node host-sim/tools/run-ts.js host-sim/tools/generate-test-ca-keys.ts

import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./xs.js";

/** RID A000000333 (UnionPay), indexes chosen outside the ones UnionPay's own test keys use. */
const SPECS = [{ index: 0x82, bits: 1408, exponent: 65537 }] as const;

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
	`// A second TEST certification-authority RSA key of this project (RID A000000333, index 82, 1408 bits, e = 65537),
// made once by host-sim/tools/generate-test-ca-keys.ts with Node's crypto: it certifies nothing real. The
// acquirer simulator serves it beside the virtual cards' CA key (host-sim/chip/test-keys.ts, index 80), so a
// download holds keys of both exponents; the private exponent lets a test issue certificates under it. Index 81
// stays unknown to the terminal: the virtual cards' "unknown-ca" fault names it. Platform-free.
//
// Public API: TEST_CA_RID, TEST_CA_KEYS.

export const TEST_CA_RID = "A000000333";

export const TEST_CA_KEYS = Object.freeze([
${body}
] as const);
`,
);
