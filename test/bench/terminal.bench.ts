// The terminal's costs on XS: booting a provisioned terminal to the operator sign-on (journal replay
// included), and one key press to a new screen, with the JavaScript band rasteriser and with the display
// list only (without-rasterisation.ts), and what a key press allocates (bench.allocation). With the
// rasteriser the panel is the simulator's framebuffer (its copy of each band counted, as before); the display
// list rows draw on a panel that takes the bands and does nothing, as the device's native driver costs the
// firmware's JavaScript nothing.

import { bench, measurementRows } from "../xs/bench.js";
import { TEST_BOARD } from "../support/test-board.js";
import { createSimHal } from "../../host-sim/hal/sim-hal.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import type { StorageImage } from "../../host-sim/hal/memory-storage.js";
import { startTerminal } from "../../src/terminal.js";
import type { Display } from "../../hal/display.js";
import { withoutRasterisation } from "../support/without-rasterisation.js";

// A unit whose keys were injected at the factory: every boot reads them back from the element's store.
let vault: SimSecureElement["vault"] | undefined;
const newHal = (storageImage?: StorageImage) =>
	createSimHal(TEST_BOARD, {
		clock: new VirtualClock(0),
		network: offlineNetwork,
		random: new SeededRandom(1),
		secure: (io) => {
			const element = new SimSecureElement(io, vault ? { vault } : {});
			vault = element.vault;
			return element.element;
		},
		...(storageImage ? { storageImage } : {}),
	});

// First boot provisions the factory operators (three PBKDF2 hashes); later boots only read them.
const first = newHal();
startTerminal(first).stop();
const provisioned = first.storage.image();

const boot = bench.measure("boot a provisioned terminal to sign-on", 100, () => {
	startTerminal(newHal(provisioned)).stop();
});
const keys = ["1", "CLEAR", "F1"] as const;
/** A terminal on its login screen and a key press on it: 1, CLEAR and F1 (the language: a whole redraw) in turn. */
function keyPresses(panel?: (display: Display) => Display): { press: () => void; stop: () => void } {
	const hal = newHal(provisioned);
	const terminal = startTerminal(panel ? { ...hal, display: panel(hal.display) } : hal);
	let k = 0;
	return { press: () => hal.keypad.press(keys[k++ % 3]!), stop: () => terminal.stop() };
}
const nativePanel = (d: Display): Display => ({
	width: d.width,
	height: d.height,
	format: d.format,
	beginFrame() {},
	write() {},
	endFrame() {},
});

// Budgets (issue 15) on the device's path, the display list (Poco draws it natively): a key press reaches the
// screen within 15 ms; ≤ 200 slots and ≤ 4 KB allocated per key press (host-sim/tools/xs-alloc.ts). The JavaScript
// band rasteriser is host-sim's reference: measured, without a budget.
const rasterised = keyPresses();
const key = bench.measure("key press → new screen (JS band raster)", 2000, rasterised.press);
bench.allocation("key press → new screen (JS band raster)", 30, rasterised.press);
rasterised.stop();
const listOnly = keyPresses(nativePanel);
const keyListOnly = await withoutRasterisation(() => {
	const measured = bench.measure("key press → new screen (display list only)", 2000, listOnly.press, { budgetMs: 15 });
	bench.allocation("key press → new screen (display list only)", 30, listOnly.press, { budgeted: true });
	return measured;
});
listOnly.stop();
bench.table("terminal", measurementRows([boot, key, keyListOnly]));
