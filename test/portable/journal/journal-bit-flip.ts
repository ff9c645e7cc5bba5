// Damage to a written journal, and the rule it must satisfy after a reboot: the replayed state equals the
// original, or the journal reports the damage and names every transaction it may have changed. Never,
// damaged or not, does an approved sale come back with a reversal owed.

import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { Journal } from "../../../src/journal/journal.js";
import { stateKey, workload } from "./journal-fixtures.js";

export interface FlipScenario {
	readonly flash: MemoryFlashPartition;
	readonly journal: Journal;
	/** The partition's bytes and the journal's state as written. */
	readonly bytes: Uint8Array;
	readonly key: string;
	/**
	 * The bytes worth flipping: in each sector the journal wrote, everything up to its last programmed byte
	 * and the 64 erased bytes after it (further erased bytes, and free sectors, behave the same).
	 */
	readonly ranges: readonly { readonly start: number; readonly end: number }[];
}

/** `sales` sales (sent, approved, printed), settling every `settleEvery`, in a fresh partition. */
export function writtenJournal(sales: number, settleEvery: number, sectorCount: number, sectorBytes: number): FlipScenario {
	const flash = new MemoryFlashPartition(new PowerCutPlan(), sectorCount * sectorBytes, sectorBytes);
	const opened = Journal.open(flash);
	if (!opened.ok) throw new Error("a fresh journal did not open");
	const journal = opened.value.journal;
	for (const step of workload(sales, settleEvery)) {
		const committed = journal.commit(step(journal));
		if (!committed.ok) throw new Error(JSON.stringify(committed));
	}
	const bytes = flash.content();
	const ranges: { start: number; end: number }[] = [];
	for (let start = 0; start < bytes.length; start += sectorBytes) {
		let end = start + sectorBytes;
		while (end > start && bytes[end - 1] === 0xff) end--;
		if (end > start) ranges.push({ start, end: Math.min(end + 64, start + sectorBytes) });
	}
	return { flash, journal, bytes, key: stateKey(journal), ranges };
}

export type FlipOutcome = "same" | "named" | "silent" | "approved-reversed" | "open-failed";

/** Reopens the partition with bit `bit` (0–7) of byte `offset` flipped and judges the outcome. */
export function flipOutcome(scenario: FlipScenario, offset: number, bit: number): FlipOutcome {
	return damageOutcome(scenario, (bytes) => {
		bytes[offset]! ^= 1 << bit;
	});
}

/**
 * Reopens a copy of the partition that `damage` changed and judges it: the same state; the loss named
 * (every transaction that differs is among the unknown STANs); silent; or an approved sale owing a reversal.
 */
export function damageOutcome(scenario: FlipScenario, damage: (bytes: Uint8Array) => void): FlipOutcome {
	const { flash, journal } = scenario;
	const bytes = scenario.bytes.slice();
	damage(bytes);
	const opened = Journal.open(new MemoryFlashPartition(new PowerCutPlan(), flash.byteLength, flash.sectorBytes, bytes));
	if (!opened.ok) return "open-failed";
	const after = opened.value.journal;
	const original = journal.state;
	if (after.state.reversal && original.txns.get(after.state.reversal.stan)?.status === "approved") return "approved-reversed";
	if (stateKey(after) === scenario.key) return "same";
	const lost = opened.value.report.damage;
	if (!lost || lost.lostRecords.length === 0) return "silent";
	const unknown = new Set(lost.unknownStans);
	const stans = new Set([...original.txns.keys(), ...after.state.txns.keys()]);
	const txnKey = (j: Journal, stan: number) => JSON.stringify(j.txn(stan), (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
	for (const stan of stans) if (txnKey(after, stan) !== txnKey(journal, stan) && !unknown.has(stan)) return "silent";
	return "named";
}

export function tally(outcomes: Iterable<FlipOutcome>): Record<FlipOutcome, number> {
	const counts: Record<FlipOutcome, number> = { same: 0, named: 0, silent: 0, "approved-reversed": 0, "open-failed": 0 };
	for (const outcome of outcomes) counts[outcome]++;
	return counts;
}

/** Offset of the data record with sequence number `seq` (A5 01 length seq …). */
export function recordAt(bytes: Uint8Array, seq: number): { offset: number; length: number } {
	for (let i = 0; i + 8 <= bytes.length; i++) {
		if (
			bytes[i] === 0xa5 &&
			bytes[i + 1] === 0x01 &&
			bytes[i + 4] === 0 &&
			bytes[i + 5] === 0 &&
			bytes[i + 6] === seq >> 8 &&
			bytes[i + 7] === (seq & 0xff)
		) {
			return { offset: i, length: ((bytes[i + 2]! << 8) | bytes[i + 3]!) + 12 };
		}
	}
	throw new Error(`record ${seq} not found`);
}
