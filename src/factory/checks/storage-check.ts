// Write, read back and verify a scratch record in the record store, then remove it (docs/factory-mode.md §4:
// flash/NVS memory test). Only the scratch record is touched.

import type { FactoryTest } from "../factory-test.js";

const SCRATCH_RECORD = "factory.scratch";
const SCRATCH_BYTES = 1024;

export const storageCheck: FactoryTest = {
	id: "storage",
	description: "write, read back and verify a scratch record",
	params: {},
	timeoutMs: 5000,
	async run({ hal, outcome }) {
		const { records } = hal.storage;
		const pattern = new Uint8Array(SCRATCH_BYTES);
		hal.random.fill(pattern);
		const written = records.set(SCRATCH_RECORD, pattern);
		const committed = written.ok ? records.commit() : written;
		if (!committed.ok) {
			records.rollback();
			outcome.fail("STORAGE_IO", committed.error.kind);
			return;
		}
		const back = records.get(SCRATCH_RECORD);
		let errors = back === undefined || back.length !== pattern.length ? SCRATCH_BYTES : 0;
		if (back !== undefined && errors === 0) for (let i = 0; i < pattern.length; i++) if (back[i] !== pattern[i]) errors++;
		records.delete(SCRATCH_RECORD);
		const removed = records.commit();
		outcome.measure("mem_errors", errors, "bytes", 0, 0, "STORAGE_VERIFY");
		if (!removed.ok) outcome.fail("STORAGE_IO", removed.error.kind);
	},
};
