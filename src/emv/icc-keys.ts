// The card's keys as the issuer derives them (EMV 4.3 Book 2 Annex A1.3, A1.4): the ICC master key from the
// issuer master key and the PAN (option A, and option B for PANs longer than 16 digits), and the session
// key from the master key and a diversification value R. All double-length TDES keys.
//
// Public API: IccKeyError, MasterKeyOption, iccMasterKey, commonSessionKey, atcDiversifier, pbocSessionKey,
// withOddParity.

import { err, ok, type Result } from "../../hal/result.js";
import { sha1 } from "../crypto/sha1.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";

export type IccKeyError =
	/** The PAN is not 1 to 19 decimal digits. */
	| { readonly kind: "pan" }
	/** The PAN sequence number is not two decimal digits. */
	| { readonly kind: "psn" };

const DIGITS = /^[0-9]+$/;

function checkInputs(pan: string, psn: string): IccKeyError | undefined {
	if (pan.length < 1 || pan.length > 19 || !DIGITS.test(pan)) return { kind: "pan" };
	if (psn.length !== 2 || !DIGITS.test(psn)) return { kind: "psn" };
	return undefined;
}

/** Sets the low bit of each byte so that it has an odd number of ones (DES ignores it; keys carry it). */
export function withOddParity(key: Uint8Array): Uint8Array {
	const out = key.slice();
	for (let i = 0; i < out.length; i++) {
		let ones = 0;
		for (let b = out[i]! >> 1; b > 0; b >>= 1) ones += b & 1;
		out[i] = (out[i]! & 0xfe) | (ones % 2 === 0 ? 1 : 0);
	}
	return out;
}

/** 16 decimal digits packed as 8 BCD bytes. */
function packDigits(digits: string): Uint8Array {
	const out = new Uint8Array(8);
	for (let i = 0; i < 8; i++) out[i] = (digits.charCodeAt(2 * i) - 48) * 16 + (digits.charCodeAt(2 * i + 1) - 48);
	return out;
}

/** Option A (A1.4.1): Y is the rightmost 16 digits of PAN ‖ PSN, zero-padded on the left when shorter. */
function yOptionA(pan: string, psn: string): Uint8Array {
	const x = pan + psn;
	return packDigits(x.length >= 16 ? x.slice(x.length - 16) : "0".repeat(16 - x.length) + x);
}

/**
 * Option B (A1.4.2), for PANs longer than 16 digits (for shorter ones it is option A): SHA-1 of PAN ‖ PSN as
 * BCD (a '0' digit on the left if the count is odd), then Y is the hash's decimal digits left to right,
 * continued if fewer than 16 by its digits A–F, left to right, less 10.
 */
function yOptionB(pan: string, psn: string): Uint8Array {
	if (pan.length <= 16) return yOptionA(pan, psn);
	const x = pan + psn;
	const even = x.length % 2 === 0 ? x : "0" + x;
	const bcd = new Uint8Array(even.length / 2);
	for (let i = 0; i < bcd.length; i++) bcd[i] = (even.charCodeAt(2 * i) - 48) * 16 + (even.charCodeAt(2 * i + 1) - 48);
	const nibbles: number[] = [];
	for (const b of sha1(bcd)) nibbles.push(b >> 4, b & 15);
	const digits = nibbles.filter((n) => n < 10).concat(nibbles.filter((n) => n >= 10).map((n) => n - 10));
	const y = new Uint8Array(8);
	for (let i = 0; i < 8; i++) y[i] = digits[2 * i]! * 16 + digits[2 * i + 1]!;
	return y;
}

/** How Y is made from the PAN: EMV Book 2 option A or B. */
export type MasterKeyOption = "a" | "b";

/**
 * The ICC master key: Z = TDES(IMK)[Y] ‖ TDES(IMK)[Y ⊕ FF…FF] (A1.4.1), with odd parity. `psn` is the two
 * digits of 5F34 ("00" when the card has none).
 */
export function iccMasterKey(
	imk: Uint8Array,
	pan: string,
	psn: string,
	option: MasterKeyOption,
	crypto: CryptoPrimitives = JS_PRIMITIVES,
): Result<Uint8Array, IccKeyError> {
	const bad = checkInputs(pan, psn);
	if (bad) return err(bad);
	const y = option === "a" ? yOptionA(pan, psn) : yOptionB(pan, psn);
	const cipher = crypto.tdes(imk);
	const z = new Uint8Array(16);
	z.set(y);
	for (let i = 0; i < 8; i++) z[8 + i] = y[i]! ^ 0xff;
	cipher.encryptBlock(z, 0, z, 0);
	cipher.encryptBlock(z, 8, z, 8);
	cipher.wipe();
	return ok(withOddParity(z));
}

/** R for the application cryptogram key (A1.3): ATC ‖ 00 00 00 00 00 00. */
export function atcDiversifier(atc: Uint8Array): Uint8Array {
	if (atc.length !== 2) throw new RangeError(`the ATC is 2 bytes, got ${atc.length}`);
	const r = new Uint8Array(8);
	r.set(atc);
	return r;
}

/** Common session key derivation (A1.3.1): TDES(MK)[R0 R1 F0 R3…R7] ‖ TDES(MK)[R0 R1 0F R3…R7]. */
export function commonSessionKey(mk: Uint8Array, r: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	if (r.length !== 8) throw new RangeError(`R is 8 bytes, got ${r.length}`);
	const cipher = crypto.tdes(mk);
	const sk = new Uint8Array(16);
	sk.set(r);
	sk.set(r, 8);
	sk[2] = 0xf0;
	sk[10] = 0x0f;
	cipher.encryptBlock(sk, 0, sk, 0);
	cipher.encryptBlock(sk, 8, sk, 8);
	cipher.wipe();
	return sk;
}

/**
 * The PBOC debit/credit session key (JR/T 0025, the security part of PBOC 2.0/3.0), which UnionPay cards use
 * instead of A1.3.1: TDES(MK)[00 00 00 00 00 00 ‖ ATC] ‖ TDES(MK)[00 00 00 00 00 00 ‖ (ATC ⊕ FF FF)].
 */
export function pbocSessionKey(mk: Uint8Array, atc: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	if (atc.length !== 2) throw new RangeError(`the ATC is 2 bytes, got ${atc.length}`);
	const cipher = crypto.tdes(mk);
	const sk = new Uint8Array(16);
	sk[6] = atc[0]!;
	sk[7] = atc[1]!;
	sk[14] = atc[0]! ^ 0xff;
	sk[15] = atc[1]! ^ 0xff;
	cipher.encryptBlock(sk, 0, sk, 0);
	cipher.encryptBlock(sk, 8, sk, 8);
	cipher.wipe();
	return sk;
}
