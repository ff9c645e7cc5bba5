// The commands the kernel sends (EMV 4.3 Book 1 §11, Book 3 §6.5; PBOC 3.0 JR/T 0025.5) and the status words
// it tells apart (ISO/IEC 7816-4 §5.1.3, Book 3 §6.5 per command).
//
// Public API: directoryName, selectByName, readRecord, getProcessingOptions, getData, generateAc, externalAuthenticate,
// getResponse, AcType,
// sw, SW_OK.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import { concatBytes } from "../crypto/bytes.js";
import { tagBytes, type Tag } from "./tlv.js";

/** The DF name of the PSE, "1PAY.SYS.DDF01", or of the PPSE, "2PAY.SYS.DDF01", in ASCII (Book 1 §12.2.2; Book B §3.3.2). */
export function directoryName(directory: "PSE" | "PPSE"): Uint8Array {
	return Uint8Array.from(directory === "PSE" ? "1PAY.SYS.DDF01" : "2PAY.SYS.DDF01", (c) => c.charCodeAt(0));
}

/** 90 00: normal processing. */
export const SW_OK = 0x9000;

/** The status word as one number (SW1 × 256 + SW2). */
export function sw(response: ResponseApdu): number {
	return response.sw1 * 256 + response.sw2;
}

/** SELECT by DF name (Book 1 §11.3): P1 04; P2 00 for the first occurrence, 02 for the next (partial names). */
export function selectByName(name: Uint8Array, next = false): CommandApdu {
	return { cla: 0x00, ins: 0xa4, p1: 0x04, p2: next ? 0x02 : 0x00, data: name, le: 256 };
}

/** READ RECORD (Book 1 §11.2): P1 the record number, P2 = SFI << 3 | 100 (P1 is a record number). */
export function readRecord(sfi: number, record: number): CommandApdu {
	return { cla: 0x00, ins: 0xb2, p1: record, p2: (sfi << 3) | 0x04, data: new Uint8Array(0), le: 256 };
}

/** GET PROCESSING OPTIONS (Book 3 §6.5.8): data is 83, its length, the PDOL data (83 00 without a PDOL). */
export function getProcessingOptions(pdolData: Uint8Array): CommandApdu {
	return { cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: concatBytes(Uint8Array.of(0x83, pdolData.length), pdolData), le: 256 };
}

/** GET DATA (Book 3 §6.5.7): P1 P2 the two bytes of the tag (9F36 ATC, 9F17 PIN try counter, 9F13, 9F4F). */
export function getData(tag: Tag): CommandApdu {
	const t = tagBytes(tag);
	return { cla: 0x80, ins: 0xca, p1: t.length === 2 ? t[0]! : 0, p2: t[t.length - 1]!, data: new Uint8Array(0), le: 256 };
}

/** The cryptogram asked for in GENERATE AC P1 b8–b7 (Book 3 §6.5.5.2, Table 12). */
export type AcType = "AAC" | "TC" | "ARQC";

const AC_P1: Readonly<Record<AcType, number>> = Object.freeze({ AAC: 0x00, TC: 0x40, ARQC: 0x80 });

/** GENERATE AC (Book 3 §6.5.5) with the CDOL data; `cda` sets P1 b5, the CDA signature request (Table 12). */
export function generateAc(type: AcType, cdolData: Uint8Array, cda = false): CommandApdu {
	return { cla: 0x80, ins: 0xae, p1: AC_P1[type] | (cda ? 0x10 : 0), p2: 0, data: cdolData, le: 256 };
}

/** EXTERNAL AUTHENTICATE (Book 3 §6.5.4): the issuer authentication data (91), no answer data. */
export function externalAuthenticate(issuerAuthenticationData: Uint8Array): CommandApdu {
	return { cla: 0x00, ins: 0x82, p1: 0, p2: 0, data: issuerAuthenticationData };
}

/** GET RESPONSE (ISO/IEC 7816-4 §7.6.1): fetches `le` bytes the card holds after 61xx at T=0. */
export function getResponse(le: number): CommandApdu {
	return { cla: 0x00, ins: 0xc0, p1: 0, p2: 0, data: new Uint8Array(0), le };
}
