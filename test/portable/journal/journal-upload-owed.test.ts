// The index's mark of an offline approval whose upload is owed (txn-index.ts UPLOAD_OWED, issue 18): set when a
// sale the card approved offline (39 Y1, IC data, not answered) is written, cleared when it is rewritten with the
// host's answer to its upload (booked 00, or refused 05; or `uploaded`, as journals before the answer was kept
// wrote it), and the same after boot — by replay of the records and from a checkpoint through snapshots — so the
// next online request finds what is owed without reading the batch from flash. The totals do not see the mark.

import { assert } from "../../support/assert.js";
import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { JournalLog } from "../../../src/journal/journal-log.js";
import { Journal, stanAfter } from "../../../src/journal/journal.js";
import { OFFLINE_APPROVED, uploadOwed, type JournalOp, type TxnEntry } from "../../../src/journal/journal-entries.js";
import { sale } from "./journal-fixtures.js";

// As journal-checkpoint.test.ts: 32 sectors, so 300 sales fill the ring and boot starts at checkpoints.
const SECTOR = 4096;
const BYTES = 32 * SECTOR;

function open(flash: MemoryFlashPartition): Journal {
	const opened = Journal.open(new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, SECTOR, flash.content()));
	if (!opened.ok) throw new Error(JSON.stringify(opened.error));
	return opened.value.journal;
}

/** A sale the card approved offline, as financial-exchange.ts journals it. */
function offlineSale(stan: number, amountFen: number): TxnEntry {
	const ic = {
		aid: Uint8Array.of(0xa0, 0, 0, 0, 0x03, 0x33, 0x01, 0x01, 0x01),
		label: "PBOC DEBIT",
		cryptogramType: "TC" as const,
		cryptogram: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
		tvr: Uint8Array.of(0, 0, 0, 0, 0),
		tsi: Uint8Array.of(0xe8, 0),
		atc: Uint8Array.of(0, stan & 0xff),
		unpredictableNumber: Uint8Array.of(9, 8, 7, 6),
		aip: Uint8Array.of(0x7c, 0),
		psn: "01",
		cvm: "signature" as const,
		tcUploadField55: Uint8Array.of(0x8a, 0x02, 0x59, 0x31),
	};
	return { ...sale(stan, amountFen), status: "approved", responseCode: OFFLINE_APPROVED, entryMode: "insert", ic };
}

/**
 * 300 sales: every third approved offline, the rest sent then approved online (39 00); each offline one answered
 * three sales later — booked (00, with an RRN), refused (05), or marked uploaded as an older journal did — the
 * last one left owed.
 */
function* day(): Generator<(journal: Journal) => JournalOp[]> {
	for (let i = 1; i <= 300; i++) {
		if (i % 3 === 0) {
			yield (j) => {
				const stan = stanAfter(j.counters.stan);
				return [
					{ op: "counters", counters: { ...j.counters, stan, lastStan: stan } },
					{ op: "txn", txn: offlineSale(stan, i * 100) },
				];
			};
		} else {
			yield (j) => {
				const stan = stanAfter(j.counters.stan);
				return [
					{ op: "counters", counters: { ...j.counters, stan, lastStan: stan } },
					{ op: "txn", txn: sale(stan, i * 100) },
				];
			};
			yield (j) => [{ op: "txn", txn: { ...j.txn(j.counters.lastStan)!, status: "approved", responseCode: "00", cardOrg: "CUP" } }];
		}
		if (i % 3 === 0 && i > 3)
			yield (j) => {
				const owed = j.uploadsOwed[0]!;
				const rrn = String(owed).padStart(12, "0");
				const answer = [{ uploadAnswer: "00", rrn }, { uploadAnswer: "05" }, { uploaded: true, rrn }][i % 9 === 0 ? 2 : owed % 2]!;
				return [{ op: "txn", txn: { ...j.txn(owed)!, ...answer } }];
			};
	}
}

/** The STANs the batch holds owed, by reading every transaction (what the mark spares). */
function owedByReading(journal: Journal): number[] {
	return [...journal.state.txns.values()].filter(uploadOwed).map((t) => t.stan);
}

describe("journal: the index's mark of an offline approval whose upload is owed (issue 18)", () => {
	it("follows every write, and boot gives it back by replay and from checkpoints; the totals ignore it", () => {
		const flash = new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR);
		const opened = Journal.open(flash);
		if (!opened.ok) throw new Error("fresh journal did not open");
		const journal = opened.value.journal;
		let fromCheckpoint = 0;
		let commits = 0;
		for (const step of day()) {
			assert.ok(journal.commit(step(journal)).ok);
			commits++;
			assert.deepEqual(journal.uploadsOwed, owedByReading(journal), `after commit ${commits}`);
			if (commits % 5 !== 0) continue;
			const log = JournalLog.open(new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR, flash.content()));
			if (!log.ok) throw new Error("the log did not open");
			if (log.value.replay.checkpoint) fromCheckpoint++;
			const booted = open(flash);
			assert.deepEqual(booted.uploadsOwed, journal.uploadsOwed, `booted after commit ${commits}`);
			assert.deepEqual(booted.totals, journal.totals, `totals booted after commit ${commits}`);
		}
		assert.ok(fromCheckpoint > 20, `${fromCheckpoint} boots from a checkpoint`);
		assert.deepEqual(journal.uploadsOwed, [300], "the last offline sale, never acknowledged");
		assert.equal(journal.totals.domestic.debitCount, 300, "offline sales count, marked or not");
		assert.equal(journal.totals.domestic.debitFen, (300 * 301 * 100) / 2);
		assert.equal(journal.typeTotals.length, 1, "one line: domestic sales");
		const answers = [...open(flash).state.txns.values()].map((t) => t.uploadAnswer).filter((a) => a !== undefined);
		assert.deepEqual([...new Set(answers)].sort(), ["00", "05"], "the hosts' answers read back from flash");
		assert.ok(answers.length > 50, `${answers.length} answered`);
	});
});
