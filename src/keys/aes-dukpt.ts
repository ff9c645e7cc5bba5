// AES DUKPT, ANSI X9.24-3:2017: initial key from the BDK, intermediate derivation keys
// for each counter bit, and working keys by usage and algorithm, all by AES-ECB of derivation data.
//
// Public API: AES_KSN_BYTES, AesDukptKeyType, AesDukptUsage, aesDukptInitialKey, aesDukptScheme,
// aesDukptCounter, aesDukptKsn, aesDukptTransactionKey, aesDukptWorkingKey, aesDukptKeyBytes.

import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { keyAtCounter, type DukptScheme } from "./dukpt-registers.js";

export const AES_KSN_BYTES = 12;

export type AesDukptKeyType = "tdes2" | "tdes3" | "aes128" | "aes192" | "aes256";

export type AesDukptUsage = "kek" | "pin" | "mac-generate" | "mac-verify" | "mac-both" | "data-encrypt" | "data-decrypt" | "data-both";

/** X9.24-3:2017 §6.3.2 key usage indicators. */
const USAGE_CODE: Readonly<Record<AesDukptUsage, number>> = {
	kek: 0x0002,
	pin: 0x1000,
	"mac-generate": 0x2000,
	"mac-verify": 0x2001,
	"mac-both": 0x2002,
	"data-encrypt": 0x3000,
	"data-decrypt": 0x3001,
	"data-both": 0x3002,
};
const INITIAL_KEY_USAGE = 0x8001;
const DERIVATION_KEY_USAGE = 0x8000;

/** §6.3.2 algorithm indicators and key lengths in bits. */
const KEY_TYPE: Readonly<Record<AesDukptKeyType, { readonly code: number; readonly bits: number }>> = {
	tdes2: { code: 0x0000, bits: 128 },
	tdes3: { code: 0x0001, bits: 192 },
	aes128: { code: 0x0002, bits: 128 },
	aes192: { code: 0x0003, bits: 192 },
	aes256: { code: 0x0004, bits: 256 },
};

export function aesDukptKeyBytes(type: AesDukptKeyType): number {
	return KEY_TYPE[type].bits / 8;
}

function checkKsn(ksn: Uint8Array): void {
	if (ksn.length !== AES_KSN_BYTES) throw new RangeError(`AES DUKPT KSN must be 12 bytes, got ${ksn.length}`);
}

/** The 32-bit transaction counter (KSN bytes 8–11). */
export function aesDukptCounter(ksn: Uint8Array): number {
	checkKsn(ksn);
	return ((ksn[8]! << 24) | (ksn[9]! << 16) | (ksn[10]! << 8) | ksn[11]!) >>> 0;
}

/** IK ID (8 bytes) ‖ counter. */
export function aesDukptKsn(initialKeyId: Uint8Array, counter: number): Uint8Array {
	const ksn = new Uint8Array(AES_KSN_BYTES);
	ksn.set(initialKeyId.subarray(0, 8));
	ksn[8] = counter >>> 24;
	ksn[9] = counter >>> 16;
	ksn[10] = counter >>> 8;
	ksn[11] = counter;
	return ksn;
}

/** Derived key = AES-ECB(parent, derivation data) per 16-byte block, block counter in byte 1 (§6.3). */
function derive(parent: Uint8Array, usage: number, type: AesDukptKeyType, data8: Uint8Array, crypto: CryptoPrimitives): Uint8Array {
	const { code, bits } = KEY_TYPE[type];
	const bytes = bits / 8;
	const out = new Uint8Array(Math.ceil(bytes / 16) * 16);
	const cipher = crypto.aes(parent);
	const block = new Uint8Array(16);
	block[0] = 0x01;
	block[2] = usage >> 8;
	block[3] = usage;
	block[4] = code >> 8;
	block[5] = code;
	block[6] = bits >> 8;
	block[7] = bits;
	block.set(data8, 8);
	for (let i = 0; i < out.length / 16; i++) {
		block[1] = i + 1;
		cipher.encryptBlock(block, 0, out, 16 * i);
	}
	cipher.wipe();
	const key = out.slice(0, bytes);
	out.fill(0);
	return key;
}

function bdkType(key: Uint8Array): AesDukptKeyType {
	if (key.length === 16) return "aes128";
	if (key.length === 24) return "aes192";
	if (key.length === 32) return "aes256";
	throw new RangeError(`AES DUKPT keys are 16, 24 or 32 bytes, got ${key.length}`);
}

/** IK = derive(BDK, 8001, IK ID); its type is the BDK's. */
export function aesDukptInitialKey(bdk: Uint8Array, initialKeyId: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	if (initialKeyId.length !== 8) throw new RangeError(`AES DUKPT initial key ID must be 8 bytes, got ${initialKeyId.length}`);
	return derive(bdk, INITIAL_KEY_USAGE, bdkType(bdk), initialKeyId, crypto);
}

function counterData(initialKeyId: Uint8Array, counter: number): Uint8Array {
	const data = new Uint8Array(8);
	data.set(initialKeyId.subarray(4, 8));
	data[4] = counter >>> 24;
	data[5] = counter >>> 16;
	data[6] = counter >>> 8;
	data[7] = counter;
	return data;
}

/** The scheme for the intermediate derivation-key registers of the device with this IK ID and key length. */
export function aesDukptScheme(initialKeyId: Uint8Array, keyBytes: number, crypto: CryptoPrimitives = JS_PRIMITIVES): DukptScheme {
	const type = bdkType(new Uint8Array(keyBytes));
	const id = initialKeyId.slice(0, 8);
	return {
		counterBits: 32,
		maxOneBits: 16,
		keyBytes,
		derive: (parentKey, counter) => derive(parentKey, DERIVATION_KEY_USAGE, type, counterData(id, counter), crypto),
	};
}

/** Host side: the transaction (intermediate derivation) key for `ksn` from the initial key. */
export function aesDukptTransactionKey(initialKey: Uint8Array, ksn: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	checkKsn(ksn);
	return keyAtCounter(aesDukptScheme(ksn, initialKey.length, crypto), initialKey, aesDukptCounter(ksn));
}

/** A working key of `type` for `usage`, derived from the transaction key (§6.3.3). */
export function aesDukptWorkingKey(
	transactionKey: Uint8Array,
	ksn: Uint8Array,
	usage: AesDukptUsage,
	type: AesDukptKeyType,
	crypto: CryptoPrimitives = JS_PRIMITIVES,
): Uint8Array {
	checkKsn(ksn);
	return derive(transactionKey, USAGE_CODE[usage], type, counterData(ksn, aesDukptCounter(ksn)), crypto);
}
