// End-to-end harness: the firmware on the simulator HAL (virtual time, real TCP) against the acquirer host
// simulator on 127.0.0.1, with the test secure element and swipes from the synthesizer.

import { AcquirerHost } from "../../../host-sim/acquirer/acquirer-host.js";
import { defaultAcquirerConfig } from "../../../host-sim/acquirer/acquirer-config.js";
import type { FaultRule } from "../../../host-sim/acquirer/fault-plan.js";
import { TEST_CARDS, type TestCardName } from "../../../host-sim/cards/test-cards.js";
import { createSimHal, type SimHal } from "../../../host-sim/hal/sim-hal.js";
import { MemoryRecordStore, type StorageImage } from "../../../host-sim/hal/memory-storage.js";
import { PowerCutPlan } from "../../../host-sim/hal/power-cut.js";
import { RunScope } from "../../../host-sim/hal/run-scope.js";
import { ScopedClock } from "../../../host-sim/hal/scoped-clock.js";
import { ScopedNetwork } from "../../../host-sim/hal/scoped-network.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { TcpNetwork } from "../../../host-sim/hal/tcp-network.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import { synthesizeSwipe } from "../../../host-sim/magstripe/swipe-synth.js";
import type { KeyCode } from "../../../hal/keypad.js";
import { startTerminal, type Terminal } from "../../../src/terminal.js";
import { screenText } from "../../../src/ui/screen.js";
import { SimSecureElement } from "../../../host-sim/hal/secure-element.js";
import { attachDesktopPrinter } from "../../../host-sim/printer/desktop-printer.js";
import type { PrinterEmulator } from "../../../host-sim/printer/printer-emulator.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { saveParams } from "../../../src/params/param-store.js";
import { defaultParams } from "../../../src/params/schema.js";

export interface Rig {
	readonly host: AcquirerHost;
	/** The virtual clock the terminal's runs and the acquirer simulator share (advance it to let time pass). */
	readonly clock: VirtualClock;
	hal: SimHal<ScopedClock>;
	/** The ESC/POS printer emulator on the printer UART. */
	printer: PrinterEmulator;
	terminal: Terminal;
	keys(...sequence: (KeyCode | string)[]): void;
	swipe(card: TestCardName): void;
	text(): string;
	/** Waits (real time, bounded) until `predicate` holds. */
	until(predicate: () => boolean, what: string, ms?: number): Promise<void>;
	/** Boots the terminal again on the durable storage (after a power cut). */
	reboot(powerCut?: PowerCutPlan): void;
	stop(): Promise<void>;
}

export interface RigOptions {
	/** UTC ms at virtual time 0 (default VIRTUAL_EPOCH_MS, mid-morning at UTC+8). */
	readonly startMs?: number;
}

/** The terminal and the acquirer simulator share one virtual clock that starts at a fixed time. */
export async function startRig(params: Record<string, unknown> = {}, host?: AcquirerHost, options: RigOptions = {}): Promise<Rig> {
	const acquirer = host ?? (await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0 }));
	const network = new TcpNetwork();
	const clock = new VirtualClock(options.startMs ?? VIRTUAL_EPOCH_MS);
	acquirer.followClock(clock);
	let run = new RunScope();
	const build = (image?: StorageImage, powerCut?: PowerCutPlan) => {
		// The element keeps its keys in a store of its own; a reboot finds them again.
		const hal = createSimHal(TEST_BOARD, { clock: new ScopedClock(clock, run), network: new ScopedNetwork(network, run), random: new SeededRandom(5), secure: (io) => new SimSecureElement(io, { vault: keyStore }).element, ...(image ? { storageImage: image } : {}), ...(powerCut ? { powerCut } : {}) });
		return { hal, printer: attachDesktopPrinter(hal.printer, hal.clock) };
	};
	const keyStore = new MemoryRecordStore(new PowerCutPlan());
	let { hal, printer } = build();
	const saved = saveParams(hal.storage.records, defaultParams(), { acquirerPort: acquirer.port, slipCopies: 1, ...params });
	if (!saved.ok) throw new Error(`test parameters: ${JSON.stringify(saved.error)}`);
	let terminal = startTerminal(hal, { passwordIterations: 4 });
	const rig: Rig = {
		host: acquirer,
		clock,
		get hal() { return hal; },
		get terminal() { return terminal; },
		get printer() { return printer; },
		keys(...sequence) {
			for (const k of sequence) {
				for (const key of k.length > 1 && /^[0-9]+$/.test(k) ? [...k] : [k]) hal.keypad.press(key as KeyCode);
			}
		},
		swipe(name) {
			const card = TEST_CARDS[name];
			const swipe = synthesizeSwipe([{ track: 1, data: card.track1 }, { track: 2, data: card.track2 }, ...(card.track3 ? [{ track: 3 as const, data: card.track3 }] : [])]);
			if (!swipe.ok) throw new Error(`swipe synthesis failed for ${name}`);
			hal.magstripe.swipe(swipe.value);
		},
		text: () => screenText(terminal.screen),
		async until(predicate, what, ms = 5000) {
			const deadline = Date.now() + ms;
			while (!predicate()) {
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screenText(terminal.screen)}`);
				await new Promise((resolve) => setTimeout(resolve, 2));
				// Printing takes (virtual) time: the printer emulator moves paper on the clock.
				if (terminal.state.kind === "printing") clock.advance(50);
			}
		},
		reboot(powerCut) {
			terminal.stop();
			run.end();
			run = new RunScope();
			const image = hal.storage.image();
			({ hal, printer } = build(image, powerCut));
			terminal = startTerminal(hal, { passwordIterations: 4 });
		},
		async stop() {
			terminal.stop();
			run.end();
			if (!host) await acquirer.stop();
		},
	};
	return rig;
}

/** Operator 01 signs on; the daily sign-in runs; the terminal is idle. */
export async function signOn(rig: Rig): Promise<void> {
	rig.keys("01", "ENTER", "0000", "ENTER");
	await rig.until(() => rig.terminal.state.kind === "idle" || rig.terminal.state.kind === "notice", "idle after sign-in");
	if (rig.terminal.state.kind === "notice") rig.keys("ENTER");
}

/** A sale from the main menu: swipe, confirm, amount, PIN. */
export async function sale(rig: Rig, card: TestCardName, amount: string, pin = TEST_CARDS[card].pin): Promise<void> {
	rig.keys("ENTER", "1");
	rig.swipe(card);
	rig.keys("ENTER", amount, "ENTER");
	await pinPause(rig);
	rig.keys(pin, "ENTER");
	await rig.until(() => rig.terminal.state.kind === "notice" || rig.terminal.state.kind === "needs-sign-in", "the sale's result");
}

export function faults(rig: Rig, ...rules: FaultRule[]): void {
	for (const rule of rules) rig.host.inject(rule);
}

/** PCI PTS paces PIN entries at least 3 s apart: let virtual time pass so a waiting PIN entry starts. */
export async function pinPause(rig: Rig): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
	rig.clock.advance(3000);
	await new Promise((resolve) => setImmediate(resolve));
}
