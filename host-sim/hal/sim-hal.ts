// Assembles a whole HAL from the simulator's parts for one board description. The caller supplies the
// parts that differ between uses (clock, network, random, secure element): virtual or real.
// Platform-free, so portable tests build their terminal with it in both engines.

import { panelPixelFormat, type BoardDescription } from "../../hal/board.js";
import type { Clock } from "../../hal/clock.js";
import { closable, type Hal } from "../../hal/hal.js";
import type { NetworkLink } from "../../hal/network.js";
import type { RandomSource } from "../../hal/random.js";
import type { SecureElement, SecureElementIo } from "../../hal/secure-element.js";
import { VirtualContactReader } from "../chip/virtual-contact-reader.js";
import { VirtualContactlessReader } from "../chip/virtual-contactless-reader.js";
import { FramebufferDisplay } from "./framebuffer-display.js";
import { MemoryStorage, type StorageImage } from "./memory-storage.js";
import { PowerCutPlan } from "./power-cut.js";
import { SimIndicators } from "./sim-indicators.js";
import { SimJigPort } from "./sim-jig-port.js";
import { SimKeypad } from "./sim-keypad.js";
import { SimMagstripeHead } from "./sim-magstripe.js";
import { SimPower } from "./sim-power.js";
import { SimPrinterPort } from "./sim-printer-port.js";

export interface SimHalParts<C extends Clock = Clock> {
	readonly clock: C;
	readonly network: NetworkLink;
	readonly random: RandomSource;
	/** The secure element, or a factory wired to this unit's keypad, power and clock (`SimSecureElement`). */
	readonly secure: SecureElement | ((io: SecureElementIo) => SecureElement);
	/** Durable storage from before a reboot. */
	readonly storageImage?: StorageImage;
	readonly powerCut?: PowerCutPlan;
	/** Which chip readers the unit has (both unless told): a board may lack one. */
	readonly readers?: { readonly contact: boolean; readonly contactless: boolean };
}

/** A HAL plus the simulator's handles on each part (press keys, swipe, read the framebuffer…). */
export interface SimHal<C extends Clock = Clock> extends Hal {
	readonly clock: C;
	readonly keypad: SimKeypad;
	readonly display: FramebufferDisplay;
	readonly magstripe: SimMagstripeHead;
	readonly contact?: VirtualContactReader;
	readonly contactless?: VirtualContactlessReader;
	readonly printer: SimPrinterPort;
	readonly storage: MemoryStorage;
	readonly indicators: SimIndicators;
	readonly power: SimPower;
	readonly jig: SimJigPort;
}

export function createSimHal<C extends Clock>(board: BoardDescription, parts: SimHalParts<C>): SimHal<C> {
	const { display, printer, partitions } = board;
	const keypad = new SimKeypad(parts.clock);
	const power = new SimPower();
	const secure =
		typeof parts.secure === "function" ? parts.secure({ clock: parts.clock, keypad, power, random: parts.random }) : parts.secure;
	const readers = parts.readers ?? { contact: true, contactless: true };
	return closable({
		clock: parts.clock,
		keypad,
		display: new FramebufferDisplay(display.width, display.height, panelPixelFormat(display.controller)),
		magstripe: new SimMagstripeHead(),
		...(readers.contact ? { contact: new VirtualContactReader() } : {}),
		...(readers.contactless ? { contactless: new VirtualContactlessReader() } : {}),
		secure,
		printer: new SimPrinterPort(printer.uart.baud, printer.flowControl, parts.clock),
		storage: new MemoryStorage(partitions, parts.powerCut, parts.storageImage),
		network: parts.network,
		indicators: new SimIndicators(),
		power,
		random: parts.random,
		jig: new SimJigPort(),
	});
}
