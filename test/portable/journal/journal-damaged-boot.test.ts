import { assert } from "../../support/assert.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { createSimHal } from "../../../host-sim/hal/sim-hal.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { offlineNetwork } from "../../../host-sim/hal/offline-network.js";
import { SimSecureElement } from "../../../host-sim/hal/secure-element.js";
import { Journal } from "../../../src/journal/journal.js";
import { startTerminal } from "../../../src/terminal.js";
import { screenText } from "../../../src/ui/screen.js";
import type { KeyCode } from "../../../hal/keypad.js";
import { workload } from "./journal-fixtures.js";
import { recordAt } from "./journal-bit-flip.js";

// 2026-11-21 09:30:00 in Beijing (UTC+8).
const BOOT_UTC = Date.UTC(2026, 10, 21, 1, 30, 0);

describe("terminal boot on a damaged journal", () => {
	it("shows what was lost and leaves the screen only on the supervisor's password", () => {
		const hal = createSimHal(TEST_BOARD, {
			clock: new VirtualClock(BOOT_UTC),
			network: offlineNetwork,
			random: new SeededRandom(1),
			secure: (io) => new SimSecureElement(io).element,
		});
		const partition = hal.storage.partition("journal")!;
		const opened = Journal.open(partition);
		assert.ok(opened.ok);
		if (!opened.ok) return;
		for (const step of workload(3, 5000)) assert.ok(opened.value.journal.commit(step(opened.value.journal)).ok);
		// Record 5 (sale 2 approved, its reversal cleared) is programmed to zero: beyond repair. Sale 2 was
		// rewritten whole after it (printed); sale 1, written before, may have been changed by it.
		const read = partition.read(0, partition.sectorBytes);
		assert.ok(read.ok);
		if (!read.ok) return;
		const record = recordAt(read.value, 5);
		assert.ok(partition.write(record.offset, new Uint8Array(record.length)).ok);

		const terminal = startTerminal(hal, { passwordIterations: 4 });
		const keys = (...sequence: KeyCode[]) => sequence.forEach((k) => hal.keypad.press(k));
		const text = () => screenText(terminal.screen);
		assert.equal(terminal.state.kind, "journal-damaged");
		assert.ok(text().includes("流水损坏") && text().includes("记录 5 丢失") && text().includes("状态不明: 000001"), text());
		assert.ok(!text().includes("000002"), text());
		keys("F1");
		assert.ok(
			text().includes("Journal damaged") && text().includes("Records 5 lost") && text().includes("State unknown: 000001"),
			text(),
		);
		keys("F1", "0", "1", "ENTER");
		assert.equal(terminal.state.kind, "journal-damaged");
		keys("CANCEL", "1", "2", "3", "4", "5", "6", "ENTER");
		assert.equal(terminal.state.kind, "login-operator");
		terminal.stop();
	});
});
