// `node host-sim/tools/run-ts.js host-sim/tools/make-chip-keys.ts`: generates, once, the RSA TEST keys the virtual
// chip cards are certified with (host-sim/chip/test-keys.ts): a test certification authority (1152 bits, e = 3),
// and per card profile an issuer key (1024 bits, e = 65537) and an ICC key (768 bits, e = 3), with Node's
// crypto. Sizes after EMV 4.3 Book 2 §11.2: the issuer key longer than the CA certificate's room (N_CA − 36)
// and the ICC key longer than N_I − 42, so both remainders (92, 9F48) are exercised. Running it again replaces
// every key and so every certificate the cards carry; the tests compute what they check from the fixture.

import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./xs.js";

function b64urlToHex(s: string): string {
	return Buffer.from(s, "base64url").toString("hex").toUpperCase();
}

function keyPair(bits: number, exponent: number): Record<string, string> {
	const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: exponent });
	const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
	return {
		modulus: b64urlToHex(jwk.n!),
		exponent: b64urlToHex(jwk.e!),
		p: b64urlToHex(jwk.p!),
		q: b64urlToHex(jwk.q!),
		dp: b64urlToHex(jwk.dp!),
		dq: b64urlToHex(jwk.dq!),
		qInv: b64urlToHex(jwk.qi!),
	};
}

const PROFILES = ["pboc-debit", "pboc-credit", "quickpass"];

const sets = Object.fromEntries(PROFILES.map((name) => [name, { issuer: keyPair(1024, 65537), icc: keyPair(768, 3) }]));
const text = `// TEST KEYS, generated once by host-sim/tools/make-chip-keys.ts with Node's crypto; never use them for anything but
// the simulator and the tests. The private halves are here so the virtual cards can sign: a test certification
// authority (RID A000000333, index TEST_CA_INDEX, 1152 bits, e = 3) and per card profile an issuer key pair
// (1024 bits, e = 65537) and an ICC key pair (768 bits, e = 3). Platform-free.
//
// Public API: TEST_CA_RID, TEST_CA_INDEX, TEST_CA_KEY, TEST_CARD_KEYS.

import type { TestKeyPair } from "./card-signer.js";

export const TEST_CA_RID = "A000000333";
export const TEST_CA_INDEX = 0x80;

export const TEST_CA_KEY: TestKeyPair = ${JSON.stringify(keyPair(1152, 3), null, "\t")};

export const TEST_CARD_KEYS: Readonly<Record<string, { readonly issuer: TestKeyPair; readonly icc: TestKeyPair }>> = ${JSON.stringify(sets, null, "\t")};
`;
const out = join(repoRoot, "host-sim/chip/test-keys.ts");
writeFileSync(out, text);
console.log(`wrote ${out}`);
