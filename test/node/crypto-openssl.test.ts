// Every cipher and MAC of src/crypto and src/mac against OpenSSL (Node's crypto, and the openssl CLI for
// CMAC), on thousands of random keys and blocks.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from "node:crypto";
import { desCipher, tdesCipher } from "../../src/crypto/des.js";
import { aesCipher } from "../../src/crypto/aes.js";
import { sm4Cipher } from "../../src/crypto/sm4.js";
import { sha1 } from "../../src/crypto/sha1.js";
import { cmac } from "../../src/crypto/cmac.js";
import { cbcDecrypt, cbcEncrypt, ecbDecrypt, ecbEncrypt } from "../../src/crypto/modes.js";
import { cbcMac, retailMac } from "../../src/mac/cbc-mac.js";
import { padIso9797, type PaddingMethod } from "../../src/mac/iso9797-padding.js";
import type { BlockCipher } from "../../src/crypto/block-cipher.js";
import { PUBLIC_KEY_SET } from "../support/public-key-sets.js";
import { PUBLIC_TRACK_EXAMPLE } from "../support/public-tracks.js";
import { cryptTrackDataBlock } from "../../src/keys/track-data-block.js";

function openssl(mode: "encrypt" | "decrypt", name: string, key: Buffer, iv: Buffer | null, data: Uint8Array): Buffer {
	const c = mode === "encrypt" ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
	c.setAutoPadding(false);
	return Buffer.concat([c.update(data), c.final()]);
}

/** ECB and CBC both ways for `rounds` random keys, each with a random 1–8 block message. */
function crossCheck(
	rounds: number,
	keyBytes: number,
	blockSize: number,
	make: (key: Uint8Array) => BlockCipher,
	ecbName: string,
	cbcName: string,
	opensslKey: (key: Buffer) => Buffer = (k) => k,
): void {
	for (let i = 0; i < rounds; i++) {
		const key = randomBytes(keyBytes);
		const data = randomBytes(blockSize * randomInt(1, 9));
		const iv = randomBytes(blockSize);
		const cipher = make(key);
		const ecb = ecbEncrypt(cipher, data);
		assert.deepEqual(
			Buffer.from(ecb),
			openssl("encrypt", ecbName, opensslKey(key), null, data),
			`${ecbName} key ${key.toString("hex")}`,
		);
		assert.deepEqual(Buffer.from(ecbDecrypt(cipher, data)), openssl("decrypt", ecbName, opensslKey(key), null, data));
		const cbc = cbcEncrypt(cipher, iv, data);
		assert.deepEqual(Buffer.from(cbc), openssl("encrypt", cbcName, opensslKey(key), iv, data), `${cbcName} key ${key.toString("hex")}`);
		assert.deepEqual(Buffer.from(cbcDecrypt(cipher, iv, data)), openssl("decrypt", cbcName, opensslKey(key), iv, data));
	}
}

describe("block ciphers against OpenSSL (Node crypto)", () => {
	it("single DES equals des-ede3 with K1 = K2 = K3, on 2000 random keys", () => {
		crossCheck(2000, 8, 8, desCipher, "des-ede3-ecb", "des-ede3-cbc", (k) => Buffer.concat([k, k, k]));
	});

	it("2-key TDES equals des-ede-ecb / des-ede-cbc, on 2000 random keys", () => {
		crossCheck(2000, 16, 8, tdesCipher, "des-ede-ecb", "des-ede-cbc");
	});

	it("3-key TDES equals des-ede3-ecb / des-ede3-cbc, on 2000 random keys", () => {
		crossCheck(2000, 24, 8, tdesCipher, "des-ede3-ecb", "des-ede3-cbc");
	});

	for (const bits of [128, 192, 256]) {
		it(`AES-${bits} equals aes-${bits}-ecb / aes-${bits}-cbc, on 2000 random keys`, () => {
			crossCheck(2000, bits / 8, 16, aesCipher, `aes-${bits}-ecb`, `aes-${bits}-cbc`);
		});
	}

	it("SM4 equals sm4-ecb / sm4-cbc, on 2000 random keys", () => {
		crossCheck(2000, 16, 16, sm4Cipher, "sm4-ecb", "sm4-cbc");
	});
});

describe("MACs against OpenSSL", () => {
	it("ISO 9797-1 algorithm 1 (TDES) is the last block of des-ede-cbc with a zero IV, for all three paddings", () => {
		for (let i = 0; i < 500; i++) {
			const key = randomBytes(16);
			const data = randomBytes(randomInt(0, 64));
			const padding = ((i % 3) + 1) as PaddingMethod;
			const padded = padIso9797(data, padding, 8);
			const expected = openssl("encrypt", "des-ede-cbc", key, Buffer.alloc(8), padded).subarray(-8);
			assert.deepEqual(Buffer.from(cbcMac(tdesCipher(key), data, padding)), expected);
		}
	});

	it("ISO 9797-1 algorithm 3 (X9.19) is a single-DES CBC-MAC under K, then D under K′ and E under K", () => {
		for (let i = 0; i < 500; i++) {
			const key = randomBytes(16);
			const data = randomBytes(randomInt(0, 64));
			const k = key.subarray(0, 8),
				k2 = key.subarray(8);
			const triple = (x: Buffer) => Buffer.concat([x, x, x]);
			const h = openssl("encrypt", "des-ede3-cbc", triple(k), Buffer.alloc(8), padIso9797(data, 1, 8)).subarray(-8);
			const expected = openssl("encrypt", "des-ede3-ecb", triple(k), null, openssl("decrypt", "des-ede3-ecb", triple(k2), null, h));
			assert.deepEqual(Buffer.from(retailMac(key, data, 1)), expected);
		}
	});

	it("AES-CMAC and TDES-CMAC equal `openssl mac CMAC` on random keys and lengths", () => {
		for (let i = 0; i < 40; i++) {
			const aes = i % 2 === 0;
			const key = randomBytes(aes ? 16 : 24);
			const data = randomBytes(randomInt(0, 70));
			const cipherName = aes ? "AES-128-CBC" : "DES-EDE3-CBC";
			const out = execFileSync("openssl", ["mac", "-cipher", cipherName, "-macopt", `hexkey:${key.toString("hex")}`, "CMAC"], {
				input: data,
			})
				.toString()
				.trim();
			assert.equal(
				Buffer.from(cmac(aes ? aesCipher(key) : tdesCipher(key), data))
					.toString("hex")
					.toUpperCase(),
				out,
			);
		}
	});
});

describe("the public sign-in key set against OpenSSL", () => {
	it("its clear PIK and MAK are the TMK decryption of the slots, and their check values are the published ones", () => {
		const tmk = Buffer.from(PUBLIC_KEY_SET.tmk, "hex");
		const field62 = Buffer.from(PUBLIC_KEY_SET.field62SingleMak, "hex");
		const pik = openssl("decrypt", "des-ede-ecb", tmk, null, field62.subarray(0, 16));
		const mak = openssl("decrypt", "des-ede-ecb", tmk, null, field62.subarray(20, 28));
		assert.equal(pik.toString("hex").toUpperCase(), PUBLIC_KEY_SET.pik);
		assert.equal(mak.toString("hex").toUpperCase(), PUBLIC_KEY_SET.mak);
		assert.deepEqual(openssl("encrypt", "des-ede-ecb", pik, null, Buffer.alloc(8)).subarray(0, 4), field62.subarray(16, 20));
		assert.deepEqual(
			openssl("encrypt", "des-ede3-ecb", Buffer.concat([mak, mak, mak]), null, Buffer.alloc(8)).subarray(0, 4),
			field62.subarray(36, 40),
		);
		assert.equal(
			openssl("encrypt", "des-ede-ecb", tmk, null, Buffer.concat([mak, mak]))
				.toString("hex")
				.toUpperCase(),
			PUBLIC_KEY_SET.field62DoubledMak.slice(40, 72),
		);
	});
});

describe("UnionPay track encryption against OpenSSL", () => {
	it("the published example's ciphertexts are des-ede-ecb of TDB2 / TDB3 written in place", () => {
		const tdk = Buffer.from(PUBLIC_TRACK_EXAMPLE.tdk, "hex");
		for (const [packed, block, encrypted] of [
			[PUBLIC_TRACK_EXAMPLE.packed2, PUBLIC_TRACK_EXAMPLE.block2, PUBLIC_TRACK_EXAMPLE.encrypted2],
			[
				PUBLIC_TRACK_EXAMPLE.encrypted3.replace("D30CA4412AD4D918", PUBLIC_TRACK_EXAMPLE.block3),
				PUBLIC_TRACK_EXAMPLE.block3,
				PUBLIC_TRACK_EXAMPLE.encrypted3,
			],
		] as const) {
			const cipherBlock = openssl("encrypt", "des-ede-ecb", tdk, null, Buffer.from(block, "hex")).toString("hex").toUpperCase();
			assert.equal(packed.slice(0, -18) + cipherBlock + packed.slice(-2), encrypted);
		}
	});

	it("cryptTrackDataBlock equals OpenSSL on 500 random packed tracks, both ways", () => {
		for (let i = 0; i < 500; i++) {
			const key = randomBytes(16);
			const packed = randomBytes(randomInt(9, 53));
			const at = packed.length - 9;
			const expected = Buffer.from(packed);
			openssl("encrypt", "des-ede-ecb", key, null, packed.subarray(at, at + 8)).copy(expected, at);
			const encrypted = cryptTrackDataBlock(tdesCipher(key), packed, "encrypt")!;
			assert.deepEqual(Buffer.from(encrypted), expected);
			assert.deepEqual(Buffer.from(cryptTrackDataBlock(tdesCipher(key), encrypted, "decrypt")!), packed);
		}
	});
});

describe("SHA-1 against OpenSSL", () => {
	it("equals Node's sha1 on every length 0–300 (all padding cases) and on 200 random messages up to 4 KB", () => {
		const lengths = [...Array.from({ length: 301 }, (_, i) => i), ...Array.from({ length: 200 }, () => randomInt(0, 4096))];
		for (const n of lengths) {
			const data = randomBytes(n);
			assert.equal(Buffer.from(sha1(data)).toString("hex"), createHash("sha1").update(data).digest("hex"), `${n} bytes`);
		}
	});
});
