// What the kernel (src/emv) is told of this terminal and of the transaction at hand: UnionPay terminal
// parameters (EMV 4.3 Book 4 §6.3; an attended online-capable merchant terminal, 9F35 = 22, with online PIN,
// signature and no CVM), per AID from the acquirer's IC parameter download (Q/CUP 006 380: action codes, floor
// limits, random selection, the quick-pass limits), the transaction's data objects from the HAL clock and random
// source, and offline data authentication under the downloaded CA keys (370). A terminal that holds no download
// yet selects with the UnionPay RID and declares no ODA method in 9F33, so the TVR records "offline data
// authentication was not performed" (byte 1 b8, Book 3 §10.3) and the host decides online.

import type { Clock } from "../../hal/clock.js";
import type { RandomSource } from "../../hal/random.js";
import { err } from "../../hal/result.js";
import { EmvOfflineAuthenticator } from "../emv/oda.js";
import type { OfflineAuthenticator } from "../emv/offline-authentication.js";
import type { TerminalAid } from "../emv/selection.js";
import type { TerminalParameters, Transaction, TransactionKind } from "../emv/terminal-parameters.js";
import type { AidParameters } from "../params/ic-param-records.js";
import { caPublicKeys, type IcParameterSet } from "../params/ic-param-store.js";
import type { Params } from "../params/schema.js";
import { localDateTime } from "../time/local-time.js";
import type { Flow } from "./app-state.js";

function bcd(digits: string): Uint8Array {
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = (digits.charCodeAt(2 * i) - 48) * 16 + (digits.charCodeAt(2 * i + 1) - 48);
	return out;
}

function two(n: number): string {
	return String(n).padStart(2, "0");
}

// The terminal's constant data objects are module constants: preloaded in flash on the device, not in the heap
// of each chip transaction.

/** UnionPay's usual terminal action codes, before a download gives an AID's own. */
const TAC_DENIAL = Uint8Array.of(0x00, 0x10, 0x00, 0x00, 0x00);
const TAC_ONLINE = Uint8Array.of(0xd8, 0x40, 0x04, 0xf8, 0x00);
const TAC_DEFAULT = Uint8Array.of(0xd8, 0x40, 0x00, 0xa8, 0x00);
/** China (0156) as 9F1A and CNY (0156) as 5F2A. */
const CHINA = Uint8Array.of(0x01, 0x56);
/** 9F33: manual key entry, magstripe, IC; online PIN, signature, no CVM; SDA, DDA, CDA (or none without CA keys). */
const CAPABILITIES_ODA = Uint8Array.of(0xe0, 0x68, 0xc8);
const CAPABILITIES_NO_ODA = Uint8Array.of(0xe0, 0x68, 0x00);
const ADDITIONAL_CAPABILITIES = Uint8Array.of(0x60, 0x00, 0xf0, 0xa0, 0x01);
/** 9F09 before a download gives the AID's. */
const APPLICATION_VERSION = Uint8Array.of(0x00, 0x30);
/**
 * 9F66 byte 1 36: qPBOC, contact chip, online PIN, signature; byte 3 b8: issuer update processing (a second tap
 * for the host's 91 and scripts; EMV Contactless Book A Table 5-4).
 */
const TTQ = Uint8Array.of(0x36, 0x00, 0x80, 0x00);
/** 免密免签 before a download: 1000 yuan. */
const NO_CVM_LIMIT_FEN = 100_000;

/** The AIDs the terminal selects with: the downloaded ones, else the UnionPay RID with partial selection. */
export function terminalAids(held: IcParameterSet | undefined): TerminalAid[] {
	if (held === undefined || held.aids.length === 0) return [{ aid: Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x33), partial: true }];
	return held.aids.map((a) => ({ aid: a.aid, partial: a.partialMatch }));
}

/** The downloaded parameters of the terminal AID the card's AID matched (exactly, or by beginning with it). */
export function aidParameters(held: IcParameterSet | undefined, aid: Uint8Array): AidParameters | undefined {
	const matches = (a: AidParameters) =>
		(a.aid.length === aid.length || (a.partialMatch && a.aid.length < aid.length)) && a.aid.every((b, i) => b === aid[i]);
	return held?.aids.filter(matches).sort((x, y) => y.aid.length - x.aid.length)[0];
}

/**
 * The terminal's side: China (0156), CNY, an AID's downloaded parameters (floor limit 0 and UnionPay's usual
 * action codes without them); 9F33 byte 3 C8 (SDA, DDA, CDA) when CA keys are held to check them with.
 */
export function terminalParameters(params: Params, aid: AidParameters | undefined, oda: boolean): TerminalParameters {
	return {
		countryCode: CHINA,
		currencyCode: CHINA,
		terminalType: 0x22,
		capabilities: oda ? CAPABILITIES_ODA : CAPABILITIES_NO_ODA,
		additionalCapabilities: ADDITIONAL_CAPABILITIES,
		applicationVersion: aid?.applicationVersion ?? APPLICATION_VERSION,
		ifdSerial: Uint8Array.from(params.terminalId, (c) => c.charCodeAt(0)),
		onlineCapable: true,
		atm: false,
		floorLimit: aid?.floorLimitFen ?? 0,
		randomSelection: {
			threshold: aid?.thresholdFen ?? 0,
			targetPercent: aid?.targetPercent ?? 0,
			maxTargetPercent: aid?.maxTargetPercent ?? 0,
		},
		tacDenial: aid?.tacDenial ?? TAC_DENIAL,
		tacOnline: aid?.tacOnline ?? TAC_ONLINE,
		tacDefault: aid?.tacDefault ?? TAC_DEFAULT,
		contactless: {
			ttq: TTQ,
			transactionLimit: aid === undefined ? params.maxAmountFen : Math.min(aid.contactlessTransactionLimitFen, params.maxAmountFen),
			floorLimit: aid?.contactlessFloorLimitFen ?? 0,
			noCvmLimit: aid?.contactlessCvmLimitFen ?? NO_CVM_LIMIT_FEN,
		},
	};
}

/**
 * 9C of each flow: the first two digits of its ISO 8583 processing code (EMV 4.3 Book 3 Annex A; field 3 of
 * src/iso8583/transaction-matrix.ts): 00 goods (sale, completion), 03 pre-authorisation, 20 (refund and the
 * voids), 31 balance inquiry.
 */
const FLOW_KIND: Readonly<Record<Flow, TransactionKind>> = {
	sale: "goods",
	preauth: "preauth",
	balance: "balance",
	refund: "refund",
	"preauth-void": "refund",
	completion: "goods",
	"completion-advice": "goods",
	void: "refund",
	"completion-void": "refund",
};

/**
 * The flow's transaction at the HAL clock's local time with a fresh 9F37. The amount is read when the kernel
 * asks for it: a card inserted before the amount is keyed selects and reads with 0, as Chinese terminals do,
 * and GENERATE AC (CDOL1) carries the amount keyed afterwards.
 */
export function chipTransaction(
	clock: Clock,
	random: RandomSource,
	params: Params,
	flow: Flow,
	stan: number,
	amount: () => number,
): Transaction {
	const t = localDateTime(clock.nowMs(), params.utcOffsetMinutes);
	const unpredictableNumber = new Uint8Array(4);
	random.fill(unpredictableNumber);
	return {
		kind: FLOW_KIND[flow],
		get amount() {
			return amount();
		},
		otherAmount: 0,
		// A balance is the issuer's to tell and a pre-authorisation the issuer's hold: each goes online whatever the
		// card would decide (TVR byte 4 b4, merchant forced online, Book 4 §6.5.3; in the TAC-online). Only a sale
		// may end offline.
		...(flow === "balance" || flow === "preauth" ? { merchantForcedOnline: true } : {}),
		// UnionPay's balance inquiry carries the PIN (52) at any amount: a tap asks for it (no 免密).
		...(flow === "balance" ? { pinRequired: true } : {}),
		date: bcd(two(t.year % 100) + two(t.month) + two(t.day)),
		time: bcd(two(t.hour) + two(t.minute) + two(t.second)),
		sequenceCounter: bcd(String(stan % 100000000).padStart(8, "0")),
		unpredictableNumber,
	};
}

/** Offline data authentication under the downloaded CA keys; undefined when none are held. */
export function authenticatorFor(held: IcParameterSet | undefined): OfflineAuthenticator | undefined {
	if (held === undefined || held.caKeys.length === 0) return undefined;
	return new EmvOfflineAuthenticator({ caKeys: caPublicKeys(held) });
}

/** No CA key held: 9F33 asks for no method, so the kernel never calls it; were it called, no key is known. */
export const NO_ODA: OfflineAuthenticator = {
	async authenticate(input) {
		return err({ kind: "ca-key-unknown", index: input.data.get(0x8f)?.[0] ?? 0 });
	},
	verifyCda() {
		return err({ kind: "ca-key-unknown", index: 0 });
	},
};
