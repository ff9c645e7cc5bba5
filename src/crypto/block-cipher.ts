// The one shape every block cipher here takes: a key schedule computed once, then blocks in place.
// Modes (ecb/cbc), MACs and CMAC work on any of them.
//
// Public API: BlockCipher.

export interface BlockCipher {
	/** 8 for DES/TDES, 16 for AES and SM4. */
	readonly blockSize: number;
	/** Encrypts one block from `input` at `inOffset` into `output` at `outOffset` (may be the same place). */
	encryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void;
	decryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void;
	/** Overwrites the key schedule with zeros; the cipher must not be used afterwards. */
	wipe(): void;
}
