// Builds and runs the crypto check program (device/moddable/crypto-check: Moddable's x-cli-lin platform, a
// headless XS program with Moddable's native crypt modules): hands it the vectors and the cases OpenSSL
// (Node's crypto) computes, reads one line per check, and, under valgrind's callgrind, the x86-64
// instructions of each measured loop (cli-program.ts). Needs $MODDABLE with the SDK's tools on PATH.
//
// Public API: CRYPTO_CHECK_MANIFEST, CheckLine, NativeMeasurement, buildCryptoCheck, openSslCases, crcCases,
// runCryptoCheck.

import { createCipheriv, pbkdf2Sync } from "node:crypto";
import { crc32 as zlibCrc32 } from "node:zlib";
import { buildCliProgram, runCliProgram } from "./cli-program.js";

export const CRYPTO_CHECK_MANIFEST = "device/moddable/crypto-check/manifest.json";

export interface CheckLine {
	readonly impl: "native" | "javascript";
	readonly name: string;
	readonly ok: boolean;
}

export interface NativeMeasurement {
	readonly impl: "native" | "javascript";
	readonly name: string;
	readonly iterations: number;
	/** x86-64 instructions per operation (callgrind). */
	readonly instructionsPerOp: number;
}

/** Builds the program into `out` (an incremental rebuild takes about 30 s) and returns the binary's path. */
export async function buildCryptoCheck(out: string): Promise<string> {
	return buildCliProgram(CRYPTO_CHECK_MANIFEST, out);
}

function ecb(cipher: string, key: Buffer, data: Buffer): string {
	const c = createCipheriv(cipher, key, null).setAutoPadding(false);
	return Buffer.concat([c.update(data), c.final()]).toString("hex");
}

/** Block cipher and PBKDF2 cases computed by OpenSSL, the program's independent oracle. */
export function openSslCases(): { blocks: unknown[]; pbkdf2: unknown[] } {
	const key = Buffer.from("00112233445566778899AABBCCDDEEFF0123456789ABCDEF8899AABBCCDDEEFF", "hex");
	const plaintext = Buffer.from("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51", "hex");
	// Single DES as TDES with K1 = K2 = K3 (OpenSSL 3's default provider has no des-ecb).
	const cases: [string, string, number][] = [
		["des", "des-ede3-ecb", 8],
		["tdes", "des-ede-ecb", 16],
		["tdes", "des-ede3-ecb", 24],
		["aes", "aes-128-ecb", 16],
		["aes", "aes-192-ecb", 24],
		["aes", "aes-256-ecb", 32],
	];
	const blocks = cases.map(([cipher, openssl, bytes]) => {
		const k = key.subarray(0, bytes);
		const opensslKey = bytes === 8 ? Buffer.concat([k, k, k]) : k;
		return { cipher, key: k.toString("hex"), plaintext: plaintext.toString("hex"), ciphertext: ecb(openssl, opensslKey, plaintext) };
	});
	const salt = Buffer.from("A0B1C2D3E4F5061728394A5B6C7D8E9F", "hex");
	const pbkdf2 = [1, 2, 1000].map((iterations) => ({
		password: Buffer.from("12345678").toString("hex"),
		salt: salt.toString("hex"),
		iterations,
		hash: pbkdf2Sync("12345678", salt, iterations, 32, "sha256").toString("hex"),
	}));
	return { blocks, pbkdf2 };
}

/**
 * CRC-32 cases for the native CRC (the journal's checksum), computed by zlib: empty, one byte, lengths around
 * the JavaScript one's four-byte steps, a range inside a buffer, a journal sector's size.
 */
export function crcCases(): { data: string; start: number; end: number; crc: number }[] {
	const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + (i >> 8)) & 0xff));
	const ranges: [number, number][] = [
		[0, 0],
		[0, 1],
		[0, 3],
		[0, 4],
		[0, 5],
		[0, 255],
		[3, 203],
		[12, 4096],
	];
	return ranges.map(([start, end]) => ({ data: data.toString("hex"), start, end, crc: zlibCrc32(data.subarray(start, end)) }));
}

/** Runs the program on `input`; with `callgrind`, also the instructions of each measured loop. */
export async function runCryptoCheck(
	binary: string,
	input: object,
	options: { callgrind?: boolean } = {},
): Promise<{ checks: CheckLine[]; measurements: NativeMeasurement[]; done: boolean; stderr: string }> {
	const run = await runCliProgram(binary, input, options);
	return { checks: run.lines<CheckLine>("check"), measurements: run.measured<NativeMeasurement>(), done: run.done, stderr: run.stderr };
}
