// SM4 (GB/T 32907-2016), table-driven: the S-box composed with the linear transform L is one 256-entry
// word table used with rotations; 32 round keys computed once.
//
// Public API: sm4Cipher(key16).

import type { BlockCipher } from "./block-cipher.js";
import { readWord, writeWord } from "./bytes.js";

// GB/T 32907-2016 §6.2 S-box.
const SBOX = hexTable(
	"d690e9fecce13db716b614c228fb2c05" +
		"2b679a762abe04c3aa44132649860699" +
		"9c4250f491ef987a33540b43edcfac62" +
		"e4b31ca9c908e89580df94fa758f3fa6" +
		"4707a7fcf37317ba83593c19e6854fa8" +
		"686b81b27164da8bf8eb0f4b70569d35" +
		"1e240e5e6358d1a225227c3b01217887" +
		"d40046579fd327524c3602e7a0c4c89e" +
		"eabf8ad240c738b5a3f7f2cef96115a1" +
		"e0ae5da49b341a55ad933230f58cb1e3" +
		"1df6e22e8266ca60c02923ab0d534e6f" +
		"d5db3745defd8e2f03ff6a726d6c5b51" +
		"8d1baf92bbddbc7f11d95c411f105ad8" +
		"0ac13188a5cd7bbd2d74d012b8e5b4b0" +
		"8969974a0c96777e65b9f109c56ec684" +
		"18f07dec3adc4d2079ee5f3ed7cb3948",
);

// GB/T 32907-2016 §7.3: system parameter FK.
const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];

function hexTable(hex: string): Uint8Array {
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}

function rotl(x: number, n: number): number {
	return (x << n) | (x >>> (32 - n));
}

/** T0[b] = L(S(b) << 24) with L(B) = B ^ B<<<2 ^ B<<<10 ^ B<<<18 ^ B<<<24 (§6.2). */
const T0 = new Uint32Array(256);
for (let v = 0; v < 256; v++) {
	const b = SBOX[v]! << 24;
	T0[v] = (b ^ rotl(b, 2) ^ rotl(b, 10) ^ rotl(b, 18) ^ rotl(b, 24)) >>> 0;
}

function roundT(x: number): number {
	return T0[x >>> 24]! ^ rotl(T0[(x >>> 16) & 0xff]!, 24) ^ rotl(T0[(x >>> 8) & 0xff]!, 16) ^ rotl(T0[x & 0xff]!, 8);
}

/** T' of the key schedule: τ then L'(B) = B ^ B<<<13 ^ B<<<23 (§7.3). */
function keyT(x: number): number {
	const b = (SBOX[x >>> 24]! << 24) | (SBOX[(x >>> 16) & 0xff]! << 16) | (SBOX[(x >>> 8) & 0xff]! << 8) | SBOX[x & 0xff]!;
	return b ^ rotl(b, 13) ^ rotl(b, 23);
}

class Sm4 implements BlockCipher {
	readonly blockSize = 16;
	readonly #rk = new Uint32Array(32);

	constructor(key: Uint8Array) {
		let k0 = readWord(key, 0) ^ FK[0]!;
		let k1 = readWord(key, 4) ^ FK[1]!;
		let k2 = readWord(key, 8) ^ FK[2]!;
		let k3 = readWord(key, 12) ^ FK[3]!;
		for (let i = 0; i < 32; i++) {
			// CK_i byte j = (4i + j) × 7 mod 256 (§7.3).
			const b = 28 * i;
			const ck = (((b & 0xff) << 24) | (((b + 7) & 0xff) << 16) | (((b + 14) & 0xff) << 8) | ((b + 21) & 0xff)) >>> 0;
			const next = k0 ^ keyT(k1 ^ k2 ^ k3 ^ ck);
			this.#rk[i] = next;
			k0 = k1;
			k1 = k2;
			k2 = k3;
			k3 = next;
		}
	}

	#crypt(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number, forward: boolean): void {
		const rk = this.#rk;
		let x0 = readWord(input, inOffset);
		let x1 = readWord(input, inOffset + 4);
		let x2 = readWord(input, inOffset + 8);
		let x3 = readWord(input, inOffset + 12);
		for (let i = 0; i < 32; i++) {
			const next = x0 ^ roundT(x1 ^ x2 ^ x3 ^ rk[forward ? i : 31 - i]!);
			x0 = x1;
			x1 = x2;
			x2 = x3;
			x3 = next;
		}
		// Reverse transform R (§7.1).
		writeWord(output, outOffset, x3);
		writeWord(output, outOffset + 4, x2);
		writeWord(output, outOffset + 8, x1);
		writeWord(output, outOffset + 12, x0);
	}

	encryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		this.#crypt(input, inOffset, output, outOffset, true);
	}

	decryptBlock(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void {
		this.#crypt(input, inOffset, output, outOffset, false);
	}

	wipe(): void {
		this.#rk.fill(0);
	}
}

/** SM4 with a 16-byte key. */
export function sm4Cipher(key: Uint8Array): BlockCipher {
	if (key.length !== 16) throw new RangeError(`SM4 key must be 16 bytes, got ${key.length}`);
	return new Sm4(key);
}
