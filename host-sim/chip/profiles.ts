// The virtual cards' profiles, as JSON (what parseCardProfile reads from a file): a PBOC debit card (contact,
// T=0, PSE, one application, no PDOL, GPO format 1), a PBOC credit card (contact, T=1, PSE, two applications —
// the higher-priority one needs the cardholder's confirmation — with a PDOL and GPO format 2) and a QuickPass
// card (contactless, PPSE, qPBOC: the ARQC comes with GPO format 2). Their PANs are the "chip", "credit" and
// "debit" test cards of host-sim/cards/test-cards.ts, so the acquirer simulator knows the accounts. Records:
// 57 and 5F20 in SFI 1; 5A, 5F24, 5F25, 5F28, 5F34, 9F07, 8E and the IACs, then 8C, 8D, 9F08, 9F42, 9F44 in
// SFI 2 (contact); the QuickPass card has no CDOLs (qPBOC needs none). SFI 3 holds each card's certificates for
// offline data authentication (card-signer.ts, under the keys of test-keys.ts); the QuickPass card also gives
// fDDA's 9F4B with GPO. Test data only. Platform-free.
//
// Public API: PBOC_DEBIT, PBOC_CREDIT, QUICKPASS, QUICKPASS_UPDATE, CARD_PROFILES, TEST_ISSUER_AC_KEY, TEST_ISSUER_MAC_KEY,
// testIssuerKeys.

import { hexToBytes } from "../../src/factory/hex-text.js";
import type { CardProfileJson } from "./card-profile.js";
import type { IssuerKeys } from "./virtual-card.js";

/**
 * The issuer's AC master key every virtual card is personalised from: the test key of the PBOC worked example
 * (test/support/emv-vectors.ts PBOC_EXAMPLE.imkAc), public and for tests only.
 */
export const TEST_ISSUER_AC_KEY = "F0C34A8124CEE0A91A0B034AA97D6EAC";

/**
 * The issuer's secure-messaging (MAC) master key for the virtual cards' issuer scripts: the MdkMac test value
 * of a public PBOC walk-through (codetd.com/article/2957267), for tests only.
 */
export const TEST_ISSUER_MAC_KEY = "3B0D4AE6EFEA20FB8F5E510264089D5D";

/** Both test master keys as the virtual cards take them. */
export function testIssuerKeys(): IssuerKeys {
	return { ac: hexToBytes(TEST_ISSUER_AC_KEY)!, mac: hexToBytes(TEST_ISSUER_MAC_KEY)! };
}

/** The issuer application data layout all three share (JR/T 0025.5): DKI 01, CVN 01, algorithm 01. */
const IAD = { dki: "01", cvn: "01", cvrTail: "0000", tail: "010A0100000000000000000000" };

/** The credit card's two applications share one account, so their PDOL, AIP, AFL and records. */
const CREDIT_FILES = {
	pdol: "9F1A025F2A029F0206",
	aip: "7D00",
	afl: "080101001001020118010300",
	gpo: "format 2",
	records: {
		"1:1": "57106258012345678909D2909101189098015F20054C492F5349",
		"2:1": "5A0862580123456789095F24032909305F25031909015F280201565F3401019F0702FF008E0E000000000000000042031E031F009F0D05D86004A8009F0E0500100000009F0F05D86804F800",
		"2:2": "8C159F02069F03069F1A0295055F2A029A039C019F37048D178A029F02069F03069F1A0295055F2A029A039C019F37049F080200309F420201569F440102",
	},
} as const;

export const PBOC_DEBIT: CardProfileJson = {
	name: "pboc-debit",
	contact: {
		atr: "3B6A00008065A20101013D72D643",
		pse: true,
	},
	applications: [
		{
			aid: "A000000333010101",
			label: "PBOC DEBIT",
			priority: 1,
			aip: "7C00",
			afl: "080101001001020118010300",
			gpo: "format 1",
			records: {
				"1:1": "57106226095555000111D3106201101110955F200653554E2F4241",
				"2:1": "5A0862260955550001115F24033106305F25032106015F280201565F3401019F0702FF008E0E000000000000000042031E031F009F0D05D86004A8009F0E0500100000009F0F05D86804F800",
				"2:2": "8C159F02069F03069F1A0295055F2A029A039C019F37048D178A029F02069F03069F1A0295055F2A029A039C019F37049F080200309F420201569F440102",
			},
			atc: "0010",
			pinTries: 3,
			iad: IAD,
			oda: { keys: "pboc-debit", sfi: 3 },
		},
	],
};

export const PBOC_CREDIT: CardProfileJson = {
	name: "pboc-credit",
	contact: {
		atr: "3BE000008131FE45EB",
		pse: true,
	},
	applications: [
		{
			aid: "A000000333010102",
			label: "PBOC CREDIT",
			priority: 2,
			...CREDIT_FILES,
			atc: "0102",
			pinTries: 3,
			iad: IAD,
			oda: { keys: "pboc-credit", sfi: 3 },
		},
		{
			aid: "A000000333010103",
			label: "QUASI CREDIT",
			priority: 129,
			preferredName: "QUASI CREDIT",
			...CREDIT_FILES,
			atc: "0050",
			pinTries: 3,
			iad: IAD,
			oda: { keys: "pboc-credit", sfi: 3 },
		},
	],
};

export const QUICKPASS: CardProfileJson = {
	name: "quickpass",
	contactless: {
		uid: "04A1B2C3D4E5F6",
		ats: "0578807002",
	},
	applications: [
		{
			aid: "A000000333010101",
			label: "QUICKPASS",
			priority: 1,
			pdol: "9F66049F02069F03069F1A0295055F2A029A039C019F3704",
			aip: "7C00",
			afl: "0801020018010300",
			gpo: "qpboc",
			records: {
				"1:1": "57126222021234567890128D301212010128202F5F20095A48414E472F53414E",
				"1:2": "5A0A6222021234567890128F5F24033012315F280201565F3401009F0702FF00",
			},
			atc: "0007",
			pinTries: 3,
			iad: IAD,
			oda: { keys: "quickpass", sfi: 3, fdda: true },
		},
	],
};

/**
 * A second QuickPass card on the same account (PAN sequence number 01) that supports issuer update processing:
 * CTQ 9F6C 80 40 (online PIN required over the no-CVM limit; byte 2 b7, EMV Contactless Book C-7 Annex A), so an
 * online approval carrying 91 or scripts asks for a second tap (请再次挥卡).
 */
export const QUICKPASS_UPDATE: CardProfileJson = {
	name: "quickpass-update",
	contactless: {
		uid: "04B2C3D4E5F607",
		ats: "0578807002",
	},
	applications: [
		{
			...QUICKPASS.applications[0]!,
			records: {
				"1:1": "57126222021234567890128D301212010128202F5F20095A48414E472F53414E",
				"1:2": "5A0A6222021234567890128F5F24033012315F280201565F3401019F0702FF009F6C028040",
			},
		},
	],
};

export const CARD_PROFILES: Readonly<Record<string, CardProfileJson>> = {
	"pboc-debit": PBOC_DEBIT,
	"pboc-credit": PBOC_CREDIT,
	quickpass: QUICKPASS,
	"quickpass-update": QUICKPASS_UPDATE,
};
