// What each transaction adds to the settlement totals (field 48 of the 0500, UnionPay Q/CUP 006 批结算):
// debits are sales and pre-auth completions, credits are voids and refunds; pre-auths and balance inquiries
// do not count. Domestic follows the card organisation the host returned in field 63.1 (CUP / 000). The
// journal keeps one running count and amount per slip line (type, domestic or foreign), so settlement
// needs no pass over the batch.

import type { SettlementTotals, TotalType, Totals, TxnEntry, TxnKind, TypeTotals } from "./journal-entries.js";

/** The slip's lines in its order (消费, 消费撤销, 退货, 预授权完成, 预授权完成撤销), domestic and foreign. */
const LINE_TYPES: readonly TotalType[] = ["sale", "void", "refund", "completion", "completion-void"];
const DEBIT_TYPES: readonly TotalType[] = ["sale", "completion"];
export const TOTAL_LINES = LINE_TYPES.length * 2;

const TOTAL_TYPE: Readonly<Partial<Record<TxnKind, TotalType>>> = {
	sale: "sale",
	void: "void",
	refund: "refund",
	completion: "completion",
	"completion-advice": "completion",
	"completion-void": "completion-void",
};

export function isDomestic(cardOrg: string): boolean {
	return cardOrg === "CUP" || cardOrg === "000" || cardOrg === "";
}

/** The slip line a transaction counts on, or undefined when the host does not count it. */
export function totalTypeOf(txn: Pick<TxnEntry, "kind" | "status">): TotalType | undefined {
	return txn.status === "approved" ? TOTAL_TYPE[txn.kind] : undefined;
}

/** 1 + the line's index (domestic lines first, in the slip's order); 0 when the transaction does not count. */
export function totalLine(txn: Pick<TxnEntry, "kind" | "status" | "cardOrg">): number {
	const type = totalTypeOf(txn);
	return type === undefined ? 0 : 1 + (isDomestic(txn.cardOrg) ? 0 : LINE_TYPES.length) + LINE_TYPES.indexOf(type);
}

/** Running counts and amounts per line. */
export class RunningTotals {
	readonly #counts = new Float64Array(TOTAL_LINES);
	readonly #fen = new Float64Array(TOTAL_LINES);

	/** Adds (`sign` 1) or takes away (-1) one transaction on `line` (0: none). */
	add(line: number, fen: number, sign: 1 | -1): void {
		if (line === 0) return;
		this.#counts[line - 1]! += sign;
		this.#fen[line - 1]! += sign * fen;
	}

	/** Adds per-line counts and amounts, indexed by line (index 0, no line, is left out). */
	addLines(counts: Float64Array, fen: Float64Array): void {
		for (let i = 0; i < TOTAL_LINES; i++) {
			this.#counts[i]! += counts[i + 1]!;
			this.#fen[i]! += fen[i + 1]!;
		}
	}

	clear(): void {
		this.#counts.fill(0);
		this.#fen.fill(0);
	}

	/** Per type, domestic lines first, in the slip's order; types without transactions left out. */
	byType(): TypeTotals[] {
		const lines: TypeTotals[] = [];
		for (let i = 0; i < TOTAL_LINES; i++) {
			if (this.#counts[i]! === 0) continue;
			lines.push({
				type: LINE_TYPES[i % LINE_TYPES.length]!,
				domestic: i < LINE_TYPES.length,
				count: this.#counts[i]!,
				fen: this.#fen[i]!,
			});
		}
		return lines;
	}

	settlement(): SettlementTotals {
		let domestic: Totals = { debitFen: 0, debitCount: 0, creditFen: 0, creditCount: 0 };
		let foreign = domestic;
		for (const line of this.byType()) {
			const debit = DEBIT_TYPES.includes(line.type);
			const add = (t: Totals): Totals =>
				debit
					? { ...t, debitFen: t.debitFen + line.fen, debitCount: t.debitCount + line.count }
					: { ...t, creditFen: t.creditFen + line.fen, creditCount: t.creditCount + line.count };
			if (line.domestic) domestic = add(domestic);
			else foreign = add(foreign);
		}
		return { domestic, foreign };
	}
}
