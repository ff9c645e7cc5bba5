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

/** Every violation in words; empty when the books agree. `approvals` covers the journal's current batch. */
export function moneyViolations(journal: JournalState, approvals: readonly HostApproval[], options: InvariantOptions): string[] {
	const out: string[] = [];
	const batch = journal.counters.batch;
	const mine = approvals.filter((a) => a.batch === batch);
	const byStan = new Map<number, HostApproval[]>();
	for (const a of mine) byStan.set(a.stan, [...(byStan.get(a.stan) ?? []), a]);
	for (const [stan, list] of byStan) if (list.filter((a) => !a.reversed).length > 1) out.push(`STAN ${stan} approved ${list.length} times on the host`);
	for (const txn of journal.txns.values()) {
		if (txn.status !== "approved") continue;
		const host = byStan.get(txn.stan)?.[0];
		if (!host) out.push(`${txn.kind} ${txn.stan} approved by the terminal, never approved by the host`);
		else if (host.reversed) out.push(`${txn.kind} ${txn.stan} approved by the terminal, reversed on the host`);
		else if (host.signed === false) out.push(`${txn.kind} ${txn.stan} approved by the terminal on an answer without a valid MAC`);
		else if (host.amountFen !== txn.amountFen) out.push(`${txn.kind} ${txn.stan} approved for ${txn.amountFen} fen by the terminal, ${host.amountFen} fen by the host`);
	}
	for (const host of mine) {
		if (host.reversed) continue;
		const txn = journal.txns.get(host.stan);
		if (txn?.status === "approved") continue;
		if (txn && ADVICES.has(txn.kind) && (txn.status === "unsent" || txn.status === "sent")) continue;
		if (options.owedAllowed && journal.reversal?.stan === host.stan) continue;
		const owed = journal.reversal?.stan === host.stan ? ", its reversal still owed" : "";
		out.push(`host approval STAN ${host.stan} (${host.amountFen} fen) is ${txn ? `${txn.kind} ${txn.status}` : "absent"} in the journal and not reversed on the host${owed}`);
	}
	return out;
}

/** A settlement the terminal closed against the host's totals of that batch (amounts and counts per class). */
export function settlementViolations(summary: SettlementProgress, host: HostSettlementTotals): string[] {
	const out: string[] = [];
	for (const cls of ["domestic", "foreign"] as const) {
		const mine = summary.totals[cls], theirs = host[cls];
		const pairs: [string, number, number][] = [["debit fen", mine.debitFen, theirs.debit.amount], ["debits", mine.debitCount, theirs.debit.count], ["credit fen", mine.creditFen, theirs.credit.amount], ["credits", mine.creditCount, theirs.credit.count]];
		for (const [what, a, b] of pairs) if (a !== b) out.push(`batch ${summary.batch} settled with ${cls} ${what} ${a} by the terminal, ${b} by the host`);
	}
	return out;
}
