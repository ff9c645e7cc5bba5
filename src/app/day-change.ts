// The day-change rules (UnionPay 隔日强制结算 has no public normative text: a product rule, as the
// acquirer reference says): with `forcedSettlement: "day-change"`, a batch whose first transaction is from
// an earlier local day is settled before anything else, and the host's clock never turns the day back
// while a batch is open, so neither a sign-in nor a resync can hide the day change.

import type { AppContext } from "./app-context.js";
import { localDay } from "../time/local-time.js";

/** Whether the open batch must be settled first: it is from an earlier local day than `today`. */
export function forcedSettlementDue(ctx: Pick<AppContext, "journal" | "params">, today: string): boolean {
	const { journal, params } = ctx;
	return (
		params.forcedSettlement === "day-change" &&
		journal.state.txns.size > 0 &&
		journal.counters.batchDay !== "" &&
		journal.counters.batchDay !== today
	);
}

/**
 * The time a sign-in sets from the host's fields 12/13: the host's, except that while the batch holds
 * transactions the clock is not set back to an earlier local day (drift within the day is corrected). A
 * real acquirer and terminal share the day; a host behind the terminal's day would otherwise undo the day
 * change that forces the settlement.
 */
export function clockAfterSignIn(nowMs: number, hostMs: number, offsetMinutes: number, batchOpen: boolean): number {
	if (!batchOpen || hostMs >= nowMs) return hostMs;
	return localDay(hostMs, offsetMinutes) < localDay(nowMs, offsetMinutes) ? nowMs : hostMs;
}
