// Processing restrictions (EMV 4.3 Book 3 §10.4; JR/T 0025.5 §7.4 keeps them for PBOC): whether the card's
// application may be used here and now. Nothing stops the transaction; each finding sets a TVR byte 2 bit
// and terminal action analysis decides.
//
// Public API: bcdDate, checkRestrictions.

import type { CardData } from "./card-data.js";
import type { TerminalParameters, Transaction } from "./terminal-parameters.js";
import type { Verification } from "./tvr.js";

/** A YYMMDD date as YYYYMMDD, a number; YY 00–49 is 20YY, 50–99 19YY (Book 4 §6.7.3). */
export function bcdDate(bytes: Uint8Array): number {
	const d = (i: number) => (bytes[i]! >> 4) * 10 + (bytes[i]! & 15);
	const yy = d(0);
	return ((yy < 50 ? 2000 : 1900) + yy) * 10000 + d(1) * 100 + d(2);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** 9F07 byte 1 b8–b3 and byte 2 b8–b7 (Book 3 Annex C1): [byte, domestic mask, international mask] per kind. */
const USAGE: Readonly<Record<Transaction["kind"], readonly (readonly [number, number, number])[]>> = Object.freeze({
	cash: [[0, 0x80, 0x40]],
	goods: [[0, 0x20, 0x10]],
	services: [[0, 0x08, 0x04]],
	// Cashback: the cashback bits, and the purchase of goods it comes with.
	cashback: [
		[1, 0x80, 0x40],
		[0, 0x20, 0x10],
	],
});

/** Book 3 §10.4.1 (versions), §10.4.2 (usage control), §10.4.3 (dates). */
export function checkRestrictions(card: CardData, params: TerminalParameters, txn: Transaction, v: Verification): void {
	// §10.4.1: the card's 9F08 against the terminal's 9F09, when the card has one.
	const version = card.get(0x9f08);
	if (version !== undefined && !equal(version, params.applicationVersion)) v.set("versionsDiffer");
	// §10.4.2: ATM / other terminal (byte 1 b2, b1), then domestic or international by 5F28 against 9F1A.
	const auc = card.get(0x9f07);
	if (auc !== undefined && auc.length >= 2) {
		const atmBit = params.atm ? 0x02 : 0x01;
		let allowed = (auc[0]! & atmBit) !== 0;
		const issuerCountry = card.get(0x5f28);
		if (allowed && issuerCountry !== undefined) {
			const domestic = equal(issuerCountry, params.countryCode);
			for (const [byte, dom, intl] of USAGE[txn.kind]) if ((auc[byte]! & (domestic ? dom : intl)) === 0) allowed = false;
		}
		if (!allowed) v.set("serviceNotAllowed");
	}
	// §10.4.3: effective date after today, expiry date before today.
	const today = bcdDate(txn.date);
	const effective = card.get(0x5f25);
	if (effective !== undefined && bcdDate(effective) > today) v.set("notYetEffective");
	const expiry = card.get(0x5f24);
	if (expiry !== undefined && bcdDate(expiry) < today) v.set("expired");
}
