// A power cut tears the newest record of a journal that boots from a checkpoint: the torn record's number is
// taken again by the next record, so the boot after that finds no gap (no loss reported), in both engines.

import { assert } from "../../support/assert.js";
import { MemoryFlashPartition } from "../../../host-sim/hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { JournalLog } from "../../../src/journal/journal-log.js";
import { Journal } from "../../../src/journal/journal.js";
import { stateKey, workload } from "./journal-fixtures.js";

const SECTOR = 4096;
const BYTES = 32 * SECTOR;
const steps = () => [...workload(300, 5000)];

function reopen(flash: MemoryFlashPartition): { journal: Journal; flash: MemoryFlashPartition; checkpointed: boolean } {
	const copy = new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR, flash.content());
	const log = JournalLog.open(new MemoryFlashPartition(new PowerCutPlan(), BYTES, SECTOR, flash.content()));
	const opened = Journal.open(copy);
	if (!opened.ok || !log.ok) throw new Error("the journal did not open");
	assert.equal(opened.value.report.damage, undefined);
	return { journal: opened.value.journal, flash: copy, checkpointed: log.value.replay.checkpoint !== undefined };
}

describe("journal: a torn record after a checkpoint", () => {
	it("boots twice without a loss: the torn record's number is taken again", () => {
		const power = new PowerCutPlan();
		const counted = new MemoryFlashPartition(power, BYTES, SECTOR);
		const fresh = Journal.open(counted);
		if (!fresh.ok) throw new Error("fresh journal did not open");
		for (const step of steps()) assert.ok(fresh.value.journal.commit(step(fresh.value.journal)).ok);
		let checkpointed = 0;
		for (let cut = 601; cut <= power.writes; cut += 173) {
			const flash = new MemoryFlashPartition(new PowerCutPlan(cut, 0.5), BYTES, SECTOR);
			const opened = Journal.open(flash);
			if (!opened.ok) throw new Error("fresh journal did not open");
			try {
				for (const step of steps()) opened.value.journal.commit(step(opened.value.journal));
			} catch (e) {
				if (!(e instanceof PowerCut)) throw e;
			}
			const first = reopen(flash);
			if (first.checkpointed) checkpointed++;
			const signIn = [{ op: "counters" as const, counters: { ...first.journal.counters, signInDay: "20261207" } }];
			assert.ok(first.journal.commit(signIn).ok, `append after cut ${cut}`);
			const second = reopen(first.flash);
			assert.equal(stateKey(second.journal), stateKey(first.journal), `second boot after cut ${cut}`);
		}
		assert.ok(checkpointed >= 3, `${checkpointed} boots from a checkpoint`);
	});
});
