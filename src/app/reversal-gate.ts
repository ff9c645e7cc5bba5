// The reversal gate (unionpay-8583.md §8, factory-test.md §11): an owed reversal goes out before anything
// else online, and is cleared only when the host says it holds it. It is never dropped: after the
// automatic retries (parameter reversalRetries) it stays owed in the journal, is shown on the idle screen,
// still goes first at every online action (which is how the cashier retries it), and settlement waits for it.

import { err, ok, type Result } from "../../hal/result.js";
import type { Exchange, LinkFailure } from "../host-link/host-link.js";
import { decodeMessage } from "../iso8583/message-codec.js";
import { textField, type IsoMessage } from "../iso8583/iso-message.js";
import type { JournalOp } from "../journal/journal-entries.js";
import type { Journal } from "../journal/journal.js";
import type { CardVault } from "./card-vault.js";
import type { OnlineFailure, ReversalRefusal } from "./online-failure.js";

/**
 * 0410 codes that mean the host holds the reversal, so the cardholder is not debited (Q/CUP 中国银联银行卡
 * 联网联合技术规范, response-code table): 00 reversal done; 25 找不到原始交易 (no record of the original);
 * 12 无效交易, which the table defines for a related transaction — 冲正 named — whose original was not
 * approved. Any other code (96, 22, A0, …) leaves the original standing: the reversal stays owed.
 */
const HOST_HOLDS_REVERSAL: readonly string[] = ["00", "12", "25"];

/**
 * 0410 codes that ask the terminal to sign in again (Q/CUP response-code table): A0 MAC check failed, 22
 * terminal state differs from the centre. Unsigned, since the host cannot sign with a MAK it lacks.
 */
const SIGN_IN_AGAIN: readonly string[] = ["A0", "22"];

export interface GateParts {
	readonly journal: Journal;
	readonly vault: CardVault;
	readonly commit: (ops: readonly JournalOp[]) => Result<void, OnlineFailure>;
	/** One MACed exchange with the host. */
	readonly exchange: (request: IsoMessage) => Promise<Result<Exchange, LinkFailure>>;
	/** Automatic tries before the terminal says 冲正不成功 (the reversal stays owed). */
	readonly retries: number;
}

/** Why `answer` does not clear the reversal; undefined when it does (signed, and a code of HOST_HOLDS_REVERSAL). */
function refusalOf(answer: Result<Exchange, LinkFailure>): ReversalRefusal | undefined {
	if (!answer.ok) return { kind: "link", failure: answer.error };
	const code = textField(answer.value.response, 39) ?? "";
	return answer.value.signed && HOST_HOLDS_REVERSAL.includes(code) ? undefined : { kind: "answer", code, signed: answer.value.signed };
}

/** Sends the owed reversal, one try per call; ok when none is owed (any more). */
export async function sendOwedReversal(parts: GateParts): Promise<Result<void, OnlineFailure>> {
	const { journal, vault } = parts;
	for (;;) {
		const owed = journal.state.reversal;
		if (!owed) return ok();
		const opened = vault.open(owed.message);
		const decoded = opened.ok ? decodeMessage(opened.value) : undefined;
		if (!decoded?.ok) return err({ kind: "reversal-owed", stan: owed.stan, exhausted: true, why: { kind: "unreadable" } });
		const fields = new Map(decoded.value.message.fields);
		fields.set(39, owed.reason);
		fields.delete(64);
		// The journal's try count is one byte.
		const tries = Math.min(owed.tries + 1, 255);
		const counted = parts.commit([{ op: "reversal", reversal: { ...owed, tries } }]);
		if (!counted.ok) return counted;
		const why = refusalOf(await parts.exchange({ mti: "0400", fields }));
		if (why?.kind === "answer" && SIGN_IN_AGAIN.includes(why.code)) {
			// The host no longer takes this terminal's MAK: the reversal waits for a new sign-in, made due now.
			const due = parts.commit([{ op: "counters", counters: { ...journal.counters, signInDay: "" } }]);
			if (!due.ok) return due;
		}
		if (why) return err({ kind: "reversal-owed", stan: owed.stan, exhausted: tries >= parts.retries, why });
		const txn = journal.txn(owed.stan);
		const done = parts.commit([...(txn ? [{ op: "txn" as const, txn: { ...txn, status: "reversed" as const } }] : []), { op: "reversal", reversal: undefined }]);
		if (!done.ok) return done;
	}
}
