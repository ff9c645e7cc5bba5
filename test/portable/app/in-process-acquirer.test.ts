// The acquirer simulator in-process (test/support/in-process-acquirer.ts), as the whole-sale benchmark runs it
// in XS: the terminal signs in over it and sells with a PIN, and the host's books follow, in both engines.

import { assert } from "../../support/assert.js";
import { InProcessAcquirer } from "../../support/in-process-acquirer.js";
import { TEST_BOARD } from "../../support/test-board.js";
import type { KeyCode } from "../../../hal/keypad.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";
import { createSimHal } from "../../../host-sim/hal/sim-hal.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { SimSecureElement } from "../../../host-sim/hal/secure-element.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import { synthesizeSwipe } from "../../../host-sim/magstripe/swipe-synth.js";
import { attachPrinter } from "../../../host-sim/printer/attach-printer.js";
import { NO_CJK_FONT } from "../../../host-sim/printer/printer-fonts.js";
import { saveParams } from "../../../src/params/param-store.js";
import { defaultParams } from "../../../src/params/schema.js";
import { startTerminal } from "../../../src/terminal.js";

/**
 * A first sign-in downloads the IC parameters (the terminal holds none): the CA key list (0820 372), its two test
 * keys (0800 370); the AID list in two answers (382), its four AIDs (380); stored, then the two ends (371, 381).
 */
const IC_DOWNLOAD = ["0820", "0800", "0800", "0820", "0820", "0800", "0800", "0800", "0800", "0800", "0800"];

describe("the in-process acquirer", () => {
	it("signs the terminal in and approves its sale with a PIN: the host's books move by the amount", async () => {
		const clock = new VirtualClock(VIRTUAL_EPOCH_MS);
		const acquirer = new InProcessAcquirer({ clock });
		const hal = createSimHal(TEST_BOARD, {
			clock,
			network: acquirer,
			random: new SeededRandom(3),
			secure: (io) => new SimSecureElement(io).element,
		});
		attachPrinter(hal.printer, clock, { decodeGbk: () => "#", cjkFont: NO_CJK_FONT });
		assert.ok(saveParams(hal.storage.records, defaultParams(), { slipCopies: 1 }).ok);
		const terminal = startTerminal(hal, { passwordIterations: 4 });
		const keys = (...sequence: string[]) => {
			for (const k of sequence) for (const key of /^[0-9]{2,}$/.test(k) ? [...k] : [k]) hal.keypad.press(key as KeyCode);
		};
		const until = async (done: () => boolean) => {
			for (let i = 0; i < 5000 && !done(); i++) {
				for (let j = 0; j < 50; j++) await Promise.resolve();
				clock.advance(Math.max(1, (clock.nextDueMs ?? clock.monotonicMs() + 100) - clock.monotonicMs()));
			}
			assert.ok(done(), `stuck in ${terminal.state.kind}`);
		};
		const pan = TEST_CARDS.debit.pan;
		const before = acquirer.engine.books.accounts[pan]!.balanceFen;

		keys("01", "ENTER", "0000", "ENTER");
		await until(() => terminal.state.kind === "idle" || terminal.state.kind === "notice");
		if (terminal.state.kind === "notice") keys("ENTER");
		assert.deepEqual(acquirer.answered, ["0800", ...IC_DOWNLOAD]);

		keys("ENTER", "1");
		const swipe = synthesizeSwipe([{ track: 2, data: TEST_CARDS.debit.track2 }], {}, clock.monotonicMs());
		assert.ok(swipe.ok);
		if (swipe.ok) hal.magstripe.swipe(swipe.value);
		keys("ENTER", "1000", "ENTER");
		await until(() => {
			const s = terminal.state;
			return s.kind === "txn" && s.step.kind === "pin" && !terminal.busy;
		});
		keys(TEST_CARDS.debit.pin, "ENTER");
		await until(() => terminal.state.kind === "notice");
		terminal.stop();
		assert.deepEqual(acquirer.answered, ["0800", ...IC_DOWNLOAD, "0200"]);
		assert.equal(acquirer.engine.books.accounts[pan]!.balanceFen, before - 1000);
	});
});
