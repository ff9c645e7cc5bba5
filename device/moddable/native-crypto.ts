// The secure element's primitives on Moddable's native crypto (modules/crypt in the Moddable SDK, C from its
// kcl: fips46.c DES/TDES, fips197.c AES, fips180.c SHA-256): DES, TDES and AES through `BlockCipher`, HMAC-SHA256
// through `Digest`, PBKDF2 on that HMAC with `Bin.xor` (modules/crypt/bin). The classes come from the entry
// (`import { BlockCipher, Digest } from "crypt"`, `import Bin from "bin"`), as IO does, so only main.ts and the
// crypto check program import the modules. SM4 is not in Moddable and stays JavaScript.
//
// What the native classes do not do, and how this module stands in:
// - `BlockCipher` works on whole ArrayBuffers from offset 0, so each block is copied through a scratch buffer.
// - It recomputes its key schedule whenever the direction changes, so encryption and decryption get one object each.
// - Its 3-key TDES decryption applies K1 first (correct only when K3 = K1), so a 24-byte key decrypts with the
//   key given as K3 ‖ K2 ‖ K1 (SP 800-67: decryption is D(K1) ∘ E(K2) ∘ D(K3)).
// - It keeps key and schedule in an XS chunk it never clears: `wipe()` zeroes the scratch and drops the objects,
//   and the garbage collector frees the chunk without zeroing it. Zeroisation that PCI PTS can rely on needs a
//   native module of our own (README, "Cryptography and the secure PIN element").
//
// Public API: CryptModule, moddablePrimitives.

import type { BlockCipher } from "../../src/crypto/block-cipher.js";
import { pbkdf2Sha256 } from "../../src/crypto/pbkdf2-sha256.js";
import { SHA256_BLOCK_BYTES } from "../../src/crypto/sha256.js";
import type { CryptoPrimitives, KeyedHash } from "../../src/crypto/primitives.js";

type CipherName = "DES" | "TDES" | "AES";

export interface NativeBlockCipher {
	/** One block from the start of `data` into `result` (may be the same buffer). */
	encrypt(data: ArrayBuffer, result: ArrayBuffer): ArrayBuffer;
	decrypt(data: ArrayBuffer, result: ArrayBuffer): ArrayBuffer;
}

/** The two classes of Moddable's `crypt` module this uses, and its `bin` module. */
export interface NativeDigest {
	reset(): void;
	write(data: ArrayBuffer | ArrayBufferView): void;
	close(): ArrayBuffer;
}

export interface CryptModule {
	readonly BlockCipher: new (name: CipherName, key: ArrayBuffer) => NativeBlockCipher;
	readonly Digest: new (name: "SHA256") => NativeDigest;
	readonly Bin: { xor(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): ArrayBuffer };
}

class NativeCipher implements BlockCipher {
	readonly blockSize: number;
	readonly #BlockCipher: CryptModule["BlockCipher"];
	readonly #name: CipherName;
	/** A copy of the key, for the native object of each direction, made when first used; zeroed by wipe(). */
	readonly #key: Uint8Array;
	readonly #scratch: Uint8Array;
	#encryptor: NativeBlockCipher | undefined;
	#decryptor: NativeBlockCipher | undefined;
	#wiped = false;

	constructor(BlockCipher: CryptModule["BlockCipher"], name: CipherName, key: Uint8Array) {
		this.#BlockCipher = BlockCipher;
		this.#name = name;
		this.#key = key.slice();
		this.blockSize = name === "AES" ? 16 : 8;
		this.#scratch = new Uint8Array(this.blockSize);
	}

	encryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		this.#encryptor ??= this.#native(this.#key);
		this.#run(this.#encryptor, false, input, inOffset, output, outOffset);
	}

	decryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		const k = this.#key;
		this.#decryptor ??= this.#native(
			this.#name === "TDES" && k.length === 24 ? Uint8Array.of(...k.subarray(16), ...k.subarray(8, 16), ...k.subarray(0, 8)) : k,
		);
		this.#run(this.#decryptor, true, input, inOffset, output, outOffset);
	}

	#native(key: Uint8Array): NativeBlockCipher {
		if (this.#wiped) throw new Error("cipher used after wipe()");
		const buffer = key.slice();
		const cipher = new this.#BlockCipher(this.#name, buffer.buffer as ArrayBuffer);
		buffer.fill(0);
		return cipher;
	}

	#run(cipher: NativeBlockCipher, decrypt: boolean, input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		const scratch = this.#scratch;
		scratch.set(input.subarray(inOffset, inOffset + this.blockSize));
		const buffer = scratch.buffer as ArrayBuffer;
		if (decrypt) cipher.decrypt(buffer, buffer);
		else cipher.encrypt(buffer, buffer);
		output.set(scratch, outOffset);
	}

	wipe(): void {
		this.#key.fill(0);
		this.#scratch.fill(0);
		this.#encryptor = undefined;
		this.#decryptor = undefined;
		this.#wiped = true;
	}
}

/** HMAC (RFC 2104) on a native SHA-256: H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m)). */
class NativeHmacSha256 implements KeyedHash {
	readonly #digest: NativeDigest;
	readonly #inner = new Uint8Array(SHA256_BLOCK_BYTES);
	readonly #outer = new Uint8Array(SHA256_BLOCK_BYTES);

	constructor(Digest: CryptModule["Digest"], key: Uint8Array) {
		this.#digest = new Digest("SHA256");
		let k = key;
		if (key.length > SHA256_BLOCK_BYTES) {
			this.#digest.write(key);
			k = new Uint8Array(this.#digest.close());
		}
		for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
			const b = k[i] ?? 0;
			this.#inner[i] = b ^ 0x36;
			this.#outer[i] = b ^ 0x5c;
		}
	}

	mac(...parts: readonly Uint8Array[]): Uint8Array {
		const digest = this.#digest;
		digest.reset();
		digest.write(this.#inner);
		// Indexed, not for-of: XS runs an iterator object per for-of (this is the PBKDF2 inner loop).
		for (let i = 0; i < parts.length; i++) digest.write(parts[i]!);
		const inner = digest.close();
		digest.reset();
		digest.write(this.#outer);
		digest.write(inner);
		return new Uint8Array(digest.close());
	}
}

function checkedKey(key: Uint8Array, lengths: readonly number[], name: string): Uint8Array {
	if (!lengths.includes(key.length)) throw new RangeError(`${name} key must be ${lengths.join(", ")} bytes, got ${key.length}`);
	return key;
}

/** The element's primitives on Moddable's native `crypt` classes. */
export function moddablePrimitives(crypt: CryptModule): CryptoPrimitives {
	return Object.freeze({
		des: (key: Uint8Array): BlockCipher => new NativeCipher(crypt.BlockCipher, "DES", checkedKey(key, [8], "DES")),
		tdes: (key: Uint8Array): BlockCipher => new NativeCipher(crypt.BlockCipher, "TDES", checkedKey(key, [8, 16, 24], "TDES")),
		aes: (key: Uint8Array): BlockCipher => new NativeCipher(crypt.BlockCipher, "AES", checkedKey(key, [16, 24, 32], "AES")),
		hmacSha256: (key: Uint8Array): KeyedHash => new NativeHmacSha256(crypt.Digest, key),
		pbkdf2Sha256: (password: Uint8Array, salt: Uint8Array, iterations: number, keyBytes: number) =>
			pbkdf2Sha256(
				password,
				salt,
				iterations,
				keyBytes,
				(key) => new NativeHmacSha256(crypt.Digest, key),
				(t, u) => new Uint8Array(crypt.Bin.xor(t, u)),
			),
	});
}
