// How much an approval grants (Q/CUP response-code table: 10 部分金额批准 — a success that must show the
// partial amount, only in transactions that allow one; the amount is field 4 of the answer).

import type { Fen, TxnKind } from "../journal/journal-entries.js";

export type Granted =
	| { readonly kind: "full" }
	| { readonly kind: "partial"; readonly approvedFen: Fen }
	/** A partial approval the terminal does not take: it is reversed. */
	| { readonly kind: "refused"; readonly approvedFen: Fen }
	/** An approval whose field 4 contradicts the request: treated as a bad answer and reversed. */
	| { readonly kind: "inconsistent"; readonly detail: string };

/** A cardholder may be granted less than asked only when spending or holding funds. */
const PARTIAL_KINDS: readonly TxnKind[] = ["sale", "preauth"];

/**
 * The outcome of an approval (class A code) of `requestedFen`: 00 and 11 grant the request (field 4, when
 * echoed, must equal it); 10 grants field 4, which must be above 0 and below the request.
 */
export function grantedAmount(kind: TxnKind, requestedFen: Fen, code: string, field4: Fen | undefined, acceptPartial: boolean): Granted {
	if (code !== "10") {
		return field4 === undefined || field4 === requestedFen
			? { kind: "full" }
			: { kind: "inconsistent", detail: `approved ${field4} for a request of ${requestedFen}` };
	}
	if (field4 === undefined || !Number.isInteger(field4) || field4 <= 0 || field4 > requestedFen) {
		return { kind: "inconsistent", detail: `partial approval of ${String(field4)} for a request of ${requestedFen}` };
	}
	if (field4 === requestedFen) return { kind: "full" };
	return acceptPartial && PARTIAL_KINDS.includes(kind)
		? { kind: "partial", approvedFen: field4 }
		: { kind: "refused", approvedFen: field4 };
}
