// Builds the device HAL from the board description. This is the one place that imports Moddable's IO
// modules; every driver receives its IO class and settings from here (the simulator build maps the same
// module names to the stand-ins in ./sim).

import Analog from "embedded:io/analog";
import Digital from "embedded:io/digital";
import PWM from "embedded:io/pwm";
import Serial from "embedded:io/serial";
import Flash from "flash";
import Net from "net";
import Preference from "preference";
import { Socket } from "socket";
import WiFi from "wifi";
import { panelPixelFormat, type BoardDescription } from "../../hal/board.js";
import type { Hal } from "../../hal/hal.js";
import type { MagstripeHead } from "../../hal/magstripe.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { SecureElement, SecureElementIo } from "../../hal/secure-element.js";
import type { FlashPartition } from "../../hal/storage.js";
import { AbsentMagstripeHead } from "./absent.js";
import { readBoard, type BoardError } from "./board.js";
import { ModdableClock } from "./clock.js";
import { createPixelsOutDisplay, type DisplayError, type PixelSink } from "./display.js";
import { PwmIndicators } from "./indicators.js";
import { SerialJigPort } from "./jig-port.js";
import { MatrixKeypad } from "./keypad.js";
import MagstripeCapture from "./magstripe/magstripe-capture.js";
import { RmtMagstripeHead } from "./magstripe/rmt-magstripe-head.js";
import fillRandom from "./native/hardware-random.js";
import { WiFiNetwork, type StationSettings } from "./network.js";
import { GpioPower } from "./power.js";
import { SerialPrinterPort } from "./printer-port.js";
import { HardwareRandom } from "./random.js";
import { ModdableFlashPartition, ModdableStorage, PreferenceRecordStore } from "./storage.js";

export interface ModdableHalOptions {
	/** Defaults to the native RMT capture (magstripe/, magstripe.md §12) on the board's magstripe channels, if any. */
	readonly magstripe?: MagstripeHead;
	/** The secure PIN element, or a factory wired to this unit's keypad, tamper line, clock and RNG (secure-element.ts). */
	readonly secure: SecureElement | ((io: SecureElementIo) => SecureElement);
	/** Defaults to the board named by the manifest `config.board`. */
	readonly board?: BoardDescription;
	/** Wi-Fi station settings; without them the network link stays down. */
	readonly station?: StationSettings;
	/** The screen PixelsOut; defaults to the `screen` global that Moddable's setup creates from `config.screen`. */
	readonly screen?: PixelSink;
	/** NVS namespace of the record store. */
	readonly domain?: string;
}

export type HalError = BoardError | DisplayError | { readonly kind: "no-screen" };

export function createModdableHal(options: ModdableHalOptions): Result<Hal, HalError> {
	let board = options.board;
	if (board === undefined) {
		const read = readBoard();
		if (!read.ok) return read;
		board = read.value;
	}
	const screen = options.screen ?? (globalThis as { screen?: PixelSink }).screen;
	if (screen === undefined) return err({ kind: "no-screen" });
	// The ILI9341/ST7789 drivers rotate in the controller (MADCTL); their width and height follow.
	if ("rotation" in screen) (screen as { rotation: number }).rotation = board.display.rotation;
	const display = createPixelsOutDisplay({ pixelsOut: screen, format: panelPixelFormat(board.display.controller), width: board.display.width, height: board.display.height });
	if (!display.ok) return display;

	const clock = new ModdableClock();
	const partitions = new Map<string, FlashPartition>();
	for (const partition of board.partitions) partitions.set(partition.name, new ModdableFlashPartition({ Flash, partition }));
	const keypad = new MatrixKeypad({ Digital, keypad: board.keypad, clock });
	const power = new GpioPower({ Digital, Analog, board, restart: () => System.restart() });
	const random = new HardwareRandom({ fillRandom });
	const secure = typeof options.secure === "function" ? options.secure({ clock, keypad, power, random }) : options.secure;
	return ok({
		clock,
		keypad,
		display: display.value,
		magstripe: options.magstripe ?? (board.magstripe.channels.length === 0 ? new AbsentMagstripeHead() : new RmtMagstripeHead({ Capture: MagstripeCapture, magstripe: board.magstripe, clock })),
		secure,
		printer: new SerialPrinterPort({ Serial, printer: board.printer }),
		storage: new ModdableStorage(new PreferenceRecordStore({ Preference, domain: options.domain ?? "posterm" }), partitions),
		network: new WiFiNetwork({ WiFi, Net, Socket, clock, ...(options.station ? { station: options.station } : {}) }),
		indicators: new PwmIndicators({ Digital, PWM, board, clock }),
		power,
		random,
		jig: new SerialJigPort({ Serial, Digital, board }),
	});
}
