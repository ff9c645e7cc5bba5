// The terminal on the desktop: the firmware on the simulator's HAL with real time, real TCP and the OS
// random source, on one board description. Both front ends (text and browser) build it this way. The
// secure element holds the default TEST keys (host-sim/keys/default-keys.ts), as if from key injection.
// The acquirer's address is stored as the terminal's parameters before the first boot, as a terminal
// leaves the factory configured for its acquirer.

import type { BoardDescription } from "../../hal/board.js";
import type { Terminal } from "../../src/terminal.js";
import type { Language } from "../../src/text/language.js";
import { nodeRandom } from "../hal/node-random.js";
import { SimSecureElement } from "../hal/secure-element.js";
import { RealClock } from "../hal/real-clock.js";
import type { MemoryRecordStore, StorageImage } from "../hal/memory-storage.js";
import { RunScope } from "../hal/run-scope.js";
import { ScopedClock } from "../hal/scoped-clock.js";
import { ScopedNetwork } from "../hal/scoped-network.js";
import { createSimHal, type SimHal } from "../hal/sim-hal.js";
import { TcpNetwork } from "../hal/tcp-network.js";
import { startApplication } from "./application-start.js";
import { saveParams } from "../../src/params/param-store.js";
import { defaultParams } from "../../src/params/schema.js";
import { attachDesktopPrinter } from "../printer/desktop-printer.js";
import type { PrinterEmulator } from "../printer/printer-emulator.js";

export interface DesktopTerminal {
	readonly hal: SimHal<ScopedClock>;
	/** The link itself (the page's network switch); the firmware has this run's view of it. */
	readonly network: TcpNetwork;
	readonly terminal: Terminal;
	/** The ESC/POS printer emulator on the printer UART (paper, status, paper-out and cover controls). */
	readonly printer: PrinterEmulator;
	/** The secure element's own non-volatile store: its keys and tamper state outlive a power cut. */
	readonly vault: MemoryRecordStore;
	/** The power goes off: the firmware stops, and its timers and connections end with this run. */
	powerOff(): void;
}

/** What survives a power cut: the terminal's storage and the secure element's store. */
export interface PowerCycled {
	readonly storage: StorageImage;
	readonly vault: MemoryRecordStore;
}

/** Where the terminal finds its acquirer (parameters acquirerHost, acquirerPort). */
export interface AcquirerAddress {
	readonly host: string;
	readonly port: number;
}

/**
 * `acquirer`: stored before the first boot (the parameters' defaults otherwise); `previous`: what the previous
 * run left when it lost power (the browser's power-cut button), parameters included.
 */
export function startDesktopTerminal(
	board: BoardDescription,
	language: Language,
	acquirer?: AcquirerAddress,
	previous?: PowerCycled,
): DesktopTerminal {
	const network = new TcpNetwork();
	const run = new RunScope();
	let vault: MemoryRecordStore | undefined;
	const hal = createSimHal(board, {
		clock: new ScopedClock(new RealClock(), run),
		network: new ScopedNetwork(network, run),
		random: nodeRandom,
		secure: (io) => {
			const element = new SimSecureElement(io, previous ? { vault: previous.vault } : {});
			vault = element.vault;
			return element.element;
		},
		...(previous ? { storageImage: previous.storage } : {}),
	});
	if (acquirer && !previous) {
		const saved = saveParams(hal.storage.records, defaultParams(), { acquirerHost: acquirer.host, acquirerPort: acquirer.port });
		if (!saved.ok) throw new RangeError(`acquirer address: ${JSON.stringify(saved.error)}`);
	}
	const printer = attachDesktopPrinter(hal.printer, hal.clock);
	const terminal = startApplication(hal, { language });
	const powerOff = () => {
		terminal.stop();
		run.end();
	};
	return { hal, network, terminal, printer, vault: vault!, powerOff };
}
