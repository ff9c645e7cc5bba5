// The acquirer simulator's side of the IC parameter download (Q/CUP 006, 60.3 370–372 and 380–382; field 62 as
// src/params/ic-param-lists.ts lays it out): it lists the CA public keys and AIDs it holds a few at a time, serves
// each record, and notes at the end message that the terminal holds this version of the list; its sign-in answer
// asks for a download (the header's processing requirement, 4 for IC public keys, 5 for IC parameters) while a
// terminal's copy is older. The CA keys are the project's test keys: the virtual cards' CA (index 80,
// host-sim/chip/test-keys.ts) and a second one (index 82, test-ca-keys.ts); the AIDs are UnionPay's debit, credit
// and quasi-credit applications with test values. Platform-free.
//
// Public API: IcParamsConfig, defaultIcParams, withFloorLimit, processingRequirement, answerIcDownload.

import { hexToBytes } from "../../src/factory/hex-text.js";
import {
	caKeyCheckValue,
	encodeAidRecord,
	encodeCaKeyRecord,
	type AidParameters,
	type CaKeyRecord,
} from "../../src/params/ic-param-records.js";
import {
	formatListAnswer,
	formatRecordAnswer,
	parseEntryRequest,
	parseListQuery,
	type IcListEntry,
} from "../../src/params/ic-param-lists.js";
import type { TerminalBooks } from "./acquirer-state.js";
import { hexBytes } from "./request-checks.js";
import { TEST_CA_INDEX, TEST_CA_KEY } from "../chip/test-keys.js";
import { TEST_CA_KEYS, TEST_CA_RID } from "./test-ca-keys.js";

export interface IcParamsConfig {
	/** Raised whenever the keys or the AIDs change: terminals holding an older version are asked to download. */
	readonly version: number;
	readonly caKeys: readonly CaKeyRecord[];
	readonly aids: readonly AidParameters[];
}

/** Entries per list answer (field 62 holds at most 512 bytes; a CA key entry takes 24). */
const ENTRIES_PER_ANSWER = 3;

function testAid(aid: string): AidParameters {
	return {
		aid: hexToBytes(aid)!,
		partialMatch: true,
		applicationVersion: Uint8Array.of(0x00, 0x20),
		// UnionPay's usual terminal action codes: online for most failures, decline offline for none.
		tacDefault: hexToBytes("D84000A800")!,
		tacOnline: hexToBytes("D84004F800")!,
		tacDenial: hexToBytes("0010000000")!,
		floorLimitFen: 0,
		thresholdFen: 0,
		maxTargetPercent: 0,
		targetPercent: 0,
		defaultDdol: hexToBytes("9F3704")!,
		defaultTdol: new Uint8Array(0),
		onlinePinCapable: true,
		ecTerminalLimitFen: 100_000,
		contactlessFloorLimitFen: 0,
		contactlessTransactionLimitFen: 500_000,
		// 免密免签: no PIN and no signature up to 1000 yuan.
		contactlessCvmLimitFen: 100_000,
	};
}

export function defaultIcParams(): IcParamsConfig {
	const served = [{ index: TEST_CA_INDEX, modulus: TEST_CA_KEY.modulus, exponent: TEST_CA_KEY.exponent }, ...TEST_CA_KEYS];
	const caKeys = served.map((k): CaKeyRecord => {
		const key = { rid: hexToBytes(TEST_CA_RID)!, index: k.index, modulus: hexToBytes(k.modulus)!, exponent: hexToBytes(k.exponent)! };
		return { ...key, expiry: "20301231", checkValue: caKeyCheckValue(key) };
	});
	return { version: 1, caKeys, aids: ["A000000333010101", "A000000333010102", "A000000333010103", "A000000333010106"].map(testAid) };
}

/**
 * The served AIDs with an offline floor limit (9F1B for an inserted card, DF19 for a tap; fen): under it a card
 * that may approve offline does (EMV 4.3 Book 3 §10.6.1). The version is raised so a terminal downloads them.
 * The default set keeps 0: every chip sale goes online.
 */
export function withFloorLimit(config: IcParamsConfig, floorLimitFen: number): IcParamsConfig {
	const aids = config.aids.map((a) => ({ ...a, floorLimitFen, contactlessFloorLimitFen: floorLimitFen }));
	return { ...config, version: config.version + 1, aids };
}

/** The sign-in answer's processing requirement for this terminal: 4 keys to download, 5 parameters, 0 none. */
export function processingRequirement(config: IcParamsConfig, books: TerminalBooks): "0" | "4" | "5" {
	if (books.icKeysVersion !== config.version) return "4";
	return books.icAidsVersion !== config.version ? "5" : "0";
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The answer to one step of the download: response code, field 62, the log's note. */
export function answerIcDownload(
	code: string,
	field62: string | undefined,
	config: IcParamsConfig,
	books: TerminalBooks,
): { readonly code: string; readonly field62?: Uint8Array; readonly note: string } {
	const keys = code.startsWith("37");
	const what = keys ? "IC public keys" : "IC parameters";
	const entries: IcListEntry[] = keys
		? config.caKeys.map((k) => ({ kind: "ca-key", rid: k.rid, index: k.index, expiry: k.expiry }))
		: config.aids.map((a) => ({ kind: "aid", aid: a.aid }));
	switch (code[2]) {
		case "2": {
			const from = parseListQuery(field62 === undefined ? undefined : hexBytes(field62));
			if (from === undefined) return { code: "30", note: `${what} query: field 62 is not "1" + 2 digits` };
			const page = entries.slice(from, from + ENTRIES_PER_ANSWER);
			const more = from + page.length < entries.length;
			return {
				code: "00",
				field62: formatListAnswer(page, more),
				note: `${what} list from ${from}: ${page.length}${more ? ", more" : ""}`,
			};
		}
		case "0": {
			const asked = parseEntryRequest(field62 === undefined ? undefined : hexBytes(field62));
			if (!asked) return { code: "30", note: `${what} download: field 62 names no 9F06` };
			const record = keys
				? config.caKeys.find((k) => same(k.rid, asked.id) && k.index === asked.index)
				: config.aids.find((a) => same(a.aid, asked.id));
			const bytes =
				record === undefined
					? undefined
					: keys
						? encodeCaKeyRecord(record as CaKeyRecord)
						: encodeAidRecord(record as AidParameters);
			return { code: "00", field62: formatRecordAnswer(bytes), note: `${what} download: ${bytes ? "served" : "no such entry"}` };
		}
		default:
			if (keys) books.icKeysVersion = config.version;
			else books.icAidsVersion = config.version;
			return { code: "00", note: `${what} download ended: the terminal holds version ${config.version}` };
	}
}
