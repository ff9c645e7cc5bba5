// Journal test data: transactions and a deterministic workload of journal points.

import type { JournalOp, TxnEntry } from "../../../src/journal/journal-entries.js";
import type { Journal } from "../../../src/journal/journal.js";
import { stanAfter } from "../../../src/journal/journal.js";

export function sale(stan: number, amountFen: number, batch = 1): TxnEntry {
	return {
		kind: "sale",
		status: "sent",
		stan,
		batch,
		amountFen,
		operator: "01",
		panMasked: "622202******1234",
		// 32 bytes, as the card vault seals them (16-byte IV + one AES block of BCD PAN and expiry).
		cardData: Uint8Array.from({ length: 32 }, (_, i) => (stan + i) & 0xff),
		entryMode: "swipe",
		requestMs: 1_700_000_000_000 + stan,
		responseCode: "",
		rrn: "",
		authCode: "",
		hostDate: "",
		hostTime: "",
		cardOrg: "",
		original: undefined,
		voided: false,
		uploaded: false,
		printedCopies: 0,
	};
}

/** A canonical text of the journal's state, for equality checks. */
export function stateKey(journal: Journal): string {
	const s = journal.state;
	return JSON.stringify({ ...s, txns: [...s.txns.values()] }, (_k, v) =>
		v instanceof Uint8Array ? Array.from(v) : v === undefined ? null : v,
	);
}

/**
 * The journal points of `sales` sales (request sent + reversal owed; approved; printed), with a
 * settlement and batch close every `settleEvery` sales.
 */
export function* workload(sales: number, settleEvery: number): Generator<(journal: Journal) => JournalOp[]> {
	for (let i = 1; i <= sales; i++) {
		yield (j) => {
			const stan = stanAfter(j.counters.stan);
			return [
				{ op: "counters", counters: { ...j.counters, stan, lastStan: stan } },
				{ op: "txn", txn: sale(stan, i * 100, j.counters.batch) },
				{ op: "reversal", reversal: { stan, reason: "98", tries: 0, message: Uint8Array.of(1, 2, 3) } },
			];
		};
		yield (j) => {
			const txn = j.txn(j.counters.lastStan)!;
			return [
				{
					op: "txn",
					txn: {
						...txn,
						status: "approved",
						responseCode: "00",
						rrn: "000000000001",
						authCode: "123456",
						hostDate: "1121",
						hostTime: "101500",
						cardOrg: "CUP",
					},
				},
				{ op: "reversal", reversal: undefined },
			];
		};
		yield (j) => [{ op: "txn", txn: { ...j.txn(j.counters.lastStan)!, printedCopies: 2 } }];
		if (i % settleEvery === 0) {
			yield (j) => {
				const totals = {
					domestic: { debitFen: 0, debitCount: j.state.txns.size, creditFen: 0, creditCount: 0 },
					foreign: { debitFen: 0, debitCount: 0, creditFen: 0, creditCount: 0 },
				};
				return [
					{
						op: "settlement",
						settlement: {
							phase: "started",
							batch: j.counters.batch,
							totals,
							domestic: "0",
							foreign: "0",
							operator: "01",
							requestMs: 0,
						},
					},
				];
			};
			yield (j) => [
				{ op: "close-batch", summary: { ...j.state.settlement!, phase: "printing", domestic: "1", foreign: "1" } },
				{ op: "settlement", settlement: undefined },
				{ op: "counters", counters: { ...j.counters, batch: j.counters.batch + 1, batchDay: "" } },
			];
		}
	}
}
