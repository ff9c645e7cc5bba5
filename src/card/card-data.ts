// The card as the rest of the firmware sees it: parsed from ISO/IEC 7813 track 1 format B and track 2, with
// track 3 (ISO/IEC 4909) kept raw. Track data stays inside; only `onlineTrackData()` hands it
// out, to build the authorisation request, and `erase()` drops it once that is done (PCI DSS 3.2).

import { err, ok, type Result } from "../../hal/result.js";
import { maskPan, type Pan, parsePan } from "./pan.js";
import { isServiceCode, type ServiceCode } from "./service-code.js";

/** YYMM with a month 01–12 (a module constant: on XS a regular expression literal is compiled again at each evaluation). */
const EXPIRY_TEXT = /^[0-9]{2}(0[1-9]|1[0-2])$/;

/** Track 1 content between the sentinels (no `%`, `?`, LRC): `B` PAN `^` NAME `^` YYMM SSC discretionary. */
export type Track1 = string & { readonly __brand: "Track1" };
/** Track 2 content between the sentinels (no `;`, `?`, LRC): PAN `=` YYMM SSC discretionary — field 35's content. */
export type Track2 = string & { readonly __brand: "Track2" };
/** Track 3 content between the sentinels (ISO 4909), kept raw — field 36's content. */
export type Track3 = string & { readonly __brand: "Track3" };
/** Expiry date as recorded, `YYMM`. */
export type Expiry = string & { readonly __brand: "Expiry" };

export interface TrackContents {
	readonly track1?: string;
	readonly track2?: string;
	readonly track3?: string;
}

export type CardError =
	/** Neither track 1 nor track 2 was read: no PAN to use. */
	| { readonly kind: "no-pan-track" }
	/** A track's layout does not follow ISO/IEC 7813 (track 1 format B, track 2). */
	| { readonly kind: "format"; readonly track: 1 | 2; readonly detail: string }
	/** The PAN fails its Luhn check digit. */
	| { readonly kind: "luhn"; readonly track: 1 | 2 }
	/** Tracks 1 and 2 carry different PANs or expiry dates. */
	| { readonly kind: "track-mismatch" };

/** The track data handed to the online request builder (fields 35 and 36), and only to it. */
export interface OnlineTrackData {
	readonly track2?: Track2;
	readonly track3?: Track3;
}

interface ParsedTrack {
	readonly pan: Pan;
	readonly expiry?: Expiry;
	readonly serviceCode?: ServiceCode;
	readonly name?: string;
}

export class CardData {
	readonly pan: Pan;
	readonly expiry?: Expiry;
	readonly serviceCode?: ServiceCode;
	/** Track 1 name field, trailing padding removed. */
	readonly cardholderName?: string;
	/** The PAN recorded on track 3 (ISO 4909: two-digit format code, PAN, separator), when it reads and checks. */
	readonly track3Pan?: Pan;
	#track2?: Track2;
	#track3?: Track3;

	private constructor(parsed: ParsedTrack, name: string | undefined, track2: Track2 | undefined, track3: Track3 | undefined) {
		this.pan = parsed.pan;
		if (parsed.expiry !== undefined) this.expiry = parsed.expiry;
		if (parsed.serviceCode !== undefined) this.serviceCode = parsed.serviceCode;
		if (name !== undefined) this.cardholderName = name;
		this.#track2 = track2;
		this.#track3 = track3;
		const track3Pan = track3 === undefined ? undefined : /^[0-9]{2}([0-9]{12,19})=/.exec(track3)?.[1];
		const checked = track3Pan === undefined ? undefined : parsePan(track3Pan);
		if (checked?.ok) this.track3Pan = checked.value;
	}

	/** Builds the card from the tracks that read ok (content without sentinels). Track 2 wins for PAN data. */
	static fromTracks(tracks: TrackContents): Result<CardData, CardError> {
		const t1 = tracks.track1 === undefined ? undefined : parseTrack1(tracks.track1);
		const t2 = tracks.track2 === undefined ? undefined : parseTrack2(tracks.track2);
		if (t1 === undefined && t2 === undefined) return err({ kind: "no-pan-track" });
		if (t2 !== undefined && !t2.ok) return t2;
		if (t1 !== undefined && !t1.ok) return t1;
		const primary = t2?.value ?? t1!.value;
		if (t1 !== undefined && t2 !== undefined && (t1.value.pan !== t2.value.pan || t1.value.expiry !== t2.value.expiry))
			return err({ kind: "track-mismatch" });
		return ok(new CardData(primary, t1?.value.name, tracks.track2 as Track2 | undefined, tracks.track3 as Track3 | undefined));
	}

	/** First 6 and last 4 digits, for screens, slips and logs. */
	get maskedPan(): string {
		return maskPan(this.pan);
	}

	get hasTrack2(): boolean {
		return this.#track2 !== undefined;
	}

	get hasTrack3(): boolean {
		return this.#track3 !== undefined;
	}

	/** For the online request builder only (UnionPay fields 35/36); never log or store the result. */
	onlineTrackData(): OnlineTrackData {
		return {
			...(this.#track2 === undefined ? {} : { track2: this.#track2 }),
			...(this.#track3 === undefined ? {} : { track3: this.#track3 }),
		};
	}

	/** Drops the track data once the authorisation is done: nothing of it is kept (PCI DSS 3.2). */
	erase(): void {
		this.#track2 = undefined;
		this.#track3 = undefined;
	}
}

// ISO/IEC 7813 track 1 format B: `B` PAN `^` NAME (2–26) `^` YYMM|`^` SSC|`^` discretionary.
function parseTrack1(content: string): Result<ParsedTrack & { name: string }, CardError> {
	if (content.charAt(0) !== "B") return err({ kind: "format", track: 1, detail: "format code is not B" });
	const fs1 = content.indexOf("^");
	const fs2 = fs1 < 0 ? -1 : content.indexOf("^", fs1 + 1);
	if (fs2 < 0) return err({ kind: "format", track: 1, detail: "missing field separator" });
	const name = content.slice(fs1 + 1, fs2);
	if (name.length < 2 || name.length > 26) return err({ kind: "format", track: 1, detail: "name is not 2–26 characters" });
	const pan = checkPan(content.slice(1, fs1), 1);
	if (!pan.ok) return pan;
	const tail = tailFields(content.slice(fs2 + 1), "^");
	if (tail === undefined) return err({ kind: "format", track: 1, detail: "bad expiry or service code" });
	return ok({ pan: pan.value, ...tail, name: name.trimEnd() });
}

// ISO/IEC 7813 track 2: PAN `=` YYMM|`=` SSC|`=` discretionary.
function parseTrack2(content: string): Result<ParsedTrack, CardError> {
	const fs = content.indexOf("=");
	if (fs < 0) return err({ kind: "format", track: 2, detail: "missing field separator" });
	const pan = checkPan(content.slice(0, fs), 2);
	if (!pan.ok) return pan;
	const tail = tailFields(content.slice(fs + 1), "=");
	if (tail === undefined) return err({ kind: "format", track: 2, detail: "bad expiry or service code" });
	return ok({ pan: pan.value, ...tail });
}

function checkPan(text: string, track: 1 | 2): Result<Pan, CardError> {
	const parsed = parsePan(text);
	if (parsed.ok) return parsed;
	return parsed.error === "luhn" ? err({ kind: "luhn", track }) : err({ kind: "format", track, detail: "PAN is not 12–19 digits" });
}

// Expiry (4 digits or one separator when absent), then service code (3 digits or one separator).
function tailFields(rest: string, separator: string): { expiry?: Expiry; serviceCode?: ServiceCode } | undefined {
	let i = 0;
	let expiry: Expiry | undefined;
	if (rest.charAt(0) === separator) i = 1;
	else {
		const text = rest.slice(0, 4);
		if (!EXPIRY_TEXT.test(text)) return undefined;
		expiry = text as Expiry;
		i = 4;
	}
	let serviceCode: ServiceCode | undefined;
	if (rest.charAt(i) !== separator) {
		const text = rest.slice(i, i + 3);
		if (!isServiceCode(text)) return undefined;
		serviceCode = text;
	}
	return { ...(expiry === undefined ? {} : { expiry }), ...(serviceCode === undefined ? {} : { serviceCode }) };
}
