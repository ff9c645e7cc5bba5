// Initiate application processing and read application data (EMV 4.3 Book 3 §10.1, §10.2; PBOC 3.0 JR/T
// 0025.5 §7): GET PROCESSING OPTIONS with the PDOL data, whose answer gives the Application Interchange
// Profile and the Application File Locator, then READ RECORD of every record the AFL names into the card
// data store, keeping the records that take part in offline data authentication in the order read.
//
// Public API: AflEntry, ProcessingOptions, ApplicationData, initiateProcessing, parseAfl, readApplicationData,
// CONTACT_MANDATORY.

import { err, ok, type Result } from "../../hal/result.js";
import { getProcessingOptions, readRecord, sw, SW_OK } from "./commands.js";
import { buildDolData, parseDol, type DolValueSource } from "./dol.js";
import type { KernelError } from "./kernel-error.js";
import { CardData } from "./card-data.js";
import { decodeTlv, encodeTlv, findTlv, type Tag, type Tlv } from "./tlv.js";
import type { CardChannel } from "./transport.js";

/** One 4-byte AFL entry (Book 3 §10.2). */
export interface AflEntry {
	readonly sfi: number;
	readonly first: number;
	readonly last: number;
	/** How many records from `first` on take part in offline data authentication. */
	readonly odaRecords: number;
}

export interface ProcessingOptions {
	/** 82: 2 bytes. */
	readonly aip: Uint8Array;
	readonly afl: readonly AflEntry[];
	/** Format 2's other objects (qPBOC returns 9F26, 9F27, 9F36, 9F10, 57… here); empty for format 1. */
	readonly objects: readonly Tlv[];
}

/** Book 3 §10.2: byte 1 b8–b4 the SFI (1–30), byte 2 the first record (≥ 1), byte 3 the last (≥ first), byte 4 the ODA count. */
export function parseAfl(bytes: Uint8Array): Result<AflEntry[], KernelError> {
	if (bytes.length % 4 !== 0) return err({ kind: "afl-invalid", entry: Math.floor(bytes.length / 4) });
	const out: AflEntry[] = [];
	for (let i = 0; i < bytes.length; i += 4) {
		const sfi = bytes[i]! >> 3;
		const [first, last, odaRecords] = [bytes[i + 1]!, bytes[i + 2]!, bytes[i + 3]!];
		if (sfi < 1 || sfi > 30 || (bytes[i]! & 7) !== 0 || first === 0 || last < first || odaRecords > last - first + 1)
			return err({ kind: "afl-invalid", entry: i / 4 });
		out.push({ sfi, first, last, odaRecords });
	}
	return ok(out);
}

/**
 * GET PROCESSING OPTIONS (Book 3 §10.1, §6.5.8): the PDOL data from `terminal` (83 00 without a PDOL); 6985
 * sends the terminal back to selection; the answer is 80 (AIP ‖ AFL) or 77 holding 82 and 94.
 */
export async function initiateProcessing(
	channel: CardChannel,
	pdol: Uint8Array | undefined,
	terminal: DolValueSource,
): Promise<Result<ProcessingOptions, KernelError>> {
	const step = "GET PROCESSING OPTIONS";
	let data: Uint8Array = new Uint8Array(0);
	if (pdol !== undefined) {
		const entries = parseDol(pdol);
		if (!entries.ok) return err({ kind: "malformed", step: "SELECT", error: entries.error });
		data = buildDolData(entries.value, terminal);
	}
	const r = await channel.exchange(getProcessingOptions(data));
	if (!r.ok) return err({ kind: "transport", step, error: r.error });
	const status = sw(r.value);
	if (status === 0x6985) return err({ kind: "conditions-not-satisfied" });
	if (status !== SW_OK) return err({ kind: "status", step, sw: status });
	const tlv = decodeTlv(r.value.data);
	if (!tlv.ok) return err({ kind: "malformed", step, error: tlv.error });
	const top = tlv.value[0];
	let aip: Uint8Array | undefined;
	let aflBytes: Uint8Array | undefined;
	let objects: readonly Tlv[] = [];
	if (top?.tag === 0x80 && top.value.length >= 2) {
		aip = top.value.subarray(0, 2);
		aflBytes = top.value.subarray(2);
	} else if (top?.tag === 0x77) {
		objects = (top.children ?? []).filter((o) => o.tag !== 0x82 && o.tag !== 0x94);
		aip = findTlv(top.children ?? [], 0x82)?.value;
		aflBytes = findTlv(top.children ?? [], 0x94)?.value;
	}
	if (aip === undefined || aip.length !== 2 || aflBytes === undefined)
		return err({ kind: "bad-answer", step, detail: "neither 80 with AIP and AFL nor 77 with 82 and 94" });
	const afl = parseAfl(aflBytes);
	if (!afl.ok) return afl;
	return ok({ aip, afl: afl.value, objects });
}

/** Book 3 §10.2: what contact cards must have given once all records are read. */
export const CONTACT_MANDATORY: readonly Tag[] = Object.freeze([0x5f24, 0x5a, 0x8c, 0x8d]);

export interface ApplicationData {
	readonly data: CardData;
	/**
	 * The static data to authenticate (Book 3 §10.3): for SFI 1–10 each ODA record's template value, for SFI
	 * 11–30 the whole record with its tag and length, concatenated in reading order.
	 */
	readonly odaRecords: readonly Uint8Array[];
}

/**
 * READ RECORD of each AFL record (Book 3 §10.2): any status but 9000, or a record that is not a 70 template,
 * terminates; so do a primitive object read twice (the GPO answer's objects count too) and missing mandatory
 * data (`mandatory`, CONTACT_MANDATORY for contact).
 */
export async function readApplicationData(
	channel: CardChannel,
	options: ProcessingOptions,
	mandatory: readonly Tag[],
): Promise<Result<ApplicationData, KernelError>> {
	const step = "READ RECORD";
	const data = new CardData();
	const odaRecords: Uint8Array[] = [];
	const first = data.add(options.objects);
	if (first !== undefined) return err({ kind: "redundant-data", tag: first });
	for (const entry of options.afl) {
		for (let record = entry.first; record <= entry.last; record++) {
			const r = await channel.exchange(readRecord(entry.sfi, record));
			if (!r.ok) return err({ kind: "transport", step, error: r.error });
			const status = sw(r.value);
			if (status !== SW_OK) return err({ kind: "status", step, sw: status });
			const tlv = decodeTlv(r.value.data);
			if (!tlv.ok) return err({ kind: "malformed", step, error: tlv.error });
			const template = tlv.value[0];
			if (tlv.value.length !== 1 || template?.tag !== 0x70)
				return err({ kind: "bad-answer", step, detail: `record ${record} of SFI ${entry.sfi} is not a 70 template` });
			const again = data.add(template.children ?? []);
			if (again !== undefined) return err({ kind: "redundant-data", tag: again });
			if (record - entry.first < entry.odaRecords) odaRecords.push(entry.sfi <= 10 ? template.value : encodeTlv([template]));
		}
	}
	const missing = mandatory.filter((tag) => !data.has(tag));
	if (missing.length > 0) return err({ kind: "missing-data", tags: missing });
	return ok({ data, odaRecords });
}
