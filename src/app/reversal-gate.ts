// The reversal gate (UnionPay Q/CUP 006 冲正; docs/app-journal-points.md): an owed reversal goes out before
// anything else online, and is cleared only when the host says it holds it. It is never dropped: after the
// automatic retries (parameter reversalRetries) it stays owed in the journal, is shown on the idle screen,
// still goes first at every online action (which is how the cashier retries it), and settlement waits for it.

import { err, ok, type Result } from "../../hal/result.js";
import type { Exchange, LinkFailure } from "../host-link/host-link.js";
import { decodeMessage } from "../iso8583/message-codec.js";
import { textField } from "../iso8583/iso-message.js";
import type { OnlineParts } from "./host-channel.js";
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

/** Why `answer` does not clear the reversal; undefined when it does (signed, and a code of HOST_HOLDS_REVERSAL). */
function refusalOf(answer: Result<Exchange, LinkFailure>): ReversalRefusal | undefined {
	if (!answer.ok) return { kind: "link", failure: answer.error };
	const code = textField(answer.value.response, 39) ?? "";
	return answer.value.signed && HOST_HOLDS_REVERSAL.includes(code) ? undefined : { kind: "answer", code, signed: answer.value.signed };
}

export class ReversalGate {
	readonly #parts: OnlineParts;

	constructor(parts: OnlineParts) {
		this.#parts = parts;
	}

	/** Sends the owed reversal, one try per call; ok when none is owed (any more). */
	async pass(): Promise<Result<void, OnlineFailure>> {
		const { channel, journal, writer, vault } = this.#parts;
		const mac = channel.mac();
		for (;;) {
			const owed = journal.state.reversal;
			if (!owed) return ok();
			const opened = vault.open(owed.message);
			const decoded = opened.ok ? decodeMessage(opened.value) : undefined;
			if (!decoded?.ok) return err({ kind: "reversal-owed", stan: owed.stan, exhausted: true, why: { kind: "unreadable" } });
			const fields = new Map(decoded.value.message.fields);
			fields.set(39, owed.reason);
			fields.delete(64);
			const tries = writer.reversalTried(owed);
			if (!tries.ok) return tries;
			const why = refusalOf(await channel.link().exchange({ mti: "0400", fields }, mac ? { mac } : {}));
			if (why?.kind === "answer" && SIGN_IN_AGAIN.includes(why.code)) {
				// The host no longer takes this terminal's MAK: the reversal waits for a new sign-in, made due now.
				const due = writer.signInDue();
				if (!due.ok) return due;
			}
			if (why) return err({ kind: "reversal-owed", stan: owed.stan, exhausted: tries.value >= channel.params.reversalRetries, why });
			const done = writer.reversed(owed.stan);
			if (!done.ok) return done;
		}
	}
}
