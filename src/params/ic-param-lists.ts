// Field 62 of the UnionPay IC parameter download dialogue (Q/CUP 006, 60.3 372/382 query, 370/380 download,
// 371/381 end), as public terminal code lays it out (acquirers vary; the acquirer simulator serves the same):
//
//   query (0820)           "1" + two digits: how many entries the terminal already holds of this list ("100" first)
//   its answer (0830)      one character — "0" nothing to download, "1" these are the last, "2" more follow (ask
//                          again) — then per entry: CA keys 9F06 RID · 9F22 index · DF05 expiry; AIDs 9F06 AID
//   download (0800)        the entry's 9F06 (and 9F22)
//   its answer (0810)      "1" + the record's objects (ic-param-records.ts); "0" when the acquirer has no such entry
//
// Platform-free.
//
// Public API: IcListKind, IcListEntry, ListAnswer, listQuery, parseListQuery, parseListAnswer, formatListAnswer,
// entryRequest, parseEntryRequest, parseRecordAnswer, formatRecordAnswer.

import { err, ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";
import { decodeTlv, encodeTlv, type Tlv } from "../emv/tlv.js";
import type { IcRecordError } from "./ic-param-records.js";

export type IcListKind = "ca-keys" | "aids";

/** One entry of the acquirer's list: what the terminal downloads next. */
export type IcListEntry =
	| { readonly kind: "ca-key"; readonly rid: Uint8Array; readonly index: number; readonly expiry: string }
	| { readonly kind: "aid"; readonly aid: Uint8Array };

export interface ListAnswer {
	readonly more: boolean;
	readonly entries: readonly IcListEntry[];
}

const CHAR_0 = 0x30;
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The query's field 62: "1" and the count already received (00–99). */
export function listQuery(received: number): Uint8Array {
	return ascii("1" + String(Math.min(received, 99)).padStart(2, "0"));
}

/** The count a query says the terminal holds; undefined when it is not "1" + two digits. */
export function parseListQuery(bytes: Uint8Array | undefined): number | undefined {
	const text = bytes === undefined ? "" : String.fromCharCode(...bytes);
	return /^1[0-9]{2}$/.test(text) ? Number(text.slice(1)) : undefined;
}

function entryObjects(entry: IcListEntry): Tlv[] {
	return entry.kind === "aid"
		? [{ tag: 0x9f06, value: entry.aid }]
		: [
				{ tag: 0x9f06, value: entry.rid },
				{ tag: 0x9f22, value: Uint8Array.of(entry.index) },
				{ tag: 0xdf05, value: ascii(entry.expiry) },
			];
}

export function formatListAnswer(entries: readonly IcListEntry[], more: boolean): Uint8Array {
	const status = entries.length === 0 ? "0" : more ? "2" : "1";
	return concatBytes(ascii(status), encodeTlv(entries.flatMap(entryObjects)));
}

/** The acquirer's list answer, entry by entry (each CA key entry opens with its 9F06). */
export function parseListAnswer(kind: IcListKind, bytes: Uint8Array | undefined): Result<ListAnswer, IcRecordError> {
	if (bytes === undefined || bytes.length === 0) return err({ kind: "missing", tag: "62" });
	const status = bytes[0]! - CHAR_0;
	if (status < 0 || status > 2) return err({ kind: "invalid", tag: "62", detail: `list status ${String.fromCharCode(bytes[0]!)}` });
	const decoded = decodeTlv(bytes.subarray(1));
	if (!decoded.ok) return err({ kind: "malformed", detail: `${decoded.error.kind} at byte ${decoded.error.offset + 1}` });
	const objects = decoded.value;
	if (status === 0)
		return objects.length === 0
			? ok({ more: false, entries: [] })
			: err({ kind: "invalid", tag: "62", detail: "entries after status 0" });
	const entries: IcListEntry[] = [];
	const width = kind === "aids" ? 1 : 3;
	if (objects.length === 0 || objects.length % width !== 0)
		return err({ kind: "invalid", tag: "62", detail: "a list entry is cut short" });
	for (let i = 0; i < objects.length; i += width) {
		const [id, index, expiry] = [objects[i]!, objects[i + 1], objects[i + 2]];
		if (id.tag !== 0x9f06 || id.value.length < 5 || id.value.length > 16) return err({ kind: "missing", tag: "9F06" });
		if (kind === "aids") {
			entries.push({ kind: "aid", aid: id.value });
			continue;
		}
		if (id.value.length !== 5) return err({ kind: "invalid", tag: "9F06", detail: "a RID is 5 bytes" });
		if (index?.tag !== 0x9f22 || index.value.length !== 1) return err({ kind: "missing", tag: "9F22" });
		const expiryText = expiry?.tag === 0xdf05 ? String.fromCharCode(...expiry.value) : "";
		if (!/^[0-9]{8}$/.test(expiryText)) return err({ kind: "missing", tag: "DF05" });
		entries.push({ kind: "ca-key", rid: id.value, index: index.value[0]!, expiry: expiryText });
	}
	return ok({ more: status === 2, entries });
}

/** The download request's field 62 for one entry. */
export function entryRequest(entry: IcListEntry): Uint8Array {
	return encodeTlv(entryObjects(entry).filter((o) => o.tag !== 0xdf05));
}

/** What a download request asks for: 9F06 and, for a CA key, 9F22. */
export function parseEntryRequest(bytes: Uint8Array | undefined): { id: Uint8Array; index?: number } | undefined {
	const decoded = bytes === undefined ? undefined : decodeTlv(bytes);
	if (!decoded?.ok) return undefined;
	const id = decoded.value.find((o) => o.tag === 0x9f06)?.value;
	const index = decoded.value.find((o) => o.tag === 0x9f22)?.value;
	return id === undefined ? undefined : { id, ...(index?.length === 1 ? { index: index[0]! } : {}) };
}

export function formatRecordAnswer(record: Uint8Array | undefined): Uint8Array {
	return record === undefined ? ascii("0") : concatBytes(ascii("1"), record);
}

/** The record of a download answer; `missing` when the acquirer says it has none. */
export function parseRecordAnswer(bytes: Uint8Array | undefined): Result<Uint8Array, IcRecordError> {
	if (bytes === undefined || bytes.length === 0 || bytes[0] === CHAR_0) return err({ kind: "missing", tag: "62" });
	if (bytes[0] !== CHAR_0 + 1) return err({ kind: "invalid", tag: "62", detail: `record status ${String.fromCharCode(bytes[0]!)}` });
	return ok(bytes.subarray(1));
}
