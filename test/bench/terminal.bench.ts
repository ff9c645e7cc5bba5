// The foundation's costs on XS: booting the terminal to its idle screen, and one key press to a new screen.

import { bench, measurementRows } from "../xs/bench.js";
import { TEST_BOARD } from "../support/test-board.js";
import { createSimHal } from "../../host-sim/hal/sim-hal.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import { startTerminal } from "../../src/terminal.js";

// A unit whose keys were injected at the factory: every boot reads them back from the element's store.
let vault: SimSecureElement["vault"] | undefined;
const newHal = () => createSimHal(TEST_BOARD, { clock: new VirtualClock(0), network: offlineNetwork, random: new SeededRandom(1), secure: (io) => {
	const element = new SimSecureElement(io, vault ? { vault } : {});
	vault = element.vault;
	return element.element;
} });

const boot = bench.measure("boot to the idle screen", 200, () => {
	startTerminal(newHal()).stop();
});
const hal = newHal();
const terminal = startTerminal(hal);
const keys = ["1", "2", "3", "F1"] as const;
let k = 0;
const key = bench.measure("key press → new screen", 2000, () => {
	hal.keypad.press(keys[k++ & 3]!);
});
terminal.stop();
bench.table("terminal (foundation)", measurementRows([boot, key]));
