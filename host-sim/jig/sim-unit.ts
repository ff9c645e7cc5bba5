// A unit on the simulator with its jig line connected, for `posterm jig --sim` and the tests: the
// simulator's HAL with the ESC/POS printer emulator on the printer UART, booted through the factory gate
// (the jig-detect strap asserted, unless told otherwise), with faults injected where the fault list says.
// Platform-free.

import type { BoardDescription } from "../../hal/board.js";
import type { Clock } from "../../hal/clock.js";
import type { Hal } from "../../hal/hal.js";
import type { Rect } from "../../hal/geometry.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { FluxSwipe, Swipe } from "../../hal/magstripe.js";
import type { NetworkLink } from "../../hal/network.js";
import type { RandomSource } from "../../hal/random.js";
import type { SecureElement, SecureElementIo } from "../../hal/secure-element.js";
import { bootWithFactoryGate, type FactoryBoot } from "../../src/factory/factory-boot.js";
import type { BuildInfo } from "../../src/factory/factory-session.js";
import type { Terminal } from "../../src/terminal.js";
import { simCardReaders, type SimCardReaders } from "../chip/sim-card-readers.js";
import { startApplication } from "../sim/application-start.js";
import type { StorageImage } from "../hal/memory-storage.js";
import { SeededRandom } from "../hal/seeded-random.js";
import { SimSecureElement } from "../hal/secure-element.js";
import { createSimHal, type SimHal } from "../hal/sim-hal.js";
import { SimMagstripeHead } from "../hal/sim-magstripe.js";
import { attachPrinter } from "../printer/attach-printer.js";
import type { PrinterEmulator } from "../printer/printer-emulator.js";
import { DEVELOPMENT_ENTRY_KEY } from "./development-entry-key.js";
import type { JigTransport } from "./jig-transport.js";

/** Faults a test station must catch, each in exactly one test. */
export interface SimFaults {
	/** A key held down from boot (keypad: STUCK_KEY). */
	readonly stuckKey?: KeyCode;
	/** Pixels that stay black whatever is written (display: DISPLAY_MISMATCH). */
	readonly deadRegion?: Rect;
	/** The printer's roll is out (printer: PAPER_OUT). */
	readonly paperOut?: boolean;
	/** The magnetic head delivers noise instead of the card (msr: a track status code). */
	readonly noisyHead?: boolean;
	/** The case is open: the tamper line is set (secure: TAMPER). */
	readonly tamper?: boolean;
	/** The chip test card gives no ATR (contact: CARD_MUTE). */
	readonly muteChip?: boolean;
	/** The NFC front end does not answer on its bus (contactless: FRONT_END). */
	readonly nfcSilent?: boolean;
}

export interface SimUnitOptions<C extends Clock> {
	readonly board: BoardDescription;
	readonly clock: C;
	readonly network: NetworkLink;
	readonly random: RandomSource;
	/** Defaults to the simulator's secure element with no keys injected: a new unit. */
	readonly secure?: SecureElement | ((io: SecureElementIo) => SecureElement);
	readonly storageImage?: StorageImage;
	readonly faults?: SimFaults;
	/** The jig-detect strap (default true); without it the jig must send ENTER_FACTORY in the window. */
	readonly jigDetected?: boolean;
	readonly entryWindowMs?: number;
}

export interface SimUnit<C extends Clock> {
	readonly hal: SimUnitHal<C>;
	readonly printer: PrinterEmulator;
	/** The chip readers' slot and field, with the engines the unit's Hal holds. */
	readonly readers: SimCardReaders;
	/** The jig's end of the jig line. */
	readonly transport: JigTransport;
	/** Settles when the gate has decided and factory mode (or the application) runs. */
	readonly booted: Promise<FactoryBoot>;
	/** Stops factory mode or the application, with their timers. */
	stop(): Promise<void>;
}

const SIM_BUILD: BuildInfo = { git: "simulator", type: "debug" };

/** A head whose every swipe comes out as noise: random intervals, no F2F structure. */
class NoisyHead extends SimMagstripeHead {
	readonly #random = new SeededRandom(7);

	override swipe(swipe: Swipe): void {
		if (swipe.kind !== "flux") return super.swipe(swipe);
		const noisy: FluxSwipe = {
			...swipe,
			channels: swipe.channels.map((channel) => ({
				...channel,
				intervalsUs: channel.intervalsUs.map(() => 20 + (this.#random.next() % 400)),
			})),
		};
		super.swipe(noisy);
	}
}

/** The simulator's HAL with the readers the jig tests: engines over emulated chips (TDA8035, PN532), not virtual readers. */
export type SimUnitHal<C extends Clock> = Omit<SimHal<C>, "contact" | "contactless"> & Pick<Hal, "contact" | "contactless">;

export function startSimUnit<C extends Clock>(options: SimUnitOptions<C>): SimUnit<C> {
	const { board, clock, faults = {} } = options;
	const base = createSimHal(board, {
		clock,
		network: options.network,
		random: options.random,
		secure: options.secure ?? ((io) => new SimSecureElement(io, { defaultKeys: false }).element),
		...(options.storageImage ? { storageImage: options.storageImage } : {}),
		readers: { contact: false, contactless: false },
	});
	const readers = simCardReaders(clock, {
		contactCardFaults: faults.muteChip ? { mute: true } : {},
		nfcSilent: faults.nfcSilent === true,
	});
	const hal: SimUnitHal<C> = {
		...base,
		...(faults.noisyHead ? { magstripe: new NoisyHead() } : {}),
		contact: readers.contact,
		contactless: readers.contactless,
	};
	hal.jig.detected = options.jigDetected ?? true;
	// Platform-free stand-ins for the emulator's GBK decoder and CJK font: the factory test page is ASCII.
	const printer = attachPrinter(hal.printer, clock, {
		decodeGbk: () => undefined,
		cjkFont: { glyph16: () => undefined },
		widthDots: board.printer.dots,
	});
	if (faults.paperOut) printer.paperOut();
	if (faults.tamper) hal.power.tamper();
	const dead = faults.deadRegion;
	if (dead) hal.display.onFrame(() => blacken(hal, dead));
	let terminal: Terminal | undefined;
	const booted = bootWithFactoryGate(
		hal,
		{ entryKey: DEVELOPMENT_ENTRY_KEY, windowMs: options.entryWindowMs ?? 500 },
		{ board, build: SIM_BUILD },
		() => {
			terminal = startApplication(hal);
		},
	).then((boot) => {
		if (faults.stuckKey) hal.keypad.down(faults.stuckKey);
		return boot;
	});
	const end = hal.jig.jigEnd;
	const transport: JigTransport = {
		send: (line) => end.send(line),
		onLine: (handler) => end.onLine(handler),
		close: () => Promise.resolve(),
	};
	const stop = async () => {
		(await booted).session?.stop();
		terminal?.stop();
	};
	return { hal, printer, readers, transport, booted, stop };
}

function blacken(hal: Pick<SimHal, "display">, rect: Rect): void {
	const { display } = hal;
	for (let y = rect.y; y < Math.min(display.height, rect.y + rect.h); y++) {
		for (let x = rect.x; x < Math.min(display.width, rect.x + rect.w); x++) {
			if (display.format === "rgb565") display.pixels.fill(0, (y * display.width + x) * 2, (y * display.width + x) * 2 + 2);
			else display.pixels[y * ((display.width + 7) >> 3) + (x >> 3)]! &= ~(0x80 >> (x & 7));
		}
	}
}
