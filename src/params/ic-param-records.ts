// The IC parameters an acquirer downloads to a UnionPay terminal (Q/CUP 006 IC public key and IC parameter
// download, 60.3 = 370/380): one CA public key or one AID's parameter set per record, each a list of BER-TLV
// objects in field 62. Tags as public UnionPay terminal code uses them (acquirers vary; the acquirer
// simulator serves the same):
//
//   CA public key   9F06 RID (5) · 9F22 index (1) · DF05 expiry YYYYMMDD (8, ASCII) · DF06 hash algorithm (01 SHA-1)
//                   · DF07 key algorithm (01 RSA) · DF02 modulus · DF04 exponent (03 or 010001) · DF03 check value
//   AID             9F06 AID (5–16) · DF01 ASI (00 partial match allowed, 01 exact) · 9F09 application version (2)
//                   · DF11/DF12/DF13 TAC default/online/denial (5 each) · 9F1B floor limit (4, binary fen)
//                   · DF15 threshold for biased random selection (4, binary fen) · DF16 maximum target % (1)
//                   · DF17 target % (1) · DF14 default DDOL · 97 default TDOL · DF18 online PIN capable (1)
//                   · 9F7B electronic-cash terminal limit, DF19 contactless floor limit, DF20 contactless
//                   transaction limit, DF21 contactless CVM (no-CVM, 免密免签) limit (n12 fen, 6 bytes each)
//
// The CA key's check value is SHA-1 over RID ‖ index ‖ modulus ‖ exponent (EMV 4.3 Book 2 §11.2, Annex B2);
// a record whose value differs is refused. Platform-free.
//
// Public API: CaKeyRecord, AidParameters, IcRecordError, caKeyCheckValue, parseCaKeyRecord, encodeCaKeyRecord,
// parseAidRecord, encodeAidRecord.

import { err, ok, type Result } from "../../hal/result.js";
import { sha1 } from "../crypto/sha1.js";
import { concatBytes } from "../crypto/bytes.js";
import type { CaPublicKey } from "../emv/offline-authentication.js";
import { decodeTlv, encodeTlv, type Tag, type Tlv } from "../emv/tlv.js";

export interface CaKeyRecord extends CaPublicKey {
	/** YYYYMMDD. */
	readonly expiry: string;
	/** DF03: SHA-1 of RID ‖ index ‖ modulus ‖ exponent. */
	readonly checkValue: Uint8Array;
}

export interface AidParameters {
	readonly aid: Uint8Array;
	/** Application selection indicator: a card AID may extend this one (Book 1 §12.3.1). */
	readonly partialMatch: boolean;
	readonly applicationVersion: Uint8Array;
	readonly tacDefault: Uint8Array;
	readonly tacOnline: Uint8Array;
	readonly tacDenial: Uint8Array;
	readonly floorLimitFen: number;
	readonly thresholdFen: number;
	readonly maxTargetPercent: number;
	readonly targetPercent: number;
	readonly defaultDdol: Uint8Array;
	readonly defaultTdol: Uint8Array;
	readonly onlinePinCapable: boolean;
	/** 电子现金 terminal transaction limit, fen. */
	readonly ecTerminalLimitFen: number;
	readonly contactlessFloorLimitFen: number;
	readonly contactlessTransactionLimitFen: number;
	/** The quick-pass no-CVM limit (免密免签), fen. */
	readonly contactlessCvmLimitFen: number;
}

export type IcRecordError =
	/** Field 62's objects do not decode as BER-TLV. */
	| { readonly kind: "malformed"; readonly detail: string }
	/** A required object is absent or has the wrong length. */
	| { readonly kind: "missing"; readonly tag: string }
	/** A value is outside what it may hold (exponent, algorithm, digits). */
	| { readonly kind: "invalid"; readonly tag: string; readonly detail: string }
	/** DF03 is not the SHA-1 of the key (Book 2 §11.2). */
	| { readonly kind: "check-value"; readonly rid: string; readonly index: number };

const HEX = "0123456789ABCDEF";
const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => HEX[b >> 4]! + HEX[b & 15]!).join("");
const tagName = (tag: Tag): string => tag.toString(16).toUpperCase();

/** EMV Book 2 §11.2: SHA-1(RID ‖ index ‖ modulus ‖ exponent). */
export function caKeyCheckValue(key: CaPublicKey): Uint8Array {
	return sha1(concatBytes(key.rid, Uint8Array.of(key.index), key.modulus, key.exponent));
}

type Objects = ReadonlyMap<Tag, Uint8Array>;

function objectsOf(bytes: Uint8Array): Result<Objects, IcRecordError> {
	const decoded = decodeTlv(bytes);
	if (!decoded.ok) return err({ kind: "malformed", detail: `${decoded.error.kind} at byte ${decoded.error.offset}` });
	const map = new Map<Tag, Uint8Array>();
	for (const o of decoded.value) map.set(o.tag, o.value);
	return ok(map);
}

/** The value of `tag` when its length is within [min, max]. */
function take(objects: Objects, tag: Tag, min: number, max = min): Result<Uint8Array, IcRecordError> {
	const v = objects.get(tag);
	return v === undefined || v.length < min || v.length > max ? err({ kind: "missing", tag: tagName(tag) }) : ok(v);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A CA public key record; its check value verified. */
export function parseCaKeyRecord(bytes: Uint8Array): Result<CaKeyRecord, IcRecordError> {
	const objects = objectsOf(bytes);
	if (!objects.ok) return objects;
	const o = objects.value;
	const rid = take(o, 0x9f06, 5);
	if (!rid.ok) return rid;
	const index = take(o, 0x9f22, 1);
	if (!index.ok) return index;
	const expiry = take(o, 0xdf05, 8);
	if (!expiry.ok) return expiry;
	const expiryText = String.fromCharCode(...expiry.value);
	if (!/^[0-9]{8}$/.test(expiryText)) return err({ kind: "invalid", tag: "DF05", detail: "not YYYYMMDD" });
	const hashAlgorithm = o.get(0xdf06);
	if (hashAlgorithm !== undefined && !equalBytes(hashAlgorithm, Uint8Array.of(1)))
		return err({ kind: "invalid", tag: "DF06", detail: "hash algorithm other than SHA-1 (01)" });
	const keyAlgorithm = o.get(0xdf07);
	if (keyAlgorithm !== undefined && !equalBytes(keyAlgorithm, Uint8Array.of(1)))
		return err({ kind: "invalid", tag: "DF07", detail: "key algorithm other than RSA (01)" });
	// Book 2 §5.1 / Annex B2: moduli up to 248 bytes; exponent 3 or 2^16 + 1.
	const modulus = take(o, 0xdf02, 64, 248);
	if (!modulus.ok) return modulus;
	const exponent = take(o, 0xdf04, 1, 3);
	if (!exponent.ok) return exponent;
	if (!equalBytes(exponent.value, Uint8Array.of(3)) && !equalBytes(exponent.value, Uint8Array.of(1, 0, 1)))
		return err({ kind: "invalid", tag: "DF04", detail: "exponent is neither 3 nor 65537" });
	const checkValue = take(o, 0xdf03, 20);
	if (!checkValue.ok) return checkValue;
	const key: CaPublicKey = { rid: rid.value, index: index.value[0]!, modulus: modulus.value, exponent: exponent.value };
	if (!equalBytes(caKeyCheckValue(key), checkValue.value)) return err({ kind: "check-value", rid: hexOf(key.rid), index: key.index });
	return ok({ ...key, expiry: expiryText, checkValue: checkValue.value });
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

export function encodeCaKeyRecord(record: CaKeyRecord): Uint8Array {
	const objects: Tlv[] = [
		{ tag: 0x9f06, value: record.rid },
		{ tag: 0x9f22, value: Uint8Array.of(record.index) },
		{ tag: 0xdf05, value: ascii(record.expiry) },
		{ tag: 0xdf06, value: Uint8Array.of(1) },
		{ tag: 0xdf07, value: Uint8Array.of(1) },
		{ tag: 0xdf02, value: record.modulus },
		{ tag: 0xdf04, value: record.exponent },
		{ tag: 0xdf03, value: record.checkValue },
	];
	return encodeTlv(objects);
}

/** n12 as 6 BCD bytes → fen; undefined when a nibble is not a digit. */
function bcdAmount(bytes: Uint8Array): number | undefined {
	let n = 0;
	for (const b of bytes) {
		if (b >> 4 > 9 || (b & 15) > 9) return undefined;
		n = n * 100 + (b >> 4) * 10 + (b & 15);
	}
	return n;
}

function bcdBytes(fen: number): Uint8Array {
	const digits = String(fen).padStart(12, "0");
	return Uint8Array.from({ length: 6 }, (_, i) => Number(digits[2 * i]) * 16 + Number(digits[2 * i + 1]));
}

const binary = (bytes: Uint8Array): number => bytes.reduce((n, b) => n * 256 + b, 0);
const binaryBytes = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);

/** Amount objects: tag, field, encoding. */
const AMOUNTS = Object.freeze([
	[0x9f1b, "floorLimitFen", "binary"],
	[0xdf15, "thresholdFen", "binary"],
	[0x9f7b, "ecTerminalLimitFen", "n12"],
	[0xdf19, "contactlessFloorLimitFen", "n12"],
	[0xdf20, "contactlessTransactionLimitFen", "n12"],
	[0xdf21, "contactlessCvmLimitFen", "n12"],
] as const);

/** One AID's parameters; every object listed in the header is required except 97 (no default TDOL: empty). */
export function parseAidRecord(bytes: Uint8Array): Result<AidParameters, IcRecordError> {
	const objects = objectsOf(bytes);
	if (!objects.ok) return objects;
	const o = objects.value;
	const fixed: [Tag, number, number][] = [
		[0x9f06, 5, 16],
		[0xdf01, 1, 1],
		[0x9f09, 2, 2],
		[0xdf11, 5, 5],
		[0xdf12, 5, 5],
		[0xdf13, 5, 5],
		[0xdf16, 1, 1],
		[0xdf17, 1, 1],
		[0xdf14, 0, 252],
		[0xdf18, 1, 1],
	];
	const v = new Map<Tag, Uint8Array>();
	for (const [tag, min, max] of fixed) {
		const got = take(o, tag, min, max);
		if (!got.ok) return got;
		v.set(tag, got.value);
	}
	const amounts: Record<string, number> = {};
	for (const [tag, name, encoding] of AMOUNTS) {
		const got = take(o, tag, encoding === "binary" ? 4 : 6);
		if (!got.ok) return got;
		const fen = encoding === "binary" ? binary(got.value) : bcdAmount(got.value);
		if (fen === undefined) return err({ kind: "invalid", tag: tagName(tag), detail: "not BCD digits" });
		amounts[name] = fen;
	}
	const [maxTarget, target] = [v.get(0xdf16)![0]!, v.get(0xdf17)![0]!];
	// Book 3 §10.6.2: target percentages 0–99, the target not above the maximum.
	if (maxTarget > 99 || target > maxTarget) return err({ kind: "invalid", tag: "DF17", detail: "target % above the maximum or 99" });
	return ok({
		aid: v.get(0x9f06)!,
		partialMatch: v.get(0xdf01)![0] === 0,
		applicationVersion: v.get(0x9f09)!,
		tacDefault: v.get(0xdf11)!,
		tacOnline: v.get(0xdf12)!,
		tacDenial: v.get(0xdf13)!,
		floorLimitFen: amounts.floorLimitFen!,
		thresholdFen: amounts.thresholdFen!,
		maxTargetPercent: maxTarget,
		targetPercent: target,
		defaultDdol: v.get(0xdf14)!,
		defaultTdol: o.get(0x97) ?? new Uint8Array(0),
		onlinePinCapable: v.get(0xdf18)![0] === 1,
		ecTerminalLimitFen: amounts.ecTerminalLimitFen!,
		contactlessFloorLimitFen: amounts.contactlessFloorLimitFen!,
		contactlessTransactionLimitFen: amounts.contactlessTransactionLimitFen!,
		contactlessCvmLimitFen: amounts.contactlessCvmLimitFen!,
	});
}

export function encodeAidRecord(p: AidParameters): Uint8Array {
	const objects: Tlv[] = [
		{ tag: 0x9f06, value: p.aid },
		{ tag: 0xdf01, value: Uint8Array.of(p.partialMatch ? 0 : 1) },
		{ tag: 0x9f09, value: p.applicationVersion },
		{ tag: 0xdf11, value: p.tacDefault },
		{ tag: 0xdf12, value: p.tacOnline },
		{ tag: 0xdf13, value: p.tacDenial },
		{ tag: 0x9f1b, value: binaryBytes(p.floorLimitFen) },
		{ tag: 0xdf15, value: binaryBytes(p.thresholdFen) },
		{ tag: 0xdf16, value: Uint8Array.of(p.maxTargetPercent) },
		{ tag: 0xdf17, value: Uint8Array.of(p.targetPercent) },
		{ tag: 0xdf14, value: p.defaultDdol },
		...(p.defaultTdol.length > 0 ? [{ tag: 0x97, value: p.defaultTdol }] : []),
		{ tag: 0xdf18, value: Uint8Array.of(p.onlinePinCapable ? 1 : 0) },
		{ tag: 0x9f7b, value: bcdBytes(p.ecTerminalLimitFen) },
		{ tag: 0xdf19, value: bcdBytes(p.contactlessFloorLimitFen) },
		{ tag: 0xdf20, value: bcdBytes(p.contactlessTransactionLimitFen) },
		{ tag: 0xdf21, value: bcdBytes(p.contactlessCvmLimitFen) },
	];
	return encodeTlv(objects);
}
