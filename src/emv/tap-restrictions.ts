// Processing restrictions of a tap (the quick-pass path, JR/T 0025.12; EMV Contactless Book C-3 §5.5, whose
// kernel qPBOC follows, with the CTQ bits of Book C-7 Annex A). The checks of Book 3 §10.4 — application
// versions, usage control (9F07 against the transaction and 5F28 against 9F1A), effective and expiry dates —
// and the exception file set their TVR bits on every tap, so the host sees them in 95 of an online request.
// What the terminal then does with the card's answer:
//   TC (offline approval): in the exception file → decline (C-3 §5.5.1.2); usage control fails → decline;
//     expired → online when CTQ byte 1 b4 asks and the terminal can go online, else decline (C-3 §5.5.1.1);
//     not yet effective → online when the terminal can, else decline (no public qPBOC text found: the
//     terminal's choice, see the README); versions differ → the TVR bit only (C-3 names no version check).
//   Cash or cashback the usage control forbids, whatever the cryptogram: the card in the slot when CTQ byte 1
//     b3 (cash) or b2 (cashback) asks, else decline (C-3 §5.5.1.3–5.5.1.4).
//   ARQC: the TVR carries the findings and the host decides. AAC: declined anyway.
//
// Public API: TapVerdict, tapRestrictions.

import type { AcAnswer } from "./action-analysis.js";
import type { CardData } from "./card-data.js";
import { checkRestrictions } from "./restrictions.js";
import type { TerminalParameters, Transaction } from "./terminal-parameters.js";
import type { Verification } from "./tvr.js";

/** What the restrictions leave of the card's decision: it stands, or online, decline, or insert the card instead. */
export type TapVerdict = "stands" | "online" | "decline" | "insert";

/** CTQ 9F6C byte 1 (Book C-7 Annex A): b4 go online if expired, b3/b2 switch interface for cash/cashback. */
const CTQ_ONLINE_IF_EXPIRED = 0x08;
const CTQ_SWITCH_FOR_CASH = 0x04;
const CTQ_SWITCH_FOR_CASHBACK = 0x02;

export function tapRestrictions(
	card: CardData,
	pan: string,
	cryptogram: AcAnswer["type"],
	params: TerminalParameters,
	txn: Transaction,
	v: Verification,
): TapVerdict {
	checkRestrictions(card, params, txn, v);
	if (params.exceptionFile?.includes(pan)) v.set("exceptionFile");
	const ctq = card.get(0x9f6c)?.[0] ?? 0;
	if (v.has("serviceNotAllowed") && (txn.kind === "cash" || txn.kind === "cashback")) {
		const switchBit = txn.kind === "cash" ? CTQ_SWITCH_FOR_CASH : CTQ_SWITCH_FOR_CASHBACK;
		return ctq & switchBit ? "insert" : "decline";
	}
	if (cryptogram !== "TC") return "stands";
	if (v.has("exceptionFile") || v.has("serviceNotAllowed")) return "decline";
	if (v.has("expired")) return ctq & CTQ_ONLINE_IF_EXPIRED && params.onlineCapable ? "online" : "decline";
	if (v.has("notYetEffective")) return params.onlineCapable ? "online" : "decline";
	return "stands";
}
