// ISO 9564-1:2017 PIN blocks, formats 0–4: build the plain PIN field, bind the PAN,
// encrypt and decrypt, and check the structure on decode (control nibble, length 4–12, digits, fill).
// The clear PIN is a Uint8Array of digit values 0–9 so that it can be zeroed; strings cannot.
//
// Public API: PinBlockFormat, PinBlockError, pinDigitsOf, clearPinBlock, decodeClearPinBlock,
// format4PinField, format4PanField, encryptPinBlock, decryptPinBlock, PIN_MIN_LENGTH, PIN_MAX_LENGTH.

import type { RandomSource } from "../../hal/random.js";
import type { PinBlockFormat } from "../../hal/secure-element.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { BlockCipher } from "../crypto/block-cipher.js";
import { zeroise } from "../crypto/bytes.js";

export type { PinBlockFormat };

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 12;
const PAN_MAX_LENGTH = 19;
/** Digits only (a module constant: on XS a regular expression literal is compiled again at each evaluation). */
const PAN_DIGITS = /^[0-9]+$/;

export type PinBlockError =
	| { readonly kind: "pin-length"; readonly length: number }
	| { readonly kind: "pin-digit" }
	| { readonly kind: "pan" }
	| { readonly kind: "block-length"; readonly length: number }
	| { readonly kind: "control"; readonly expected: number; readonly actual: number }
	| { readonly kind: "fill" }
	| { readonly kind: "key" };

/** Digit values of a PIN typed as text (CLI and tests; the terminal gets digits from the keypad). */
export function pinDigitsOf(text: string): Result<Uint8Array, PinBlockError> {
	if (!/^[0-9]*$/.test(text)) return err({ kind: "pin-digit" });
	if (text.length < PIN_MIN_LENGTH || text.length > PIN_MAX_LENGTH) return err({ kind: "pin-length", length: text.length });
	const digits = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) digits[i] = text.charCodeAt(i) - 0x30;
	return ok(digits);
}

function checkPin(pin: Uint8Array): PinBlockError | undefined {
	if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) return { kind: "pin-length", length: pin.length };
	for (let i = 0; i < pin.length; i++) if (pin[i]! > 9) return { kind: "pin-digit" };
	return undefined;
}

function validPan(pan: string): boolean {
	return pan.length >= 1 && pan.length <= PAN_MAX_LENGTH && PAN_DIGITS.test(pan);
}

function setNibble(block: Uint8Array, index: number, value: number): void {
	const i = index >> 1;
	block[i] = index & 1 ? (block[i]! & 0xf0) | value : (block[i]! & 0x0f) | (value << 4);
}

function nibble(block: Uint8Array, index: number): number {
	const b = block[index >> 1]!;
	return index & 1 ? b & 15 : b >> 4;
}

/** A random nibble A–F (format 3), unbiased by rejection. */
function randomAtoF(random: RandomSource, scratch: Uint8Array): number {
	for (;;) {
		random.fill(scratch);
		if (scratch[0]! < 252) return 10 + (scratch[0]! % 6);
	}
}

/** Format 0/3 PAN field: 0000 + the 12 rightmost PAN digits excluding the check digit (ISO 9564-1). */
function panField03(pan: string): Uint8Array {
	const body = pan.slice(0, -1).padStart(12, "0").slice(-12);
	const field = new Uint8Array(8);
	for (let i = 0; i < 6; i++) field[2 + i] = ((body.charCodeAt(2 * i) - 0x30) << 4) | (body.charCodeAt(2 * i + 1) - 0x30);
	return field;
}

/** Formats 0–3: the 8-byte clear block (PIN field XOR PAN field for 0 and 3). */
export function clearPinBlock(
	format: 0 | 1 | 2 | 3,
	pin: Uint8Array,
	pan: string,
	random: RandomSource,
): Result<Uint8Array, PinBlockError> {
	const bad = checkPin(pin);
	if (bad) return err(bad);
	if ((format === 0 || format === 3) && !validPan(pan)) return err({ kind: "pan" });
	// Formats 0 and 2 fill with F: the whole block first, then the control, length and PIN nibbles over it.
	const block = new Uint8Array(8).fill(format === 0 || format === 2 ? 0xff : 0);
	block[0] = (format << 4) | pin.length;
	for (let i = 0; i < pin.length; i++) setNibble(block, 2 + i, pin[i]!);
	const scratch = new Uint8Array(1);
	for (let i = 2 + pin.length; i < 16 && format !== 0 && format !== 2; i++) {
		if (format === 3) setNibble(block, i, randomAtoF(random, scratch));
		else {
			random.fill(scratch);
			setNibble(block, i, scratch[0]! & 15);
		}
	}
	if (format === 0 || format === 3) {
		const field = panField03(pan);
		for (let i = 0; i < 8; i++) block[i]! ^= field[i]!;
	}
	return ok(block);
}

/** Checks a clear 8-byte block (formats 0–3) and returns the PIN digits. */
export function decodeClearPinBlock(format: 0 | 1 | 2 | 3, block: Uint8Array, pan: string): Result<Uint8Array, PinBlockError> {
	if (block.length !== 8) return err({ kind: "block-length", length: block.length });
	if ((format === 0 || format === 3) && !validPan(pan)) return err({ kind: "pan" });
	const plain = block.slice();
	if (format === 0 || format === 3) {
		const field = panField03(pan);
		for (let i = 0; i < 8; i++) plain[i]! ^= field[i]!;
	}
	const result = readPinField(plain, format, 16, format === 0 || format === 2 ? 15 : format === 3 ? -1 : -2);
	plain.fill(0);
	return result;
}

/** fill: a nibble value, -1 for A–F, -2 for anything. Reads nibbles [0, nibbles). */
function readPinField(plain: Uint8Array, control: number, nibbles: number, fill: number): Result<Uint8Array, PinBlockError> {
	const actual = nibble(plain, 0);
	if (actual !== control) return err({ kind: "control", expected: control, actual });
	const length = nibble(plain, 1);
	if (length < PIN_MIN_LENGTH || length > PIN_MAX_LENGTH) return err({ kind: "pin-length", length });
	const digits = new Uint8Array(length);
	for (let i = 0; i < length; i++) {
		const d = nibble(plain, 2 + i);
		if (d > 9) {
			digits.fill(0);
			return err({ kind: "pin-digit" });
		}
		digits[i] = d;
	}
	for (let i = 2 + length; i < nibbles; i++) {
		const f = nibble(plain, i);
		if ((fill >= 0 && f !== fill) || (fill === -1 && f < 10)) {
			digits.fill(0);
			return err({ kind: "fill" });
		}
	}
	return ok(digits);
}

/** Format 4 plain PIN field: 4 N P…P A…A (8 bytes) then 8 random bytes. */
export function format4PinField(pin: Uint8Array, random: RandomSource): Result<Uint8Array, PinBlockError> {
	const bad = checkPin(pin);
	if (bad) return err(bad);
	const field = new Uint8Array(16);
	setNibble(field, 0, 4);
	setNibble(field, 1, pin.length);
	for (let i = 0; i < pin.length; i++) setNibble(field, 2 + i, pin[i]!);
	for (let i = 2 + pin.length; i < 16; i++) setNibble(field, i, 10);
	random.fill(field.subarray(8));
	return ok(field);
}

/** Format 4 PAN field: M (PAN length − 12, 0–7) then the PAN, left-padded to 12 digits, right-padded with 0. */
export function format4PanField(pan: string): Result<Uint8Array, PinBlockError> {
	if (!validPan(pan)) return err({ kind: "pan" });
	const digits = pan.padStart(12, "0");
	const field = new Uint8Array(16);
	setNibble(field, 0, digits.length - 12);
	for (let i = 0; i < digits.length; i++) setNibble(field, 1 + i, digits.charCodeAt(i) - 0x30);
	return ok(field);
}

/**
 * The enciphered PIN block: formats 0–3 are one TDES/DES block (ECB) under `key`; format 4 is
 * C = E(E(PIN field) XOR PAN field) under an AES key (ISO 9564-1:2017 §9.4.2).
 */
export function encryptPinBlock(
	key: BlockCipher,
	format: PinBlockFormat,
	pin: Uint8Array,
	pan: string,
	random: RandomSource,
): Result<Uint8Array, PinBlockError> {
	if (format === 4) {
		if (key.blockSize !== 16) return err({ kind: "key" });
		const panField = format4PanField(pan);
		if (!panField.ok) return panField;
		const field = format4PinField(pin, random);
		if (!field.ok) return field;
		const block = field.value;
		key.encryptBlock(block, 0, block, 0);
		for (let i = 0; i < 16; i++) block[i]! ^= panField.value[i]!;
		key.encryptBlock(block, 0, block, 0);
		return ok(block);
	}
	if (key.blockSize !== 8) return err({ kind: "key" });
	const clear = clearPinBlock(format, pin, pan, random);
	if (!clear.ok) return clear;
	key.encryptBlock(clear.value, 0, clear.value, 0);
	return ok(clear.value);
}

/** Decrypts and checks a PIN block; returns the PIN digits (host side, tests, the CLI). */
export function decryptPinBlock(
	key: BlockCipher,
	format: PinBlockFormat,
	block: Uint8Array,
	pan: string,
): Result<Uint8Array, PinBlockError> {
	if (format === 4) {
		if (key.blockSize !== 16) return err({ kind: "key" });
		if (block.length !== 16) return err({ kind: "block-length", length: block.length });
		const panField = format4PanField(pan);
		if (!panField.ok) return panField;
		const plain = new Uint8Array(16);
		key.decryptBlock(block, 0, plain, 0);
		for (let i = 0; i < 16; i++) plain[i]! ^= panField.value[i]!;
		key.decryptBlock(plain, 0, plain, 0);
		const result = readPinField(plain, 4, 16, 10);
		zeroise(plain);
		return result;
	}
	if (key.blockSize !== 8) return err({ kind: "key" });
	if (block.length !== 8) return err({ kind: "block-length", length: block.length });
	const clear = new Uint8Array(8);
	key.decryptBlock(block, 0, clear, 0);
	const result = decodeClearPinBlock(format, clear, pan);
	zeroise(clear);
	return result;
}
