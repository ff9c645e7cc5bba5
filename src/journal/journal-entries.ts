// What the journal keeps (docs/journal-points.md), as plain data, and its binary encoding.
// Every operation sets a whole value, so replaying an operation twice changes nothing: compaction relies
// on it.

import { ByteReader, ByteWriter, copyOf, textOf } from "./byte-codec.js";

/** Field 11, 000001–999999 (ISO 8583:1987). */
export type Stan = number;
/** Integer fen. */
export type Fen = number;

export type TxnKind = "sale" | "void" | "refund" | "preauth" | "preauth-void" | "completion" | "completion-advice" | "completion-void";

/**
 * sent: the request may have reached the host and no valid answer came back: a reversal is owed (or, for
 *       an advice, it is resent);
 * approved / declined: the host answered (MAC verified);
 * reversed: the host confirmed the reversal;
 * unsent: an advice (0220) stored to be sent before settlement.
 */
export type TxnStatus = "sent" | "approved" | "declined" | "reversed" | "unsent";

/** How the card was read: stripe, keyed, stripe after a failed chip read, contact chip (插卡), contactless (挥卡). */
export type EntryMode = "swipe" | "manual" | "fallback" | "insert" | "tap";

/** What the cardholder did (EMV Book 3 §10.5; qPBOC: no CVM under the quick-pass limit). */
export type IcCvm = "online-pin" | "signature" | "no-cvm" | "failed" | "not-performed";

/**
 * A chip transaction's IC data (EMV 4.3 Book 3 Annex A tags) as its slip, a reprint and the TC upload need them;
 * never 57 (track 2 equivalent), the PAN beyond `panMasked`, nor PIN data.
 */
export interface TxnIcData {
	/** 4F / 84. */
	readonly aid: Uint8Array;
	/** 50. */
	readonly label: string;
	/** The last cryptogram the card gave (9F27): TC approved, AAC declined, ARQC for a quick-pass online. */
	readonly cryptogramType: "TC" | "AAC" | "ARQC";
	/** 9F26. */
	readonly cryptogram: Uint8Array;
	/** 95, 9B, 9F36, 9F37, 82. */
	readonly tvr: Uint8Array;
	readonly tsi: Uint8Array;
	readonly atc: Uint8Array;
	readonly unpredictableNumber: Uint8Array;
	readonly aip: Uint8Array;
	/** 5F34 as two digits, "" when the card has none. */
	readonly psn: string;
	readonly cvm: IcCvm;
	/** Field 55 of the TC upload at settlement (field55.ts TC_UPLOAD_TAGS); empty when the card gave no TC. */
	readonly tcUploadField55: Uint8Array;
}

/**
 * 39 of a sale the card approved offline: the card's authorisation response code 8A (EMV 4.3 Book 4 Annex A6,
 * Y1 offline approved); the host's reference (37) comes with the acknowledgement of its upload (`uploaded`).
 */
export const OFFLINE_APPROVED = "Y1";

/** A sale the card approved offline (8A Y1, with its IC data) whose upload the host has not answered yet. */
export function uploadOwed(t: Pick<TxnEntry, "status" | "responseCode" | "uploaded" | "ic" | "uploadAnswer">): boolean {
	return (
		t.status === "approved" && t.responseCode === OFFLINE_APPROVED && !t.uploaded && t.ic !== undefined && t.uploadAnswer === undefined
	);
}

/** 39 of an offline approval's upload that the host took: 00, or 94 (it already had it). */
export function uploadBooked(code: string | undefined): boolean {
	return code === "00" || code === "94";
}

export interface OriginalRef {
	readonly stan: Stan;
	readonly batch: number;
	readonly rrn: string;
	/** MMDD of the original. */
	readonly date: string;
	readonly authCode: string;
}

export interface TxnEntry {
	readonly kind: TxnKind;
	readonly status: TxnStatus;
	/** Also the voucher number (凭证号). */
	readonly stan: Stan;
	readonly batch: number;
	readonly amountFen: Fen;
	readonly operator: string;
	/** First 6 and last 4 digits, the rest as '*': the only PAN form shown or printed. */
	readonly panMasked: string;
	/** PAN and expiry encrypted under the secure element's data key; empty once no longer needed. */
	readonly cardData: Uint8Array;
	readonly entryMode: EntryMode;
	/**
	 * The amount asked for, kept only when the host approved less (39 = 10, partial approval); `amountFen`
	 * is then the approved amount, the one shown, printed, voided, settled and uploaded.
	 */
	readonly requestedFen?: Fen;
	/** Wall-clock ms of the request. */
	readonly requestMs: number;
	readonly responseCode: string;
	readonly rrn: string;
	readonly authCode: string;
	/** Host date MMDD and time hhmmss (fields 13, 12). */
	readonly hostDate: string;
	readonly hostTime: string;
	/** Field 63.1: CUP / 000 domestic, anything else foreign. */
	readonly cardOrg: string;
	/** Field 44.1 issuer and field 32 (or 44.2) acquirer institution IDs, when the host sent them (the slip prints them). */
	readonly issuer?: string;
	readonly acquirer?: string;
	/** An inserted or tapped card's IC data, journaled with the outcome. */
	readonly ic?: TxnIcData;
	readonly original: OriginalRef | undefined;
	/** A sale voided, a pre-auth completed or voided, a completion voided. */
	readonly voided: boolean;
	/**
	 * Acknowledged by the host in a batch upload (0320). (A journal written before `uploadAnswer` existed also set
	 * it on an offline approval whose own upload was acknowledged.)
	 */
	readonly uploaded: boolean;
	/**
	 * A sale the card approved offline: 39 of the host's answer to its own upload (0200, 60.1 36), "00" or "94"
	 * booked, any other code refused by the host (not sent again, kept in the totals, printed on the settlement
	 * slip). Absent while the upload is owed, and on every other transaction.
	 */
	readonly uploadAnswer?: string;
	readonly printedCopies: number;
}

export type ReversalReason = "98" | "06" | "A0";

export interface PendingReversal {
	readonly stan: Stan;
	readonly reason: ReversalReason;
	readonly tries: number;
	/** The 0400 built from the original request (no track data, no PIN block), encrypted under the data key. */
	readonly message: Uint8Array;
}

export interface Totals {
	readonly debitFen: Fen;
	readonly debitCount: number;
	readonly creditFen: Fen;
	readonly creditCount: number;
}

export interface SettlementTotals {
	readonly domestic: Totals;
	readonly foreign: Totals;
}

/** The lines of a settlement slip: a completion online or by advice is one type, as on UnionPay slips. */
export type TotalType = "sale" | "void" | "refund" | "completion" | "completion-void";

/** Count and amount of one transaction type, domestic or foreign cards. */
export interface TypeTotals {
	readonly type: TotalType;
	readonly domestic: boolean;
	readonly count: number;
	readonly fen: Fen;
}

/** Reconciliation codes at field 48 offsets 30 / 61: 1 balanced, 2 not balanced, 3 error. */
export type Reconciliation = "0" | "1" | "2" | "3";

export interface SettlementProgress {
	/** started: the 0500 may be out; uploading: batch upload after "not balanced"; printing: slip due. */
	readonly phase: "started" | "uploading" | "printing";
	readonly batch: number;
	readonly totals: SettlementTotals;
	readonly domestic: Reconciliation;
	readonly foreign: Reconciliation;
	readonly operator: string;
	readonly requestMs: number;
	/**
	 * Totals per type (only types with transactions) and the first and last voucher of the batch; absent in
	 * records written before they were kept.
	 */
	readonly byType?: readonly TypeTotals[];
	readonly vouchers?: { readonly first: Stan; readonly last: Stan };
}

export interface Counters {
	/** Last STAN used; 0 before the first message. */
	readonly stan: Stan;
	readonly batch: number;
	/** STAN of the newest financial transaction (reprint last). */
	readonly lastStan: Stan;
	/** Local date (YYYYMMDD) of the last successful sign-in; "" when signed off. */
	readonly signInDay: string;
	/** Local date of the batch's first transaction, for 隔日强制结算. */
	readonly batchDay: string;
}

export type JournalOp =
	| { readonly op: "counters"; readonly counters: Counters }
	| { readonly op: "txn"; readonly txn: TxnEntry }
	| { readonly op: "reversal"; readonly reversal: PendingReversal | undefined }
	| { readonly op: "settlement"; readonly settlement: SettlementProgress | undefined }
	/** Settlement done: the batch's transactions go, the summary stays for reprint. */
	| { readonly op: "close-batch"; readonly summary: SettlementProgress }
	/** The last settlement's summary alone (a snapshot must never clear what it has not rewritten yet). */
	| { readonly op: "last-settlement"; readonly summary: SettlementProgress };

const KINDS: readonly TxnKind[] = [
	"sale",
	"void",
	"refund",
	"preauth",
	"preauth-void",
	"completion",
	"completion-advice",
	"completion-void",
];
const STATUSES: readonly TxnStatus[] = ["sent", "approved", "declined", "reversed", "unsent"];
const MODES: readonly EntryMode[] = ["swipe", "manual", "fallback", "insert", "tap"];
const CRYPTOGRAMS: readonly TxnIcData["cryptogramType"][] = ["TC", "AAC", "ARQC"];
const CVMS: readonly IcCvm[] = ["online-pin", "signature", "no-cvm", "failed", "not-performed"];
const REASONS: readonly ReversalReason[] = ["98", "06", "A0"];
const PHASES: readonly SettlementProgress["phase"][] = ["started", "uploading", "printing"];
const RECONCILIATIONS: readonly Reconciliation[] = ["0", "1", "2", "3"];
const TOTAL_TYPES: readonly TotalType[] = ["sale", "void", "refund", "completion", "completion-void"];
/** Flag on a settlement's phase byte: per-type totals and the voucher range follow its fixed part. */
const SETTLEMENT_DETAIL = 0x80;

const enum Code {
	Counters = 1,
	Txn = 2,
	Reversal = 3,
	NoReversal = 4,
	Settlement = 5,
	NoSettlement = 6,
	CloseBatch = 7,
	LastSettlement = 8,
}

/** The payload of `ops`; `sizes`, when given, receives each operation's length in bytes, in order. */
export function encodeOps(ops: readonly JournalOp[], sizes?: number[]): Uint8Array {
	const w = new ByteWriter();
	for (const op of ops) {
		const start = w.length;
		switch (op.op) {
			case "counters": {
				const c = op.counters;
				w.u8(Code.Counters).u32(c.stan).u32(c.batch).u32(c.lastStan).text(c.signInDay).text(c.batchDay);
				break;
			}
			case "txn":
				w.u8(Code.Txn);
				writeTxn(w, op.txn);
				break;
			case "reversal":
				if (op.reversal)
					w.u8(Code.Reversal)
						.u32(op.reversal.stan)
						.u8(REASONS.indexOf(op.reversal.reason))
						.u8(op.reversal.tries)
						.bytes(op.reversal.message);
				else w.u8(Code.NoReversal);
				break;
			case "settlement":
				if (op.settlement) writeSettlement(w.u8(Code.Settlement), op.settlement);
				else w.u8(Code.NoSettlement);
				break;
			case "close-batch":
				writeSettlement(w.u8(Code.CloseBatch), op.summary);
				break;
			case "last-settlement":
				writeSettlement(w.u8(Code.LastSettlement), op.summary);
				break;
		}
		sizes?.push(w.length - start);
	}
	return w.finish();
}

/**
 * undefined when the payload is not a well-formed list of operations. `sizes`, when given, receives each
 * operation's length in bytes, in order.
 */
export function decodeOps(payload: Uint8Array, sizes?: number[]): JournalOp[] | undefined {
	return decodeWith(payload, sizes, (b, at) => withReader(b, at, (r) => ({ op: "txn" as const, txn: readTxn(r) })));
}

/** What replay at boot reads of a transaction: the fields the index and the totals keep. */
export interface TxnRef {
	readonly op: "txn-ref";
	readonly stan: Stan;
	readonly kind: TxnKind;
	readonly status: TxnStatus;
	readonly amountFen: Fen;
	readonly cardOrg: string;
	/** `uploadOwed` of the transaction. */
	readonly uploadOwed: boolean;
}

/** Every operation but a transaction. */
type StateOp = Exclude<JournalOp, { readonly op: "txn" }>;

export type ReplayOp = StateOp | TxnRef;

/**
 * As `decodeOps`, with each transaction read as a `TxnRef` (replay at boot): its other fields are stepped
 * over by their lengths, not decoded. Their text and digits are checked when the transaction is read from
 * flash (as for one a checkpoint holds); the record's CRC has already shown its bytes are as written.
 */
export function decodeReplayOps(payload: Uint8Array, sizes: number[]): ReplayOp[] | undefined {
	return decodeWith(payload, sizes, txnRefAt);
}

/** A value read in place from a position in the bytes, and where it ends; undefined when it overran or is malformed. */
type ReadAt<T> = { readonly value: T; readonly end: number } | undefined;

/**
 * The operations one after another, each read in place from its position (a transaction by `txnAt`): replay
 * at boot decodes a hundred records, and a reader object per record and a call per field cost XS more than
 * the reading.
 */
function decodeWith<T>(
	payload: Uint8Array,
	sizes: number[] | undefined,
	txnAt: (bytes: Uint8Array, at: number) => ReadAt<T>,
): (T | StateOp)[] | undefined {
	const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
	const ops: (T | StateOp)[] = [];
	for (let at = 0; at < payload.length;) {
		const code = payload[at]!;
		const read = code === Code.Txn ? txnAt(payload, at + 1) : stateOpAt(payload, view, at + 1, code);
		if (!read) return undefined;
		ops.push(read.value);
		sizes?.push(read.end - at);
		at = read.end;
	}
	return ops;
}

/** The operation (not a transaction) of code `code` whose fields start at `at`. */
function stateOpAt(b: Uint8Array, view: DataView, at: number, code: number): ReadAt<StateOp> {
	switch (code) {
		case Code.Counters: {
			// stan, batch, last STAN (u32 each), sign-in day and batch day (texts).
			if (at + 13 > b.length) return undefined;
			const dayEnd = at + 13 + b[at + 12]!;
			const end = dayEnd + 1 + b[dayEnd]!;
			if (!(end <= b.length)) return undefined;
			const signInDay = textOf(b, at + 13, dayEnd);
			const batchDay = textOf(b, dayEnd + 1, end);
			if (signInDay === undefined || batchDay === undefined) return undefined;
			const counters = {
				stan: view.getUint32(at),
				batch: view.getUint32(at + 4),
				lastStan: view.getUint32(at + 8),
				signInDay,
				batchDay,
			};
			return { value: { op: "counters", counters }, end };
		}
		case Code.Reversal: {
			// STAN u32, reason u8, tries u8, message (u16 length).
			if (at + 8 > b.length) return undefined;
			const reason = REASONS[b[at + 4]!];
			const end = at + 8 + view.getUint16(at + 6);
			if (reason === undefined || end > b.length) return undefined;
			const reversal = { stan: view.getUint32(at), reason, tries: b[at + 5]!, message: copyOf(b, at + 8, end) };
			return { value: { op: "reversal", reversal }, end };
		}
		case Code.NoReversal:
			return { value: { op: "reversal", reversal: undefined }, end: at };
		case Code.Settlement:
			return withReader(b, at, (r) => ({ op: "settlement" as const, settlement: readSettlement(r) }));
		case Code.NoSettlement:
			return { value: { op: "settlement", settlement: undefined }, end: at };
		case Code.CloseBatch:
			return withReader(b, at, (r) => ({ op: "close-batch" as const, summary: readSettlement(r) }));
		case Code.LastSettlement:
			return withReader(b, at, (r) => ({ op: "last-settlement" as const, summary: readSettlement(r) }));
		default:
			return undefined;
	}
}

/** What `read` reads with a reader from `at`; undefined when the reader failed. */
function withReader<T>(b: Uint8Array, at: number, read: (r: ByteReader) => T): ReadAt<T> {
	const r = new ByteReader(b.subarray(at));
	const value = read(r);
	return r.failed ? undefined : { value, end: at + r.offset };
}

function pick<T>(r: ByteReader, values: readonly T[]): T {
	const index = r.u8();
	if (index >= values.length) {
		r.raw(Number.MAX_SAFE_INTEGER);
		return values[0]!;
	}
	return values[index]!;
}

function writeTxn(w: ByteWriter, t: TxnEntry): void {
	w.u8(KINDS.indexOf(t.kind)).u8(STATUSES.indexOf(t.status)).u32(t.stan).u32(t.batch).f64(t.amountFen).text(t.operator);
	// The masked PAN is kept as its length and its first 6 and last 4 digits.
	w.u8(t.panMasked.length)
		.digits(t.panMasked.slice(0, 6) + t.panMasked.slice(-4))
		.bytes(t.cardData)
		.u8(MODES.indexOf(t.entryMode))
		.f64(t.requestMs);
	w.text(t.responseCode).text(t.rrn).text(t.authCode).digits(t.hostDate).digits(t.hostTime).text(t.cardOrg);
	const partial = t.requestedFen !== undefined;
	const institutions = t.issuer !== undefined || t.acquirer !== undefined;
	w.u8(
		(t.voided ? 1 : 0) |
			(t.uploaded ? 2 : 0) |
			(t.original ? 4 : 0) |
			(partial ? 8 : 0) |
			(institutions ? 16 : 0) |
			(t.ic ? 32 : 0) |
			(t.uploadAnswer !== undefined ? 64 : 0),
	).u8(t.printedCopies);
	if (t.original) {
		const o = t.original;
		w.u32(o.stan).u32(o.batch).text(o.rrn).text(o.date).text(o.authCode);
	}
	// Flag 8 (added after the first records were written): older records without it still decode.
	if (t.requestedFen !== undefined) w.f64(t.requestedFen);
	// Flag 16, added later still: the institutions.
	if (institutions) w.text(t.issuer ?? "").text(t.acquirer ?? "");
	// Flag 32, the IC data (issue 18): 9 byte strings (u16 length each), the label and PSN, two enum bytes.
	if (t.ic) {
		const ic = t.ic;
		w.bytes(ic.aid).text(ic.label).u8(CRYPTOGRAMS.indexOf(ic.cryptogramType)).bytes(ic.cryptogram);
		w.bytes(ic.tvr).bytes(ic.tsi).bytes(ic.atc).bytes(ic.unpredictableNumber).bytes(ic.aip);
		w.text(ic.psn).u8(CVMS.indexOf(ic.cvm)).bytes(ic.tcUploadField55);
	}
	// Flag 64: the host's answer to an offline approval's upload.
	if (t.uploadAnswer !== undefined) w.text(t.uploadAnswer);
}

function readIc(r: ByteReader): TxnIcData {
	const aid = r.bytes(),
		label = r.text(),
		cryptogramType = pick(r, CRYPTOGRAMS),
		cryptogram = r.bytes();
	const tvr = r.bytes(),
		tsi = r.bytes(),
		atc = r.bytes(),
		unpredictableNumber = r.bytes(),
		aip = r.bytes();
	const psn = r.text(),
		cvm = pick(r, CVMS),
		tcUploadField55 = r.bytes();
	return { aid, label, cryptogramType, cryptogram, tvr, tsi, atc, unpredictableNumber, aip, psn, cvm, tcUploadField55 };
}

function readTxn(r: ByteReader): TxnEntry {
	const kind = pick(r, KINDS),
		status = pick(r, STATUSES),
		stan = r.u32(),
		batch = r.u32(),
		amountFen = r.f64(),
		operator = r.text();
	const panMasked = maskedPan(r.u8(), r.digits()),
		cardData = r.bytes(),
		entryMode = pick(r, MODES),
		requestMs = r.f64();
	const responseCode = r.text(),
		rrn = r.text(),
		authCode = r.text(),
		hostDate = r.digits(),
		hostTime = r.digits(),
		cardOrg = r.text();
	const flags = r.u8(),
		printedCopies = r.u8();
	const original = flags & 4 ? { stan: r.u32(), batch: r.u32(), rrn: r.text(), date: r.text(), authCode: r.text() } : undefined;
	const requested = flags & 8 ? { requestedFen: r.f64() } : {};
	const institutions = flags & 16 ? institutionsOf(r.text(), r.text()) : {};
	const ic = flags & 32 ? { ic: readIc(r) } : {};
	const answer = flags & 64 ? { uploadAnswer: r.text() } : {};
	return {
		kind,
		status,
		stan,
		batch,
		amountFen,
		operator,
		panMasked,
		cardData,
		entryMode,
		...requested,
		requestMs,
		responseCode,
		rrn,
		authCode,
		hostDate,
		hostTime,
		cardOrg,
		...institutions,
		...ic,
		...answer,
		original,
		voided: (flags & 1) !== 0,
		uploaded: (flags & 2) !== 0,
		printedCopies,
	};
}

/**
 * `readTxn`'s reads in its order, keeping a `TxnRef`'s fields and stepping over the rest by their lengths:
 * one position in the bytes, no reader and no call per field (replay at boot reads a thousand of these).
 * The position only grows; a length read past the end is undefined and makes it NaN, so the one check of
 * the end (and of the card organisation's, before it is read) finds any field that overran.
 */
function txnRefAt(b: Uint8Array, from: number): ReadAt<TxnRef> {
	const kind = KINDS[b[from]!],
		status = STATUSES[b[from + 1]!];
	if (kind === undefined || status === undefined || from + 19 > b.length) return undefined;
	const view = new DataView(b.buffer, b.byteOffset, b.length);
	const stan = view.getUint32(from + 2);
	const amountFen = view.getFloat64(from + 10);
	// Operator (text), masked PAN (its length, then its digits), card data (u16 length), entry mode, request time.
	let at = from + 20 + b[from + 18]!;
	at += 1 + ((b[at]! + 1) >> 1);
	at += 2 + ((b[at]! << 8) | b[at + 1]!);
	if (!(b[at]! < MODES.length)) return undefined;
	at += 9;
	// Response code (whether it is Y1), RRN, authorisation code (texts), host date and time (digits), then the card
	// organisation, read.
	const offline = b[at] === 2 && b[at + 1] === 0x59 && b[at + 2] === 0x31;
	at += 1 + b[at]!;
	at += 1 + b[at]!;
	at += 1 + b[at]!;
	at += 1 + ((b[at]! + 1) >> 1);
	at += 1 + ((b[at]! + 1) >> 1);
	const orgEnd = at + 1 + b[at]!;
	if (!(orgEnd + 2 <= b.length)) return undefined;
	const cardOrg = textOf(b, at + 1, orgEnd);
	const flags = b[orgEnd]!;
	// Printed copies; the original, the amount asked for, the institutions and the IC data, by the flags.
	at = orgEnd + 2;
	if (flags & 4) {
		at += 9 + b[at + 8]!;
		at += 1 + b[at]!;
		at += 1 + b[at]!;
	}
	if (flags & 8) at += 8;
	if (flags & 16) {
		at += 1 + b[at]!;
		at += 1 + b[at]!;
	}
	// readIc: AID, label, cryptogram type, cryptogram, TVR, TSI, ATC, 9F37, AIP, PSN, CVM, field 55.
	if (flags & 32) {
		at += 2 + ((b[at]! << 8) | b[at + 1]!);
		at += 2 + b[at]!;
		for (let n = 0; n < 6; n++) at += 2 + ((b[at]! << 8) | b[at + 1]!);
		at += 2 + b[at]!;
		at += 2 + ((b[at]! << 8) | b[at + 1]!);
	}
	if (flags & 64) at += 1 + b[at]!;
	if (cardOrg === undefined || !(at <= b.length)) return undefined;
	const uploadOwed = offline && status === "approved" && (flags & 98) === 32;
	return { value: { op: "txn-ref", stan, kind, status, amountFen, cardOrg, uploadOwed }, end: at };
}

function institutionsOf(issuer: string, acquirer: string): Pick<TxnEntry, "issuer" | "acquirer"> {
	return { ...(issuer ? { issuer } : {}), ...(acquirer ? { acquirer } : {}) };
}

function maskedPan(length: number, ends: string): string {
	if (length === 0) return "";
	return ends.slice(0, 6) + "*".repeat(Math.max(0, length - 10)) + ends.slice(6);
}

function writeTotals(w: ByteWriter, t: Totals): void {
	w.f64(t.debitFen).u32(t.debitCount).f64(t.creditFen).u32(t.creditCount);
}

function readTotals(r: ByteReader): Totals {
	return { debitFen: r.f64(), debitCount: r.u32(), creditFen: r.f64(), creditCount: r.u32() };
}

function writeSettlement(w: ByteWriter, s: SettlementProgress): void {
	const detail = s.byType !== undefined || s.vouchers !== undefined;
	w.u8(PHASES.indexOf(s.phase) | (detail ? SETTLEMENT_DETAIL : 0)).u32(s.batch);
	writeTotals(w, s.totals.domestic);
	writeTotals(w, s.totals.foreign);
	w.u8(RECONCILIATIONS.indexOf(s.domestic)).u8(RECONCILIATIONS.indexOf(s.foreign)).text(s.operator).f64(s.requestMs);
	if (!detail) return;
	const byType = s.byType ?? [];
	w.u8(byType.length);
	for (const t of byType)
		w.u8(TOTAL_TYPES.indexOf(t.type) | (t.domestic ? 0 : 0x80))
			.u32(t.count)
			.f64(t.fen);
	w.u32(s.vouchers?.first ?? 0).u32(s.vouchers?.last ?? 0);
}

function readSettlement(r: ByteReader): SettlementProgress {
	const head = r.u8();
	const detail = (head & SETTLEMENT_DETAIL) !== 0;
	const phase = PHASES[head & ~SETTLEMENT_DETAIL];
	if (phase === undefined) r.raw(Number.MAX_SAFE_INTEGER);
	const batch = r.u32();
	const totals = { domestic: readTotals(r), foreign: readTotals(r) };
	const summary: SettlementProgress = {
		phase: phase ?? "started",
		batch,
		totals,
		domestic: pick(r, RECONCILIATIONS),
		foreign: pick(r, RECONCILIATIONS),
		operator: r.text(),
		requestMs: r.f64(),
	};
	if (!detail) return summary;
	const byType: TypeTotals[] = [];
	for (let n = r.u8(); n > 0; n--) {
		const code = r.u8();
		const type = TOTAL_TYPES[code & 0x7f];
		if (type === undefined) r.raw(Number.MAX_SAFE_INTEGER);
		byType.push({ type: type ?? "sale", domestic: (code & 0x80) === 0, count: r.u32(), fen: r.f64() });
	}
	const first = r.u32(),
		last = r.u32();
	return { ...summary, byType, ...(first > 0 ? { vouchers: { first, last } } : {}) };
}
