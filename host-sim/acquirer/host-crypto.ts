// The acquirer's key operations on clear keys (a real acquirer keeps them in its HSM; the simulator in
// memory), on the firmware's own crypto (src/crypto, src/mac, src/pin): TDES-ECB key wrapping, the UnionPay
// POS MAC (Q/CUP 006), check values (ANSI X9.24-1), ISO 9564-1 format 0 PIN blocks, the TDES DUKPT PIN
// key of a transaction (ANSI X9.24-1:2009) and UnionPay track decryption under the TDK.

import { tdesCipher } from "../../src/crypto/des.js";
import { ecbDecrypt, ecbEncrypt } from "../../src/crypto/modes.js";
import { desCheckValue } from "../../src/keys/check-value.js";
import { unionPayMac as unionPayMacWith } from "../../src/mac/unionpay-mac.js";
import { decryptPinBlock } from "../../src/pin/pin-block.js";
import { tdesDukptIpek, tdesDukptTransactionKey, tdesDukptWorkingKey } from "../../src/keys/tdes-dukpt.js";
import { cryptTrackDataBlock } from "../../src/keys/track-data-block.js";

/** TDES-ECB under an 8- (single DES), 16- or 24-byte key; `data` is whole 8-byte blocks. */
export function tdesEcb(key: Uint8Array, data: Uint8Array, direction: "encrypt" | "decrypt"): Uint8Array {
	const cipher = tdesCipher(key);
	try {
		return direction === "encrypt" ? ecbEncrypt(cipher, data) : ecbDecrypt(cipher, data);
	} finally {
		cipher.wipe();
	}
}

/** KCV: the first 4 bytes of E_key(8 × 00). */
export function checkValue(key: Uint8Array): Uint8Array {
	return desCheckValue(key, 4);
}

/** Field 64 for `mab` (MTI … last field before 64) under the MAK. */
export function unionPayMac(mak: Uint8Array, mab: Uint8Array): Uint8Array {
	const cipher = tdesCipher(mak);
	try {
		return unionPayMacWith(cipher, mab);
	} finally {
		cipher.wipe();
	}
}

/** The clear PIN (as text) of an encrypted ISO 9564-1 format 0 block under the PIK, or undefined when it does not decode. */
export function pinFromBlock(pik: Uint8Array, block: Uint8Array, pan: string): string | undefined {
	const cipher = tdesCipher(pik);
	try {
		const pin = decryptPinBlock(cipher, 0, block, pan);
		return pin.ok ? Array.from(pin.value, (d) => String(d)).join("") : undefined;
	} finally {
		cipher.wipe();
	}
}

/** X9.24-1: the PIN-encryption key of the transaction with `ksn`, derived from the BDK. */
export function dukptPinKey(bdk: Uint8Array, ksn: Uint8Array): Uint8Array {
	const transactionKey = tdesDukptTransactionKey(tdesDukptIpek(bdk, ksn), ksn);
	try {
		return tdesDukptWorkingKey(transactionKey, "pin");
	} finally {
		transactionKey.fill(0);
	}
}

const NIBBLES = "0123456789ABCDEF";

/**
 * A track of field 35/36 as the wire decoder gives it (digits, '=' for nibble D, letters for other
 * ciphertext nibbles) with its track data block decrypted under the TDK; undefined when it is too short.
 */
export function decryptTrack(tdk: Uint8Array, track: string): string | undefined {
	const nibbles = track.replace(/=/g, "D") + (track.length % 2 ? "0" : "");
	const packed = new Uint8Array(nibbles.length / 2);
	for (let i = 0; i < packed.length; i++) packed[i] = NIBBLES.indexOf(nibbles[2 * i]!) * 16 + NIBBLES.indexOf(nibbles[2 * i + 1]!);
	const cipher = tdesCipher(tdk);
	const clear = cryptTrackDataBlock(cipher, packed, "decrypt");
	cipher.wipe();
	if (clear === undefined) return undefined;
	let out = "";
	for (const b of clear) out += NIBBLES[b >> 4]! + NIBBLES[b & 15]!;
	return out.slice(0, track.length).replace(/D/g, "=");
}
