// The recoveries and checks of offline data authentication, EMV 4.3 Book 2: the issuer public key from its
// certificate (90) under a CA key (§5.3 for SDA, §6.3 for DDA/CDA: the same steps), the ICC public key from its
// certificate (9F46) under the issuer key (§6.4), the signed static application data (93) under the issuer key
// (§5.4), and the signed dynamic application data (9F4B) under the ICC key (§6.5.2, §6.6.2; fDDA likewise).
// Each failure is an OdaFailure naming the step of the section it fails; nothing here throws on card data.
// SHA-1 is the only hash algorithm Book 2 defines (Annex B2.3, indicator 01); RSA the only key algorithm (B2.2, 01).
//
// Public API: RecoveredIssuerKey, RecoveredIccKey, CertificateChecks, recoverIssuerKey, recoverIccKey,
// recoverSignedStaticData, recoverSignedDynamicData, expiryPassed.

import { err, ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";
import { rsaPublic } from "../crypto/rsa.js";
import { sha1 } from "../crypto/sha1.js";
import type { CaPublicKey, OdaFailure, RsaPublicKey } from "./offline-authentication.js";

/** Hash algorithm indicator 01 and public key algorithm indicator 01 (Book 2 Annex B2). */
const SHA_1 = 0x01;
const RSA = 0x01;
const HASH_LENGTH = 20;

export interface RecoveredIssuerKey extends RsaPublicKey {
	/** The leftmost 3–8 PAN digits, padded with F (4 bytes). */
	readonly issuerIdentifier: Uint8Array;
	/** MMYY. */
	readonly expiry: Uint8Array;
	/** 3 bytes, unique to the certification authority. */
	readonly serial: Uint8Array;
}

export interface RecoveredIccKey extends RsaPublicKey {
	/** The PAN padded with F (10 bytes). */
	readonly pan: Uint8Array;
	/** MMYY. */
	readonly expiry: Uint8Array;
	readonly serial: Uint8Array;
}

/** What the terminal checks a certificate against besides the card's data. */
export interface CertificateChecks {
	/** 9A, YYMMDD (BCD), from the terminal. */
	readonly transactionDate: Uint8Array;
	/** §5.3 step 10: RID ‖ CA index ‖ serial on the acquirer's revocation list. */
	readonly revoked?: (rid: Uint8Array, index: number, serial: Uint8Array) => boolean;
}

type Stage = "issuer-certificate" | "icc-certificate" | "signature";

function fail(kind: Stage, step: number, detail: string): Result<never, OdaFailure> {
	return err({ kind, step, detail });
}

function hex(bytes: Uint8Array): string {
	let s = "";
	for (const b of bytes) s += (b >> 4).toString(16) + (b & 15).toString(16);
	return s.toUpperCase();
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * Steps 1–4 common to every recovery: the input as long as the modulus, X^e mod n, trailer BC, header 6A,
 * the format byte.
 */
function recover(key: RsaPublicKey, input: Uint8Array, format: number, kind: Stage): Result<Uint8Array, OdaFailure> {
	if (input.length !== key.modulus.length)
		return fail(kind, 1, `${input.length} bytes where the key's modulus has ${key.modulus.length}`);
	const x = rsaPublic(key.modulus, key.exponent, input);
	if (x === undefined) return fail(kind, 2, "not less than the modulus");
	if (x[x.length - 1] !== 0xbc) return fail(kind, 2, `trailer ${hex(x.subarray(x.length - 1))}, not BC`);
	if (x[0] !== 0x6a) return fail(kind, 3, `header ${hex(x.subarray(0, 1))}, not 6A`);
	if (x[1] !== format) return fail(kind, 4, `format ${hex(x.subarray(1, 2))}, not ${hex(Uint8Array.of(format))}`);
	return ok(x);
}

/** Steps 5–7: SHA-1 over the recovered data from the format byte to the hash, then `extra`, equals the hash. */
function checkHash(x: Uint8Array, hashAlgorithm: number, extra: Uint8Array, kind: Stage): Result<void, OdaFailure> {
	if (hashAlgorithm !== SHA_1) return fail(kind, 6, `hash algorithm ${hex(Uint8Array.of(hashAlgorithm))} unknown`);
	const end = x.length - 1 - HASH_LENGTH;
	const digest = sha1(concatBytes(x.subarray(1, end), extra));
	if (!equal(digest, x.subarray(end, end + HASH_LENGTH))) return fail(kind, 7, "hash differs");
	return ok();
}

/** BCD digits with the F padding dropped (no regular expression: compiled at each use on XS). */
function digits(bytes: Uint8Array): string {
	const s = hex(bytes);
	let end = s.length;
	while (end > 0 && s.charCodeAt(end - 1) === 0x46) end--;
	return s.slice(0, end);
}

function bcd(byte: number): number {
	const hi = byte >> 4;
	const lo = byte & 15;
	return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

/** Years 00–49 are 20YY, 50–99 19YY (Book 4 §6.7.3 for the YY of dates). */
function fullYear(yy: number): number {
	return yy < 50 ? 2000 + yy : 1900 + yy;
}

/**
 * Whether the certificate (valid to the last day of MMYY) has expired on the transaction date (YYMMDD);
 * undefined when either is not a valid BCD date.
 */
export function expiryPassed(expiry: Uint8Array, transactionDate: Uint8Array): boolean | undefined {
	const [mm, yy] = [bcd(expiry[0]!), bcd(expiry[1]!)];
	const [ty, tm] = [bcd(transactionDate[0]!), bcd(transactionDate[1]!)];
	if (expiry.length !== 2 || transactionDate.length !== 3 || mm < 1 || mm > 12 || yy < 0 || ty < 0 || tm < 1 || tm > 12) return undefined;
	return fullYear(yy) * 12 + mm < fullYear(ty) * 12 + tm;
}

function checkExpiry(expiry: Uint8Array, transactionDate: Uint8Array, kind: Stage, step: number): Result<void, OdaFailure> {
	const passed = expiryPassed(expiry, transactionDate);
	if (passed === undefined) return fail(kind, step, `expiry ${hex(expiry)} or transaction date ${hex(transactionDate)} is not a date`);
	if (passed) return fail(kind, step, `expired ${hex(expiry)} (MMYY) before ${hex(transactionDate)}`);
	return ok();
}

/** The key's modulus: the leftmost digits from the certificate (its length `n`) and the remainder's bytes. */
function modulusOf(leftmost: Uint8Array, n: number, remainder: Uint8Array | undefined): Uint8Array | undefined {
	if (n <= leftmost.length) return remainder === undefined || remainder.length === 0 ? leftmost.slice(0, n) : undefined;
	if (remainder === undefined || remainder.length !== n - leftmost.length) return undefined;
	return concatBytes(leftmost, remainder);
}

/** A key certificate opened: its owner's identifier (issuer identifier or PAN), expiry, serial, and the key. */
interface OpenedCertificate {
	readonly owner: Uint8Array;
	readonly expiry: Uint8Array;
	readonly serial: Uint8Array;
	readonly modulus: Uint8Array;
}

/** How the issuer (§5.3, Table 6) and ICC (§6.4, Table 14) certificates differ. */
interface CertificateLayout {
	readonly kind: "issuer-certificate" | "icc-certificate";
	readonly format: number;
	/** 4 (issuer identifier) or 10 (PAN). */
	readonly ownerLength: number;
	/** 92 or 9F48. */
	readonly remainderTag: number;
	/** The step checking the key algorithm and the one joining the modulus (11 and 12, or 10 and 11). */
	readonly algorithmStep: number;
}

/**
 * Steps 1–7, the key algorithm and the joining of the modulus, shared by both certificates: format ‖ owner ‖
 * expiry (2) ‖ serial (3) ‖ hash algorithm ‖ key algorithm ‖ key length ‖ exponent length ‖ the key's leftmost
 * bytes ‖ hash ‖ BC, the hash over all but header, hash and trailer, then the remainder, exponent and `extra`.
 */
function openCertificate(
	layout: CertificateLayout,
	key: RsaPublicKey,
	certificate: Uint8Array,
	remainder: Uint8Array | undefined,
	exponent: Uint8Array,
	extra: Uint8Array,
): Result<OpenedCertificate, OdaFailure> {
	const { kind, ownerLength: o, algorithmStep } = layout;
	const r = recover(key, certificate, layout.format, kind);
	if (!r.ok) return r;
	const x = r.value;
	const leftmostStart = 2 + o + 9;
	if (x.length < leftmostStart + 1 + HASH_LENGTH) return fail(kind, 1, "certificate too short");
	const n = x[2 + o + 7]!;
	const leftmost = x.subarray(leftmostStart, x.length - 1 - HASH_LENGTH);
	if (n > leftmost.length && remainder === undefined) return err({ kind: "missing-data", tags: [layout.remainderTag] });
	const hashed = checkHash(x, x[2 + o + 5]!, concatBytes(remainder ?? new Uint8Array(0), exponent, extra), kind);
	if (!hashed.ok) return hashed;
	if (x[2 + o + 6] !== RSA) return fail(kind, algorithmStep, `public key algorithm ${hex(x.subarray(2 + o + 6, 2 + o + 7))} unknown`);
	if (x[2 + o + 8] !== exponent.length)
		return fail(kind, algorithmStep, `exponent length ${x[2 + o + 8]} where the card gives ${exponent.length}`);
	const modulus = modulusOf(leftmost, n, remainder);
	if (modulus === undefined) return fail(kind, algorithmStep + 1, `remainder does not complete a ${n}-byte modulus`);
	return ok({ owner: x.slice(2, 2 + o), expiry: x.slice(2 + o, 4 + o), serial: x.slice(4 + o, 7 + o), modulus });
}

const ISSUER: CertificateLayout = Object.freeze({
	kind: "issuer-certificate",
	format: 0x02,
	ownerLength: 4,
	remainderTag: 0x92,
	algorithmStep: 11,
});
const ICC: CertificateLayout = Object.freeze({
	kind: "icc-certificate",
	format: 0x04,
	ownerLength: 10,
	remainderTag: 0x9f48,
	algorithmStep: 10,
});

/**
 * §5.3 / §6.3: the issuer public key from 90 under the CA key, with 92 (remainder) and 9F32 (exponent) and the
 * PAN (5A) whose leftmost digits the issuer identifier must be (step 8); expiry (9); revocation (10).
 */
export function recoverIssuerKey(
	ca: CaPublicKey,
	certificate: Uint8Array,
	remainder: Uint8Array | undefined,
	exponent: Uint8Array,
	pan: Uint8Array,
	checks: CertificateChecks,
): Result<RecoveredIssuerKey, OdaFailure> {
	const kind = ISSUER.kind;
	const c = openCertificate(ISSUER, ca, certificate, remainder, exponent, new Uint8Array(0));
	if (!c.ok) return c;
	const { owner: issuerIdentifier, expiry, serial, modulus } = c.value;
	const id = digits(issuerIdentifier);
	if (id.length < 3 || !digits(pan).startsWith(id))
		return fail(kind, 8, `issuer identifier ${hex(issuerIdentifier)} is not the PAN's leftmost digits`);
	const expired = checkExpiry(expiry, checks.transactionDate, kind, 9);
	if (!expired.ok) return expired;
	if (checks.revoked?.(ca.rid, ca.index, serial)) return fail(kind, 10, `certificate ${hex(serial)} revoked`);
	return ok({ modulus, exponent, issuerIdentifier, expiry, serial });
}

/**
 * §6.4: the ICC public key from 9F46 under the issuer key, with 9F48 (remainder) and 9F47 (exponent); the hash
 * also covers the static data to be authenticated; the certificate's PAN must be 5A (step 8); expiry (9).
 */
export function recoverIccKey(
	issuer: RsaPublicKey,
	certificate: Uint8Array,
	remainder: Uint8Array | undefined,
	exponent: Uint8Array,
	pan: Uint8Array,
	staticData: Uint8Array,
	transactionDate: Uint8Array,
): Result<RecoveredIccKey, OdaFailure> {
	const c = openCertificate(ICC, issuer, certificate, remainder, exponent, staticData);
	if (!c.ok) return c;
	const { owner, expiry, serial, modulus } = c.value;
	if (digits(owner) !== digits(pan)) return fail(ICC.kind, 8, `PAN ${hex(owner)} is not 5A`);
	const expired = checkExpiry(expiry, transactionDate, ICC.kind, 9);
	if (!expired.ok) return expired;
	return ok({ modulus, exponent, pan: owner, expiry, serial });
}

/** §5.4: the signed static application data (93) under the issuer key; gives the data authentication code (9F45). */
export function recoverSignedStaticData(issuer: RsaPublicKey, ssad: Uint8Array, staticData: Uint8Array): Result<Uint8Array, OdaFailure> {
	const r = recover(issuer, ssad, 0x03, "signature");
	if (!r.ok) return r;
	const hashed = checkHash(r.value, r.value[2]!, staticData, "signature");
	if (!hashed.ok) return hashed;
	return ok(r.value.slice(3, 5));
}

/**
 * §6.5.2 (DDA), §6.6.2 steps 1–7 (CDA), and fDDA: the signed dynamic application data under the ICC key, its
 * hash over the recovered fields and `terminalData` (the DDOL data; the unpredictable number for CDA; for fDDA
 * 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69). Gives the ICC dynamic data (its length byte L_DD dropped).
 */
export function recoverSignedDynamicData(icc: RsaPublicKey, sdad: Uint8Array, terminalData: Uint8Array): Result<Uint8Array, OdaFailure> {
	const r = recover(icc, sdad, 0x05, "signature");
	if (!r.ok) return r;
	const x = r.value;
	const length = x[3]!;
	if (4 + length > x.length - 1 - HASH_LENGTH) return fail("signature", 5, `ICC dynamic data length ${length} too long`);
	const hashed = checkHash(x, x[2]!, terminalData, "signature");
	if (!hashed.ok) return hashed;
	return ok(x.slice(4, 4 + length));
}
