// The IC parameter download at sign-in (Q/CUP 006 IC公钥下载 / IC参数下载): for the CA key list and the AID
// list, ask what the acquirer holds (0820, 60.3 372 / 382, as many times as it says more
// follow), download each entry (0800, 370 / 380: every CA key's SHA-1 check value verified, Book 2 §11.2),
// store the new set in one commit, and only then end the download (371 / 381): the acquirer takes the end as
// "the terminal holds this version", so a power cut before the commit leaves it asking again. Any failure —
// the link, a decline, a frame that does not parse — stops the download and keeps the stored set as it was.
//
// Public API: IcDownloadFailure, downloadIcParameters.

import { err, ok, type Result } from "../../hal/result.js";
import { buildIcDownload, type IcDownloadCode } from "../iso8583/requests.js";
import { parseManagementResponse } from "../iso8583/responses.js";
import { NETWORK_CODE } from "../iso8583/transaction-matrix.js";
import {
	entryRequest,
	listQuery,
	parseListAnswer,
	parseRecordAnswer,
	type IcListEntry,
	type IcListKind,
} from "../params/ic-param-lists.js";
import { parseAidRecord, parseCaKeyRecord, type AidParameters, type CaKeyRecord, type IcRecordError } from "../params/ic-param-records.js";
import { saveIcParameters, type IcParameterSet, type IcStoreError } from "../params/ic-param-store.js";
import { badResponse, linkFailure, type OnlineParts } from "./host-channel.js";
import { declined, type Declined, type OnlineFailure } from "./online-failure.js";

export type IcDownloadFailure =
	| OnlineFailure
	| Declined
	/** A list or record from the acquirer that does not parse or check (a CA key's check value included). */
	| { readonly kind: "ic-parameters"; readonly error: IcRecordError }
	| { readonly kind: "ic-store"; readonly error: IcStoreError };

/** More list answers than this is an acquirer that never says "last": stop rather than loop. */
const MAX_LIST_PAGES = 20;

const CODES: Readonly<Record<IcListKind, readonly [IcDownloadCode, IcDownloadCode, IcDownloadCode]>> = Object.freeze({
	"ca-keys": [NETWORK_CODE.icKeyQuery, NETWORK_CODE.icKeyDownload, NETWORK_CODE.icKeyEnd],
	aids: [NETWORK_CODE.icParamQuery, NETWORK_CODE.icParamDownload, NETWORK_CODE.icParamEnd],
});

type Step = Result<Uint8Array | undefined, IcDownloadFailure>;

/** One message of the dialogue: its answer's field 62 when the acquirer answered 00. */
async function step(parts: OnlineParts, operator: string, code: IcDownloadCode, field62?: Uint8Array): Promise<Step> {
	const { channel, writer } = parts;
	const stan = writer.nextStan();
	if (!stan.ok) return stan;
	const answer = await channel.link().exchange(buildIcDownload(channel.context(operator), stan.value, code, field62));
	if (!answer.ok) return err(linkFailure(answer.error));
	const response = parseManagementResponse(answer.value.response);
	if (!response.ok) return err(badResponse(response.error.detail));
	if (response.value.responseCode !== "00") return err(declined(response.value.responseCode));
	const f62 = answer.value.response.fields.get(62);
	return ok(f62 instanceof Uint8Array ? f62 : undefined);
}

const icError = (error: IcRecordError) => err<IcDownloadFailure>({ kind: "ic-parameters", error });

function sameEntry(entry: IcListEntry, record: CaKeyRecord | AidParameters): boolean {
	const id = entry.kind === "aid" ? entry.aid : entry.rid;
	const got = "aid" in record ? record.aid : record.rid;
	return (
		id.length === got.length &&
		id.every((b, i) => b === got[i]) &&
		(entry.kind === "aid" || ("index" in record && entry.index === record.index))
	);
}

/** Downloads one list whole: every record parsed and checked. */
async function downloadList<T extends CaKeyRecord | AidParameters>(
	parts: OnlineParts,
	operator: string,
	kind: IcListKind,
	parse: (bytes: Uint8Array) => Result<T, IcRecordError>,
): Promise<Result<T[], IcDownloadFailure>> {
	const [query, download] = CODES[kind];
	const entries: IcListEntry[] = [];
	for (let page = 0; ; page++) {
		if (page === MAX_LIST_PAGES)
			return icError({ kind: "invalid", tag: "62", detail: `the list goes on past ${MAX_LIST_PAGES} answers` });
		const answer = await step(parts, operator, query, listQuery(entries.length));
		if (!answer.ok) return answer;
		const list = parseListAnswer(kind, answer.value);
		if (!list.ok) return icError(list.error);
		entries.push(...list.value.entries);
		if (!list.value.more) break;
	}
	const records: T[] = [];
	for (const entry of entries) {
		const answer = await step(parts, operator, download, entryRequest(entry));
		if (!answer.ok) return answer;
		const bytes = parseRecordAnswer(answer.value);
		if (!bytes.ok) return icError(bytes.error);
		const record = parse(bytes.value);
		if (!record.ok) return icError(record.error);
		if (!sameEntry(entry, record.value))
			return icError({ kind: "invalid", tag: "9F06", detail: "the record is not the entry asked for" });
		records.push(record.value);
	}
	return ok(records);
}

/** Downloads both lists and stores them as the new set atomically; on any failure the stored set is untouched. */
export async function downloadIcParameters(parts: OnlineParts, operator: string): Promise<Result<IcParameterSet, IcDownloadFailure>> {
	const caKeys = await downloadList(parts, operator, "ca-keys", parseCaKeyRecord);
	if (!caKeys.ok) return caKeys;
	const aids = await downloadList(parts, operator, "aids", parseAidRecord);
	if (!aids.ok) return aids;
	const set: IcParameterSet = { caKeys: caKeys.value, aids: aids.value };
	const saved = saveIcParameters(parts.channel.hal.storage.records, set);
	if (!saved.ok) return err({ kind: "ic-store", error: saved.error });
	for (const kind of ["ca-keys", "aids"] as const) {
		// An end that fails leaves the set stored; the acquirer, not told, asks for the download again next time.
		const ended = await step(parts, operator, CODES[kind][2]);
		if (!ended.ok) break;
	}
	return ok(set);
}
