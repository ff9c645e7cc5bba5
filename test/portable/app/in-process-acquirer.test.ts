// The acquirer simulator in-process (test/support/in-process-acquirer.ts), as the whole-sale benchmark runs it
// in XS: the terminal signs in over it and sells with a PIN, and the host's books follow, in both engines.

import { assert } from "../../support/assert.js";
import { portableTerminal } from "../../support/portable-terminal.js";
import { TEST_CARDS } from "../../../host-sim/cards/test-cards.js";

/**
 * A first sign-in downloads the IC parameters (the terminal holds none): the CA key list (0820 372), its two test
 * keys (0800 370); the AID list in two answers (382), its four AIDs (380); stored, then the two ends (371, 381).
 */
const IC_DOWNLOAD = ["0820", "0800", "0800", "0820", "0820", "0800", "0800", "0800", "0800", "0800", "0800"];

describe("the in-process acquirer", () => {
	it("signs the terminal in and approves its sale with a PIN: the host's books move by the amount", async () => {
		const { acquirer, terminal, keys, swipe, until } = portableTerminal();
		const pan = TEST_CARDS.debit.pan;
		const before = acquirer.engine.books.accounts[pan]!.balanceFen;

		keys("01", "ENTER", "0000", "ENTER");
		await until(() => terminal.state.kind === "idle" || terminal.state.kind === "notice");
		if (terminal.state.kind === "notice") keys("ENTER");
		assert.deepEqual(acquirer.answered, ["0800", ...IC_DOWNLOAD]);

		keys("ENTER", "1", "1000", "ENTER");
		swipe("debit");
		keys("ENTER");
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
