// The damaged-journal screen's lines: which records were lost, which transactions' state is unknown, an
// owed reversal held back, and what to do: settle, the host's totals decide (when they differ, the batch
// upload gives the host every transaction, UnionPay Q/CUP 006 批上送; docs/app-journal-points.md).

import type { JournalDamage } from "../journal/journal.js";
import type { MessageId } from "../ui/messages.js";

/** STANs listed by number; the rest are counted. */
const LISTED_STANS = 6;

export function journalDamageLines(damage: JournalDamage, t: (id: MessageId, ...args: (string | number)[]) => string): string[] {
	const stan = (n: number) => String(n).padStart(6, "0");
	const ranges = damage.lostRecords.map((r) => (r.from === r.to ? String(r.from) : `${r.from}–${r.to}`)).join(", ");
	const lines = [t("journalLostRecords", ranges)];
	if (damage.unknownStans.length > 0) {
		const listed = damage.unknownStans.slice(0, LISTED_STANS).map(stan).join(" ");
		const more = damage.unknownStans.length - LISTED_STANS;
		lines.push(t("journalUnknownStans", more > 0 ? `${listed} (+${more})` : listed));
	}
	if (damage.unknownReversal) lines.push(t("journalReversalHeld", stan(damage.unknownReversal.stan)));
	if (damage.settlementUnknown) lines.push(t("journalSettlementUnknown"));
	lines.push(t("journalSettleHint"));
	return lines;
}
