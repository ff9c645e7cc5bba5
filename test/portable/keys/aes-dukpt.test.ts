import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { FixedRandom } from "../../support/fixed-random.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import { decryptPinBlock, encryptPinBlock, pinDigitsOf } from "../../../src/pin/pin-block.js";
import { DukptRegisters, keyAtCounter } from "../../../src/keys/dukpt-registers.js";
import {
	aesDukptCounter,
	aesDukptInitialKey,
	aesDukptKsn,
	aesDukptScheme,
	aesDukptTransactionKey,
	aesDukptWorkingKey,
} from "../../../src/keys/aes-dukpt.js";

const V = CRYPTO_VECTORS.aesDukpt;

describe("AES DUKPT (X9.24-3:2017)", () => {
	it("derives the initial key from the BDK and IK ID", () => {
		assert.bytes(aesDukptInitialKey(hex(V.bdk), hex(V.initialKeyId)), V.initialKey);
	});

	for (const step of V.sequence) {
		it(`derives the transaction key, working keys and format-4 PIN block for KSN ${step.ksn}`, () => {
			const ksn = hex(step.ksn);
			const key = aesDukptTransactionKey(hex(V.initialKey), ksn);
			assert.bytes(key, step.transactionKey);
			const pinKey = aesDukptWorkingKey(key, ksn, "pin", "aes128");
			assert.bytes(pinKey, step.pinKey);
			assert.bytes(aesDukptWorkingKey(key, ksn, "mac-generate", "aes128"), step.macGenKey);
			assert.bytes(aesDukptWorkingKey(key, ksn, "data-encrypt", "aes128"), step.dataEncKey);
			const pin = pinDigitsOf(V.pin);
			assert.ok(pin.ok);
			const block = encryptPinBlock(aesCipher(pinKey), 4, pin.value, V.pan, new FixedRandom(hex(V.pinFieldRandomHalf)));
			assert.ok(block.ok);
			assert.bytes(block.value, step.encryptedPinBlock);
			const back = decryptPinBlock(aesCipher(pinKey), 4, block.value, V.pan);
			assert.ok(back.ok);
			assert.equal(back.value.join(""), "1234");
			assert.equal(
				decryptPinBlock(aesCipher(key), 4, block.value, V.pan).ok,
				false,
				"the transaction key itself must not decrypt it",
			);
		});
	}

	it("derives working keys of other types and lengths (AES-256, 2TDEA, 3TDEA)", () => {
		const ksn = hex(V.sequence[0]!.ksn);
		const key = hex(V.sequence[0]!.transactionKey);
		assert.equal(aesDukptWorkingKey(key, ksn, "pin", "aes256").length, 32);
		assert.equal(aesDukptWorkingKey(key, ksn, "pin", "tdes2").length, 16);
		assert.equal(aesDukptWorkingKey(key, ksn, "pin", "tdes3").length, 24);
		assert.notDeepEqual(aesDukptWorkingKey(key, ksn, "pin", "tdes2"), aesDukptWorkingKey(key, ksn, "pin", "aes128"));
	});

	// ANSI X9.24-3:2017 supplement, AES-256 BDK (as quoted in openemv/dukpt test/dukpt_aes256_test.c).
	const BDK256 = "FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210F1F1F1F1F1F1F1F1";
	const IK256 = "CE9CE0C101D1138F97FB6CAD4DF045A7083D4EAE2D35A31789D01CCF0949550F";
	const TX256: readonly [number, string][] = [
		[0x00000001, "54AC2B32B145EA4A554CB8BC44B17467063A799856B1CCC2A138D36E8DBF78B3"],
		[0x00000002, "5DD5A0253842BBBE1D7C0DA27021412C6F1FAB53FB928DEAE56DA06090A9DE97"],
		[0x0001fffe, "A289508CBF1228452CD86AB77B15CB35577AC828C18BB66681E5A16D6C9CCED3"],
		[0x00020000, "D62DDA94A47D7DA5D763443B4ECB15EA8DD62E0E4F915958BA459591F8312E37"],
		[0x00020001, "44110A1102748D4A3AC326F53D8CAC650212590CA7126D54546DDE0F20E89CEE"],
		[0xfffe2000, "4625EB06E4886D4AFCC9AE37ED4F4E4E1653C9E60E3F24742A87A26AA96AB7A6"],
		[0xfffe4000, "FF20E1BB575539ACCB44E3111BE8757F83AE8549A2DD71B441A4A424F7FFD4B1"],
		[0xfffe8000, "630535C9C53E1EC6524016930B56F6728909C45403536B419AEBCB25B7351C07"],
		[0xffff0000, "6D6DB7AAAE8B3EA90E57A39E4BBA71E173B21B446B30A78D64BFC6A8806C55EE"],
	];

	it("derives the AES-256 supplement's initial key and transaction keys, first, rollover and last", () => {
		const ik = aesDukptInitialKey(hex(BDK256), hex(V.initialKeyId));
		assert.bytes(ik, IK256);
		for (const [counter, key] of TX256)
			assert.bytes(aesDukptTransactionKey(ik, aesDukptKsn(hex(V.initialKeyId), counter)), key, `counter ${counter.toString(16)}`);
	});

	it("walks the AES-256 registers over the rollover (skipping 0x1FFFF) and through the last counters to exhaustion", () => {
		const scheme = aesDukptScheme(hex(V.initialKeyId), 32);
		const ik = hex(IK256);
		const rollover = DukptRegisters.at(scheme, ik, 0x1fffe);
		const seen: [number, Uint8Array][] = [];
		for (let i = 0; i < 3; i++) {
			seen.push([rollover.counter, rollover.currentKey()!]);
			rollover.advance();
		}
		const last = DukptRegisters.at(scheme, ik, 0xfffe2000);
		while (!last.exhausted) {
			seen.push([last.counter, last.currentKey()!]);
			last.advance();
		}
		const expected = TX256.slice(2);
		assert.deepEqual(
			seen.map(([c]) => c),
			expected.map(([c]) => c),
		);
		seen.forEach(([, key], i) => assert.bytes(key, expected[i]![1]));
		const fresh = DukptRegisters.load(scheme, ik);
		assert.bytes(fresh.currentKey()!, TX256[0]![1]);
		fresh.advance();
		assert.bytes(fresh.currentKey()!, TX256[1]![1]);
	});

	it("skips counters with more than 16 one-bits and stops at the end of the 32-bit counter", () => {
		const scheme = aesDukptScheme(hex(V.initialKeyId), 16);
		const ik = hex(V.initialKey);
		const full = DukptRegisters.at(scheme, ik, 0xffff);
		full.advance();
		assert.equal(full.counter, 0x10000);
		const last = DukptRegisters.at(scheme, ik, 0xffff0000);
		assert.deepEqual(last.currentKey(), keyAtCounter(scheme, ik, 0xffff0000));
		last.advance();
		assert.equal(last.exhausted, true);
	});
});
