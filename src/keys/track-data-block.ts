// Track-data encryption of the UnionPay POS rules (银联卡受理终端安全规范, 磁道加密算法: PIN pad encryption of
// the issuer data in tracks 2 and 3 under the double-length TDK loaded at sign-in with 60.3 = 004). The
// track travels packed as BCD (fields 35/36, '=' as nibble D); counting from the end sentinel leftwards,
// the 8 bytes that start at the second byte — the 8 bytes that end one byte before the last byte of the
// packed track — form the track data block (TDB2 / TDB3). It is TDES-ECB encrypted and written back in
// place; the other bytes, the length prefix and the digit count stay as they were.
//
// Public API: TRACK_BLOCK_BYTES, trackDataBlockAt(packedLength), cryptTrackDataBlock(cipher, packed, direction).

import type { BlockCipher } from "../crypto/block-cipher.js";

export const TRACK_BLOCK_BYTES = 8;

/** Where the track data block starts in a packed track of `packedLength` bytes; undefined when too short. */
export function trackDataBlockAt(packedLength: number): number | undefined {
	const at = packedLength - 1 - TRACK_BLOCK_BYTES;
	return at >= 0 ? at : undefined;
}

/** A copy of `packed` with its track data block encrypted or decrypted; undefined when it is under 9 bytes. */
export function cryptTrackDataBlock(cipher: BlockCipher, packed: Uint8Array, direction: "encrypt" | "decrypt"): Uint8Array | undefined {
	const at = trackDataBlockAt(packed.length);
	if (at === undefined) return undefined;
	const out = packed.slice();
	if (direction === "encrypt") cipher.encryptBlock(out, at, out, at);
	else cipher.decryptBlock(out, at, out, at);
	return out;
}
