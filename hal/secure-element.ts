// The secure PIN element (PCI PTS POI Modular Security Requirements). The application asks for PIN entry sessions and key
// operations by reference; key material and the clear PIN never cross this boundary.
//
// Keypad ownership: the element is built on the physical keypad's `SecureKeypadPort`. While a PIN entry
// session runs, the keypad hands every key to the element and to nobody else; the application sees only
// the digit count (`onProgress`) and the session's end. Outside a session the element takes no keys.
//
// Key separation: every slot has a fixed usage; a `KeyRef<"pin">` only reaches PIN entry, a
// `KeyRef<"mac">` only MACs, a `KeyRef<"data">` only data encryption, a `KeyRef<"kek">` only unwraps
// working keys. The element checks the slot's usage again at run time, so a forged reference fails.

import type { Clock } from "./clock.js";
import type { KeyEvent } from "./keypad.js";
import type { Power } from "./power.js";
import type { RandomSource } from "./random.js";
import type { Result, Unsubscribe } from "./result.js";

export type KeyUsage = "pin" | "mac" | "data" | "kek";

/** Opaque reference to a key held inside the secure element; its usage fixes what it may do. */
export interface KeyRef<U extends KeyUsage = KeyUsage> {
	readonly slot: string;
	readonly usage: U;
}

/**
 * The slots of the UnionPay MK/SK and DUKPT models. `tmk` (kek) unwraps `pik` (pin), `mak` (mac) and
 * `tdk` (data) at sign-in. A DUKPT slot serves pin, mac and data, each through its own derived key.
 * `deviceData` (data) is the unit's own data key for cardholder data at rest (PCI DSS 3.5): an AES-256
 * key the element generates from its random source the first time `key(deviceData, "data")` asks for it,
 * keeps in its own store, never exports, and never replaces at sign-in; only tamper/zeroise erases it.
 * Frozen: the application and the element both read it, and a module of the contract may be one instance for
 * both (a preloaded module is shared).
 */
export const KEY_SLOTS = Object.freeze({
	tmk: "tmk",
	pik: "pik",
	mak: "mak",
	tdk: "tdk",
	dukptTdes: "dukpt-tdes",
	dukptAes: "dukpt-aes",
	deviceData: "device-data",
} as const);

/** ISO 9564-1 PIN block formats. */
export type PinBlockFormat = 0 | 1 | 2 | 3 | 4;

export interface PinEntryRequest {
	/** Primary account number, digits only; bound into formats 0, 3 and 4. */
	readonly pan: string;
	/** 0, 1 or 3 with a TDES key, 4 with AES DUKPT; format 2 (offline, EMV VERIFY) is refused for online use. */
	readonly format: PinBlockFormat;
	/** The PIN-encryption key (the session PIK, or a DUKPT slot). */
	readonly key: KeyRef<"pin">;
	/** 4..12 (ISO 9564-1). */
	readonly minLength: number;
	readonly maxLength: number;
	/** Whole-entry timeout in ms (default 60 000). */
	readonly timeoutMs?: number;
	/** Longest pause between two keys in ms before the session ends as "timeout" (default 20 000). */
	readonly interDigitTimeoutMs?: number;
	/** ENTER with no digits ends the session as "bypass" when allowed. */
	readonly allowBypass: boolean;
	/**
	 * A pacing wait no longer than the minimum interval between encryptions does not end the session as
	 * "rate-limited": the element takes the keys at once and encrypts when the interval has passed, so digits
	 * typed during it (a PIN asked again after response 55) are kept. A longer wait still ends it.
	 */
	readonly holdForPacing?: boolean;
}

export type PinEntryEnd =
	| { readonly kind: "cancel" }
	| { readonly kind: "timeout" }
	| { readonly kind: "bypass" }
	| { readonly kind: "rate-limited"; readonly retryAfterMs: number }
	| { readonly kind: "tamper" }
	| { readonly kind: "key-missing" };

export interface EncryptedPin {
	readonly pinBlock: Uint8Array;
	/** Key serial number of the DUKPT transaction this block belongs to (absent for MK/SK keys). */
	readonly ksn?: Uint8Array;
}

export interface PinEntrySession {
	/** The number of digits entered so far, for drawing asterisks. Never a digit. */
	onProgress(handler: (digits: number) => void): Unsubscribe;
	/** Settles once: the encrypted PIN block, or why the session ended without one. */
	readonly result: Promise<Result<EncryptedPin, PinEntryEnd>>;
	/** Ends the session as "cancel" (e.g. the card was removed). */
	cancel(): void;
	/** true after ENTER while the element waits out the pacing interval before it encrypts (`holdForPacing`). */
	readonly pacing: boolean;
}

export type SecureError =
	| { readonly kind: "tampered" }
	| { readonly kind: "key-missing"; readonly slot: string }
	| { readonly kind: "wrong-usage"; readonly slot: string; readonly usage: KeyUsage }
	| { readonly kind: "check-value"; readonly slot: string }
	| { readonly kind: "busy" }
	| { readonly kind: "exhausted"; readonly slot: string }
	| { readonly kind: "self-test"; readonly algorithm: string }
	/** The PIN block format does not fit the key (format 4 needs AES, 0/1/3 need TDES; 2 is offline only). */
	| { readonly kind: "format"; readonly format: PinBlockFormat }
	/** A DUKPT MAC or data operation with no transaction open (see `startDukptTransaction`). */
	| { readonly kind: "no-transaction"; readonly slot: string }
	/** Data to encrypt or decrypt must be whole cipher blocks. */
	| { readonly kind: "data-length"; readonly blockSize: number }
	/** Injected key material of the wrong length or shape. */
	| { readonly kind: "bad-key"; readonly slot: string; readonly detail: string }
	/** The PAN is not 1–19 digits. */
	| { readonly kind: "pan" }
	/** The key store could not be written; nothing changed. */
	| { readonly kind: "storage"; readonly detail: string };

export interface SecureElement {
	/** Known-answer tests of every algorithm; a failure locks the element (every key operation fails). */
	selfTest(): Result<void, SecureError>;
	/** true once the tamper line fired or `zeroise()` ran, until keys are injected again. */
	readonly tampered: boolean;
	/** Erases every key. */
	zeroise(): void;
	/** Starts PIN entry; digit keys go to the element only until the session ends. One session at a time. */
	startPinEntry(request: PinEntryRequest): Result<PinEntrySession, SecureError>;
	/**
	 * A MAC under a key of usage "mac". The algorithm is bound to the slot: the UnionPay POS MAC (8 ASCII
	 * bytes) for `mak`; the X9.19 request MAC for TDES DUKPT; AES-CMAC for AES DUKPT (8 bytes).
	 */
	mac(key: KeyRef<"mac">, data: Uint8Array): Result<Uint8Array, SecureError>;
	/** Checks a response MAC (DUKPT: under the response-MAC key), in constant time. */
	verifyMac(key: KeyRef<"mac">, data: Uint8Array, mac: Uint8Array): Result<boolean, SecureError>;
	/**
	 * Encrypts/decrypts whole blocks under a key of usage "data" (TDK: TDES-ECB; DUKPT: CBC, zero IV;
	 * device data key: AES-256-CBC with a fresh random IV, returned as IV ‖ ciphertext and expected so).
	 */
	encryptData(key: KeyRef<"data">, data: Uint8Array): Result<Uint8Array, SecureError>;
	decryptData(key: KeyRef<"data">, data: Uint8Array): Result<Uint8Array, SecureError>;
	/**
	 * Encrypts a track for fields 35/36 under the TDK as the UnionPay rules define: `packedTrack` is the track
	 * packed as BCD ('=' as nibble D, at least 9 bytes); the 8 bytes that end one byte before its last byte are
	 * TDES-ECB encrypted in place, and the copy is returned. Only the TDK slot serves it.
	 */
	encryptTrack(key: KeyRef<"data">, packedTrack: Uint8Array): Result<Uint8Array, SecureError>;
	/**
	 * Installs working keys delivered encrypted under a key-encrypting key (UnionPay sign-in field 62).
	 * All or nothing: the old keys stay in force unless every check value verifies.
	 */
	loadWorkingKeys(kek: KeyRef<"kek">, wrapped: Uint8Array): Result<readonly KeyRef[], SecureError>;
	/**
	 * Opens the next DUKPT transaction on a slot (the counter moves on) for a message without PIN entry;
	 * returns its KSN. A PIN entry on a DUKPT slot opens its own transaction; MAC and data operations on
	 * that slot use the transaction open at the time.
	 */
	startDukptTransaction(slot: string): Result<Uint8Array, SecureError>;
	/** Looks a key up by slot name; usage must match. */
	key<U extends KeyUsage>(slot: string, usage: U): Result<KeyRef<U>, SecureError>;
	/**
	 * PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) of an operator password, computed with the element's SHA-256 (native
	 * on the device). No key of the element takes part. `iterations` ≥ 1 and `keyBytes` ≥ 1, else RangeError.
	 */
	passwordHash(password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number): Uint8Array;
}

/** The key-injection facility's side (factory, remote key loading): write-only, never part of the Hal. */
export interface SecureKeyInjection {
	/** Loads the terminal master key (16 or 24 bytes) after checking its 4-byte check value. */
	injectTmk(key: Uint8Array, checkValue: Uint8Array): Result<void, SecureError>;
	/** Loads a TDES DUKPT initial key (IPEK, 16 bytes) and initial KSN (10 bytes, counter 0). */
	injectTdesDukpt(ipek: Uint8Array, initialKsn: Uint8Array): Result<void, SecureError>;
	/** Loads an AES DUKPT initial key (16 or 32 bytes) and its 8-byte initial key ID. */
	injectAesDukpt(initialKey: Uint8Array, initialKeyId: Uint8Array): Result<void, SecureError>;
}

/** The physical keypad as the secure element sees it: while captured, every key goes to the capturer only. */
export interface SecureKeypadPort {
	/** `handler` receives every key event until `capture(undefined)`; the application's handlers get none. */
	capture(handler: ((event: KeyEvent) => void) | undefined): void;
}

/** The parts of the unit a secure element is wired to (both HAL builders hand these to its factory). */
export interface SecureElementIo {
	readonly clock: Clock;
	readonly keypad: SecureKeypadPort;
	/** The tamper line: the element zeroises on its own when it trips. */
	readonly power: Power;
	readonly random: RandomSource;
}
