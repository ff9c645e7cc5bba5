// The vector checks of the crypto check program: every vector of the shared file (../shared/vectors/crypto.json,
// handed in on stdin), the element's known-answer tests, and the cases the Node test computed with OpenSSL, run
// through one set of primitives. main.ts runs them on the native set and on the JavaScript set.
//
// Public API: CheckInput, Check, bytes, vectorChecks.

import type { RandomSource } from "../../../hal/random.js";
import { bytesToHex, hexToBytes } from "../../../src/factory/hex-text.js";
import { ecbDecrypt, ecbEncrypt } from "../../../src/crypto/modes.js";
import type { CryptoPrimitives } from "../../../src/crypto/primitives.js";
import { aesDukptInitialKey, aesDukptTransactionKey, aesDukptWorkingKey } from "../../../src/keys/aes-dukpt.js";
import { desCheckValue } from "../../../src/keys/check-value.js";
import { tdesDukptIpek, tdesDukptTransactionKey, tdesDukptWorkingKey } from "../../../src/keys/tdes-dukpt.js";
import { cbcMac, x919Mac } from "../../../src/mac/cbc-mac.js";
import { unionPayMac } from "../../../src/mac/unionpay-mac.js";
import { encryptPinBlock } from "../../../src/pin/pin-block.js";
import { knownAnswerTests } from "../../../src/secure/known-answer-tests.js";

type Hex = string;

/** The parts of crypto.json these checks read, and the OpenSSL cases (hex, upper or lower case). */
export interface CheckInput {
	/** crypto.json; absent when only measuring. */
	readonly vectors?: {
		readonly tdesDukpt: {
			readonly bdk: Hex;
			readonly initialKsn: Hex;
			readonly ipek: Hex;
			readonly pin: string;
			readonly pan: string;
			readonly macMessageAscii: string;
			readonly sequence: readonly {
				ksn: Hex;
				transactionKey: Hex;
				pinVariantKey?: Hex;
				encryptedPinBlock: Hex;
				requestMac: Hex;
			}[];
		};
		readonly aesDukpt: {
			readonly bdk: Hex;
			readonly initialKeyId: Hex;
			readonly initialKey: Hex;
			readonly pin: string;
			readonly pan: string;
			readonly pinFieldRandomHalf: Hex;
			readonly sequence: readonly {
				ksn: Hex;
				transactionKey: Hex;
				pinKey: Hex;
				macGenKey: Hex;
				dataEncKey: Hex;
				encryptedPinBlock: Hex;
			}[];
		};
		readonly mac: readonly {
			algorithm: string;
			key: Hex;
			data?: Hex;
			dataAscii?: string;
			macBytes?: Hex;
			padding1?: Hex;
			padding2?: Hex;
			padding3?: Hex;
		}[];
		readonly kcv: readonly { key: Hex; kcv4: Hex }[];
		readonly pinblock: readonly { format: number; key?: Hex; pin?: string; pan?: string; randomHalf?: Hex; enciphered?: Hex }[];
	};
	/** Block cipher cases computed by OpenSSL (Node's crypto) in the test. */
	readonly blocks: readonly { cipher: "des" | "tdes" | "aes"; key: Hex; plaintext: Hex; ciphertext: Hex }[];
	/** PBKDF2-HMAC-SHA256 cases computed by OpenSSL. */
	readonly pbkdf2: readonly { password: Hex; salt: Hex; iterations: number; hash: Hex }[];
}

export interface Check {
	readonly name: string;
	readonly ok: boolean;
}

/** The bytes of a vector's hex; a malformed vector is an error of the input. */
export function bytes(text: string): Uint8Array {
	const out = hexToBytes(text);
	if (out === undefined) throw new RangeError(`not hex: ${text}`);
	return out;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const digits = (pin: string) => Uint8Array.from(pin, (c) => c.charCodeAt(0) - 0x30);
/** Fills from a fixed byte string: the vectors' "random" halves. */
const fixed = (fill: Uint8Array): RandomSource => ({ fill: (out) => out.set(fill.subarray(0, out.length)) });

/** Every check on `crypto`; an exception counts as a failure of that check. */
export function vectorChecks(crypto: CryptoPrimitives, input: CheckInput): Check[] {
	const checks: Check[] = [];
	const expect: Expect = (name, actual, expected) => {
		let ok = false;
		try {
			const value = actual();
			ok = value !== undefined && bytesToHex(value) === expected.toUpperCase();
		} catch {
			ok = false;
		}
		checks.push({ name, ok });
	};
	for (const test of knownAnswerTests(crypto)) checks.push({ name: `KAT ${test.algorithm}`, ok: runs(test.run) });

	if (input.vectors) sharedVectorChecks(crypto, input.vectors, expect);
	for (const block of input.blocks) {
		const cipher = () => crypto[block.cipher](bytes(block.key));
		const name = `OpenSSL ${block.cipher} ${block.key.length * 4}-bit key`;
		expect(`${name} encrypt`, () => ecbEncrypt(cipher(), bytes(block.plaintext)), block.ciphertext);
		expect(`${name} decrypt`, () => ecbDecrypt(cipher(), bytes(block.ciphertext)), block.plaintext);
	}
	for (const vector of input.pbkdf2)
		expect(
			`OpenSSL PBKDF2-HMAC-SHA256 ${vector.iterations} iterations`,
			() => crypto.pbkdf2Sha256(bytes(vector.password), bytes(vector.salt), vector.iterations, vector.hash.length / 2),
			vector.hash,
		);
	return checks;
}

type Expect = (name: string, actual: () => Uint8Array | undefined, expected: Hex) => void;

/** The vectors of crypto.json. */
function sharedVectorChecks(crypto: CryptoPrimitives, vectors: NonNullable<CheckInput["vectors"]>, expect: Expect): void {
	const tdes = vectors.tdesDukpt;
	expect("TDES DUKPT IPEK", () => tdesDukptIpek(bytes(tdes.bdk), bytes(tdes.initialKsn), crypto), tdes.ipek);
	for (const step of tdes.sequence) {
		const ksn = bytes(step.ksn);
		const key = () => tdesDukptTransactionKey(bytes(tdes.ipek), ksn, crypto);
		expect(`TDES DUKPT ${step.ksn} transaction key`, key, step.transactionKey);
		const pinKey = () => tdesDukptWorkingKey(key(), "pin", crypto);
		if (step.pinVariantKey !== undefined) expect(`TDES DUKPT ${step.ksn} PIN key`, pinKey, step.pinVariantKey);
		expect(
			`TDES DUKPT ${step.ksn} PIN block`,
			() => pinBlock(crypto.tdes(pinKey()), 0, tdes.pin, tdes.pan, new Uint8Array(8)),
			step.encryptedPinBlock,
		);
		expect(
			`TDES DUKPT ${step.ksn} X9.19 request MAC`,
			() => x919Mac(tdesDukptWorkingKey(key(), "mac-request", crypto), ascii(tdes.macMessageAscii), crypto).subarray(0, 4),
			step.requestMac,
		);
	}

	const aes = vectors.aesDukpt;
	expect("AES DUKPT initial key", () => aesDukptInitialKey(bytes(aes.bdk), bytes(aes.initialKeyId), crypto), aes.initialKey);
	for (const step of aes.sequence) {
		const ksn = bytes(step.ksn);
		const key = () => aesDukptTransactionKey(bytes(aes.initialKey), ksn, crypto);
		expect(`AES DUKPT ${step.ksn} transaction key`, key, step.transactionKey);
		expect(`AES DUKPT ${step.ksn} PIN key`, () => aesDukptWorkingKey(key(), ksn, "pin", "aes128", crypto), step.pinKey);
		expect(`AES DUKPT ${step.ksn} MAC key`, () => aesDukptWorkingKey(key(), ksn, "mac-generate", "aes128", crypto), step.macGenKey);
		expect(`AES DUKPT ${step.ksn} data key`, () => aesDukptWorkingKey(key(), ksn, "data-encrypt", "aes128", crypto), step.dataEncKey);
		expect(
			`AES DUKPT ${step.ksn} PIN block`,
			() => pinBlock(crypto.aes(bytes(step.pinKey)), 4, aes.pin, aes.pan, bytes(aes.pinFieldRandomHalf)),
			step.encryptedPinBlock,
		);
	}

	for (const vector of vectors.mac) {
		const data = vector.data !== undefined ? bytes(vector.data) : ascii(vector.dataAscii ?? "");
		if (vector.macBytes !== undefined)
			expect(`${vector.algorithm} ${vector.key}`, () => unionPayMac(crypto.des(bytes(vector.key)), data), vector.macBytes);
		for (const padding of [1, 2, 3] as const) {
			const mac = vector[`padding${padding}`];
			if (mac !== undefined)
				expect(
					`${vector.algorithm} ${vector.key} padding ${padding}`,
					() => cbcMac(crypto.tdes(bytes(vector.key)), data, padding),
					mac,
				);
		}
	}
	for (const vector of vectors.kcv) expect(`KCV ${vector.key}`, () => desCheckValue(bytes(vector.key), 4, crypto), vector.kcv4);
	for (const vector of vectors.pinblock) {
		if (vector.enciphered === undefined || vector.key === undefined) continue;
		const { key, pin = "", pan = "", randomHalf = "" } = vector;
		expect(
			`PIN block format ${vector.format} ${pan}`,
			() => pinBlock(crypto.aes(bytes(key)), 4, pin, pan, bytes(randomHalf)),
			vector.enciphered,
		);
	}
}

function runs(test: () => boolean): boolean {
	try {
		return test();
	} catch {
		return false;
	}
}

function pinBlock(
	cipher: ReturnType<CryptoPrimitives["aes"]>,
	format: 0 | 4,
	pin: string,
	pan: string,
	fill: Uint8Array,
): Uint8Array | undefined {
	const block = encryptPinBlock(cipher, format, digits(pin), pan, fixed(fill));
	return block.ok ? block.value : undefined;
}
