import { assert } from "../../support/assert.js";
import { ascii, hex } from "../../support/hex.js";
import { CRYPTO_VECTORS } from "../../support/crypto-vectors.js";
import { TDES_DUKPT_INITIAL_SEQUENCE, TDES_DUKPT_ROLLOVER_SEQUENCE } from "../../support/tdes-dukpt-sequences.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { tdesCipher } from "../../../src/crypto/des.js";
import { x919Mac } from "../../../src/mac/cbc-mac.js";
import { encryptPinBlock, pinDigitsOf } from "../../../src/pin/pin-block.js";
import { DukptRegisters, keyAtCounter, popCount } from "../../../src/keys/dukpt-registers.js";
import {
	tdesDukptCounter,
	tdesDukptIpek,
	tdesDukptKsnWithCounter,
	tdesDukptScheme,
	tdesDukptTransactionKey,
	tdesDukptWorkingKey,
} from "../../../src/keys/tdes-dukpt.js";

const V = CRYPTO_VECTORS.tdesDukpt;
const random = new SeededRandom(3);

describe("TDES DUKPT (X9.24-1:2009 A.4)", () => {
	it("derives the IPEK from the BDK and initial KSN", () => {
		assert.bytes(tdesDukptIpek(hex(V.bdk), hex(V.initialKsn)), V.ipek);
	});

	for (const step of V.sequence) {
		it(`derives the transaction key, PIN block and request MAC for KSN ${step.ksn}`, () => {
			const ksn = hex(step.ksn);
			const key = tdesDukptTransactionKey(hex(V.ipek), ksn);
			assert.bytes(key, step.transactionKey);
			const pinKey = tdesDukptWorkingKey(key, "pin");
			if (step.pinVariantKey) assert.bytes(pinKey, step.pinVariantKey);
			const pin = pinDigitsOf(V.pin);
			assert.ok(pin.ok);
			const block = encryptPinBlock(tdesCipher(pinKey), 0, pin.value, V.pan, random);
			assert.ok(block.ok);
			assert.bytes(block.value, step.encryptedPinBlock);
			const mac = x919Mac(tdesDukptWorkingKey(key, "mac-request"), ascii(V.macMessageAscii));
			assert.bytes(mac.subarray(0, 4), step.requestMac);
		});
	}

	it("derives the response MACs of the A.4 table", () => {
		const expected = ["20364223", "D1FCA6BE", "BAD4CC9C", "1EB08AEE"];
		V.sequence.forEach((step, i) => {
			const key = tdesDukptTransactionKey(hex(V.ipek), hex(step.ksn));
			assert.bytes(x919Mac(tdesDukptWorkingKey(key, "mac-response"), ascii(V.macMessageAscii)).subarray(0, 4), expected[i]!);
		});
	});

	it("gives the data variants the one-way function (not just the mask)", () => {
		const key = hex(V.sequence[0]!.transactionKey);
		const masked = key.slice();
		masked[5]! ^= 0xff;
		masked[13]! ^= 0xff;
		const data = tdesDukptWorkingKey(key, "data-request");
		assert.notDeepEqual(data, masked);
		assert.deepEqual(
			data.subarray(0, 8),
			(() => {
				const out = new Uint8Array(8);
				tdesCipher(masked).encryptBlock(masked, 0, out, 0);
				return out;
			})(),
		);
	});

	it("reads and replaces the 21-bit counter", () => {
		const ksn = tdesDukptKsnWithCounter(hex(V.initialKsn), 0x1fffff);
		assert.bytes(ksn, "FFFF9876543210FFFFFF");
		assert.equal(tdesDukptCounter(ksn), 0x1fffff);
	});
});

describe("DUKPT future-key registers (TDES)", () => {
	const scheme = tdesDukptScheme(hex(V.initialKsn));
	const pin = Uint8Array.of(1, 2, 3, 4);

	function walk(registers: DukptRegisters, sequence: readonly (readonly [string, string, string])[]): void {
		for (const [ksn, transactionKey, pinBlock] of sequence) {
			assert.bytes(tdesDukptKsnWithCounter(hex(V.initialKsn), registers.counter), ksn);
			const key = registers.currentKey()!;
			assert.bytes(key, transactionKey, ksn);
			assert.deepEqual(tdesDukptTransactionKey(hex(V.ipek), hex(ksn)), key, "the host derivation agrees");
			const block = encryptPinBlock(tdesCipher(tdesDukptWorkingKey(key, "pin")), 0, pin, V.pan, random);
			assert.ok(block.ok);
			assert.bytes(block.value, pinBlock, ksn);
			registers.advance();
		}
	}

	it("walks the whole A.4.2 initial sequence (21 KSNs) from the IPEK", () => {
		walk(DukptRegisters.load(scheme, hex(V.ipek)), TDES_DUKPT_INITIAL_SEQUENCE);
	});

	it("walks the A.4.3 rollover sequence, skipping counters with more than 10 one-bits", () => {
		walk(DukptRegisters.at(scheme, hex(V.ipek), 0x0ff800), TDES_DUKPT_ROLLOVER_SEQUENCE);
	});

	it("gives the A.4 transaction keys in order, never keeping the IPEK", () => {
		const registers = DukptRegisters.load(scheme, hex(V.ipek));
		for (const step of V.sequence) {
			assert.equal(registers.counter, tdesDukptCounter(hex(step.ksn)));
			assert.bytes(registers.currentKey()!, step.transactionKey);
			registers.advance();
		}
		const saved = registers.save();
		assert.equal(saved.length, 4 + 21 * 16);
		const ipek = hex(V.ipek);
		for (let i = 4; i + 16 <= saved.length; i += 16) assert.notDeepEqual(saved.subarray(i, i + 16), ipek);
	});

	it("matches the host derivation over 300 transactions and skips counters with more than 10 one-bits", () => {
		const registers = DukptRegisters.load(scheme, hex(V.ipek));
		let previous = 0;
		for (let i = 0; i < 300; i++) {
			const c = registers.counter;
			assert.ok(c > previous && popCount(c) <= 10);
			previous = c;
			if (i % 37 === 0) assert.deepEqual(registers.currentKey(), keyAtCounter(scheme, hex(V.ipek), c));
			registers.advance();
		}
		const late = DukptRegisters.at(scheme, hex(V.ipek), 0b1111111111 << 3);
		late.advance();
		assert.equal(late.counter, 0b10000000000000, "adds the lowest set bit past a full counter");
	});

	it("survives save and restore", () => {
		const registers = DukptRegisters.load(scheme, hex(V.ipek));
		registers.advance();
		const restored = DukptRegisters.restore(scheme, registers.save())!;
		assert.equal(restored.counter, 2);
		assert.bytes(restored.currentKey()!, V.sequence[1]!.transactionKey);
		assert.equal(DukptRegisters.restore(scheme, new Uint8Array(10)), undefined);
	});

	it("takes a key at once and settles the keys that follow later, to the same keys and registers as advance", () => {
		const ipek = hex(V.ipek);
		// From 0x0ff800 the walk crosses 0x100000, where settling derives 20 keys.
		const stepwise = DukptRegisters.at(scheme, ipek, 0x0ff800);
		const deferred = DukptRegisters.at(scheme, ipek, 0x0ff800);
		for (let i = 0; i < 40; i++) {
			const expected = stepwise.currentKey()!;
			stepwise.advance();
			const counter = deferred.counter;
			const taken = deferred.take()!;
			assert.deepEqual(taken, expected, `counter ${counter.toString(16)}`);
			assert.equal(deferred.counter, stepwise.counter, "the counter moves on when the key is taken");
			assert.equal(deferred.unsettled, true);
			if (i % 2 === 0) deferred.settle();
			else {
				// A power cut before settling: the saved registers mark the key taken, and the next key settles first.
				const saved = deferred.save();
				assert.equal(saved.length, 4 + 21 * 16 + 4);
				const restored = DukptRegisters.restore(scheme, saved)!;
				assert.equal(restored.unsettled, true);
				assert.deepEqual(restored.currentKey(), keyAtCounter(scheme, ipek, restored.counter));
				deferred.settle();
			}
			assert.equal(deferred.unsettled, false);
			assert.deepEqual(deferred.save(), stepwise.save());
		}
	});

	it("stops cleanly when the counter is exhausted", () => {
		const last = 0x1ff800; // the ten top bits: the final usable counter
		const registers = DukptRegisters.at(scheme, hex(V.ipek), last);
		assert.deepEqual(registers.currentKey(), keyAtCounter(scheme, hex(V.ipek), last));
		registers.advance();
		assert.equal(registers.exhausted, true);
		assert.equal(registers.currentKey(), undefined);
		registers.advance();
		assert.equal(registers.exhausted, true);
	});
});
