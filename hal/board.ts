// A terminal model described as data (one JSON file per board in hal/boards/). hal/moddable reads it from
// the manifest `config.board`; the simulator uses the same files, so both agree on panel size, keys and ports.

import type { KeyCode } from "./keypad.js";
import type { FlowControl } from "./printer-port.js";
import type { TrackNumber } from "./magstripe.js";

export type PanelController = "ili9341" | "st7789" | "st7565" | "ssd1306";

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
	/** The factory jig line (factory-test.md §2). */
	readonly jig: { readonly uart: BoardUart; readonly detect: number };
	readonly beeper: { readonly pin: number };
	readonly leds: { readonly [name: string]: number };
	readonly tamper: { readonly pin: number; readonly activeLow: boolean };
	readonly battery: { readonly adcChannel: number; readonly dividerRatio: number; readonly charging: number };
	readonly partitions: readonly BoardPartition[];
}
