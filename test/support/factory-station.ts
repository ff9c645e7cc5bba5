// A whole factory station pass against the simulator on virtual time, for the portable factory tests.

import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { JigClient } from "../../host-sim/jig/jig-client.js";
import { SimOperator } from "../../host-sim/jig/sim-operator.js";
import { startSimUnit, type SimFaults, type SimUnit } from "../../host-sim/jig/sim-unit.js";
import { runStation, type StationReport } from "../../host-sim/jig/station.js";
import type { TestPlan } from "../../host-sim/jig/test-plan.js";
import { trackHash } from "../../src/factory/checks/msr-check.js";
import type { StorageImage } from "../../host-sim/hal/memory-storage.js";
import { TEST_BOARD } from "./test-board.js";
import { settle } from "./virtual-time.js";

// 2026-11-21 10:00 UTC.
export const STATION_START_MS = Date.UTC(2026, 10, 21, 10, 0, 0);

const debit = TEST_CARDS.debit;

/** The default plan's content, minus the network echo (no TCP in XS): the network test is skipped. */
export const PORTABLE_PLAN: TestPlan = {
	name: "portable",
	tests: [
		{ test: "power" },
		{ test: "clock", params: { intervalMs: 1000 } },
		{ test: "storage" },
		{ test: "secure" },
		{ test: "keypad", params: { keyTimeoutMs: 5000 } },
		{ test: "display", params: { confirmTimeoutMs: 5000 } },
		{ test: "indicators", params: { confirmTimeoutMs: 5000 } },
		{
			test: "msr",
			params: {
				card: "debit",
				trackHashes: { 1: trackHash(`%${debit.track1}?`), 2: trackHash(`;${debit.track2}?`), 3: trackHash(`;${debit.track3}?`) },
			},
		},
		{ test: "contact", params: { card: "pboc-debit", insertTimeoutMs: 5000, removeTimeoutMs: 5000 } },
		{ test: "contactless", params: { card: "quickpass", chip: "PN532", tapTimeoutMs: 5000, removeTimeoutMs: 5000 } },
		{ test: "printer", params: { confirmTimeoutMs: 5000 } },
	],
};

export interface StationRun {
	readonly unit: SimUnit<VirtualClock>;
	readonly report: StationReport;
}

export async function runSimStation(
	faults: SimFaults = {},
	plan: TestPlan = PORTABLE_PLAN,
	storageImage?: StorageImage,
): Promise<StationRun> {
	const clock = new VirtualClock(STATION_START_MS);
	const unit = startSimUnit({
		board: TEST_BOARD,
		clock,
		network: offlineNetwork,
		random: new SeededRandom(11),
		faults,
		...(storageImage ? { storageImage } : {}),
	});
	await settle(clock, unit.booted);
	const client = new JigClient(unit.transport, clock);
	const operator = new SimOperator({ hal: unit.hal, printer: unit.printer, card: debit, readers: unit.readers });
	const report = await settle(
		clock,
		runStation({ client, clock, plan, operator, stationId: "ST-01", operatorName: "op-7", serial: "PT-00000001" }),
	);
	client.close();
	return { unit, report };
}
