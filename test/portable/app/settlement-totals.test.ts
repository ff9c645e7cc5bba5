// Settlement totals by type and the day-change rules (issue 17 items 3 and 4), as pure functions, and the
// journal's encoding of what they add (per-type totals, the voucher range, the issuer and acquirer), which
// still reads the records written before.

import { assert } from "../../support/assert.js";
import { batchTotals, inVoucherRange, typeTotals, voucherRange } from "../../../src/app/batch-totals.js";
import { clockAfterSignIn, forcedSettlementDue } from "../../../src/app/day-change.js";
import { settlementSlipData } from "../../../src/app/slip-data-from-journal.js";
import { decodeOps, encodeOps, type SettlementProgress, type TxnEntry, type TxnKind } from "../../../src/journal/journal-entries.js";
import { defaultParams } from "../../../src/params/schema.js";
import { sale } from "../journal/journal-fixtures.js";

const txn = (stan: number, kind: TxnKind, amountFen: number, cardOrg = "CUP", status: TxnEntry["status"] = "approved"): TxnEntry => ({
	...sale(stan, amountFen),
	kind,
	status,
	cardOrg,
});

const BATCH: readonly TxnEntry[] = [
	txn(1, "sale", 1000),
	txn(2, "sale", 2000, "VIS"),
	txn(3, "void", 2000, "VIS"),
	txn(4, "refund", 300),
	txn(5, "preauth", 9000),
	txn(6, "completion", 8000),
	txn(7, "completion-advice", 500),
	txn(8, "completion-void", 500),
	txn(9, "sale", 700, "CUP", "declined"),
	txn(10, "sale", 400, "CUP", "reversed"),
];

describe("settlement totals by type (issue 17 item 4)", () => {
	it("gives one line per type, domestic and foreign apart: a completion is not a sale, a refund not a void", () => {
		assert.deepEqual(typeTotals(BATCH), [
			{ type: "sale", domestic: true, count: 1, fen: 1000 },
			{ type: "refund", domestic: true, count: 1, fen: 300 },
			{ type: "completion", domestic: true, count: 2, fen: 8500 },
			{ type: "completion-void", domestic: true, count: 1, fen: 500 },
			{ type: "sale", domestic: false, count: 1, fen: 2000 },
			{ type: "void", domestic: false, count: 1, fen: 2000 },
		]);
	});

	it("adds up to field 48's debits and credits per card group", () => {
		const totals = batchTotals(BATCH);
		assert.deepEqual(totals.domestic, { debitFen: 9500, debitCount: 3, creditFen: 800, creditCount: 2 });
		assert.deepEqual(totals.foreign, { debitFen: 2000, debitCount: 1, creditFen: 2000, creditCount: 1 });
	});

	it("prints all five types in each section, the foreign section with its own reconciliation", () => {
		const summary: SettlementProgress = {
			phase: "printing",
			batch: 3,
			totals: batchTotals(BATCH),
			domestic: "1",
			foreign: "2",
			operator: "01",
			requestMs: 0,
			byType: typeTotals(BATCH),
		};
		const slip = settlementSlipData(summary, defaultParams(), true);
		assert.deepEqual(
			slip.totals.map((t) => [t.type, t.count, t.amount]),
			[
				["sale", 1, 1000],
				["void", 0, 0],
				["refund", 1, 300],
				["pre-auth-completion", 2, 8500],
				["pre-auth-completion-void", 1, 500],
			],
		);
		assert.deepEqual(
			slip.foreignTotals?.map((t) => [t.type, t.count]),
			[
				["sale", 1],
				["void", 1],
				["refund", 0],
				["pre-auth-completion", 0],
				["pre-auth-completion-void", 0],
			],
		);
		assert.deepEqual([slip.reconciliation, slip.foreignReconciliation, slip.reprint], ["balanced", "unbalanced", true]);
	});

	it("keeps the batch's voucher range, wrapping past 999999", () => {
		assert.deepEqual(voucherRange(BATCH), { first: 1, last: 10 });
		assert.equal(voucherRange([]), undefined);
		const wrapped = { first: 999_998, last: 2 };
		assert.deepEqual(
			[999_997, 999_998, 999_999, 1, 2, 3].map((v) => inVoucherRange(v, wrapped)),
			[false, true, true, true, true, false],
		);
	});
});

describe("the journal keeps the per-type totals, the voucher range and the institutions", () => {
	const summary: SettlementProgress = {
		phase: "printing",
		batch: 7,
		totals: batchTotals(BATCH),
		domestic: "1",
		foreign: "1",
		operator: "02",
		requestMs: 1234,
		byType: typeTotals(BATCH),
		vouchers: { first: 1, last: 10 },
	};

	it("round-trips them", () => {
		const ops = [
			{ op: "close-batch" as const, summary },
			{ op: "txn" as const, txn: { ...txn(11, "sale", 100), issuer: "99990001", acquirer: "48020000" } },
		];
		assert.deepEqual(decodeOps(encodeOps(ops)), ops);
	});

	it("reads a settlement record written without them, and refuses a phase it does not know", () => {
		const { byType: _byType, vouchers: _vouchers, ...plain } = summary;
		assert.deepEqual(decodeOps(encodeOps([{ op: "last-settlement", summary: plain }])), [{ op: "last-settlement", summary: plain }]);
		const bytes = encodeOps([{ op: "settlement", settlement: summary }]);
		bytes[1] = 0x83;
		assert.equal(decodeOps(bytes), undefined);
	});
});

describe("the day-change rules (issue 17 item 3)", () => {
	const OFFSET = 480;
	// 2026-11-22 00:30 and 2026-11-21 23:50 in UTC+8.
	const afterMidnight = Date.UTC(2026, 10, 21, 16, 30);
	const beforeMidnight = Date.UTC(2026, 10, 21, 15, 50);

	it("does not let a host on the earlier day turn the clock back while the batch is open", () => {
		assert.equal(clockAfterSignIn(afterMidnight, beforeMidnight, OFFSET, true), afterMidnight);
		assert.equal(clockAfterSignIn(afterMidnight, beforeMidnight, OFFSET, false), beforeMidnight);
		assert.equal(clockAfterSignIn(afterMidnight, afterMidnight - 60_000, OFFSET, true), afterMidnight - 60_000, "drift within the day");
		assert.equal(clockAfterSignIn(beforeMidnight, afterMidnight, OFFSET, true), afterMidnight, "forward always");
	});

	it("forces the settlement only with day-change, a batch from an earlier day, and transactions in it", () => {
		const journal = (batchDay: string, size: number) => ({
			counters: { stan: 1, batch: 1, lastStan: 1, signInDay: "20261121", batchDay },
			state: { txns: new Map(BATCH.slice(0, size).map((t) => [t.stan, t])) },
		});
		const due = (forcedSettlement: "none" | "day-change", batchDay: string, size: number) =>
			forcedSettlementDue(
				{ params: { ...defaultParams(), forcedSettlement }, journal: journal(batchDay, size) as never },
				"20261122",
			);
		assert.equal(due("day-change", "20261121", 1), true);
		assert.equal(due("day-change", "20261122", 1), false);
		assert.equal(due("day-change", "20261121", 0), false);
		assert.equal(due("none", "20261121", 1), false);
	});
});
