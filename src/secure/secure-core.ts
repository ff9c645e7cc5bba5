// The secure PIN element's core, the same on the device and in the simulator: key store with typed key
// references and key separation, the device data key, PIN entry sessions that own the keypad, PIN rate
// limits that survive a reboot, DUKPT transactions, tamper zeroisation and the boot self-test.
// Platform-free: the device and the simulator give it a clock, the keypad's secure port, a random source
// and a record store of its own.
//
// `secureElementFacade(core)` (secure-element-facade.ts) is what goes into the Hal. `core.injection` is the
// key-injection facility's write-only side.

import type { Clock } from "../../hal/clock.js";
import type { RandomSource } from "../../hal/random.js";
import { err, ok, type Result } from "../../hal/result.js";
import {
	KEY_SLOTS,
	type EncryptedPin,
	type KeyRef,
	type KeyUsage,
	type PinEntryEnd,
	type PinEntryRequest,
	type PinEntrySession,
	type SecureElement,
	type SecureError,
	type SecureKeyInjection,
	type SecureKeypadPort,
} from "../../hal/secure-element.js";
import type { RecordStore } from "../../hal/storage.js";
import type { BlockCipher } from "../crypto/block-cipher.js";
import { constantTimeEqual, zeroise } from "../crypto/bytes.js";
import { cmac } from "../crypto/cmac.js";
import { cbcDecrypt, cbcEncrypt, ecbDecrypt, ecbEncrypt } from "../crypto/modes.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { unwrapSignInKeys } from "../keys/unionpay-working-keys.js";
import { cryptTrackDataBlock, TRACK_BLOCK_BYTES } from "../keys/track-data-block.js";
import { x919Mac } from "../mac/cbc-mac.js";
import { unionPayMac } from "../mac/unionpay-mac.js";
import { encryptPinBlock, PIN_MAX_LENGTH, PIN_MIN_LENGTH } from "../pin/pin-block.js";
import { DukptTransactions, dukptWorkingKey, type DukptMaterial, type DukptTransaction } from "./dukpt-transactions.js";
import { aesDukptMaterial, tdesDukptMaterial, tmkMaterial } from "./injected-key.js";
import { KeyStore, type SlotMaterial } from "./key-store.js";
import { knownAnswerTests, runKnownAnswerTests, type KnownAnswerTest } from "./known-answer-tests.js";
import { PinEntrySessionMachine } from "./pin-entry-session.js";
import { PinRateLimiter, type PinRateLimit } from "./pin-rate-limit.js";

export interface SecurePolicy extends PinRateLimit {
	/** Whole PIN entry timeout when the request names none, ms. */
	readonly pinEntryTimeoutMs: number;
	/** Inter-digit timeout when the request names none, ms. */
	readonly interDigitTimeoutMs: number;
}

/** PCI PTS B4/B8 readings (PCI PTS POI Modular Security Requirements): 60 s entry, 20 s between keys, ≥ 3 s apart, 120 per hour. */
export const DEFAULT_SECURE_POLICY: SecurePolicy = {
	pinEntryTimeoutMs: 60_000,
	interDigitTimeoutMs: 20_000,
	minIntervalMs: 3_000,
	maxPerHour: 120,
};

export interface SecureCoreParts {
	readonly clock: Clock;
	readonly keypad: SecureKeypadPort;
	readonly random: RandomSource;
	/** The element's own record store; the application must not be given it. */
	readonly vault: RecordStore;
	readonly policy?: Partial<SecurePolicy>;
	/** The ciphers and hash the element computes with: native on the device, JavaScript by default. */
	readonly primitives?: CryptoPrimitives;
	/** Replaces the known-answer tests (tests of the lock-on-failure path). */
	readonly knownAnswerTests?: readonly KnownAnswerTest[];
}

const PAN_PATTERN = /^[0-9]{1,19}$/;
/** AES-256 (PCI DSS 3.5 "strong cryptography" for cardholder data at rest). */
const DEVICE_DATA_KEY_BYTES = 32;

export class SecureCore implements SecureElement {
	readonly #clock: Clock;
	readonly #keypad: SecureKeypadPort;
	readonly #random: RandomSource;
	readonly #crypto: CryptoPrimitives;
	readonly #store: KeyStore;
	readonly #policy: SecurePolicy;
	readonly #limiter: PinRateLimiter;
	readonly #tests: readonly KnownAnswerTest[];
	readonly #transactions = new DukptTransactions();
	#failedAlgorithm: string | undefined;
	#session: PinEntrySessionMachine | undefined;

	constructor(parts: SecureCoreParts) {
		this.#clock = parts.clock;
		this.#keypad = parts.keypad;
		this.#random = parts.random;
		this.#crypto = parts.primitives ?? JS_PRIMITIVES;
		this.#store = new KeyStore(parts.vault, this.#crypto);
		this.#policy = { ...DEFAULT_SECURE_POLICY, ...parts.policy };
		this.#limiter = new PinRateLimiter(this.#policy, parts.clock, parts.vault);
		this.#tests = parts.knownAnswerTests ?? knownAnswerTests(this.#crypto);
		this.#failedAlgorithm = runKnownAnswerTests(this.#tests);
	}

	/** The result of the known-answer tests run when the element powered up. */
	selfTest(): Result<void, SecureError> {
		return this.#failedAlgorithm === undefined ? ok() : err({ kind: "self-test", algorithm: this.#failedAlgorithm });
	}

	get tampered(): boolean {
		return this.#store.zeroised;
	}

	zeroise(): void {
		this.#session?.end(err({ kind: "tamper" }));
		this.#transactions.closeAll();
		this.#store.zeroise();
	}

	key<U extends KeyUsage>(slot: string, usage: U): Result<KeyRef<U>, SecureError> {
		if (slot === KEY_SLOTS.deviceData && usage === "data") {
			const made = this.#deviceDataKey();
			if (!made.ok) return made;
		}
		const material = this.#material({ slot, usage }, usage);
		return material.ok ? ok(Object.freeze({ slot, usage })) : material;
	}

	/** Generates the device data key from the element's random source the first time it is asked for. */
	#deviceDataKey(): Result<void, SecureError> {
		if (this.#failedAlgorithm !== undefined || this.#store.zeroised || this.#store.get(KEY_SLOTS.deviceData) !== undefined) return ok();
		const key = new Uint8Array(DEVICE_DATA_KEY_BYTES);
		this.#random.fill(key);
		const stored = this.#store.replace(new Map([[KEY_SLOTS.deviceData, { kind: "key", usage: "data", key }]]));
		if (!stored.ok) key.fill(0);
		return stored;
	}

	/** Every key operation starts here: locked, zeroised, missing slot, or a usage the slot does not serve. */
	#material(ref: KeyRef, usage: KeyUsage): Result<SlotMaterial, SecureError> {
		if (this.#failedAlgorithm !== undefined) return err({ kind: "self-test", algorithm: this.#failedAlgorithm });
		if (this.#store.zeroised) return err({ kind: "tampered" });
		const material = this.#store.get(ref.slot);
		if (material === undefined) return err({ kind: "key-missing", slot: ref.slot });
		if (ref.usage !== usage || !this.#store.usagesOf(ref.slot).includes(usage))
			return err({ kind: "wrong-usage", slot: ref.slot, usage: ref.usage });
		return ok(material);
	}

	startPinEntry(request: PinEntryRequest): Result<PinEntrySession, SecureError> {
		if (!(PIN_MIN_LENGTH <= request.minLength && request.minLength <= request.maxLength && request.maxLength <= PIN_MAX_LENGTH)) {
			throw new RangeError(`PIN length ${request.minLength}..${request.maxLength} is outside ISO 9564-1's 4..12`);
		}
		const material = this.#material(request.key, "pin");
		if (!material.ok) return material;
		if (this.#session?.active) return err({ kind: "busy" });
		const aes = material.value.kind === "dukpt-aes";
		if (request.format === 2 || (request.format === 4) !== aes) return err({ kind: "format", format: request.format });
		if (!PAN_PATTERN.test(request.pan)) return err({ kind: "pan" });
		if (material.value.kind !== "key" && material.value.registers.exhausted) return err({ kind: "exhausted", slot: request.key.slot });
		const session = new PinEntrySessionMachine(
			this.#clock,
			this.#keypad,
			{
				minLength: request.minLength,
				maxLength: request.maxLength,
				timeoutMs: request.timeoutMs ?? this.#policy.pinEntryTimeoutMs,
				interDigitTimeoutMs: request.interDigitTimeoutMs ?? this.#policy.interDigitTimeoutMs,
				allowBypass: request.allowBypass,
				holdForPacing: request.holdForPacing === true,
			},
			(digits) => this.#encryptPin(request, digits),
			() => {
				if (this.#session === session) this.#session = undefined;
			},
		);
		this.#session = session;
		const wait = this.#limiter.retryAfterMs();
		// PCI PTS POI B8 limits encryptions, not keys: a short wait is served between ENTER and the encryption.
		if (wait > 0 && !(request.holdForPacing && wait <= this.#policy.minIntervalMs)) {
			this.#limiter.keepProgress();
			session.end(err({ kind: "rate-limited", retryAfterMs: wait }));
		} else session.begin();
		return ok(session.contractView());
	}

	#encryptPin(request: PinEntryRequest, digits: Uint8Array): Result<EncryptedPin, PinEntryEnd> {
		const wait = this.#limiter.retryAfterMs();
		if (wait > 0) return err({ kind: "rate-limited", retryAfterMs: wait });
		const material = this.#material(request.key, "pin");
		if (!material.ok) return err(material.error.kind === "tampered" ? { kind: "tamper" } : { kind: "key-missing" });
		let key: Uint8Array;
		let ksn: Uint8Array | undefined;
		if (material.value.kind === "key") key = material.value.key.slice();
		else {
			const transaction = this.#openTransaction(request.key.slot, material.value);
			if (!transaction.ok) return err({ kind: "key-missing" });
			ksn = transaction.value.ksn;
			key = dukptWorkingKey(material.value, transaction.value, "pin", this.#crypto);
		}
		const cipher: BlockCipher = request.format === 4 ? this.#crypto.aes(key) : this.#crypto.tdes(key);
		const block = encryptPinBlock(cipher, request.format, digits, request.pan, this.#random);
		cipher.wipe();
		key.fill(0);
		if (!block.ok) return err({ kind: "key-missing" });
		this.#limiter.record();
		return ok(ksn ? { pinBlock: block.value, ksn: ksn.slice() } : { pinBlock: block.value });
	}

	startDukptTransaction(slot: string): Result<Uint8Array, SecureError> {
		const material = this.#material({ slot, usage: "pin" }, "pin");
		if (!material.ok) return material;
		if (material.value.kind === "key") return err({ kind: "wrong-usage", slot, usage: "pin" });
		const transaction = this.#openTransaction(slot, material.value);
		return transaction.ok ? ok(transaction.value.ksn.slice()) : transaction;
	}

	/**
	 * Opens the slot's DUKPT transaction and derives the keys that follow once the caller is done: the next turn
	 * of the clock settles the registers and saves them (a power cut before that leaves the key marked taken,
	 * and the next transaction settles it first).
	 */
	#openTransaction(slot: string, material: DukptMaterial): Result<DukptTransaction, SecureError> {
		const transaction = this.#transactions.open(slot, material, () => this.#store.persist(slot));
		if (transaction.ok)
			this.#clock.after(0, () => {
				if (this.#store.get(slot) !== material || !material.registers.unsettled) return;
				material.registers.settle();
				this.#store.persist(slot);
			});
		return transaction;
	}

	mac(ref: KeyRef<"mac">, data: Uint8Array): Result<Uint8Array, SecureError> {
		return this.#computeMac(ref, data, "request");
	}

	verifyMac(ref: KeyRef<"mac">, data: Uint8Array, mac: Uint8Array): Result<boolean, SecureError> {
		const expected = this.#computeMac(ref, data, "response");
		if (!expected.ok) return expected;
		return ok(mac.length > 0 && mac.length <= expected.value.length && constantTimeEqual(expected.value.subarray(0, mac.length), mac));
	}

	#computeMac(ref: KeyRef<"mac">, data: Uint8Array, direction: "request" | "response"): Result<Uint8Array, SecureError> {
		const material = this.#material(ref, "mac");
		if (!material.ok) return material;
		const m = material.value;
		if (m.kind === "key") {
			const cipher = this.#crypto.tdes(m.key);
			const mac = unionPayMac(cipher, data);
			cipher.wipe();
			return ok(mac);
		}
		const transaction = this.#transactions.get(ref.slot);
		if (!transaction.ok) return transaction;
		if (m.kind === "dukpt-tdes") {
			const key = dukptWorkingKey(m, transaction.value, direction === "request" ? "mac-request" : "mac-response", this.#crypto);
			const mac = x919Mac(key, data, this.#crypto);
			key.fill(0);
			return ok(mac);
		}
		const key = dukptWorkingKey(m, transaction.value, direction === "request" ? "mac-generate" : "mac-verify", this.#crypto);
		const cipher = this.#crypto.aes(key);
		const mac = cmac(cipher, data).slice(0, 8);
		cipher.wipe();
		key.fill(0);
		return ok(mac);
	}

	encryptData(ref: KeyRef<"data">, data: Uint8Array): Result<Uint8Array, SecureError> {
		return this.#cryptData(ref, data, true);
	}

	decryptData(ref: KeyRef<"data">, data: Uint8Array): Result<Uint8Array, SecureError> {
		return this.#cryptData(ref, data, false);
	}

	#cryptData(ref: KeyRef<"data">, data: Uint8Array, encrypt: boolean): Result<Uint8Array, SecureError> {
		const material = this.#material(ref, "data");
		if (!material.ok) return material;
		const m = material.value;
		if (ref.slot === KEY_SLOTS.deviceData && m.kind === "key") return this.#cryptDeviceData(m.key, data, encrypt);
		let key: Uint8Array;
		if (m.kind === "key") key = m.key.slice();
		else {
			const transaction = this.#transactions.get(ref.slot);
			if (!transaction.ok) return transaction;
			key =
				m.kind === "dukpt-tdes"
					? dukptWorkingKey(m, transaction.value, encrypt ? "data-request" : "data-response", this.#crypto)
					: dukptWorkingKey(m, transaction.value, encrypt ? "data-encrypt" : "data-decrypt", this.#crypto);
		}
		const cipher = m.kind === "dukpt-aes" ? this.#crypto.aes(key) : this.#crypto.tdes(key);
		key.fill(0);
		if (data.length === 0 || data.length % cipher.blockSize !== 0) {
			cipher.wipe();
			return err({ kind: "data-length", blockSize: cipher.blockSize });
		}
		const iv = new Uint8Array(cipher.blockSize);
		const out =
			m.kind === "key"
				? encrypt
					? ecbEncrypt(cipher, data)
					: ecbDecrypt(cipher, data)
				: encrypt
					? cbcEncrypt(cipher, iv, data)
					: cbcDecrypt(cipher, iv, data);
		cipher.wipe();
		return ok(out);
	}

	encryptTrack(ref: KeyRef<"data">, packedTrack: Uint8Array): Result<Uint8Array, SecureError> {
		const material = this.#material(ref, "data");
		if (!material.ok) return material;
		if (ref.slot !== KEY_SLOTS.tdk || material.value.kind !== "key")
			return err({ kind: "wrong-usage", slot: ref.slot, usage: ref.usage });
		const cipher = this.#crypto.tdes(material.value.key);
		const out = cryptTrackDataBlock(cipher, packedTrack, "encrypt");
		cipher.wipe();
		return out ? ok(out) : err({ kind: "data-length", blockSize: TRACK_BLOCK_BYTES });
	}

	/** AES-256-CBC under the device data key: a fresh random IV per call, sent as IV ‖ ciphertext. */
	#cryptDeviceData(key: Uint8Array, data: Uint8Array, encrypt: boolean): Result<Uint8Array, SecureError> {
		const cipher = this.#crypto.aes(key);
		const block = cipher.blockSize;
		const body = encrypt ? data : data.subarray(block);
		if (body.length === 0 || body.length % block !== 0) {
			cipher.wipe();
			return err({ kind: "data-length", blockSize: block });
		}
		let out: Uint8Array;
		if (encrypt) {
			const iv = new Uint8Array(block);
			this.#random.fill(iv);
			out = new Uint8Array(block + data.length);
			out.set(iv);
			out.set(cbcEncrypt(cipher, iv, data), block);
		} else {
			out = cbcDecrypt(cipher, data.subarray(0, block), body);
		}
		cipher.wipe();
		return ok(out);
	}

	loadWorkingKeys(kek: KeyRef<"kek">, wrapped: Uint8Array): Result<readonly KeyRef[], SecureError> {
		const material = this.#material(kek, "kek");
		if (!material.ok) return material;
		if (material.value.kind !== "key") return err({ kind: "wrong-usage", slot: kek.slot, usage: kek.usage });
		const tmk = this.#crypto.tdes(material.value.key);
		const keys = unwrapSignInKeys(tmk, wrapped, this.#crypto);
		tmk.wipe();
		if (!keys.ok) {
			const e = keys.error;
			if (e.kind === "check-value") return err({ kind: "check-value", slot: e.key });
			return err({
				kind: "bad-key",
				slot: "field62",
				detail: e.kind === "field62-length" ? `field 62 of ${e.length} bytes` : "PIK, MAK and TDK must differ",
			});
		}
		const { pik, mak, tdk } = keys.value;
		const changes = new Map<string, SlotMaterial | undefined>([
			[KEY_SLOTS.pik, { kind: "key", usage: "pin", key: pik }],
			[KEY_SLOTS.mak, { kind: "key", usage: "mac", key: mak }],
			[KEY_SLOTS.tdk, tdk ? { kind: "key", usage: "data", key: tdk } : undefined],
		]);
		const stored = this.#store.replace(changes);
		if (!stored.ok) {
			zeroise(pik, mak, tdk);
			return stored;
		}
		const refs: KeyRef[] = [
			Object.freeze({ slot: KEY_SLOTS.pik, usage: "pin" as const }),
			Object.freeze({ slot: KEY_SLOTS.mak, usage: "mac" as const }),
		];
		if (tdk) refs.push(Object.freeze({ slot: KEY_SLOTS.tdk, usage: "data" as const }));
		return ok(refs);
	}

	passwordHash(password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number): Uint8Array {
		return this.#crypto.pbkdf2Sha256(password, salt, iterations, keyBytes);
	}

	/** The key-injection facility's write-only side. */
	readonly injection: SecureKeyInjection = Object.freeze({
		injectTmk: (key: Uint8Array, checkValue: Uint8Array) =>
			this.#inject(KEY_SLOTS.tmk, () => tmkMaterial(key, checkValue, this.#crypto)),
		injectTdesDukpt: (ipek: Uint8Array, initialKsn: Uint8Array) =>
			this.#inject(KEY_SLOTS.dukptTdes, () => tdesDukptMaterial(ipek, initialKsn, this.#crypto)),
		injectAesDukpt: (initialKey: Uint8Array, initialKeyId: Uint8Array) =>
			this.#inject(KEY_SLOTS.dukptAes, () => aesDukptMaterial(initialKey, initialKeyId, this.#crypto)),
	});

	/** Stores what `material` makes in `slot`, unless the element is locked or in a PIN entry session. */
	#inject(slot: string, material: () => Result<SlotMaterial, SecureError>): Result<void, SecureError> {
		if (this.#failedAlgorithm !== undefined) return err({ kind: "self-test", algorithm: this.#failedAlgorithm });
		if (this.#session?.active) return err({ kind: "busy" });
		this.#transactions.close(slot);
		const made = material();
		return made.ok ? this.#store.replace(new Map([[slot, made.value]]), true) : made;
	}
}
