// One PIN entry session inside the secure element: owns the keypad while it runs, keeps the digits in a
// 12-byte buffer that no one else sees, reports only the digit count, and ends exactly once — on ENTER
// (block built by the element), CANCEL, bypass, the whole-entry or inter-digit timeout, or tamper.
// The digit buffer is zeroed whenever the session ends.
//
// Public API: PinEntrySessionMachine.

import type { Clock, Timer } from "../../hal/clock.js";
import type { KeyEvent } from "../../hal/keypad.js";
import { Listeners } from "../../hal/listeners.js";
import type { Result, Unsubscribe } from "../../hal/result.js";
import { err } from "../../hal/result.js";
import type { EncryptedPin, PinEntryEnd, PinEntrySession, SecureKeypadPort } from "../../hal/secure-element.js";
import { PIN_MAX_LENGTH } from "../pin/pin-block.js";

export interface PinEntrySettings {
	readonly minLength: number;
	readonly maxLength: number;
	readonly timeoutMs: number;
	readonly interDigitTimeoutMs: number;
	readonly allowBypass: boolean;
	/** ENTER during a pacing wait encrypts when the wait is over instead of ending as "rate-limited". */
	readonly holdForPacing: boolean;
}

/** Builds the encrypted block from the digits (the caller zeroes nothing: the session does). */
export type PinEncryptor = (digits: Uint8Array) => Result<EncryptedPin, PinEntryEnd>;

export class PinEntrySessionMachine implements PinEntrySession {
	readonly result: Promise<Result<EncryptedPin, PinEntryEnd>>;
	readonly #clock: Clock;
	readonly #keypad: SecureKeypadPort;
	readonly #settings: PinEntrySettings;
	readonly #encrypt: PinEncryptor;
	readonly #onEnd: () => void;
	readonly #progress = new Listeners<number>();
	readonly #digits = new Uint8Array(PIN_MAX_LENGTH);
	#count = 0;
	#ended = false;
	/** Keys pressed during the session and not yet released: their releases are the element's too. */
	readonly #held = new Set<string>();
	#resolve!: (result: Result<EncryptedPin, PinEntryEnd>) => void;
	#whole: Timer | undefined;
	#pause: Timer | undefined;
	/** ENTER came during a pacing wait: the encryption waits for it; only CANCEL is read meanwhile. */
	#pacing: Timer | undefined;

	constructor(clock: Clock, keypad: SecureKeypadPort, settings: PinEntrySettings, encrypt: PinEncryptor, onEnd: () => void) {
		this.#clock = clock;
		this.#keypad = keypad;
		this.#settings = settings;
		this.#encrypt = encrypt;
		this.#onEnd = onEnd;
		this.result = new Promise((resolve) => {
			this.#resolve = resolve;
		});
	}

	/** Takes the keypad and starts the timers. */
	begin(): void {
		this.#keypad.capture((event) => this.#onKey(event));
		this.#whole = this.#clock.after(this.#settings.timeoutMs, () => this.end(err({ kind: "timeout" })));
		this.#restartPause();
	}

	onProgress(handler: (digits: number) => void): Unsubscribe {
		return this.#progress.add(handler);
	}

	cancel(): void {
		this.end(err({ kind: "cancel" }));
	}

	/** What the application gets: the contract's members only, frozen, not the machine. */
	contractView(): PinEntrySession {
		const machine = this;
		return Object.freeze({
			onProgress: (handler: (digits: number) => void) => this.onProgress(handler),
			result: this.result,
			cancel: () => this.cancel(),
			get pacing() {
				return machine.pacing;
			},
		});
	}

	get pacing(): boolean {
		return this.#pacing !== undefined;
	}

	get active(): boolean {
		return !this.#ended;
	}

	/** Ends the session (idempotent): zeroes the digits, releases the keypad, settles the result. */
	end(result: Result<EncryptedPin, PinEntryEnd>): void {
		if (this.#ended) return;
		this.#ended = true;
		this.#digits.fill(0);
		this.#count = 0;
		this.#whole?.cancel();
		this.#pause?.cancel();
		this.#pacing?.cancel();
		if (this.#held.size === 0) this.#keypad.capture(undefined);
		this.#onEnd();
		this.#resolve(result);
	}

	#restartPause(): void {
		this.#pause?.cancel();
		this.#pause = this.#clock.after(this.#settings.interDigitTimeoutMs, () => this.end(err({ kind: "timeout" })));
	}

	#onKey(event: KeyEvent): void {
		if (event.down) this.#held.add(event.key);
		else this.#held.delete(event.key);
		if (this.#ended) {
			// Draining: the releases of keys pressed in the session (ENTER…) never reach the application.
			if (this.#held.size === 0 || event.down) this.#keypad.capture(undefined);
			return;
		}
		if (!event.down) return;
		if (this.#pacing) {
			if (event.key === "CANCEL") this.end(err({ kind: "cancel" }));
			return;
		}
		this.#restartPause();
		const key = event.key;
		if (key.length === 1 && key >= "0" && key <= "9") {
			// ISO 9564-1: digits beyond the maximum length are ignored.
			if (this.#count >= this.#settings.maxLength) return;
			this.#digits[this.#count++] = key.charCodeAt(0) - 0x30;
			this.#progress.emit(this.#count);
		} else if (key === "CLEAR") {
			this.#digits.fill(0);
			this.#count = 0;
			this.#progress.emit(0);
		} else if (key === "CANCEL") {
			this.end(err({ kind: "cancel" }));
		} else if (key === "ENTER") {
			if (this.#count === 0 && this.#settings.allowBypass) this.end(err({ kind: "bypass" }));
			else if (this.#count >= this.#settings.minLength) this.#complete();
		}
	}

	/** Encrypts the digits, or (holding for pacing) waits out the interval the element asks for first. */
	#complete(): void {
		this.#pacing = undefined;
		const result = this.#encrypt(this.#digits.subarray(0, this.#count));
		if (result.ok || result.error.kind !== "rate-limited" || !this.#settings.holdForPacing) return this.end(result);
		this.#pause?.cancel();
		this.#pacing = this.#clock.after(result.error.retryAfterMs, () => this.#complete());
	}
}
