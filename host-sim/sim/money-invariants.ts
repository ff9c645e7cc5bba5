// The money invariants between a terminal's journal and a host's books, for the hostile-host test and the
// monkey: the terminal approves only what the host approved (at the host's amount, under a valid MAC where
// the host can tell), and every host approval is in the journal as approved or was reversed with the host's
// valid acknowledgement — or, between steps, is still owed as a reversal in the journal.

import type { SettlementProgress } from "../../src/journal/journal-entries.js";
import type { JournalState } from "../../src/journal/journal.js";
import type { SettlementTotals as HostSettlementTotals } from "../../src/iso8583/settlement-fields.js";

/** One transaction the host approved, as its books hold it. */
export interface HostApproval {
	readonly stan: number;
	readonly batch: number;
	readonly amountFen: number;
	/** The host holds a reversal of it, acknowledged under a valid MAC. */
	readonly reversed: boolean;
	/** The approval reached the terminal whole under a valid MAC; undefined when the host cannot tell. */
	readonly signed?: boolean;
}

export interface InvariantOptions {
	/** Accept a host approval whose reversal the journal still owes (a check between steps). */
	readonly owedAllowed: boolean;
}

const ADVICES = new Set(["refund", "completion-advice"]);

/**
 * Every violation in words; empty when the books agree. Host approvals are matched to journal entries by
 * batch and STAN; those of the journal's batches (its open batch and any its entries carry) are checked.
 */
export function moneyViolations(journal: JournalState, approvals: readonly HostApproval[], options: InvariantOptions): string[] {
	const out: string[] = [];
	const batches = new Set([journal.counters.batch, ...[...journal.txns.values()].map((t) => t.batch)]);
	const byKey = new Map<string, HostApproval[]>();
	for (const a of approvals)
		if (batches.has(a.batch)) byKey.set(`${a.batch}/${a.stan}`, [...(byKey.get(`${a.batch}/${a.stan}`) ?? []), a]);
	for (const [key, list] of byKey)
		if (list.filter((a) => !a.reversed).length > 1) out.push(`batch/STAN ${key} approved ${list.length} times on the host`);
	for (const txn of journal.txns.values()) {
		if (txn.status !== "approved") continue;
		const list = byKey.get(`${txn.batch}/${txn.stan}`) ?? [];
		const host = list.find((a) => !a.reversed) ?? list[0];
		const which = `${txn.kind} ${txn.stan} of batch ${txn.batch}`;
		if (!host) out.push(`${which} approved by the terminal, never approved by the host`);
		else if (host.reversed) out.push(`${which} approved by the terminal, reversed on the host`);
		else if (host.signed === false) out.push(`${which} approved by the terminal on an answer without a valid MAC`);
		else if (host.amountFen !== txn.amountFen)
			out.push(`${which} approved for ${txn.amountFen} fen by the terminal, ${host.amountFen} fen by the host`);
	}
	for (const list of byKey.values()) {
		const host = list.find((a) => !a.reversed);
		if (!host) continue;
		const entry = journal.txns.get(host.stan);
		const txn = entry?.batch === host.batch ? entry : undefined;
		if (txn?.status === "approved") continue;
		if (txn && ADVICES.has(txn.kind) && (txn.status === "unsent" || txn.status === "sent")) continue;
		const owed = journal.reversal?.stan === host.stan;
		if (options.owedAllowed && owed) continue;
		out.push(
			`host approval STAN ${host.stan} of batch ${host.batch} (${host.amountFen} fen) is ${txn ? `${txn.kind} ${txn.status}` : "absent"} in the journal and not reversed on the host${owed ? ", its reversal still owed" : ""}`,
		);
	}
	return out;
}

/** A settlement the terminal closed against the host's totals of that batch (amounts and counts per class). */
export function settlementViolations(summary: SettlementProgress, host: HostSettlementTotals): string[] {
	const out: string[] = [];
	for (const cls of ["domestic", "foreign"] as const) {
		const mine = summary.totals[cls],
			theirs = host[cls];
		const pairs: [string, number, number][] = [
			["debit fen", mine.debitFen, theirs.debit.amount],
			["debits", mine.debitCount, theirs.debit.count],
			["credit fen", mine.creditFen, theirs.credit.amount],
			["credits", mine.creditCount, theirs.credit.count],
		];
		for (const [what, a, b] of pairs)
			if (a !== b) out.push(`batch ${summary.batch} settled with ${cls} ${what} ${a} by the terminal, ${b} by the host`);
	}
	return out;
}
