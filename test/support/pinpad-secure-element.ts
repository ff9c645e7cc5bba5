// A test double of the secure PIN element for application tests, until the host-sim secure element of
// issue 4 is merged: TestSecureElement (sign-in keys, MAC, format 0 PIN blocks) wrapped with PIN entry sessions fed
// by the keypad and a device data key. It only ever tells the application how many digits were typed.
// Platform-free.

import type { Clock } from "../../hal/clock.js";
import type { Keypad } from "../../hal/keypad.js";
import type { RandomSource } from "../../hal/random.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { EncryptedPin, KeyRef, KeyUsage, PinEntryEnd, PinEntryRequest, PinEntrySession, SecureElement, SecureError } from "../../hal/secure-element.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { ecbDecrypt, ecbEncrypt } from "../../src/crypto/modes.js";
import { DATA_KEY_SLOT } from "../../src/app/card-vault.js";
import { TestSecureElement } from "./test-secure-element.js";

const TEST_DATA_KEY = Uint8Array.of(0x13, 0x57, 0x9b, 0xdf, 0x02, 0x46, 0x8a, 0xce, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10);

export class PinPadSecureElement implements SecureElement {
	readonly #inner: TestSecureElement;
	#keypad: Keypad | undefined;
	#clock: Clock | undefined;
	#zeroised = false;
	/** PIN sessions started (tests check that PIN entry ran). */
	sessions = 0;

	constructor(tmk: Uint8Array, random: RandomSource) {
		this.#inner = new TestSecureElement(tmk, random);
	}

	/** Wires the keypad and clock of the HAL this element sits in. */
	attach(keypad: Keypad, clock: Clock): void {
		this.#keypad = keypad;
		this.#clock = clock;
	}

	get tampered(): boolean {
		return this.#zeroised;
	}

	selfTest(): Result<void, SecureError> {
		return this.#inner.selfTest();
	}

	zeroise(): void {
		this.#zeroised = true;
		this.#inner.zeroise();
	}

	mac(key: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError> {
		return this.#inner.mac(key, data);
	}

	loadWorkingKeys(kek: KeyRef, wrapped: Uint8Array): Result<readonly KeyRef[], SecureError> {
		return this.#inner.loadWorkingKeys(kek, wrapped);
	}

	key(slot: string, usage: KeyUsage): Result<KeyRef, SecureError> {
		if (slot === DATA_KEY_SLOT && usage === "data" && !this.#zeroised) return ok({ slot, usage });
		return this.#inner.key(slot, usage);
	}

	encryptData(ref: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError> {
		if (ref.slot !== DATA_KEY_SLOT || this.#zeroised) return err({ kind: "key-missing", slot: ref.slot });
		return ok(ecbEncrypt(tdesCipher(TEST_DATA_KEY), data));
	}

	decryptData(ref: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError> {
		if (ref.slot !== DATA_KEY_SLOT || this.#zeroised) return err({ kind: "key-missing", slot: ref.slot });
		return ok(ecbDecrypt(tdesCipher(TEST_DATA_KEY), data));
	}

	startPinEntry(request: PinEntryRequest): Result<PinEntrySession, SecureError> {
		const keypad = this.#keypad, clock = this.#clock;
		if (!keypad || !clock) return err({ kind: "busy" });
		const key = this.#inner.key(request.key.slot, "pin");
		if (!key.ok) return key;
		this.sessions++;
		let digits = "";
		const progress = new Set<(n: number) => void>();
		let finish: (r: Result<EncryptedPin, PinEntryEnd>) => void = () => undefined;
		const result = new Promise<Result<EncryptedPin, PinEntryEnd>>((resolve) => (finish = resolve));
		let done = false;
		const end = (r: Result<EncryptedPin, PinEntryEnd>) => {
			if (done) return;
			done = true;
			off();
			timer.cancel();
			digits = "";
			finish(r);
		};
		const timer = clock.after(request.timeoutMs, () => end(err({ kind: "timeout" })));
		const off = keypad.onKey((event) => {
			if (!event.down) return;
			if (event.key.length === 1 && event.key >= "0" && event.key <= "9") {
				if (digits.length < request.maxLength) digits += event.key;
			} else if (event.key === "CLEAR") digits = digits.slice(0, -1);
			else if (event.key === "CANCEL") return end(err({ kind: "cancel" }));
			else if (event.key === "ENTER") {
				if (digits.length === 0 && request.allowBypass) return end(err({ kind: "bypass" }));
				if (digits.length >= request.minLength) return end(ok({ pinBlock: this.#inner.pinBlock(digits, request.pan) }));
			}
			for (const handler of progress) handler(digits.length);
		});
		return ok({
			onProgress: (handler) => {
				progress.add(handler);
				return () => progress.delete(handler);
			},
			result,
			cancel: () => end(err({ kind: "cancel" })),
		});
	}
}
