// The card's side of offline data authentication (EMV 4.3 Book 2 §5–6, JR/T 0025.12 for fDDA), for a virtual
// card personalised with the test keys of test-keys.ts: the issuer certificate under the test CA (Table 6), the
// ICC certificate under the issuer key over the card's static data (Table 14), the signed static application
// data (Table 7), and at transaction time the signed dynamic application data (Table 17) for INTERNAL
// AUTHENTICATE, for CDA in GENERATE AC (Table 22) and for qPBOC's fDDA in GPO. The certificate records are
// built once per card personalisation and kept (three private-key operations each). Faults make a certificate
// corrupt or expired, point 8F at a CA key the terminal lacks, or spoil the dynamic signature. Platform-free.
//
// Public API: TestKeyPair, OdaFault, CardSigner, certificateRecords.

import { concatBytes } from "../../src/crypto/bytes.js";
import { rsaPrivate, type RsaPrivateKey } from "../../src/crypto/rsa.js";
import { sha1 } from "../../src/crypto/sha1.js";
import { parseAfl } from "../../src/emv/processing.js";
import { encodeTlv, type Tlv } from "../../src/emv/tlv.js";
import { bytesToHex, hexToBytes } from "../../src/factory/hex-text.js";
import type { CardApplication } from "./card-profile.js";
import { TEST_CA_INDEX, TEST_CA_KEY, TEST_CARD_KEYS } from "./test-keys.js";

/** A key pair as big-endian hex (test-keys.ts): the public modulus and exponent, the private key's CRT parts. */
export interface TestKeyPair {
	readonly modulus: string;
	readonly exponent: string;
	readonly p: string;
	readonly q: string;
	readonly dp: string;
	readonly dq: string;
	readonly qInv: string;
}

/** How the card's authentication data is spoilt. */
export type OdaFault = "corrupt-certificate" | "expired-certificate" | "unknown-ca" | "bad-signature";

/** The certificates are valid through December 2049; the expired one ended in December 2020. */
const VALID_UNTIL = "1249";
const EXPIRED = "1220";
const SHA_1_RSA = Uint8Array.of(0x01, 0x01);
/** The DDOL the cards carry (9F49): the terminal's unpredictable number. */
const DDOL = Uint8Array.of(0x9f, 0x37, 0x04);
/** The data authentication code (9F45) in the signed static data. */
const DAC = Uint8Array.of(0xda, 0xc0);

function bytes(h: string): Uint8Array {
	const b = hexToBytes(h);
	if (b === undefined) throw new Error(`test-keys.ts: not hex: ${h.slice(0, 16)}…`);
	return b;
}

function privateKey(k: TestKeyPair): RsaPrivateKey {
	return { modulus: bytes(k.modulus), p: bytes(k.p), q: bytes(k.q), dp: bytes(k.dp), dq: bytes(k.dq), qInv: bytes(k.qInv) };
}

function tlv(tag: number, value: Uint8Array): Tlv {
	return { tag, value };
}

/**
 * The recoverable signature (Book 2 Annex A2.1, the format of every EMV certificate and signature):
 * 6A ‖ `body` ‖ BB padding to N − 22 bytes ‖ SHA-1(body ‖ padding ‖ `hashed`) ‖ BC, raised to the private exponent.
 */
function sign(key: RsaPrivateKey, body: Uint8Array, hashed: Uint8Array): Uint8Array {
	const n = key.modulus.length;
	const padded = new Uint8Array(n - 22).fill(0xbb);
	padded.set(body);
	const message = concatBytes(Uint8Array.of(0x6a), padded, sha1(concatBytes(padded, hashed)), Uint8Array.of(0xbc));
	const s = rsaPrivate(key, message);
	if (s === undefined) throw new Error("card signer: message not below the modulus");
	return s;
}

/** A public key split for its certificate: the leftmost `room` bytes (BB-padded) and the remainder. */
function split(modulus: Uint8Array, room: number): { leftmost: Uint8Array; remainder: Uint8Array } {
	return { leftmost: modulus.subarray(0, room), remainder: modulus.subarray(Math.min(room, modulus.length)) };
}

/** Digits as BCD, F-padded to `length` bytes. */
function paddedDigits(digits: string, length: number): Uint8Array {
	return bytes(digits.padEnd(2 * length, "F"));
}

/** Book 3 §10.3: the ODA records' template values (SFI 1–10) in AFL order, then the AIP (9F4A lists 82). */
function staticData(app: CardApplication): Uint8Array {
	const afl = parseAfl(app.afl);
	if (!afl.ok) throw new Error("card signer: the profile's AFL does not parse");
	const parts: Uint8Array[] = [];
	for (const e of afl.value)
		for (let r = e.first; r < e.first + e.odaRecords; r++) parts.push(encodeTlv(app.records.get(`${e.sfi}:${r}`) ?? []));
	return concatBytes(...parts, app.aip);
}

/**
 * The objects of the card's certificate records: {8F, 90, 92, 9F32}, {9F46, 9F47, 9F48, 9F49, 9F4A}, {93};
 * each record fits a short READ RECORD answer.
 */
export function certificateRecords(app: CardApplication, keys: string, fault: OdaFault | undefined): Tlv[][] {
	const data = staticData(app);
	const id = `${keys}|${app.pan}|${fault ?? ""}|${bytesToHex(data)}`;
	let records = BUILT.get(id);
	if (records === undefined) BUILT.set(id, (records = build(app, data, keys, fault)));
	return records;
}

/** Certificates already built, by keys, PAN, fault and static data: the same card personalised again reuses them. */
const BUILT = new Map<string, Tlv[][]>();

function build(app: CardApplication, data: Uint8Array, keys: string, fault: OdaFault | undefined): Tlv[][] {
	const set = TEST_CARD_KEYS[keys];
	if (set === undefined) throw new Error(`card signer: no test keys named ${keys}`);
	const ca = privateKey(TEST_CA_KEY);
	const issuer = privateKey(set.issuer);
	const issuerExponent = bytes(set.issuer.exponent);
	const iccModulus = bytes(set.icc.modulus);
	const iccExponent = bytes(set.icc.exponent);
	const nCa = ca.modulus.length;
	const nI = issuer.modulus.length;

	// Table 6: 02 ‖ issuer identifier (the PAN's first 6 digits) ‖ expiry ‖ serial ‖ 01 01 ‖ N_I ‖ e length ‖ key.
	const ik = split(issuer.modulus, nCa - 36);
	const issuerBody = concatBytes(
		Uint8Array.of(0x02),
		paddedDigits(app.pan.slice(0, 6), 4),
		bytes(fault === "expired-certificate" ? EXPIRED : VALID_UNTIL),
		bytes("000001"),
		SHA_1_RSA,
		Uint8Array.of(nI, issuerExponent.length),
		ik.leftmost,
	);
	const issuerCertificate = sign(ca, issuerBody, concatBytes(ik.remainder, issuerExponent));
	if (fault === "corrupt-certificate") issuerCertificate[nCa >> 1] ^= 0x01;

	// Table 14: 04 ‖ PAN (10, F-padded) ‖ expiry ‖ serial ‖ 01 01 ‖ N_IC ‖ e length ‖ key; the hash adds the static data.
	const ck = split(iccModulus, nI - 42);
	const iccBody = concatBytes(
		Uint8Array.of(0x04),
		paddedDigits(app.pan, 10),
		bytes(VALID_UNTIL),
		bytes("000001"),
		SHA_1_RSA,
		Uint8Array.of(iccModulus.length, iccExponent.length),
		ck.leftmost,
	);
	const iccCertificate = sign(issuer, iccBody, concatBytes(ck.remainder, iccExponent, data));
	// Table 7: 03 ‖ 01 ‖ data authentication code; the hash over it and the static data.
	const ssad = sign(issuer, concatBytes(Uint8Array.of(0x03, 0x01), DAC), data);

	const index = fault === "unknown-ca" ? TEST_CA_INDEX + 1 : TEST_CA_INDEX;
	return [
		[tlv(0x8f, Uint8Array.of(index)), tlv(0x90, issuerCertificate), tlv(0x92, ik.remainder), tlv(0x9f32, issuerExponent)],
		[
			tlv(0x9f46, iccCertificate),
			tlv(0x9f47, iccExponent),
			tlv(0x9f48, ck.remainder),
			tlv(0x9f49, DDOL),
			tlv(0x9f4a, Uint8Array.of(0x82)),
		],
		[tlv(0x93, ssad)],
	].map((objects) => objects.filter((o) => o.value.length > 0));
}

/** Signs the card's dynamic data with its ICC key. */
export class CardSigner {
	readonly #icc: RsaPrivateKey;
	readonly #fault: OdaFault | undefined;

	constructor(keys: string, fault: OdaFault | undefined) {
		const set = TEST_CARD_KEYS[keys];
		if (set === undefined) throw new Error(`card signer: no test keys named ${keys}`);
		this.#icc = privateKey(set.icc);
		this.#fault = fault;
	}

	/** The DDOL the card's records give (9F49). */
	get ddolLength(): number {
		return 4;
	}

	/** Table 17 / Table 22: 05 ‖ 01 ‖ L_DD ‖ ICC dynamic data, the hash over it and `terminalData`. */
	signDynamic(iccDynamicData: Uint8Array, terminalData: Uint8Array): Uint8Array {
		const sdad = sign(this.#icc, concatBytes(Uint8Array.of(0x05, 0x01, iccDynamicData.length), iccDynamicData), terminalData);
		if (this.#fault === "bad-signature") sdad[sdad.length >> 1] ^= 0x01;
		return sdad;
	}

	/**
	 * DDA (§6.5.1): the SDAD over the DDOL data, its ICC dynamic number 8 bytes derived from the ATC and that
	 * data; undefined when the data is not as long as the card's DDOL (9F37, 4 bytes).
	 */
	internalAuthenticate(atc: Uint8Array, ddolData: Uint8Array): Uint8Array | undefined {
		if (ddolData.length !== DDOL[2]) return undefined;
		const idn = sha1(concatBytes(atc, ddolData)).subarray(0, 8);
		return this.signDynamic(concatBytes(Uint8Array.of(idn.length), idn), ddolData);
	}

	/**
	 * qPBOC fDDA (JR/T 0025.12): 9F69 (version 01 ‖ a card unpredictable number ‖ CTQ 0000) and 9F4B signing the
	 * ATC as the ICC dynamic number, over 9F37 ‖ 9F02 ‖ 5F2A (the PDOL's values) ‖ 9F69.
	 */
	fdda(atc: Uint8Array, un: Uint8Array, amount: Uint8Array, currency: Uint8Array): Tlv[] {
		const cardData = concatBytes(Uint8Array.of(0x01), sha1(concatBytes(atc, un)).subarray(0, 4), Uint8Array.of(0, 0));
		const sdad = this.signDynamic(concatBytes(Uint8Array.of(atc.length), atc), concatBytes(un, amount, currency, cardData));
		return [tlv(0x9f69, cardData), tlv(0x9f4b, sdad)];
	}

	/**
	 * CDA (§6.6.1): the GENERATE AC answer's objects but 9F26, with 9F4B signing IDN ‖ CID ‖ AC ‖ the hash of
	 * PDOL data ‖ CDOL data ‖ those objects, over the unpredictable number.
	 */
	cda(objects: readonly Tlv[], pdolData: Uint8Array, cdolData: Uint8Array, unpredictableNumber: Uint8Array): Tlv[] {
		const ac = objects.find((o) => o.tag === 0x9f26)!.value;
		const cid = objects.find((o) => o.tag === 0x9f27)!.value;
		const atc = objects.find((o) => o.tag === 0x9f36)!.value;
		const rest = objects.filter((o) => o.tag !== 0x9f26);
		const tdhc = sha1(concatBytes(pdolData, cdolData, encodeTlv(rest)));
		const idn = sha1(concatBytes(atc, unpredictableNumber)).subarray(0, 8);
		const dynamic = concatBytes(Uint8Array.of(idn.length), idn, cid, ac, tdhc);
		const at = rest.findIndex((o) => o.tag === 0x9f10);
		const sdad = tlv(0x9f4b, this.signDynamic(dynamic, unpredictableNumber));
		return [...rest.slice(0, at), sdad, ...rest.slice(at)];
	}
}
