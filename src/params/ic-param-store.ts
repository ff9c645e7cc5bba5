// The terminal's IC parameters (the CA public keys and the AID list the acquirer downloaded) in the HAL record
// store: the whole set as one stream of templates (E1 a CA key record, E2 an AID record), cut into records of
// at most the store's record size, all written in one commit — so a power cut during a download or its save
// leaves the previous set whole (hal/storage.ts: a commit is all or nothing). Loading checks every record
// again, CA key check values included. The set is what the kernel sees: `caPublicKeys` is the CaPublicKeys of
// src/emv/offline-authentication.ts. Platform-free.
//
// Public API: IcParameterSet, IcStoreError, saveIcParameters, loadIcParameters, caPublicKeys, findAid.

import type { RecordStore, StorageError } from "../../hal/storage.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { CaPublicKey, CaPublicKeys } from "../emv/offline-authentication.js";
import { decodeTlv, encodeTlv } from "../emv/tlv.js";
import {
	encodeAidRecord,
	encodeCaKeyRecord,
	parseAidRecord,
	parseCaKeyRecord,
	type AidParameters,
	type CaKeyRecord,
	type IcRecordError,
} from "./ic-param-records.js";

export interface IcParameterSet {
	readonly caKeys: readonly CaKeyRecord[];
	readonly aids: readonly AidParameters[];
}

export type IcStoreError =
	| { readonly kind: "damaged"; readonly error: IcRecordError | { readonly kind: "chunks" } }
	| { readonly kind: "storage"; readonly error: StorageError };

/** The record holding the number of chunks; chunk i is `ic-params.i`. */
const COUNT_RECORD = "ic-params";
const CA_TEMPLATE = 0xe1;
const AID_TEMPLATE = 0xe2;

const chunkName = (i: number) => `${COUNT_RECORD}.${i}`;

function storedChunks(records: RecordStore): number | undefined {
	const count = records.get(COUNT_RECORD);
	if (count === undefined || count.length !== 1) return undefined;
	return count[0];
}

/** Replaces the stored set with `set` in one commit; on failure nothing changes. */
export function saveIcParameters(records: RecordStore, set: IcParameterSet): Result<void, IcStoreError> {
	const stream = encodeTlv([
		...set.caKeys.map((k) => ({ tag: CA_TEMPLATE, value: encodeCaKeyRecord(k) })),
		...set.aids.map((a) => ({ tag: AID_TEMPLATE, value: encodeAidRecord(a) })),
	]);
	const size = records.maxRecordBytes;
	const count = Math.max(1, Math.ceil(stream.length / size));
	const previous = storedChunks(records) ?? 0;
	let staged: Result<void, StorageError> = count > 255 ? err({ kind: "too-large", maxBytes: 255 * size }) : ok();
	for (let i = 0; staged.ok && i < count; i++) staged = records.set(chunkName(i), stream.subarray(i * size, (i + 1) * size));
	if (staged.ok) staged = records.set(COUNT_RECORD, Uint8Array.of(count));
	for (let i = count; staged.ok && i < previous; i++) records.delete(chunkName(i));
	const committed = staged.ok ? records.commit() : staged;
	if (committed.ok) return ok();
	records.rollback();
	return err({ kind: "storage", error: committed.error });
}

/** The stored set; undefined when the terminal never stored one. */
export function loadIcParameters(records: RecordStore): Result<IcParameterSet | undefined, IcStoreError> {
	if (records.get(COUNT_RECORD) === undefined) return ok(undefined);
	const count = storedChunks(records);
	const chunks: Uint8Array[] = [];
	for (let i = 0; count !== undefined && i < count; i++) {
		const chunk = records.get(chunkName(i));
		if (chunk === undefined) break;
		chunks.push(chunk);
	}
	if (count === undefined || chunks.length !== count) return err({ kind: "damaged", error: { kind: "chunks" } });
	const stream = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	chunks.reduce((at, c) => (stream.set(c, at), at + c.length), 0);
	const decoded = decodeTlv(stream);
	if (!decoded.ok) return err({ kind: "damaged", error: { kind: "malformed", detail: decoded.error.kind } });
	const caKeys: CaKeyRecord[] = [];
	const aids: AidParameters[] = [];
	for (const template of decoded.value) {
		const parsed = template.tag === CA_TEMPLATE ? parseCaKeyRecord(template.value) : parseAidRecord(template.value);
		if (!parsed.ok) return err({ kind: "damaged", error: parsed.error });
		if (template.tag === CA_TEMPLATE) caKeys.push(parsed.value as CaKeyRecord);
		else aids.push(parsed.value as AidParameters);
	}
	return ok({ caKeys, aids });
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The set's CA keys as the kernel's offline data authentication looks them up (RID and index, Book 2 §5.2). */
export function caPublicKeys(set: IcParameterSet): CaPublicKeys {
	return {
		find: (rid: Uint8Array, index: number): CaPublicKey | undefined =>
			set.caKeys.find((k) => k.index === index && sameBytes(k.rid, rid)),
	};
}

/** The parameters of a terminal AID. */
export function findAid(set: IcParameterSet, aid: Uint8Array): AidParameters | undefined {
	return set.aids.find((a) => sameBytes(a.aid, aid));
}
