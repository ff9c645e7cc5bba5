// The host's side of a batch: its own totals of a terminal's batch (approved, not reversed; debits and
// credits as field 48 of the 0500 counts them, UnionPay Q/CUP 006) and the batch upload records it has taken.

import type { CardClassTotals, SettlementTotals } from "../../src/iso8583/settlement-fields.js";
import type { TransactionKind } from "../../src/iso8583/transaction-matrix.js";
import type { AcquirerBooks } from "./acquirer-state.js";
import { bytesToHex } from "../../src/factory/hex-text.js";
import { decodeTlv, findTlv } from "../../src/emv/tlv.js";
import { decline, hexBytes } from "./request-checks.js";
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

/**
 * Books one 0320 batch upload (60.3 201: n2 count + 40 digits a record; 203/205: one chip transaction; 207: the
 * end) and says what it took.
 */
export function bookBatchUpload(request: WireMessage, books: AcquirerBooks): string {
	const f = request.fields;
	const code = f["60"]?.slice(8, 11);
	const detail = f["48"] ?? "";
	const key = `${f["41"]}/${Number(f["60"]?.slice(2, 8))}`;
	const uploads = books.uploads;
	if (code === "207") return `batch upload end: ${Number(detail)} records announced, ${uploads[key] ?? 0} received`;
	if (code === "203" || code === "205") {
		const note = bookIcUpload(request, books, code);
		uploads[key] = (uploads[key] ?? 0) + 1;
		return note;
	}
	const count = Number(detail.slice(0, 2));
	if (!/^[0-9]+$/.test(detail) || count < 1 || count > 8 || detail.length !== 2 + count * 40)
		return decline("30", "batch upload field 48 is not n2 + 40 digits per record");
	uploads[key] = (uploads[key] ?? 0) + count;
	return `batch upload of ${count} records (60.3 ${code})`;
}

/**
 * A chip transaction's upload (IC卡批上送, TC上送): field 55 must decode and hold the card's cryptogram (9F26, its
 * type in 9F27); 61 names the transaction by batch and STAN. One approved online (203) must match the host's
 * record of it (PAN, amount): 25 otherwise. One the card approved offline (205) the host never saw: it is kept as
 * uploaded. The cryptogram is kept, not recomputed (the TC covers the second GENERATE AC's data).
 */
function bookIcUpload(request: WireMessage, books: AcquirerBooks, code: "203" | "205"): string {
	const f = request.fields;
	const icc = decodeTlv(hexBytes(f["55"] ?? ""));
	const ac = icc.ok ? findTlv(icc.value, 0x9f26) : undefined;
	const cid = icc.ok ? findTlv(icc.value, 0x9f27) : undefined;
	if (!ac || ac.value.length !== 8 || cid?.value.length !== 1) return decline("30", "IC batch upload: field 55 has no 9F26 and 9F27");
	if (f["2"] === undefined || f["4"] === undefined || !/^[0-9]{12}$/.test(f["61"] ?? ""))
		return decline("30", "IC batch upload needs fields 2, 4 and 61");
	const [batch, stan] = [Number(f["61"]!.slice(0, 6)), Number(f["61"]!.slice(6, 12))];
	const type = ["AAC", "TC", "ARQC"][cid.value[0]! >> 6] ?? "RFU";
	if (code === "205") return `IC batch upload of offline ${batch}/${stan}: ${type} ${bytesToHex(ac.value)}`;
	const original = books.transactions.find((t) => t.terminalId === f["41"] && t.batch === batch && t.stan === stan);
	if (!original || original.pan !== f["2"] || original.amountFen !== Number(f["4"]))
		return decline("25", `IC batch upload: no transaction ${batch}/${stan} with that card and amount`);
	original.cryptogram = `${type} ${bytesToHex(ac.value)}`;
	return `IC batch upload of ${original.kind} ${batch}/${stan}: ${original.cryptogram}`;
}
