// Application selection (EMV 4.3 Book 1 §12; PBOC 3.0 JR/T 0025.6 §8 for contact, JR/T 0025.12 (qPBOC) for
// QuickPass): the candidate list from the card's directory — the PSE "1PAY.SYS.DDF01" read record by record
// over a contact interface, the PPSE "2PAY.SYS.DDF01" whose FCI lists the applications over contactless —
// or, when the card has no PSE, by selecting each AID the terminal knows; then the choice (priority indicator,
// cardholder confirmation) and the final SELECT of the chosen application, which yields its FCI and PDOL.
//
// Public API: TerminalAid, Candidate, CandidateList, SelectedApplication, Choice, buildCandidateList,
// chooseApplication, withoutCandidate, finalSelect.

import { err, ok, type Result } from "../../hal/result.js";
import { directoryName, readRecord, selectByName, sw, SW_OK } from "./commands.js";
import type { KernelError, KernelStep } from "./kernel-error.js";
import { decodeTlv, findTlv, type Tlv } from "./tlv.js";
import type { CardChannel } from "./transport.js";

/** An AID the terminal supports, with its Application Selection Indicator (Book 1 §12.3.1). */
export interface TerminalAid {
	readonly aid: Uint8Array;
	/** ASI: true when a card AID that begins with this one (a longer PIX) also matches. */
	readonly partial: boolean;
}

/** An application both support, with what the cardholder may be shown. */
export interface Candidate {
	/** The card's ADF name (4F in a directory entry, 84 in an FCI). */
	readonly aid: Uint8Array;
	/** 50, ans, shown when no preferred name can be (Book 1 §12.4). */
	readonly label?: string;
	/** 9F12 in the code table of 9F11 (PBOC cards use it for the Chinese name); kept as bytes. */
	readonly preferredName?: Uint8Array;
	/** 87 b4–b1: 1 is the highest, 0 none. */
	readonly priority: number;
	/** 87 b8: the cardholder must confirm this application before it is used. */
	readonly confirmationRequired: boolean;
}

export interface CandidateList {
	/** In selection order: by priority (1 first), unprioritised last, card order otherwise (Book 1 §12.4). */
	readonly candidates: readonly Candidate[];
	readonly method: "PSE" | "PPSE" | "AID list";
}

function text(bytes: Uint8Array | undefined): string | undefined {
	return bytes === undefined ? undefined : String.fromCharCode(...bytes);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(long: Uint8Array, prefix: Uint8Array): boolean {
	return long.length >= prefix.length && prefix.every((x, i) => x === long[i]);
}

/** Book 1 §12.3.1: the same AID, or the terminal's AID followed by more bytes when its ASI allows. */
function matches(cardAid: Uint8Array, terminal: readonly TerminalAid[]): boolean {
	return terminal.some((t) => equalBytes(cardAid, t.aid) || (t.partial && startsWith(cardAid, t.aid)));
}

function candidateFrom(aid: Uint8Array, holder: readonly Tlv[]): Candidate {
	const api = findTlv(holder, 0x87)?.value[0] ?? 0;
	const label = text(findTlv(holder, 0x50)?.value);
	const preferredName = findTlv(holder, 0x9f12)?.value;
	return {
		aid,
		...(label === undefined ? {} : { label }),
		...(preferredName === undefined ? {} : { preferredName }),
		priority: api & 0x0f,
		confirmationRequired: (api & 0x80) !== 0,
	};
}

/** Priority 1 first, 0 (none) last; the sort is stable so equal priorities keep the card's order. */
function byPriority(list: Candidate[]): Candidate[] {
	const rank = (c: Candidate): number => (c.priority === 0 ? 16 : c.priority);
	return list
		.map((c, i) => [c, i] as const)
		.sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
		.map(([c]) => c);
}

type Exchange = Result<{ tlv: Tlv[]; sw: number }, KernelError>;

/** Sends a command and decodes its data as TLV (empty data decodes to nothing). */
async function exchangeTlv(channel: CardChannel, step: KernelStep, command: Parameters<CardChannel["exchange"]>[0]): Promise<Exchange> {
	const r = await channel.exchange(command);
	if (!r.ok) return err({ kind: "transport", step, error: r.error });
	const status = sw(r.value);
	if (status !== SW_OK && status !== 0x6283) return ok({ tlv: [], sw: status });
	const tlv = decodeTlv(r.value.data);
	if (!tlv.ok) return err({ kind: "malformed", step, error: tlv.error });
	return ok({ tlv: tlv.value, sw: status });
}

/** The entries (61) of a PSE directory's records, from record 1 until 6A83 (Book 1 §12.3.2 steps 2–4). */
async function readPseDirectory(channel: CardChannel, sfi: number): Promise<Result<Tlv[] | undefined, KernelError>> {
	const entries: Tlv[] = [];
	for (let record = 1; record <= 255; record++) {
		const r = await exchangeTlv(channel, "READ RECORD (directory)", readRecord(sfi, record));
		if (!r.ok) return r.error.kind === "malformed" ? ok(undefined) : r;
		if (r.value.sw === 0x6a83) break;
		const template = r.value.tlv[0];
		// A record that is not one 70 template, or another status: the directory is unusable → list of AIDs.
		if (r.value.sw !== SW_OK || r.value.tlv.length !== 1 || template?.tag !== 0x70) return ok(undefined);
		for (const entry of template.children ?? []) if (entry.tag === 0x61) entries.push(entry);
	}
	return ok(entries);
}

function fromEntries(entries: readonly Tlv[], terminal: readonly TerminalAid[]): Candidate[] {
	const out: Candidate[] = [];
	for (const entry of entries) {
		// A 61 naming a DDF (9D) instead of an ADF (4F) would be followed at its own level; PBOC cards have none.
		const aid = findTlv(entry.children ?? [], 0x4f)?.value;
		if (aid !== undefined && matches(aid, terminal)) out.push(candidateFrom(aid, entry.children ?? []));
	}
	return out;
}

/** Book 1 §12.3.3: SELECT each terminal AID, and for partial names each further occurrence (P2 = 02). */
async function byAidList(channel: CardChannel, terminal: readonly TerminalAid[]): Promise<Result<Candidate[], KernelError>> {
	const out: Candidate[] = [];
	for (const t of terminal) {
		let next = false;
		for (let occurrence = 0; occurrence < 16; occurrence++) {
			const r = await exchangeTlv(channel, "SELECT", selectByName(t.aid, next));
			if (!r.ok) return r;
			if (r.value.sw === 0x6a81) return err({ kind: "card-blocked" });
			if (r.value.sw !== SW_OK && r.value.sw !== 0x6283) break;
			const dfName = findTlv(r.value.tlv, 0x84)?.value;
			if (dfName === undefined || !startsWith(dfName, t.aid)) break;
			const exact = dfName.length === t.aid.length;
			// 6283: the application is blocked, so it is not a candidate, but the search goes on.
			if (r.value.sw === SW_OK && (exact || t.partial)) out.push(candidateFrom(dfName, r.value.tlv));
			if (exact) break;
			next = true;
		}
	}
	return ok(out);
}

/**
 * The candidate list (Book 1 §12.3). Contact: the PSE, or the list of AIDs when the card has none (or it is
 * unusable). Contactless: the PPSE only (Book B §3.3: no list-of-AIDs fallback); qPBOC cards all have one.
 */
export async function buildCandidateList(
	channel: CardChannel,
	directory: "PSE" | "PPSE",
	terminal: readonly TerminalAid[],
): Promise<Result<CandidateList, KernelError>> {
	const step: KernelStep = directory === "PSE" ? "SELECT PSE" : "SELECT PPSE";
	const selected = await exchangeTlv(channel, step, selectByName(directoryName(directory)));
	if (!selected.ok && selected.error.kind !== "malformed") return selected;
	if (selected.ok && selected.value.sw === 0x6a81) return err({ kind: "card-blocked" });
	const fci = selected.ok && selected.value.sw === SW_OK ? selected.value.tlv : undefined;
	let found: Candidate[] | undefined;
	if (fci !== undefined && directory === "PPSE") {
		// The PPSE's FCI: 6F → A5 → BF0C → one 61 per application.
		const bf0c = findTlv(fci, 0xbf0c);
		found = fromEntries(
			(bf0c?.children ?? []).filter((e) => e.tag === 0x61),
			terminal,
		);
	} else if (fci !== undefined) {
		const sfi = findTlv(fci, 0x88)?.value;
		if (sfi !== undefined && sfi.length === 1 && sfi[0]! >= 1 && sfi[0]! <= 30) {
			const entries = await readPseDirectory(channel, sfi[0]!);
			if (!entries.ok) return entries;
			if (entries.value !== undefined) found = fromEntries(entries.value, terminal);
		}
	}
	let method: CandidateList["method"] = directory;
	if (found === undefined || (found.length === 0 && directory === "PSE")) {
		if (directory === "PPSE") return err({ kind: "no-application" });
		const listed = await byAidList(channel, terminal);
		if (!listed.ok) return listed;
		found = listed.value;
		method = "AID list";
	}
	if (found.length === 0) return err({ kind: "no-application" });
	return ok({ candidates: byPriority(found), method });
}

/** What the terminal does with the list (Book 1 §12.4): select one, or show the list and let the cardholder pick. */
export type Choice =
	| { readonly kind: "selected"; readonly candidate: Candidate }
	| { readonly kind: "ask-cardholder"; readonly candidates: readonly Candidate[] };

/**
 * Book 1 §12.4: one candidate needing no confirmation is selected; several are offered to the cardholder when
 * the terminal can show them; otherwise the first (highest priority) not needing confirmation is selected,
 * and if every one needs confirmation and none can be asked, there is no application. Contactless
 * (`cardholderChoice` false) always takes the highest priority.
 */
export function chooseApplication(list: CandidateList, cardholderChoice: boolean): Result<Choice, KernelError> {
	const all = list.candidates;
	if (all.length === 0) return err({ kind: "no-application" });
	if (cardholderChoice && (all.length > 1 || all[0]!.confirmationRequired)) return ok({ kind: "ask-cardholder", candidates: all });
	const first = list.method === "PPSE" ? all[0] : all.find((c) => !c.confirmationRequired);
	return first === undefined ? err({ kind: "no-application" }) : ok({ kind: "selected", candidate: first });
}

/**
 * The list without the application that final selection or GPO refused (6283: Book 1 §12.4; 6985: Book 3
 * §10.1), to choose again from; empty means no application is left.
 */
export function withoutCandidate(list: CandidateList, aid: Uint8Array): CandidateList {
	return { ...list, candidates: list.candidates.filter((c) => !equalBytes(c.aid, aid)) };
}

/** The application after its final SELECT: its FCI objects and the PDOL (9F38) if it has one. */
export interface SelectedApplication {
	readonly aid: Uint8Array;
	readonly fci: readonly Tlv[];
	readonly pdol?: Uint8Array;
}

/**
 * Final selection (Book 1 §12.4, §11.3.4): SELECT the ADF name; 6283 means blocked; the FCI must be a 6F with
 * the DF name (84) that was selected and an A5 proprietary template.
 */
export async function finalSelect(channel: CardChannel, candidate: Candidate): Promise<Result<SelectedApplication, KernelError>> {
	const r = await exchangeTlv(channel, "SELECT", selectByName(candidate.aid));
	if (!r.ok) return r;
	if (r.value.sw === 0x6283) return err({ kind: "application-blocked", aid: candidate.aid });
	if (r.value.sw === 0x6a81) return err({ kind: "card-blocked" });
	if (r.value.sw !== SW_OK) return err({ kind: "status", step: "SELECT", sw: r.value.sw });
	const fci = r.value.tlv[0];
	const dfName = fci?.tag === 0x6f ? findTlv(fci.children ?? [], 0x84)?.value : undefined;
	if (fci?.tag !== 0x6f || dfName === undefined || !findTlv(fci.children ?? [], 0xa5))
		return err({ kind: "bad-answer", step: "SELECT", detail: "the FCI lacks 6F, 84 or A5" });
	if (!equalBytes(dfName, candidate.aid))
		return err({ kind: "bad-answer", step: "SELECT", detail: "the DF name is not the AID selected" });
	const pdol = findTlv(fci.children ?? [], 0x9f38)?.value;
	return ok({ aid: dfName, fci: r.value.tlv, ...(pdol === undefined ? {} : { pdol }) });
}
