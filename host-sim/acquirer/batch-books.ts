// The host's side of a batch: its own totals of a terminal's batch (approved, not reversed; debits and
// credits as field 48 of the 0500 counts them, UnionPay Q/CUP 006) and the batch upload records it has taken.

import type { CardClassTotals, SettlementTotals } from "../../src/iso8583/settlement-fields.js";
import type { TransactionKind } from "../../src/iso8583/transaction-matrix.js";
import type { AcquirerBooks } from "./acquirer-state.js";
import { bytesToHex } from "../../src/factory/hex-text.js";
import { decodeTlv, findTlv } from "../../src/emv/tlv.js";
import { decline, hexBytes } from "./request-checks.js";
import type { AcquirerConfig } from "./acquirer-config.js";
import { cardKeys, issuerKeysFor, readChipRequest, verifyArqc } from "./chip-issuer.js";
import type { WireMessage } from "./wire-decoder.js";

const DEBIT_KINDS: readonly TransactionKind[] = ["sale", "preauth-completion", "preauth-completion-advice"];
const CREDIT_KINDS: readonly TransactionKind[] = ["sale-void", "refund", "completion-void"];

/** The host's totals for one terminal's batch, domestic and foreign cards apart. */
export function hostBatchTotals(books: AcquirerBooks, terminalId: string, batch: number): SettlementTotals {
	const sum = (domestic: boolean): CardClassTotals => {
		const line = (kinds: readonly TransactionKind[]) => {
			const hits = books.transactions.filter(
				(t) =>
					t.terminalId === terminalId &&
					t.batch === batch &&
					t.status === "approved" &&
					t.domestic === domestic &&
					kinds.includes(t.kind),
			);
			return { amount: hits.reduce((n, t) => n + t.amountFen, 0), count: hits.length };
		};
		return { debit: line(DEBIT_KINDS), credit: line(CREDIT_KINDS), reconciliation: 0 };
	};
	return { domestic: sum(true), foreign: sum(false) };
}

/** What booking an offline approval takes beyond the books: the issuer's keys, the accounts, the host's date. */
export interface OfflineBooking {
	readonly config: AcquirerConfig;
	/** Host date MMDD. */
	readonly date: string;
}

/**
 * What a 0320 or an IC offline sale took: the log's note, and for an offline approval the RRN it is booked under
 * (the answer's 37), `duplicate` when it was booked before.
 */
export interface UploadBooking {
	readonly note: string;
	readonly rrn?: string;
	readonly duplicate?: boolean;
}

/** Whether the host's last 0510 for the terminal's batch was not balanced: its batch upload (0320) is open. */
function batchUploadOpen(books: AcquirerBooks, terminalId: string | undefined, batch: number): boolean {
	const last = books.settlements.filter((s) => s.terminalId === terminalId && s.batch === batch).at(-1);
	return last !== undefined && !(last.balanced.domestic && last.balanced.foreign);
}

/**
 * Books one 0320 batch upload (60.3 201: n2 count + 40 digits a record; 203/205: one chip transaction; 207: the
 * end) and says what it took.
 */
export function bookBatchUpload(request: WireMessage, books: AcquirerBooks, offline: OfflineBooking): UploadBooking {
	const f = request.fields;
	const code = f["60"]?.slice(8, 11);
	const detail = f["48"] ?? "";
	const key = `${f["41"]}/${Number(f["60"]?.slice(2, 8))}`;
	const uploads = books.uploads;
	if (code === "207") return { note: `batch upload end: ${Number(detail)} records announced, ${uploads[key] ?? 0} received` };
	if (code === "203" || code === "205") {
		// IC notifications belong to the batch upload after an unbalanced 0510 (Q/CUP 006): an offline approval is
		// uploaded on its own as an IC offline sale (0200, 60.1 36).
		if (code === "205" && !batchUploadOpen(books, f["41"], Number(f["60"]?.slice(2, 8))))
			return decline("12", "IC notification (0320, 60.3 205) outside a batch upload");
		const booking =
			code === "203" ? { note: bookIcUpload(request, books) } : bookOfflineApproval(request, books, offline, icUploadOf(request));
		uploads[key] = (uploads[key] ?? 0) + 1;
		return booking;
	}
	const count = Number(detail.slice(0, 2));
	if (!/^[0-9]+$/.test(detail) || count < 1 || count > 8 || detail.length !== 2 + count * 40)
		return decline("30", "batch upload field 48 is not n2 + 40 digits per record");
	uploads[key] = (uploads[key] ?? 0) + count;
	return { note: `batch upload of ${count} records (60.3 ${code})` };
}

/** A chip upload's cryptogram and the transaction it names (its batch and STAN). */
interface ChipUpload {
	readonly type: string;
	readonly ac: Uint8Array;
	readonly batch: number;
	readonly stan: number;
}

/** The cryptogram (9F26, 9F27) of a chip upload; declines 30 without it, or without fields 2 and 4. */
function cryptogramOf(request: WireMessage): Pick<ChipUpload, "type" | "ac"> {
	const f = request.fields;
	const icc = decodeTlv(hexBytes(f["55"] ?? ""));
	const ac = icc.ok ? findTlv(icc.value, 0x9f26) : undefined;
	const cid = icc.ok ? findTlv(icc.value, 0x9f27) : undefined;
	if (!ac || ac.value.length !== 8 || cid?.value.length !== 1) return decline("30", "IC upload: field 55 has no 9F26 and 9F27");
	if (f["2"] === undefined || f["4"] === undefined) return decline("30", "IC upload needs fields 2 and 4");
	return { type: ["AAC", "TC", "ARQC"][cid.value[0]! >> 6] ?? "RFU", ac: ac.value };
}

/** A batch upload's chip transaction: its cryptogram and the transaction 61 names (batch n6, STAN n6). */
function icUploadOf(request: WireMessage): ChipUpload {
	const f = request.fields;
	const cryptogram = cryptogramOf(request);
	if (!/^[0-9]{12}$/.test(f["61"] ?? "")) return decline("30", "IC batch upload needs field 61");
	return { ...cryptogram, batch: Number(f["61"]!.slice(0, 6)), stan: Number(f["61"]!.slice(6, 12)) };
}

/**
 * An IC offline sale (IC卡脱机消费上送: 0200, 60.1 36), a sale the card approved offline uploaded on its own: the
 * sale is the one its STAN (11) and batch (60.2) name, booked as `bookOfflineApproval` says; the answer is 00, or
 * 94 for one booked before, each with the RRN.
 */
export function bookOfflineSale(request: WireMessage, books: AcquirerBooks, offline: OfflineBooking): UploadBooking {
	const f = request.fields;
	const sale = { ...cryptogramOf(request), batch: Number(f["60"]?.slice(2, 8)), stan: Number(f["11"]) };
	return bookOfflineApproval(request, books, offline, sale);
}

/**
 * A chip transaction approved online, uploaded with its final cryptogram (IC卡批上送, 60.3 203): it must match the
 * host's record of it (PAN, amount), 25 otherwise. The cryptogram is kept, not recomputed (the TC covers the second
 * GENERATE AC's data).
 */
function bookIcUpload(request: WireMessage, books: AcquirerBooks): string {
	const f = request.fields;
	const { type, ac, batch, stan } = icUploadOf(request);
	const original = books.transactions.find((t) => t.terminalId === f["41"] && t.batch === batch && t.stan === stan);
	if (!original || original.pan !== f["2"] || original.amountFen !== Number(f["4"]))
		return decline("25", `IC batch upload: no transaction ${batch}/${stan} with that card and amount`);
	original.cryptogram = `${type} ${bytesToHex(ac)}`;
	return `IC batch upload of ${original.kind} ${batch}/${stan}: ${original.cryptogram}`;
}

/** MMDD of the card's transaction date 9A (YYMMDD, n6) in field 55, the date its slip shows; undefined without one. */
function cardDate(icc: string): string | undefined {
	const tlv = decodeTlv(hexBytes(icc));
	const date = tlv.ok ? findTlv(tlv.value, 0x9a)?.value : undefined;
	return date?.length === 3 ? bytesToHex(date).slice(2) : undefined;
}

/**
 * A sale the card approved offline (8A Y1: its own upload, or its IC notification 205 in a batch upload), which
 * the host hears of now: the TC must be one (9F27) and
 * verify under the card's keys over the first GENERATE AC's data, as an ARQC does (chip-issuer.ts; A7 otherwise).
 * It is booked as an approved sale of the batch 61 names, on the day the card dated it (9A: a refund names that
 * date with the RRN), the account debited, so the 0500's totals hold it; the acknowledgement gives its RRN (37)
 * and no authorisation code (the card approved it, not the issuer). The same transaction uploaded again (a
 * terminal that lost the acknowledgement) is acknowledged with the same RRN and not booked twice.
 */
function bookOfflineApproval(request: WireMessage, books: AcquirerBooks, offline: OfflineBooking, sale: ChipUpload): UploadBooking {
	const f = request.fields;
	const { type, ac, batch, stan } = sale;
	const name = `${batch}/${stan}`;
	const booked = books.transactions.find((t) => t.terminalId === f["41"] && t.batch === batch && t.stan === stan);
	if (booked) return { note: `offline approval ${name} already booked (duplicate upload)`, rrn: booked.rrn, duplicate: true };
	if (type !== "TC") return decline("30", `offline upload ${name} with ${type}, not a TC`);
	const pan = f["2"]!;
	const chip = readChipRequest(f["55"]!);
	if (typeof chip === "string") return decline("30", chip);
	const range = issuerKeysFor(offline.config.chip, pan);
	const keys = range && cardKeys(range, pan, (f["23"] ?? "000").slice(-2), chip.atc);
	if (!keys) return decline("15", `no issuer keys for card ${pan.slice(0, 6)}`);
	if (!verifyArqc(keys, chip)) return decline("A7", `offline TC ${name} does not verify (ATC ${bytesToHex(chip.atc)})`);
	const account = offline.config.accounts.find((a) => a.pan === pan);
	const amountFen = Number(f["4"]);
	const balances = books.accounts[pan];
	if (balances) balances.balanceFen -= amountFen;
	const rrn = String(books.nextRrn++).padStart(12, "0");
	books.transactions.push({
		terminalId: f["41"]!,
		merchantId: f["42"]!,
		batch,
		stan,
		kind: "sale",
		pan,
		amountFen,
		rrn,
		authCode: "",
		date: cardDate(f["55"]!) ?? offline.date,
		domestic: account === undefined || account.organisation === "CUP" || account.organisation === "000",
		status: "approved",
		refundedFen: 0,
		cryptogram: `${type} ${bytesToHex(ac)}`,
	});
	return { note: `offline approval ${name} booked: sale of ${amountFen}, TC ${bytesToHex(ac)} verified, RRN ${rrn}`, rrn };
}
