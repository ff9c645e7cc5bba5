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
	readonly partitions: readonly BoardPartition[];
}

/** The first inconsistency found, or undefined. Pins shared by two functions are reported here. */
export function checkBoard(board: BoardDescription): string | undefined {
	const { keypad } = board;
	if (keypad.map.length !== keypad.rows.length) return "keypad.map needs one row per keypad.rows entry";
	for (const row of keypad.map) {
		if (row.length !== keypad.columns.length) return "keypad.map rows need one entry per keypad.columns entry";
		for (const key of row) if (key !== null && !isKeyCode(key)) return `unknown key ${String(key)}`;
	}
	if (keypad.columns.length > 16) return "at most 16 keypad columns";
	const owners = new Map<number, string>();
	const claim = (pin: number | undefined, use: string): string | undefined => {
		if (pin === undefined) return undefined;
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
	];
	for (const [pin, use] of uses) {
		const problem = claim(pin, use);
		if (problem !== undefined) return problem;
	}
	return undefined;
}

/** ESP32-S3 ADC1 channel n is GPIO n + 1 (ESP32-S3 datasheet, table "ADC functions"); channels 0..9. */
export function adcChannelPin(channel: number): number | undefined {
	return Number.isInteger(channel) && channel >= 0 && channel <= 9 ? channel + 1 : undefined;
}
