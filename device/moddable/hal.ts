// Builds the device HAL from the board description. This is the one place (with main.ts) that imports
// Moddable's modules; every driver receives its IO classes, as `{ io, pin }` bundles, and its settings from
// here (the simulator build maps the same module names to the stand-ins in ./sim).

import Bitmap from "commodetto/Bitmap";
import parseBMF from "commodetto/parseBMF";
import Poco from "commodetto/Poco";
import type PixelsOut from "commodetto/PixelsOut";
import Analog from "embedded:io/analog";
import Digital from "embedded:io/digital";
import DigitalBank from "embedded:io/digitalbank";
import PWM from "embedded:io/pwm";
import Serial from "embedded:io/serial";
import Flash from "flash";
import Net from "net";
import Resource from "Resource";
import { Socket } from "socket";
import Time from "time";
import Timer from "timer";
import WiFi from "wifi";
import { adcChannelPin, panelPixelFormat, type BoardDescription, type BoardKeypad } from "../../hal/board.js";
import type { Display } from "../../hal/display.js";
import { closable, type Hal } from "../../hal/hal.js";
import type { MagstripeHead } from "../../hal/magstripe.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { SecureElement, SecureElementIo } from "../../hal/secure-element.js";
import type { FlashPartition } from "../../hal/storage.js";
import { AbsentMagstripeHead } from "./absent.js";
import type { BoardError } from "./board.js";
import { ModdableClock } from "./clock.js";
import { createPixelsOutDisplay, type DisplayError, type PixelSink } from "./display.js";
import { PwmIndicators } from "./indicators.js";
import boardCardReaders from "./card-io/board-readers.js";
import { PocoDisplay } from "./poco-display.js";
import type { AnalogClass, DigitalClass, PinIo, PreferenceModule, PwmClass, SocketClass } from "./io.js";
import { SerialJigPort } from "./jig-port.js";
import { MatrixKeypad, type ColumnBank } from "./keypad.js";
import MagstripeCapture from "./magstripe/magstripe-capture.js";
import { RmtMagstripeHead } from "./magstripe/rmt-magstripe-head.js";
import fillRandom from "./native/hardware-random.js";
import crc32 from "./native/crc32.js";
import { WiFiNetwork, type StationSettings } from "./network.js";
import { GpioPower } from "./power.js";
import { SerialPrinterPort } from "./printer-port.js";
import { HardwareRandom } from "./random.js";
import { ModdableFlashPartition, ModdableStorage, PreferenceRecordStore } from "./storage.js";
import { BAND_ROWS } from "../../src/ui/render/frame-painter.js";
import { firmwareFont } from "../../src/ui/render/screen-renderer.js";

export interface ModdableHalOptions {
	/** Defaults to the native RMT capture (magstripe/, docs/device-magstripe-capture.md) on the board's magstripe channels, if any. */
	readonly magstripe?: MagstripeHead;
	/** The secure PIN element, or a factory wired to this unit's keypad, tamper line, clock and RNG (secure-element.ts). */
	readonly secure: SecureElement | ((io: SecureElementIo) => SecureElement);
	/** The board description (main.ts reads the one the manifest's `config.board` names). */
	readonly board: BoardDescription;
	/** Wi-Fi station settings; without them the network link stays down. */
	readonly station?: StationSettings;
	/** The screen PixelsOut; defaults to the `screen` global that Moddable's setup creates from `config.screen`. */
	readonly screen?: PixelSink;
	/**
	 * Moddable's `preference`, from the entry, which is not preloaded: on lin (modules/files/preference/lin) it reads
	 * its file as it loads, so preloaded with this module it would hold the build machine's preferences in the
	 * linked heap, where JSON.stringify cannot write them back ("read only value").
	 */
	readonly Preference: PreferenceModule;
	/** NVS namespace of the record store. */
	readonly domain?: string;
}

export type HalError = BoardError | DisplayError | { readonly kind: "no-screen" } | { readonly kind: "no-font"; readonly detail: string };

// What Moddable's modules have and @moddable/typings omits: the message numbers set on the Socket class
// (Socket.connected …, modules/network/socket/socket.js) and `close()` on PWM and Analog (every ECMA-419
// IO class has it; Moddable's modules/io implements it).
const SocketIo = Socket as unknown as SocketClass;
const PwmIo = PWM as unknown as PwmClass;
const AnalogIo = Analog as unknown as AnalogClass;

/** A DigitalBank on the ESP32: bank 0 is GPIO 0–31, bank 1 GPIO 32 and up (Moddable SDK modules/io/digital/esp32). */
const BANK_PINS = 32;

/** The keypad's columns as one DigitalBank: they must share a bank so one read takes them all. */
function columnBank(keypad: BoardKeypad): ColumnBank | BoardError {
	const bank = Math.floor((keypad.columns[0] ?? 0) / BANK_PINS);
	if (keypad.columns.some((pin) => Math.floor(pin / BANK_PINS) !== bank))
		return { kind: "invalid", detail: "keypad columns must be GPIOs of one bank" };
	return { io: DigitalBank, bank, bits: keypad.columns.map((pin) => pin % BANK_PINS) };
}

function digital(pin: number): PinIo<DigitalClass> {
	return { io: Digital, pin };
}

/** Text scales the layout uses and the font resources for them (host-sim/tools/poco-font.ts writes them). */
const FONT_SCALES = [1, 2] as const;

/**
 * The panel drawn by Poco: a band of BAND_ROWS lines of Poco's pixels, as the JavaScript rasteriser would use;
 * 4 KB of display list holds a band's commands (a glyph is one command, 2 lines of 40 glyphs at most in a band).
 */
function pocoDisplay(display: Display, screen: PixelSink): Result<Display, HalError> {
	const fonts = new Map<number, object>();
	for (const scale of FONT_SCALES) {
		const name = `unifont-${16 * scale}`;
		if (!Resource.exists(`${name}.fnt`) || !Resource.exists(`${name}.bm1`))
			return err({ kind: "no-font", detail: `${name}.fnt/.bm1 are not in the build (host-sim/tools/poco-font.ts)` });
		const atlas = new Resource(`${name}.bm1`);
		const font = parseBMF(new Resource(`${name}.fnt`));
		font.bitmap = new Bitmap(16 * scale, (atlas.byteLength * 8) / (16 * scale), Bitmap.Monochrome, atlas, 0);
		fonts.set(scale, font);
	}
	const poco = new Poco(screen as unknown as PixelsOut, { pixels: screen.width * BAND_ROWS, displayListLength: 4096 });
	return ok(
		new PocoDisplay({
			display,
			poco,
			fonts,
			glyphs: firmwareFont(),
			monochrome: (width, height, bits) => new Bitmap(width, height, Bitmap.Monochrome, bits, 0),
		}),
	);
}

export function createModdableHal(options: ModdableHalOptions): Result<Hal, HalError> {
	const { board } = options;
	const columns = columnBank(board.keypad);
	if (!("io" in columns)) return err(columns);
	const batteryPin = adcChannelPin(board.battery.adcChannel);
	if (batteryPin === undefined)
		return err({ kind: "invalid", detail: `battery.adcChannel ${board.battery.adcChannel} is not an ESP32-S3 ADC1 channel` });
	const screen = options.screen ?? (globalThis as { screen?: PixelSink }).screen;
	if (screen === undefined) return err({ kind: "no-screen" });
	// The ILI9341/ST7789 drivers rotate in the controller (MADCTL); their width and height follow.
	if ("rotation" in screen) (screen as { rotation: number }).rotation = board.display.rotation;
	const display = createPixelsOutDisplay({
		pixelsOut: screen,
		format: panelPixelFormat(board.display.controller),
		width: board.display.width,
		height: board.display.height,
	});
	if (!display.ok) return display;
	const painting = pocoDisplay(display.value, screen);
	if (!painting.ok) return painting;

	const clock = new ModdableClock({ Time, Timer, now: () => Date.now() });
	const partitions = new Map<string, FlashPartition>();
	for (const partition of board.partitions) partitions.set(partition.name, new ModdableFlashPartition({ Flash, partition }));
	const keypad = new MatrixKeypad({ rows: board.keypad.rows.map(digital), columns, keypad: board.keypad, clock });
	const power = new GpioPower({
		battery: { io: AnalogIo, pin: batteryPin, dividerRatio: board.battery.dividerRatio },
		charging: digital(board.battery.charging),
		tamper: { ...digital(board.tamper.pin), activeLow: board.tamper.activeLow },
		restart: () => System.restart(),
	});
	const random = new HardwareRandom({ fillRandom });
	const secure = typeof options.secure === "function" ? options.secure({ clock, keypad, power, random }) : options.secure;
	// The chip readers, where the board has them: over I2C on the device, relayed to the desktop in the simulator.
	const readers = board.cardReaders === undefined ? {} : boardCardReaders(board.cardReaders, clock);
	const leds: { [name: string]: PinIo<DigitalClass> } = {};
	for (const name of Object.keys(board.leds)) leds[name] = digital(board.leds[name]!);
	return ok(
		closable({
			clock,
			keypad,
			display: painting.value,
			magstripe:
				options.magstripe ??
				(board.magstripe.channels.length === 0
					? new AbsentMagstripeHead()
					: new RmtMagstripeHead({ Capture: MagstripeCapture, magstripe: board.magstripe, clock })),
			secure,
			printer: new SerialPrinterPort({ serial: { io: Serial, ...board.printer.uart }, flowControl: board.printer.flowControl }),
			storage: new ModdableStorage(
				new PreferenceRecordStore({ Preference: options.Preference, domain: options.domain ?? "posterm" }),
				partitions,
				crc32,
			),
			network: new WiFiNetwork({ WiFi, Net, Socket: SocketIo, clock, ...(options.station ? { station: options.station } : {}) }),
			indicators: new PwmIndicators({
				beeper: { io: PwmIo, pin: board.beeper.pin },
				leds,
				...(board.display.backlight === undefined ? {} : { backlight: { io: PwmIo, pin: board.display.backlight } }),
				clock,
			}),
			power,
			random,
			jig: new SerialJigPort({ serial: { io: Serial, ...board.jig.uart }, detect: digital(board.jig.detect) }),
			...readers,
		}),
	);
}
