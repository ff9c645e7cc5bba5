// Costs of the crypto core on the XS engine: what a PIN entry, a MAC'd message and a sign-in cost.

import { bench, measurementRows } from "../xs/bench.js";
import { aesCipher } from "../../src/crypto/aes.js";
import { cmac } from "../../src/crypto/cmac.js";
import { desCipher, tdesCipher } from "../../src/crypto/des.js";
import { sm4Cipher } from "../../src/crypto/sm4.js";
import { aesDukptKsn, aesDukptTransactionKey, aesDukptWorkingKey } from "../../src/keys/aes-dukpt.js";
import { tdesDukptKsnWithCounter, tdesDukptTransactionKey, tdesDukptWorkingKey } from "../../src/keys/tdes-dukpt.js";
import { unwrapSignInKeys, wrapSignInKeys } from "../../src/keys/unionpay-working-keys.js";
import { unionPayMac } from "../../src/mac/unionpay-mac.js";
import { encryptPinBlock } from "../../src/pin/pin-block.js";
import { KNOWN_ANSWER_TESTS, runKnownAnswerTests } from "../../src/secure/known-answer-tests.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";

const random = new SeededRandom(9);
const pin = Uint8Array.of(1, 2, 3, 4, 5, 6);
const pan = "6228480402564890018";
const message = new Uint8Array(200).map((_, i) => (i * 37) & 0xff);

const tdes = DEFAULT_TERMINAL_KEYS.tdesDukpt;
// 0x1FF800: the ten top counter bits, the most one-bits a TDES DUKPT counter may have.
const tdesKsn = tdesDukptKsnWithCounter(tdes.initialKsn, 0x1ff800);
const tdesPin = bench.measure("TDES DUKPT PIN block, counter with 10 one-bits (derive + format 0)", 20, () => {
	const key = tdesDukptWorkingKey(tdesDukptTransactionKey(tdes.ipek, tdesKsn), "pin");
	encryptPinBlock(tdesCipher(key), 0, pin, pan, random);
});

const aes = DEFAULT_TERMINAL_KEYS.aesDukpt;
// 0xFFFF0000: sixteen one-bits, the most an AES DUKPT counter may have.
const aesKsn = aesDukptKsn(aes.initialKeyId, 0xffff0000);
const aesPin = bench.measure("AES-128 DUKPT PIN block, counter with 16 one-bits (derive + format 4)", 20, () => {
	const key = aesDukptWorkingKey(aesDukptTransactionKey(aes.initialKey, aesKsn), aesKsn, "pin", "aes128");
	encryptPinBlock(aesCipher(key), 4, pin, pan, random);
});

const mak = desCipher(Uint8Array.of(0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22));
const cupMac = bench.measure("UnionPay ECB MAC over 200 bytes (single-DES MAK)", 500, () => {
	unionPayMac(mak, message);
});
const mak2 = tdesCipher(DEFAULT_TERMINAL_KEYS.tmk);
const cupMac2 = bench.measure("UnionPay ECB MAC over 200 bytes (double-length MAK)", 500, () => {
	unionPayMac(mak2, message);
});

// The JavaScript primitives, as host-sim runs them. The device computes with Moddable's native ones; its budget
// (issue 15: PIN block + MAC of a sale ≤ 5 ms) is checked on that path: `npm run bench -- --instructions native`.
const saleMessage = message.subarray(0, 165);
const pinAndMac = bench.measure("PIN block + MAC of a sale, JavaScript (TDES DUKPT, 10 one-bits; UnionPay MAC over 165 bytes)", 20, () => {
	const key = tdesDukptWorkingKey(tdesDukptTransactionKey(tdes.ipek, tdesKsn), "pin");
	encryptPinBlock(tdesCipher(key), 0, pin, pan, random);
	unionPayMac(mak2, saleMessage);
});

const aesKey = aesCipher(aes.initialKey);
const aesCmac = bench.measure("AES-CMAC over 200 bytes", 500, () => {
	cmac(aesKey, message);
});

const sm4 = sm4Cipher(aes.initialKey);
const block = new Uint8Array(16);
const sm4Block = bench.measure("SM4 block (key schedule done)", 2000, () => {
	sm4.encryptBlock(block, 0, block, 0);
});
const sm4Schedule = bench.measure("SM4 key schedule", 500, () => {
	sm4Cipher(aes.initialKey);
});
const tdesBlock = bench.measure("TDES block (key schedule done)", 2000, () => {
	mak2.encryptBlock(block, 0, block, 0);
});
const aesBlock = bench.measure("AES-128 block (key schedule done)", 2000, () => {
	aesKey.encryptBlock(block, 0, block, 0);
});

const tmk = tdesCipher(DEFAULT_TERMINAL_KEYS.tmk);
const field62 = wrapSignInKeys(tmk, {
	pik: Uint8Array.of(1, 35, 69, 103, 137, 171, 205, 239, 254, 220, 186, 152, 118, 84, 50, 16),
	mak: Uint8Array.of(0x5b, 0x2d, 0x3c, 0x4e, 0x5f, 0x60, 0x71, 0x82),
	tdk: Uint8Array.of(0x6c, 0x3e, 0x4d, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9, 0x0a, 0x1b),
});
const unwrap = bench.measure("sign-in key unwrap (field 62 of 60 bytes: PIK, MAK, TDK + check values)", 100, () => {
	unwrapSignInKeys(tmk, field62);
});

const selfTest = bench.measure(`boot self-test (${KNOWN_ANSWER_TESTS.length} known-answer tests)`, 20, () => {
	if (runKnownAnswerTests(KNOWN_ANSWER_TESTS) !== undefined) throw new Error("self-test failed");
});

bench.table(
	"crypto core",
	measurementRows([tdesPin, aesPin, cupMac, pinAndMac, cupMac2, aesCmac, sm4Block, sm4Schedule, tdesBlock, aesBlock, unwrap, selfTest]),
);
