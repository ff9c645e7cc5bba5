import { assert } from "../../support/assert.js";
import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { Journal } from "../../../src/journal/journal.js";
import { singleBitError } from "../../../src/journal/crc32.js";
import { recordAt, writtenJournal } from "./journal-bit-flip.js";
import { stateKey } from "./journal-fixtures.js";
import { OLD_FORMAT_JOURNAL, OLD_FORMAT_SECTOR_BYTES, OLD_FORMAT_SECTORS } from "./old-format-journal.js";
import { hex } from "../../support/hex.js";

function reopen(flash: MemoryFlashPartition, bytes: Uint8Array) {
	const opened = Journal.open(new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, flash.sectorBytes, bytes));
	if (!opened.ok) throw new Error(JSON.stringify(opened.error));
	return opened.value;
}

describe("journal: damage beyond one bit", () => {
	it("CRC-32 locates every single flipped bit of a record, data or stored CRC, and no double flip", () => {
		const bytes = Uint8Array.of(0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xcb, 0xf4, 0x39, 0x26);
		for (let offset = 0; offset < bytes.length; offset++) {
			for (let bit = 0; bit < 8; bit++) {
				const flipped = bytes.slice();
				flipped[offset]! ^= 1 << bit;
				assert.deepEqual(singleBitError(flipped, 0, 9), { offset, mask: 1 << bit });
			}
		}
		const twice = bytes.slice();
		twice[2]! ^= 0x11;
		assert.equal(singleBitError(twice, 0, 9), undefined);
	});

	it("resynchronises past a destroyed record, names it and the transactions it may have changed, and sends no reversal it cannot be sure of", () => {
		// 12 sales: records 3n-2 (sent, reversal owed), 3n-1 (approved, reversal cleared), 3n (printed).
		const { flash, journal, bytes } = writtenJournal(12, 5000, 8, 4096);
		const damaged = bytes.slice();
		const approval = recordAt(damaged, 35); // sale 12 approved, its reversal cleared
		damaged.fill(0, approval.offset, approval.offset + approval.length);
		const { journal: after, report } = reopen(flash, damaged);
		assert.deepEqual(report.damage?.lostRecords, [{ from: 35, to: 35 }]);
		// Sale 12 was rewritten whole after the loss (printed); every earlier one may have been changed by
		// it, and it may have been a request taking STAN 13.
		assert.deepEqual(report.damage?.unknownStans, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
		assert.equal(after.txn(12)?.status, "approved");
		assert.equal(report.damage?.unknownReversal?.stan, 12);
		assert.equal(after.state.reversal, undefined, "the reversal the lost record cleared is not owed");
		assert.equal(after.state.txns.size, journal.state.txns.size);
	});

	it("names the STAN of a transaction lost whole", () => {
		const { flash, bytes } = writtenJournal(12, 5000, 8, 4096);
		const damaged = bytes.slice();
		for (const seq of [31, 32, 33]) {
			const record = recordAt(damaged, seq); // sale 11: sent, approved, printed
			damaged.fill(0, record.offset, record.offset + record.length);
		}
		const { journal: after, report } = reopen(flash, damaged);
		assert.deepEqual(report.damage?.lostRecords, [{ from: 31, to: 33 }]);
		assert.equal(after.txn(11), undefined);
		assert.deepEqual(report.damage?.unknownStans, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		assert.equal(report.damage?.countersUnknown, false);
		assert.equal(after.counters.stan, 12);
	});

	it("does not reuse a STAN a lost record may have taken", () => {
		const { flash, bytes } = writtenJournal(12, 5000, 8, 4096);
		const damaged = bytes.slice();
		for (const seq of [34, 35]) {
			const record = recordAt(damaged, seq); // sale 12 sent (STAN 12 in the counters) and approved
			damaged.fill(0, record.offset, record.offset + record.length);
		}
		const { journal: after, report } = reopen(flash, damaged);
		assert.deepEqual(report.damage?.lostRecords, [{ from: 34, to: 35 }]);
		assert.equal(report.damage?.countersUnknown, true);
		// Two lost records: at most two STANs past the last counters (11); 12 came back whole (printed).
		assert.deepEqual(report.damage?.unknownStans, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
		assert.equal(after.txn(12)?.status, "approved");
		assert.equal(after.counters.stan, 13, "the next request takes STAN 14");
	});

	it("takes newest records written whole but unreadable for a loss, not a torn write, and keeps it a gap after later writes", () => {
		const { flash, bytes } = writtenJournal(12, 5000, 8, 4096);
		const damaged = bytes.slice();
		for (const seq of [35, 36]) {
			const record = recordAt(damaged, seq); // sale 12 approved (its reversal cleared), then printed
			damaged.fill(0, record.offset, record.offset + record.length);
		}
		const partition = new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, flash.sectorBytes, damaged);
		const opened = Journal.open(partition);
		if (!opened.ok) throw new Error(JSON.stringify(opened.error));
		const { journal: after, report } = opened.value;
		assert.deepEqual(report.damage?.lostRecords, [{ from: 35, to: 35 }]);
		assert.equal(after.txn(12)?.status, "sent");
		assert.ok(report.damage?.unknownStans.includes(12));
		assert.equal(report.damage?.unknownReversal?.stan, 12);
		assert.equal(after.state.reversal, undefined, "an approved sale is never reversed on a guess");
		assert.ok(after.commit([{ op: "counters", counters: { ...after.counters, signInDay: "20261122" } }]).ok);
		const again = reopen(partition, partition.content());
		assert.deepEqual(again.report.damage?.lostRecords, [{ from: 35, to: 35 }]);
		assert.equal(again.journal.counters.signInDay, "20261122");
	});

	it("names records lost with their sector's header: the journal's first sector, and a later one with nothing after it", () => {
		const { flash, bytes } = writtenJournal(12, 5000, 8, 4096);
		// The first record of the second sector (just after its 12-byte header).
		const secondSeq = (bytes[4096 + 12 + 6]! << 8) | bytes[4096 + 12 + 7]!;
		const headerless = (sector: number) => {
			const damaged = bytes.slice();
			damaged.fill(0, sector * 4096, sector * 4096 + 12);
			return reopen(flash, damaged).report.damage?.lostRecords;
		};
		assert.deepEqual(headerless(0), [{ from: 1, to: secondSeq - 1 }]);
		assert.deepEqual(headerless(1), [{ from: secondSeq, to: 36 }]);
	});

	it("names a snapshot's lost beginning: the snapshot's end record names its first record", () => {
		const { flash, bytes } = writtenJournal(30, 5, 16, 512);
		let newestEnd = { seq: 0, first: 0 };
		for (let i = 0; i + 16 <= bytes.length; i++) {
			if (bytes[i] !== 0xa5 || bytes[i + 1] !== 0x02 || bytes[i + 3] !== 4) continue;
			const seq = (bytes[i + 6]! << 8) | bytes[i + 7]!;
			if (seq > newestEnd.seq) newestEnd = { seq, first: (bytes[i + 10]! << 8) | bytes[i + 11]! };
		}
		assert.ok(newestEnd.first > 1, "the workload compacted");
		const damaged = bytes.slice();
		const head = recordAt(damaged, newestEnd.first); // counters and the last settlement
		damaged.fill(0, head.offset + 12, head.offset + head.length);
		assert.deepEqual(reopen(flash, damaged).report.damage?.lostRecords, [{ from: newestEnd.first, to: newestEnd.first }]);
	});

	it("keeps the damage until the batch is settled", () => {
		const { flash, bytes } = writtenJournal(12, 5000, 8, 4096);
		const damaged = bytes.slice();
		const record = recordAt(damaged, 20);
		damaged.fill(0, record.offset, record.offset + record.length);
		const { journal: after } = reopen(flash, damaged);
		assert.ok(after.damage);
		const totals = { debitFen: 0, debitCount: 0, creditFen: 0, creditCount: 0 };
		const summary = {
			phase: "printing" as const,
			batch: 1,
			totals: { domestic: totals, foreign: totals },
			domestic: "1" as const,
			foreign: "1" as const,
			operator: "01",
			requestMs: 0,
		};
		assert.ok(after.commit([{ op: "close-batch", summary }]).ok);
		assert.equal(after.damage, undefined);
	});
});

describe("journal: format compatibility", () => {
	it("reads a journal written by the firmware before issue 12 (snapshot end records without a payload) as it was written, and appends to it", () => {
		const bytes = new Uint8Array(OLD_FORMAT_SECTORS * OLD_FORMAT_SECTOR_BYTES).fill(0xff);
		for (const [sector, data] of OLD_FORMAT_JOURNAL) bytes.set(hex(data), sector * OLD_FORMAT_SECTOR_BYTES);
		const partition = new MemoryFlashPartition(new PowerCutPlan(), bytes.length, OLD_FORMAT_SECTOR_BYTES, bytes);
		const opened = Journal.open(partition);
		assert.ok(opened.ok);
		if (!opened.ok) return;
		// The same workload written by this firmware gives the same state.
		const expected = writtenJournal(14, 5, OLD_FORMAT_SECTORS, OLD_FORMAT_SECTOR_BYTES);
		assert.equal(stateKey(opened.value.journal), expected.key);
		assert.equal(opened.value.report.damage, undefined);
		const journal = opened.value.journal;
		assert.ok(journal.commit([{ op: "counters", counters: { ...journal.counters, signInDay: "20261122" } }]).ok);
		const again = Journal.open(partition);
		assert.ok(again.ok && again.value.journal.counters.signInDay === "20261122" && again.value.report.damage === undefined);
	});
});
