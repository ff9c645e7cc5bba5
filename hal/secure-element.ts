// The secure PIN element (pin-crypto.md §8). The application asks for PIN entry sessions and key
// operations by reference; key material and the clear PIN never cross this boundary.

import type { Result, Unsubscribe } from "./result.js";

/** Opaque reference to a key held inside the secure element; its usage fixes what it may do. */
export interface KeyRef {
	readonly slot: string;
	readonly usage: KeyUsage;
}

export type KeyUsage = "pin" | "mac" | "data" | "kek";

/** ISO 9564-1 PIN block formats. */
export type PinBlockFormat = 0 | 1 | 2 | 3 | 4;

export interface PinEntryRequest {
	/** Primary account number, digits only; bound into formats 0, 3 and 4. */
	readonly pan: string;
	readonly format: PinBlockFormat;
	/** The PIN-encryption key (a session PIK or a DUKPT key set). */
	readonly key: KeyRef;
	/** 4..12 (ISO 9564-1). */
	readonly minLength: number;
	readonly maxLength: number;
	/** Whole-entry timeout in ms (default 60 000). */
	readonly timeoutMs: number;
	/** ENTER with no digits ends the session as "bypass" when allowed. */
	readonly allowBypass: boolean;
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
	/** Key serial number after the DUKPT counter used for this block (absent for MK/SK keys). */
	readonly ksn?: Uint8Array;
}

export interface PinEntrySession {
	/** The number of digits entered so far, for drawing asterisks. Never a digit. */
	onProgress(handler: (digits: number) => void): Unsubscribe;
	/** Settles once: the encrypted PIN block, or why the session ended without one. */
	readonly result: Promise<Result<EncryptedPin, PinEntryEnd>>;
	/** Ends the session as "cancel" (e.g. the card was removed). */
	cancel(): void;
}

export type SecureError =
	| { readonly kind: "tampered" }
	| { readonly kind: "key-missing"; readonly slot: string }
	| { readonly kind: "wrong-usage"; readonly slot: string; readonly usage: KeyUsage }
	| { readonly kind: "check-value"; readonly slot: string }
	| { readonly kind: "busy" }
	| { readonly kind: "exhausted"; readonly slot: string }
	| { readonly kind: "self-test"; readonly algorithm: string };

export interface SecureElement {
	/** Known-answer tests of every algorithm; a failure locks the terminal. */
	selfTest(): Result<void, SecureError>;
	/** true once the tamper line fired or `zeroise()` ran, until keys are injected again. */
	readonly tampered: boolean;
	/** Erases every key. */
	zeroise(): void;
	/** Starts PIN entry; digit keys go to the element only until the session ends. */
	startPinEntry(request: PinEntryRequest): Result<PinEntrySession, SecureError>;
	/** A MAC under a key of usage "mac". The algorithm is bound to the key slot. */
	mac(key: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError>;
	/** Encrypts/decrypts under a key of usage "data". */
	encryptData(key: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError>;
	decryptData(key: KeyRef, data: Uint8Array): Result<Uint8Array, SecureError>;
	/**
	 * Installs working keys delivered encrypted under a key-encrypting key (UnionPay sign-in field 62).
	 * All or nothing: the old keys stay in force unless every check value verifies.
	 */
	loadWorkingKeys(kek: KeyRef, wrapped: Uint8Array): Result<readonly KeyRef[], SecureError>;
	/** Looks a key up by slot name; usage must match. */
	key(slot: string, usage: KeyUsage): Result<KeyRef, SecureError>;
}
