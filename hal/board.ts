// A terminal model described as data (one JSON file per board in hal/boards/). device/moddable reads it from
// the manifest `config.board`; the simulator uses the same files, so both agree on panel size, keys and ports.

import type { PixelFormat } from "./display.js";
import { isKeyCode, type KeyCode } from "./keypad.js";
import type { FlowControl } from "./printer-port.js";
import type { TrackNumber } from "./magstripe.js";

export type PanelController = "ili9341" | "st7789" | "st7565" | "ssd1306";

/**
 * The layout src/ renders for a panel controller: the colour TFT controllers take RGB565 (ILI9341 and ST7789
 * datasheets, 16-bit "65K colour" interface pixel format), the monochrome ones one bit per pixel (ST7565,
 * SSD1306 datasheets: display RAM of one bit per pixel).
 */
export function panelPixelFormat(controller: PanelController): PixelFormat {
	return controller === "ili9341" || controller === "st7789" ? "rgb565" : "mono1";
}

export interface SpiBus {
	readonly port: number;
	readonly hz: number;
	readonly sclk: number;
	readonly mosi: number;
	readonly miso?: number;
}

export interface BoardDisplay {
	readonly controller: PanelController;
	readonly width: number;
	readonly height: number;
	readonly spi: SpiBus;
	readonly cs: number;
	readonly dc: number;
	readonly reset?: number;
	/** Panel rotation in degrees, applied by the driver. */
	readonly rotation: 0 | 90 | 180 | 270;
	readonly backlight?: number;
}

export interface BoardKeypad {
	/** GPIOs driven low one at a time. */
	readonly rows: readonly number[];
	/** GPIOs read with pull-ups. */
	readonly columns: readonly number[];
	/** map[row][column]: the logical key, or null where no key is fitted. */
	readonly map: readonly (readonly (KeyCode | null)[])[];
	/** true when each key has a diode (no ghosting). */
	readonly diodes: boolean;
}

export interface BoardUart {
	readonly port: number;
	readonly baud: number;
	readonly transmit: number;
	readonly receive: number;
	readonly rts?: number;
	readonly cts?: number;
}

export interface BoardPrinter {
	readonly uart: BoardUart;
	readonly flowControl: FlowControl;
	/** Printable width in dots (384 for 58 mm paper at 8 dots/mm). */
	readonly dots: number;
	readonly cutter: boolean;
}

export interface BoardMagstripe {
	/** One capture channel per head gap: the GPIO after the comparator and its track. */
	readonly channels: readonly { readonly pin: number; readonly track: TrackNumber }[];
	/** Capture tick resolution in ns (RMT at 80 MHz / divider). */
	readonly resolutionNs: number;
	/** A swipe ends after this many µs without a transition. */
	readonly idleUs: number;
}

/**
 * The chip readers (README "Chip cards"): both on one I2C bus. The contact reader is an NXP TDA8035 whose card
 * I/O is the UART of an NXP SC16IS750 I2C UART and whose CMDVCC, RSTIN, 5V/3V, card switch and OFF lines are
 * that bridge's GPIOs 0–7; the card clock and the bridge's crystal share one oscillator. The contactless reader
 * is an NXP PN532 in I2C mode (7-bit address 24 hex = 36).
 */
export interface BoardCardReaders {
	readonly i2c: { readonly port: number; readonly hz: number; readonly data: number; readonly clock: number };
	readonly contact?: {
		/** The SC16IS750's 7-bit I2C address (48 hex = 72 with A1 and A0 at VDD). */
		readonly address: number;
		readonly bridgeClockHz: number;
		/** The card's CLK (TDA8035 CLKDIV of the same oscillator); EMV Book 1 §4.3.2: 1 to 5 MHz. */
		readonly cardClockHz: number;
		readonly voltage: "5V" | "3V";
		readonly lines: {
			readonly cmdvcc: number;
			readonly rstin: number;
			readonly voltage: number;
			readonly presence: number;
			readonly off: number;
		};
	};
	readonly contactless?: { readonly address: number };
}

/** The first problem of the readers' block: bridge GPIOs 0–7 each used once, distinct 7-bit addresses, clocks in range. */
function checkCardReaders(readers: BoardCardReaders): string | undefined {
	const { i2c, contact, contactless } = readers;
	if (!(i2c.hz > 0 && i2c.hz <= 400000)) return "cardReaders.i2c.hz: the PN532 and SC16IS750 take at most 400 kHz";
	const addresses = [contact?.address, contactless?.address].filter((a): a is number => a !== undefined);
	if (addresses.some((a) => !Number.isInteger(a) || a < 0x08 || a > 0x77)) return "cardReaders: an I2C address outside 08–77 hex";
	if (new Set(addresses).size !== addresses.length) return "cardReaders: two devices at one I2C address";
	if (contact !== undefined) {
		const lines = Object.values(contact.lines);
		if (lines.some((g) => !Number.isInteger(g) || g < 0 || g > 7) || new Set(lines).size !== lines.length)
			return "cardReaders.contact.lines: the bridge's GPIOs 0–7, each once";
		if (contact.cardClockHz < 1000000 || contact.cardClockHz > 5000000) return "cardReaders.contact.cardClockHz: 1–5 MHz";
	}
	return undefined;
}

export interface BoardPartition {
	readonly name: string;
	readonly byteLength: number;
}

export interface BoardDescription {
	readonly model: string;
	readonly hardwareRevision: string;
	readonly display: BoardDisplay;
	readonly keypad: BoardKeypad;
	readonly printer: BoardPrinter;
	readonly magstripe: BoardMagstripe;
	/** The factory jig line (README.md, "Factory test"). */
	readonly jig: { readonly uart: BoardUart; readonly detect: number };
	readonly beeper: { readonly pin: number };
	readonly leds: { readonly [name: string]: number };
	readonly tamper: { readonly pin: number; readonly activeLow: boolean };
	readonly battery: { readonly adcChannel: number; readonly dividerRatio: number; readonly charging: number };
	/** The chip readers, when the board has them. */
	readonly cardReaders?: BoardCardReaders;
	readonly partitions: readonly BoardPartition[];
}

/**
 * GPIOs the module and its build take (ESP32-S3 datasheet §2.3, "Pin overview"): octal PSRAM on 33–37, the USB
 * Serial/JTAG's D− and D+ on 19 and 20. The boot check cannot see the build, so the boards' tests pass these.
 */
export const OCTAL_PSRAM_PINS: ReadonlyMap<number, string> = new Map([33, 34, 35, 36, 37].map((pin) => [pin, "octal PSRAM"]));
export const USB_PINS: ReadonlyMap<number, string> = new Map([
	[19, "USB D−"],
	[20, "USB D+"],
]);

/** An ESP32-S3 GPIO a board may name: 0–21 and 26–48, less 26–32, which the SPI flash takes (datasheet §2.3). */
function usableGpio(pin: number): string | undefined {
	if (!Number.isInteger(pin) || pin < 0 || pin > 48 || (pin >= 22 && pin <= 25)) return `GPIO ${pin} does not exist on the ESP32-S3`;
	return pin >= 26 && pin <= 32 ? `GPIO ${pin} is the SPI flash's` : undefined;
}

/**
 * The first inconsistency found, or undefined. Pins shared by two functions, pins the chip lacks or its flash
 * takes, and pins in `reserved` (OCTAL_PSRAM_PINS, USB_PINS) are reported here.
 */
export function checkBoard(board: BoardDescription, reserved: ReadonlyMap<number, string> = new Map()): string | undefined {
	const { keypad } = board;
	if (keypad.map.length !== keypad.rows.length) return "keypad.map needs one row per keypad.rows entry";
	for (const row of keypad.map) {
		if (row.length !== keypad.columns.length) return "keypad.map rows need one entry per keypad.columns entry";
		for (const key of row) if (key !== null && !isKeyCode(key)) return `unknown key ${String(key)}`;
	}
	if (keypad.columns.length > 16) return "at most 16 keypad columns";
	const owners = new Map<number, string>(reserved);
	const claim = (pin: number | undefined, use: string): string | undefined => {
		if (pin === undefined) return undefined;
		const unusable = usableGpio(pin);
		if (unusable !== undefined) return `${unusable}: not for ${use}`;
		const owner = owners.get(pin);
		if (owner !== undefined) return `GPIO ${pin} is both ${owner} and ${use}`;
		owners.set(pin, use);
		return undefined;
	};
	const { display, printer } = board;
	const uses: [number | undefined, string][] = [
		...keypad.rows.map((pin, i): [number, string] => [pin, `keypad row ${i}`]),
		...keypad.columns.map((pin, i): [number, string] => [pin, `keypad column ${i}`]),
		[display.cs, "display cs"],
		[display.dc, "display dc"],
		[display.reset, "display reset"],
		[display.backlight, "display backlight"],
		[display.spi.sclk, "display sclk"],
		[display.spi.mosi, "display mosi"],
		[display.spi.miso, "display miso"],
		[printer.uart.transmit, "printer tx"],
		[printer.uart.receive, "printer rx"],
		[printer.uart.rts, "printer rts"],
		[printer.uart.cts, "printer cts"],
		...board.magstripe.channels.map((channel): [number, string] => [channel.pin, `magstripe track ${channel.track}`]),
		[board.beeper.pin, "beeper"],
		...Object.keys(board.leds).map((name): [number | undefined, string] => [board.leds[name], `led ${name}`]),
		[board.tamper.pin, "tamper"],
		[board.battery.charging, "charging"],
		[adcChannelPin(board.battery.adcChannel), `battery ADC1 channel ${board.battery.adcChannel}`],
		// The jig shares UART0 with the boot console; the detect line is sampled once at boot.
		[board.jig.uart.transmit, "jig tx"],
		[board.jig.uart.receive, "jig rx"],
		[board.jig.detect, "jig detect"],
		[board.cardReaders?.i2c.data, "card readers' I2C data"],
		[board.cardReaders?.i2c.clock, "card readers' I2C clock"],
	];
	for (const [pin, use] of uses) {
		const problem = claim(pin, use);
		if (problem !== undefined) return problem;
	}
	return board.cardReaders === undefined ? undefined : checkCardReaders(board.cardReaders);
}

/** ESP32-S3 ADC1 channel n is GPIO n + 1 (ESP32-S3 datasheet, table "ADC functions"); channels 0..9. */
export function adcChannelPin(channel: number): number | undefined {
	return Number.isInteger(channel) && channel >= 0 && channel <= 9 ? channel + 1 : undefined;
}
