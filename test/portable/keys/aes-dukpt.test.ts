import { assert } from "../../support/assert.js";
import { hex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { FixedRandom } from "../../support/fixed-random.js";
import { aesCipher } from "../../../src/crypto/aes.js";
import { decryptPinBlock, encryptPinBlock, pinDigitsOf } from "../../../src/pin/pin-block.js";
import { DukptRegisters, keyAtCounter } from "../../../src/keys/dukpt-registers.js";
import { aesDukptCounter, aesDukptInitialKey, aesDukptKsn, aesDukptScheme, aesDukptTransactionKey, aesDukptWorkingKey } from "../../../src/keys/aes-dukpt.js";

const V = CRYPTO_VECTORS.aesDukpt;

describe("AES DUKPT (X9.24-3:2017, AES-128)", () => {
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
			assert.equal(decryptPinBlock(aesCipher(key), 4, block.value, V.pan).ok, false, "the transaction key itself must not decrypt it");
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

	it("runs the 32 registers with an AES-256 initial key, matching the host derivation", () => {
		const bdk = hex("FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210F1F1F1F1F1F1F1F1");
		const ik = aesDukptInitialKey(bdk, hex(V.initialKeyId));
		assert.equal(ik.length, 32);
		const scheme = aesDukptScheme(hex(V.initialKeyId), 32);
		const registers = DukptRegisters.load(scheme, ik);
		for (let i = 0; i < 40; i++) registers.advance();
		const ksn = aesDukptKsn(hex(V.initialKeyId), registers.counter);
		assert.equal(aesDukptCounter(ksn), 41);
		assert.deepEqual(registers.currentKey(), aesDukptTransactionKey(ik, ksn));
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
