// A whole terminal for portable tests (both engines): the simulator's HAL on a virtual clock, the acquirer
// simulator in-process, the printer attached, parameters saved; keys, swipes and chip cards; `until` lets
// virtual time pass until the terminal reaches a state.

import { assert } from "./assert.js";
import { InProcessAcquirer } from "./in-process-acquirer.js";
import { TEST_BOARD } from "./test-board.js";
import type { KeyCode } from "../../hal/keypad.js";
import { TEST_CARDS, type TestCardName } from "../../host-sim/cards/test-cards.js";
import { virtualTestCard, type ChipSpec } from "../../host-sim/chip/virtual-test-cards.js";
import { createSimHal, type SimHal } from "../../host-sim/hal/sim-hal.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { synthesizeSwipe } from "../../host-sim/magstripe/swipe-synth.js";
import { attachPrinter } from "../../host-sim/printer/attach-printer.js";
import type { PrinterEmulator } from "../../host-sim/printer/printer-emulator.js";
import { NO_CJK_FONT } from "../../host-sim/printer/printer-fonts.js";
import { saveParams } from "../../src/params/param-store.js";
import { defaultParams, type Params } from "../../src/params/schema.js";
import { startTerminal, type Terminal } from "../../src/terminal.js";

export interface PortableTerminal {
	readonly clock: VirtualClock;
	readonly acquirer: InProcessAcquirer;
	readonly hal: SimHal<VirtualClock>;
	readonly terminal: Terminal;
	/** The printer emulator: its paper holds what was printed (Chinese shown as #, NO_CJK_FONT). */
	readonly printer: PrinterEmulator;
	keys(...sequence: string[]): void;
	swipe(card: TestCardName): void;
	insert(spec: ChipSpec): void;
	/** Brings a card into the contactless field (it stays there). */
	tap(spec: ChipSpec): void;
	until(done: () => boolean): Promise<void>;
	/** The screen's lines as text. */
	screen(): string;
}

/** The acquirer's side of a test terminal: an offline floor limit in its IC parameters (in-process-acquirer.ts). */
export interface AcquirerOptions {
	readonly floorLimitFen?: number;
}

export function portableTerminal(params: Partial<Params> = {}, options: AcquirerOptions = {}): PortableTerminal {
	const clock = new VirtualClock(VIRTUAL_EPOCH_MS);
	const acquirer = new InProcessAcquirer({ clock, ...options });
	const hal = createSimHal(TEST_BOARD, {
		clock,
		network: acquirer,
		random: new SeededRandom(3),
		secure: (io) => new SimSecureElement(io).element,
	});
	const printer = attachPrinter(hal.printer, clock, { decodeGbk: () => "#", cjkFont: NO_CJK_FONT });
	assert.ok(saveParams(hal.storage.records, defaultParams(), { slipCopies: 1, ...params }).ok);
	const terminal = startTerminal(hal, { passwordIterations: 4 });
	return {
		clock,
		acquirer,
		hal,
		terminal,
		printer,
		keys(...sequence) {
			for (const k of sequence) for (const key of /^[0-9]{2,}$/.test(k) ? [...k] : [k]) hal.keypad.press(key as KeyCode);
		},
		swipe(card) {
			const swipe = synthesizeSwipe([{ track: 2, data: TEST_CARDS[card].track2 }], {}, clock.monotonicMs());
			assert.ok(swipe.ok);
			if (swipe.ok) hal.magstripe.swipe(swipe.value);
		},
		insert(spec) {
			hal.contact!.insert(virtualTestCard(spec));
		},
		tap(spec) {
			hal.contactless!.tap(virtualTestCard(spec));
		},
		async until(done) {
			for (let i = 0; i < 5000 && !done(); i++) {
				for (let j = 0; j < 50; j++) await Promise.resolve();
				clock.advance(Math.max(1, (clock.nextDueMs ?? clock.monotonicMs() + 100) - clock.monotonicMs()));
			}
			assert.ok(done(), `stuck in ${terminal.state.kind}`);
		},
		screen() {
			return terminal.screen.lines.map((l) => l.text).join("\n");
		},
	};
}

/** Operator 01 signs on; the daily sign-in runs; back at idle. */
export async function signedOnTerminal(params: Partial<Params> = {}, options: AcquirerOptions = {}): Promise<PortableTerminal> {
	const t = portableTerminal(params, options);
	t.keys("01", "ENTER", "0000", "ENTER");
	await t.until(() => t.terminal.state.kind === "idle" || t.terminal.state.kind === "notice");
	if (t.terminal.state.kind === "notice") t.keys("ENTER");
	return t;
}
