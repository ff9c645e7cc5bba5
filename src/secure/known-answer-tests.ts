// The boot self-test (PCI PTS POI B1): one known-answer test per algorithm the element uses, on the
// public vectors of the standards named below, run through the primitives the element computes with (native
// on the device), so a wrong native binding locks the element at power-up. Any failure locks the element.
//
// Public API: KnownAnswerTest, knownAnswerTests, KNOWN_ANSWER_TESTS, runKnownAnswerTests.

import type { RandomSource } from "../../hal/random.js";
import { cmac } from "../crypto/cmac.js";
import { ecbDecrypt, ecbEncrypt } from "../crypto/modes.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { sm4Cipher } from "../crypto/sm4.js";
import { aesDukptInitialKey, aesDukptTransactionKey, aesDukptWorkingKey } from "../keys/aes-dukpt.js";
import { desCheckValue } from "../keys/check-value.js";
import { tdesDukptIpek, tdesDukptTransactionKey, tdesDukptWorkingKey } from "../keys/tdes-dukpt.js";
import { x919Mac } from "../mac/cbc-mac.js";
import { unionPayMac } from "../mac/unionpay-mac.js";
import { encryptPinBlock } from "../pin/pin-block.js";

export interface KnownAnswerTest {
	readonly algorithm: string;
	/** true when the computed answer equals the known one. */
	run(): boolean;
}

function bytes(hex: string): Uint8Array {
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}

function same(actual: Uint8Array, expectedHex: string): boolean {
	const expected = bytes(expectedHex);
	if (actual.length !== expected.length) return false;
	let diff = 0;
	for (let i = 0; i < expected.length; i++) diff |= actual[i]! ^ expected[i]!;
	return diff === 0;
}

/** A random source that gives a fixed pattern: the KAT PIN blocks must be deterministic. */
const FIXED_FILL: RandomSource = { fill: (out) => out.fill(0xff) };

const ASCII = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The tests, computed with `crypto` (SM4 is JavaScript everywhere). */
export function knownAnswerTests(crypto: CryptoPrimitives): readonly KnownAnswerTest[] {
	return [
		// FIPS 81 / Schneier example.
		{
			algorithm: "DES",
			run: () => same(ecbEncrypt(crypto.des(bytes("0123456789ABCDEF")), bytes("4E6F772069732074")), "3FA40E8A984D4815"),
		},
		// Key check value of a 2-key TDES key: E_K(0), leftmost 4 bytes (ANSI X9.24-1).
		{ algorithm: "TDES", run: () => same(desCheckValue(bytes("807A23AD32B36D457AE91FDF927570EA"), 4, crypto), "8D0A74B8") },
		// NIST SP 800-67 Rev. 1 example (3-key), decrypted: a TMK may be triple length.
		{
			algorithm: "TDES 3-key decrypt",
			run: () =>
				same(
					ecbDecrypt(
						crypto.tdes(bytes("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123")),
						bytes("A826FD8CE53B855FCCE21C8112256FE6"),
					),
					"54686520717566636B2062726F776E20",
				),
		},
		// RFC 4231 test case 2.
		{
			algorithm: "HMAC-SHA256",
			run: () =>
				same(
					crypto.hmacSha256(ASCII("Jefe")).mac(ASCII("what do ya want for nothing?")),
					"5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843",
				),
		},
		// FIPS 197 Appendix C.1 and C.3.
		{
			algorithm: "AES-128",
			run: () =>
				same(
					ecbEncrypt(crypto.aes(bytes("000102030405060708090A0B0C0D0E0F")), bytes("00112233445566778899AABBCCDDEEFF")),
					"69C4E0D86A7B0430D8CDB78070B4C55A",
				),
		},
		{
			algorithm: "AES-256",
			run: () =>
				same(
					ecbEncrypt(
						crypto.aes(bytes("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")),
						bytes("00112233445566778899AABBCCDDEEFF"),
					),
					"8EA2B7CA516745BFEAFC49904B496089",
				),
		},
		// GB/T 32907-2016 example 1.
		{
			algorithm: "SM4",
			run: () =>
				same(
					ecbEncrypt(sm4Cipher(bytes("0123456789ABCDEFFEDCBA9876543210")), bytes("0123456789ABCDEFFEDCBA9876543210")),
					"681EDF34D206965E86B3E94F536E4246",
				),
		},
		// RFC 4493 example 2.
		{
			algorithm: "AES-CMAC",
			run: () =>
				same(
					cmac(crypto.aes(bytes("2B7E151628AED2A6ABF7158809CF4F3C")), bytes("6BC1BEE22E409F96E93D7E117393172A")),
					"070A16B46B4D4144F79BDD9DD04A287C",
				),
		},
		// The public UnionPay POS MAC vector of solo123/pgate (test/integration/pos_mac_test.rb).
		{
			algorithm: "UnionPay MAC",
			run: () =>
				same(unionPayMac(crypto.des(bytes("2222222222222222")), bytes("1234567890ABCDEFABCDEF1234567890")), "4532363742364532"),
		},
		// X9.24-1:2009 A.4, KSN …E00001: IPEK, transaction key, request MAC, PIN block.
		{
			algorithm: "TDES DUKPT",
			run: () =>
				same(
					tdesDukptIpek(bytes("0123456789ABCDEFFEDCBA9876543210"), bytes("FFFF9876543210E00000"), crypto),
					"6AC292FAA1315B4D858AB3A3D7D5933A",
				),
		},
		{
			algorithm: "X9.19 MAC",
			run: () => {
				const key = tdesDukptTransactionKey(bytes("6AC292FAA1315B4D858AB3A3D7D5933A"), bytes("FFFF9876543210E00001"), crypto);
				return same(
					x919Mac(tdesDukptWorkingKey(key, "mac-request", crypto), ASCII("4012345678909D987"), crypto),
					"9CCC78173FC4FB64",
				);
			},
		},
		{
			algorithm: "PIN block format 0",
			run: () => {
				const key = tdesDukptWorkingKey(bytes("042666B49184CFA368DE9628D0397BC9"), "pin", crypto);
				const block = encryptPinBlock(crypto.tdes(key), 0, Uint8Array.of(1, 2, 3, 4), "4012345678909", FIXED_FILL);
				return block.ok && same(block.value, "1B9C1845EB993A7A");
			},
		},
		// X9.24-3:2017 supplement, AES-128, KSN …00000001.
		{
			algorithm: "AES DUKPT",
			run: () => {
				const ik = aesDukptInitialKey(bytes("FEDCBA9876543210F1F1F1F1F1F1F1F1"), bytes("1234567890123456"), crypto);
				const ksn = bytes("123456789012345600000001");
				return (
					same(ik, "1273671EA26AC29AFA4D1084127652A1") &&
					same(
						aesDukptWorkingKey(aesDukptTransactionKey(ik, ksn, crypto), ksn, "pin", "aes128", crypto),
						"AF8CB133A78F8DC2D1359F18527593FB",
					)
				);
			},
		},
		// ISO 9564-1:2017 format 4 example.
		{
			algorithm: "PIN block format 4",
			run: () => {
				const block = encryptPinBlock(
					crypto.aes(bytes("00112233445566778899AABBCCDDEEFF")),
					4,
					Uint8Array.of(1, 2, 3, 4),
					"1234567890123456789",
					FIXED_FILL,
				);
				return block.ok && same(block.value, "28B41FDDD29B743E93124BD8E32D921E");
			},
		},
	];
}

/** The tests on the JavaScript primitives (host-sim and the reference). */
export const KNOWN_ANSWER_TESTS: readonly KnownAnswerTest[] = knownAnswerTests(JS_PRIMITIVES);

/** The algorithm of the first failing test, or undefined when all pass. */
export function runKnownAnswerTests(tests: readonly KnownAnswerTest[]): string | undefined {
	for (const test of tests) {
		let passed = false;
		try {
			passed = test.run();
		} catch {
			passed = false;
		}
		if (!passed) return test.algorithm;
	}
	return undefined;
}
