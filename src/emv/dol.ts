// Data Object Lists (EMV 4.3 Book 3 §5.4): a PDOL (9F38), CDOL1/2 (8C/8D) or DDOL (9F49) is a string of
// tag–length pairs without values; the terminal answers with the values concatenated, each fitted to its
// length. Fitting (§5.4): a missing value or a constructed tag is all zeros; a longer value loses its leftmost
// bytes if numeric (n), its rightmost otherwise; a shorter one gets leading zeros if numeric (n), trailing FF
// if compressed numeric (cn), trailing zeros otherwise.
//
// Public API: DolEntry, parseDol, buildDolData, DolValueSource.

import { ok, type Result } from "../../hal/result.js";
import { concatBytes } from "../crypto/bytes.js";
import { tagInfo } from "./tags.js";
import { isConstructed, readLength, readTag, type Tag, type TlvError } from "./tlv.js";

export interface DolEntry {
	readonly tag: Tag;
	readonly length: number;
}

/** The value the terminal holds for a tag, or undefined when it has none. */
export type DolValueSource = (tag: Tag) => Uint8Array | undefined;

export function parseDol(dol: Uint8Array): Result<DolEntry[], TlvError> {
	const entries: DolEntry[] = [];
	let at = 0;
	while (at < dol.length) {
		const tag = readTag(dol, at);
		if (!tag.ok) return tag;
		const length = readLength(dol, tag.value.end);
		if (!length.ok) return length;
		entries.push({ tag: tag.value.tag, length: length.value.length });
		at = length.value.end;
	}
	return ok(entries);
}

function fit(entry: DolEntry, value: Uint8Array | undefined): Uint8Array {
	const out = new Uint8Array(entry.length);
	if (value === undefined || isConstructed(entry.tag)) return out;
	const format = tagInfo(entry.tag)?.format;
	if (format === "n") {
		// Right-aligned: drop leading bytes, or keep the leading zeros of `out`.
		const take = Math.min(value.length, entry.length);
		out.set(value.subarray(value.length - take), entry.length - take);
		return out;
	}
	out.set(value.subarray(0, entry.length));
	if (format === "cn") out.fill(0xff, Math.min(value.length, entry.length));
	return out;
}

/** The concatenated data the DOL asks for (the command data of GET PROCESSING OPTIONS after 83, of GENERATE AC). */
export function buildDolData(entries: readonly DolEntry[], source: DolValueSource): Uint8Array {
	return concatBytes(...entries.map((e) => fit(e, source(e.tag))));
}
