// Moddable's `crypt` module (modules/crypt/digest/crypt.js in the Moddable SDK), as far as native-crypto.ts
// uses it; @moddable/typings does not declare it.
declare module "crypt" {
	export class BlockCipher {
		constructor(name: "DES" | "TDES" | "AES", key: ArrayBuffer);
		encrypt(data: ArrayBuffer, result?: ArrayBuffer): ArrayBuffer;
		decrypt(data: ArrayBuffer, result?: ArrayBuffer): ArrayBuffer;
		readonly blockSize: number;
		readonly keySize: number;
	}
	export class Digest {
		constructor(name: "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512" | "MD5");
		write(data: ArrayBuffer | ArrayBufferView | string): void;
		close(more?: boolean): ArrayBuffer;
		reset(): void;
		readonly blockSize: number;
		readonly outputSize: number;
	}
}

// modules/crypt/bin/bin.js: `xor` is native (xs_crypt_bin_xor) and returns a new buffer of a's length.
declare module "bin" {
	const Bin: {
		xor(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): ArrayBuffer;
		comp(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView, n?: number): number;
	};
	export default Bin;
}
