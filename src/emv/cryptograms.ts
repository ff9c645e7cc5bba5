// The application cryptogram and the issuer's answer to it (EMV 4.3 Book 2 Annex A1.2), and the key check
// value integrators compare keys by. Keys are double-length TDES (a session key or an ICC master key).
//
// Public API: applicationCryptogram, arpcMethod1, arpcMethod2, keyCheckValue.

import { concatBytes } from "../crypto/bytes.js";
import { JS_PRIMITIVES, type CryptoPrimitives } from "../crypto/primitives.js";
import { desCheckValue } from "../keys/check-value.js";
import { retailMac } from "../mac/cbc-mac.js";

/** A1.2: the 8-byte MAC of ISO/IEC 9797-1 algorithm 3 (DES, K‖K′) with padding method 2 over the data. */
export function applicationCryptogram(key: Uint8Array, data: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	return retailMac(key, data, 2, crypto);
}

/** ARPC method 1 (A1.2.1): TDES(key)[ARQC ⊕ (ARC ‖ 00 00 00 00 00 00)], 8 bytes; ARC is 8A, 2 bytes. */
export function arpcMethod1(key: Uint8Array, arqc: Uint8Array, arc: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	if (arqc.length !== 8) throw new RangeError(`the ARQC is 8 bytes, got ${arqc.length}`);
	if (arc.length !== 2) throw new RangeError(`the ARC is 2 bytes, got ${arc.length}`);
	const block = arqc.slice();
	block[0]! ^= arc[0]!;
	block[1]! ^= arc[1]!;
	const cipher = crypto.tdes(key);
	cipher.encryptBlock(block, 0, block, 0);
	cipher.wipe();
	return block;
}

/**
 * ARPC method 2 (A1.2.2): the leftmost 4 bytes of the A1.2 MAC over ARQC ‖ CSU ‖ proprietary authentication
 * data; the CSU (Card Status Update) is 4 bytes, the proprietary data 0 to 8.
 */
export function arpcMethod2(
	key: Uint8Array,
	arqc: Uint8Array,
	csu: Uint8Array,
	proprietary: Uint8Array = new Uint8Array(0),
	crypto: CryptoPrimitives = JS_PRIMITIVES,
): Uint8Array {
	if (arqc.length !== 8) throw new RangeError(`the ARQC is 8 bytes, got ${arqc.length}`);
	if (csu.length !== 4) throw new RangeError(`the CSU is 4 bytes, got ${csu.length}`);
	if (proprietary.length > 8) throw new RangeError(`the proprietary authentication data is at most 8 bytes, got ${proprietary.length}`);
	return applicationCryptogram(key, concatBytes(arqc, csu, proprietary), crypto).slice(0, 4);
}

/** KCV: the leftmost 3 bytes of TDES-encrypting a zero block (ANSI X9.24-1). */
export function keyCheckValue(key: Uint8Array, crypto: CryptoPrimitives = JS_PRIMITIVES): Uint8Array {
	return desCheckValue(key, 3, crypto);
}
