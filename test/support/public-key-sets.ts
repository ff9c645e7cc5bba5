// A public sign-in field 62 with its TMK (code 003: PIK 16 + CV 4, MAK slot 16 + CV 4), the vector of the
// "62 domain use" example, https://www.codetd.com/en/article/8988877 (from blog.csdn.net/u013636987/article/
// details/52197607): TMK CE31…91D0, PIK ciphertext 16 × 11 with CV E62ECC05, MAK ciphertext 8 × 22 followed
// by 8 zero bytes with the single-DES CV 25E9A6B1. The clear keys below were computed with OpenSSL
// (des-ede-ecb decrypt under the TMK) and are checked against it in test/node/crypto-openssl.test.ts.

import { hex } from "./hex.js";

export const PUBLIC_KEY_SET = {
	tmk: "CE31B0C2D38034706861B0AE86CE91D0",
	/** As published: the MAK slot holds E(K) ‖ 00…00. */
	field62SingleMak: "11111111111111111111111111111111" + "E62ECC05" + "2222222222222222" + "0000000000000000" + "25E9A6B1",
	/** The same keys with the MAK sent as E(K ‖ K), the other form acquirers use (same CV). */
	field62DoubledMak: "11111111111111111111111111111111" + "E62ECC05" + "22222222222222222222222222222222" + "25E9A6B1",
	/** D_TMK(11…11): a single-length PIK written K ‖ K. */
	pik: "ADE6211A79E44B26ADE6211A79E44B26",
	/** D_TMK(22…22). */
	mak: "8916CF396941FAA4",
} as const;

export const publicKeySetBytes = (name: keyof typeof PUBLIC_KEY_SET): Uint8Array => hex(PUBLIC_KEY_SET[name]);
