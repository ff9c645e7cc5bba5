// TDES DUKPT, ANSI X9.24-1:2009 Annex A: IPEK from the BDK, the non-reversible key
// generation, the transaction key for a KSN, and the PIN / MAC / data variants.
//
// Public API: TDES_KSN_BYTES, TdesDukptVariant, tdesDukptIpek, tdesDukptScheme, tdesDukptCounter,
// tdesDukptKsnWithCounter, tdesDukptTransactionKey, tdesDukptWorkingKey.

import { ecbEncrypt } from "../crypto/modes.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { keyAtCounter, type DukptScheme } from "./dukpt-registers.js";

export const TDES_KSN_BYTES = 10;
const COUNTER_BITS = 21;
const MAX_ONE_BITS = 10;

/** X9.24-1 A.6: the key-derivation mask "C0C0C0C000000000C0C0C0C000000000". */
const KEY_MASK = [0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0];

export type TdesDukptVariant = "pin" | "mac-request" | "mac-response" | "data-request" | "data-response";

/** X9.24-1:2009 A.4 / A.6 variant masks: the byte (in each half) that is XORed with FF. */
const VARIANT_BYTE: Readonly<Record<TdesDukptVariant, number>> = {
	pin: 7,
	"mac-request": 6,
	"mac-response": 4,
	"data-request": 5,
	"data-response": 3,
};

function checkKsn(ksn: Uint8Array): void {
	if (ksn.length !== TDES_KSN_BYTES) throw new RangeError(`TDES DUKPT KSN must be 10 bytes, got ${ksn.length}`);
}

/** The 21-bit transaction counter of a KSN. */
export function tdesDukptCounter(ksn: Uint8Array): number {
	checkKsn(ksn);
	return ((ksn[7]! & 0x1f) << 16) | (ksn[8]! << 8) | ksn[9]!;
}

/** A copy of `ksn` with its counter replaced. */
export function tdesDukptKsnWithCounter(ksn: Uint8Array, counter: number): Uint8Array {
	checkKsn(ksn);
	const out = ksn.slice();
	out[7] = (out[7]! & 0xe0) | ((counter >>> 16) & 0x1f);
	out[8] = counter >>> 8;
	out[9] = counter;
	return out;
}

/** IPEK = TDES(BDK, KSN₀₋₇ with the counter cleared) ‖ TDES(BDK ⊕ mask, same) (X9.24-1 A.6). */
export function tdesDukptIpek(bdk: Uint8Array, ksn: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	checkKsn(ksn);
	if (bdk.length !== 16) throw new RangeError(`TDES DUKPT BDK must be 16 bytes, got ${bdk.length}`);
	const base = ksn.slice(0, 8);
	base[7]! &= 0xe0;
	const masked = bdk.slice();
	for (let i = 0; i < 16; i++) masked[i]! ^= KEY_MASK[i & 7]!;
	const left = crypto.tdes(bdk);
	const right = crypto.tdes(masked);
	const ipek = new Uint8Array(16);
	left.encryptBlock(base, 0, ipek, 0);
	right.encryptBlock(base, 0, ipek, 8);
	left.wipe();
	right.wipe();
	masked.fill(0);
	return ipek;
}

/** Non-reversible key generation (X9.24-1 A.2): one half under K, the other under K ⊕ mask. */
function nonReversible(key: Uint8Array, register: Uint8Array, crypto: CryptoPrimitives): Uint8Array {
	const out = new Uint8Array(16);
	for (let half = 0; half < 2; half++) {
		const k = key.slice();
		if (half === 0) for (let i = 0; i < 16; i++) k[i]! ^= KEY_MASK[i & 7]!;
		// half 0 builds R1 (left, from the masked key), half 1 builds R2 (right, from the key itself).
		const at = half === 0 ? 0 : 8;
		for (let i = 0; i < 8; i++) out[at + i] = register[i]! ^ k[8 + i]!;
		const des = crypto.des(k.subarray(0, 8));
		des.encryptBlock(out, at, out, at);
		des.wipe();
		for (let i = 0; i < 8; i++) out[at + i]! ^= k[8 + i]!;
		k.fill(0);
	}
	return out;
}

/** The scheme for the future-key registers of the device with initial KSN `ksn`. */
export function tdesDukptScheme(ksn: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): DukptScheme {
	checkKsn(ksn);
	const base = ksn.slice(2, 10);
	return {
		counterBits: COUNTER_BITS,
		maxOneBits: MAX_ONE_BITS,
		keyBytes: 16,
		derive(parentKey, counter) {
			const register = base.slice();
			register[5] = (register[5]! & 0xe0) | ((counter >>> 16) & 0x1f);
			register[6] = counter >>> 8;
			register[7] = counter;
			return nonReversible(parentKey, register, crypto);
		},
	};
}

/** Host side: the transaction key (before any variant) for `ksn` from the IPEK. */
export function tdesDukptTransactionKey(ipek: Uint8Array, ksn: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	return keyAtCounter(tdesDukptScheme(ksn, crypto), ipek, tdesDukptCounter(ksn));
}

/** The working key: the variant mask XORed in; data keys also pass the one-way TDES of fig. A-2. */
export function tdesDukptWorkingKey(
	transactionKey: Uint8Array,
	variant: TdesDukptVariant,
	crypto: CryptoPrimitives = JS_PRIMITIVES,
): Uint8Array {
	const key = transactionKey.slice();
	const at = VARIANT_BYTE[variant];
	key[at]! ^= 0xff;
	key[8 + at]! ^= 0xff;
	if (variant === "data-request" || variant === "data-response") {
		const cipher = crypto.tdes(key);
		const oneWay = ecbEncrypt(cipher, key);
		cipher.wipe();
		key.fill(0);
		return oneWay;
	}
	return key;
}
