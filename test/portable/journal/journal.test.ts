import { assert } from "../../support/assert.js";
import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { crc32 } from "../../../src/journal/crc32.js";
import { JournalLog } from "../../../src/journal/journal-log.js";
import { Journal, stanAfter } from "../../../src/journal/journal.js";
import { decodeOps, decodeReplayOps, encodeOps, type JournalOp, type TxnEntry } from "../../../src/journal/journal-entries.js";
import { sale, stateKey, workload } from "./journal-fixtures.js";
import { TEST_BOARD } from "../../support/test-board.js";
import type { FlashPartition } from "../../../hal/storage.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function reopen(
	flash: MemoryFlashPartition,
	sectorBytes = flash.sectorBytes,
): { flash: MemoryFlashPartition; journal: Journal; torn: number } {
	const next = new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, sectorBytes, flash.content());
	const opened = Journal.open(next);
	assert.ok(opened.ok, "the journal opens");
	if (!opened.ok) throw new Error("unreachable");
	return { flash: next, journal: opened.value.journal, torn: opened.value.report.tornRecords };
}

function openFresh(byteLength: number, sectorBytes: number, power = new PowerCutPlan()) {
	const flash = new MemoryFlashPartition(power, byteLength, sectorBytes);
	const opened = Journal.open(flash);
	if (!opened.ok) throw new Error("fresh journal did not open");
	return { flash, journal: opened.value.journal };
}

describe("journal: CRC-32 and record codec", () => {
	it('CRC-32 of "123456789" is the catalogue check value CBF43926', () => {
		assert.equal(crc32(ascii("123456789")), 0xcbf43926);
	});

	it("round-trips every kind of operation", () => {
		const txn = {
			...sale(42, 123_456_789_012),
			original: { stan: 7, batch: 3, rrn: "123456789012", date: "1120", authCode: "A1B2C3" },
			voided: true,
		};
		const settlement = {
			phase: "uploading" as const,
			batch: 9,
			totals: {
				domestic: { debitFen: 5, debitCount: 1, creditFen: 2, creditCount: 1 },
				foreign: { debitFen: 0, debitCount: 0, creditFen: 0, creditCount: 0 },
			},
			domestic: "2" as const,
			foreign: "1" as const,
			operator: "01",
			requestMs: 12345,
		};
		const ops = [
			{ op: "counters" as const, counters: { stan: 999_999, batch: 12, lastStan: 42, signInDay: "20261121", batchDay: "20261121" } },
			{ op: "txn" as const, txn },
			{ op: "reversal" as const, reversal: { stan: 42, reason: "A0" as const, tries: 2, message: Uint8Array.of(9) } },
			{ op: "reversal" as const, reversal: undefined },
			{ op: "settlement" as const, settlement },
			{ op: "settlement" as const, settlement: undefined },
			{ op: "close-batch" as const, summary: settlement },
			{ op: "last-settlement" as const, summary: settlement },
		];
		assert.deepEqual(decodeOps(encodeOps(ops)), ops);
	});

	it("refuses a payload it cannot read instead of guessing", () => {
		assert.equal(decodeOps(Uint8Array.of(0x63)), undefined);
		const truncated = encodeOps([{ op: "txn", txn: sale(1, 100) }]).slice(0, 20);
		assert.equal(decodeOps(truncated), undefined);
	});

	it("replay reads a transaction's index fields and sizes as the full decode does, and refuses what it refuses by length", () => {
		const full = {
			...sale(42, 123_456_789_012),
			status: "approved" as const,
			cardOrg: "VIS",
			rrn: "123456789012",
			hostDate: "1207",
			hostTime: "101112",
			original: { stan: 7, batch: 3, rrn: "123456789012", date: "1120", authCode: "A1B2C3" },
			requestedFen: 123_456_789_999,
			issuer: "01020000",
			acquirer: "48020000",
			entryMode: "insert" as const,
			ic: {
				aid: Uint8Array.of(0xa0, 0, 0, 0, 0x03, 0x33, 0x01, 0x01, 0x01),
				label: "PBOC DEBIT",
				cryptogramType: "TC" as const,
				cryptogram: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
				tvr: Uint8Array.of(0, 0, 0x08, 0, 0),
				tsi: Uint8Array.of(0xe8, 0),
				atc: Uint8Array.of(0, 0x2a),
				unpredictableNumber: Uint8Array.of(9, 8, 7, 6),
				aip: Uint8Array.of(0x7c, 0),
				psn: "01",
				cvm: "online-pin" as const,
				tcUploadField55: Uint8Array.of(0x9f, 0x26, 0x02, 0xab, 0xcd),
			},
		};
		// The IC data (flag 32) round-trips with the rest.
		assert.deepEqual(decodeOps(encodeOps([{ op: "txn", txn: full }])), [{ op: "txn", txn: full }]);
		const ops: JournalOp[] = [
			{ op: "counters", counters: { stan: 42, batch: 1, lastStan: 42, signInDay: "20261207", batchDay: "20261207" } },
			{ op: "txn", txn: sale(41, 100) },
			{ op: "txn", txn: full },
			{ op: "reversal", reversal: undefined },
		];
		const payload = encodeOps(ops);
		const sizes: number[] = [];
		const replayed = decodeReplayOps(payload, sizes);
		const decodedSizes: number[] = [];
		decodeOps(payload, decodedSizes);
		assert.deepEqual(sizes, decodedSizes);
		assert.deepEqual(replayed, [
			ops[0],
			{ op: "txn-ref", stan: 41, kind: "sale", status: "sent", amountFen: 100, cardOrg: "", uploadOwed: false },
			{ op: "txn-ref", stan: 42, kind: "sale", status: "approved", amountFen: 123_456_789_012, cardOrg: "VIS", uploadOwed: false },
			ops[3],
		]);
		// Approved offline by the card (39 Y1, IC data): owed until uploaded; a Y1 without IC data or not approved is not.
		const offline = { ...full, responseCode: "Y1" };
		const owed = (txn: TxnEntry) => (decodeReplayOps(encodeOps([{ op: "txn", txn }]), [])?.[0] as { uploadOwed?: boolean }).uploadOwed;
		assert.deepEqual(
			[
				owed(offline),
				owed({ ...offline, uploaded: true }),
				owed({ ...offline, ic: undefined }),
				owed({ ...offline, status: "sent" }),
			],
			[true, false, false, false],
		);
		// Cut anywhere inside the transactions, both refuse the payload.
		for (let end = sizes[0]! + 1; end < sizes[0]! + sizes[1]! + sizes[2]!; end++) {
			if (end === sizes[0]! + sizes[1]!) continue;
			assert.equal(decodeReplayOps(payload.slice(0, end), []), undefined, `cut at ${end}`);
			assert.equal(decodeOps(payload.slice(0, end)), undefined, `cut at ${end}`);
		}
	});
});

describe("journal: the CRC-32 it is given", () => {
	it("writes and checks its records with the CRC-32 it is given (the device's native one)", () => {
		let calls = 0;
		const counted = (bytes: Uint8Array, start: number, end: number) => {
			calls++;
			return crc32(bytes, start, end);
		};
		const flash = new MemoryFlashPartition(new PowerCutPlan(), 16 * 4096, 4096);
		const opened = Journal.open(flash, counted);
		if (!opened.ok) throw new Error("fresh journal did not open");
		for (const step of workload(10, 100)) assert.ok(opened.value.journal.commit(step(opened.value.journal)).ok);
		const written = calls;
		assert.ok(written > 0);
		const image = () => new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, 4096, flash.content());
		const again = Journal.open(image(), counted);
		assert.ok(again.ok && stateKey(again.value.journal) === stateKey(opened.value.journal));
		assert.ok(calls > written);
		// Another checksum verifies none of the records: none is read.
		const other = Journal.open(image(), (bytes, start, end) => (crc32(bytes, start, end) ^ 0x5a5a5a5a) >>> 0);
		assert.ok(other.ok && other.value.journal.state.txns.size === 0);
	});
});

describe("journal: counters and transactions", () => {
	it("wraps the STAN from 999999 to 000001", () => {
		assert.equal(stanAfter(0), 1);
		assert.equal(stanAfter(41), 42);
		assert.equal(stanAfter(999_999), 1);
	});

	it("replays committed journal points after a reboot", () => {
		const { flash, journal } = openFresh(64 * 1024, 4096);
		assert.ok(
			journal.commit([
				{ op: "counters", counters: { ...journal.counters, stan: 1, lastStan: 1 } },
				{ op: "txn", txn: sale(1, 500) },
				{ op: "reversal", reversal: { stan: 1, reason: "98", tries: 0, message: Uint8Array.of(1, 2, 3) } },
			]).ok,
		);
		const { journal: after } = reopen(flash);
		assert.equal(after.counters.stan, 1);
		assert.equal(after.txn(1)?.amountFen, 500);
		assert.deepEqual(after.state.reversal, { stan: 1, reason: "98", tries: 0, message: Uint8Array.of(1, 2, 3) });
		assert.equal(stateKey(after), stateKey(journal));
	});

	it("holds a batch of 1,000 transactions in the board's journal partition without nearing full, compacting as it goes", () => {
		const partition = TEST_BOARD.partitions.find((p) => p.name === "journal")!;
		const { flash, journal } = openFresh(partition.byteLength, 4096);
		for (const step of workload(1000, 5000)) assert.ok(journal.commit(step(journal)).ok);
		assert.equal(journal.state.txns.size, 1000);
		assert.equal(journal.nearFull, false);
		const { journal: after } = reopen(flash);
		assert.equal(stateKey(after), stateKey(journal));
	});

	it("spreads compaction over commits: no commit of 600 sales in 64 sectors writes more than a sector's worth or erases more than two, and they replay as written", () => {
		const flash = new MemoryFlashPartition(new PowerCutPlan(), 64 * 4096, 4096);
		const counted = { written: 0, erased: 0, snapshots: 0 };
		const counting: FlashPartition = {
			byteLength: flash.byteLength,
			sectorBytes: flash.sectorBytes,
			read: (offset, length) => flash.read(offset, length),
			write: (offset, bytes) => {
				counted.written += bytes.length;
				// A sector header ("PJ", version, flags) flagged "snapshot start".
				if (bytes.length === 12 && bytes[0] === 0x50 && bytes[1] === 0x4a && bytes[3] === 1) counted.snapshots++;
				return flash.write(offset, bytes);
			},
			eraseSector: (sector) => (counted.erased++, flash.eraseSector(sector)),
		};
		const opened = Journal.open(counting);
		if (!opened.ok) throw new Error("fresh journal did not open");
		const journal = opened.value.journal;
		let most = { written: 0, erased: 0 };
		for (const step of workload(600, 5000)) {
			counted.written = counted.erased = 0;
			assert.ok(journal.commit(step(journal)).ok);
			most = { written: Math.max(most.written, counted.written), erased: Math.max(most.erased, counted.erased) };
		}
		assert.ok(counted.snapshots > 0, "the day compacted");
		assert.ok(most.written <= 4096 && most.erased <= 2, JSON.stringify(most));
		assert.equal(stateKey(reopen(flash).journal), stateKey(journal));
	});

	it("runs through many batches with settlement, compaction keeping it bounded", () => {
		const { flash, journal } = openFresh(32 * 1024, 4096);
		for (const step of workload(600, 40)) assert.ok(journal.commit(step(journal)).ok);
		assert.equal(journal.counters.batch, 16);
		assert.equal(journal.state.txns.size, 0);
		assert.equal(journal.state.lastSettlement?.batch, 15);
		assert.equal(stateKey(reopen(flash).journal), stateKey(journal));
	});

	it("signals near full well before it is full, reports full, and stays readable", () => {
		const { flash, journal } = openFresh(32 * 1024, 4096);
		let result;
		let committed = 0;
		let nearFullAt = -1;
		for (const step of workload(400, 5000)) {
			result = journal.commit(step(journal));
			if (!result.ok) break;
			committed++;
			if (nearFullAt < 0 && journal.nearFull) nearFullAt = committed;
		}
		assert.ok(result && !result.ok && result.error.kind === "full", JSON.stringify(result));
		assert.ok(nearFullAt > 0 && committed - nearFullAt >= 60, `near full at ${nearFullAt}, full at ${committed}`);
		assert.equal(stateKey(reopen(flash).journal), stateKey(journal));
	});
});

describe("journal: power cuts", () => {
	// Small sectors make the workload wrap the ring and compact several times.
	const BYTES = 16 * 512;
	const SECTOR = 512;
	const steps = () => [...workload(14, 5)];

	function expectedStates(): string[] {
		const { journal } = openFresh(BYTES, SECTOR);
		const states = [stateKey(journal)];
		for (const step of steps()) {
			const result = journal.commit(step(journal));
			assert.ok(result.ok, JSON.stringify(result));
			states.push(stateKey(journal));
		}
		return states;
	}

	function totalWrites(): number {
		const power = new PowerCutPlan();
		const { journal } = openFresh(BYTES, SECTOR, power);
		for (const step of steps()) journal.commit(step(journal));
		return power.writes;
	}

	for (const fraction of [0, 0.5]) {
		it(`after a cut at every flash write (${fraction === 0 ? "nothing landed" : "half the bytes landed"}), the journal reopens at the last committed point and carries on`, () => {
			const expected = expectedStates();
			const writes = totalWrites();
			assert.ok(writes > expected.length, "the workload compacts and erases, not only appends");
			for (let cut = 1; cut <= writes; cut++) {
				const { flash, journal } = openFresh(BYTES, SECTOR, new PowerCutPlan(cut, fraction));
				let committed = 0;
				try {
					for (const step of steps()) {
						assert.ok(journal.commit(step(journal)).ok);
						committed++;
					}
					assert.fail(`write ${cut} was never reached`);
				} catch (e) {
					if (!(e instanceof PowerCut)) throw e;
				}
				const after = reopen(flash);
				assert.equal(stateKey(after.journal), expected[committed], `cut at write ${cut}`);
				// The reopened journal appends past the damage and replays again.
				const more = after.journal.commit([{ op: "counters", counters: { ...after.journal.counters, signInDay: "20261122" } }]);
				assert.ok(more.ok, `append after cut ${cut}: ${JSON.stringify(more)}`);
				assert.equal(reopen(after.flash).journal.counters.signInDay, "20261122", `cut at write ${cut}`);
			}
		});
	}

	it("ignores a torn record and starts a fresh sector after it", () => {
		const power = new PowerCutPlan(4, 0.5);
		const { flash, journal } = openFresh(8 * 4096, 4096, power);
		assert.ok(journal.commit([{ op: "txn", txn: sale(1, 100) }]).ok);
		assert.throws(() => journal.commit([{ op: "txn", txn: sale(2, 200) }]), PowerCut);
		const after = reopen(flash);
		assert.equal(after.torn, 1);
		assert.deepEqual([...after.journal.state.txns.keys()], [1]);
		assert.ok(after.journal.commit([{ op: "txn", txn: sale(3, 300) }]).ok);
		assert.deepEqual([...reopen(after.flash).journal.state.txns.keys()], [1, 3]);
	});

	it("a log of raw records survives reopen and reports record limits", () => {
		const flash = new MemoryFlashPartition(new PowerCutPlan(), 4 * 512, 512);
		const opened = JournalLog.open(flash);
		assert.ok(opened.ok);
		if (!opened.ok) return;
		const { log } = opened.value;
		assert.deepEqual(log.append(new Uint8Array(log.maxPayloadBytes + 1)), {
			ok: false,
			error: { kind: "record-too-large", bytes: log.maxPayloadBytes + 1, maxBytes: log.maxPayloadBytes },
		});
		assert.ok(log.append(ascii("one")).ok);
		assert.ok(log.append(ascii("two")).ok);
		const again = JournalLog.open(new MemoryFlashPartition(new PowerCutPlan(), 4 * 512, 512, flash.content()));
		assert.ok(again.ok && again.value.replay.records.map((r) => String.fromCharCode(...r.payload)).join(",") === "one,two");
	});
});
