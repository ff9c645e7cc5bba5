// The whole hardware contract. src/ receives one of these and never asks where it came from:
// device/moddable builds it on the device, host-sim/hal on the desktop and in tests.
//
// The chip readers (contact-reader.ts: ISO 7816-3 T=0/T=1 over a UART; contactless-reader.ts: ISO 14443-4
// through an NFC front end) are optional fields: a board without them, or a Hal built before the application
// uses them, leaves them out.

import type { Clock } from "./clock.js";
import type { ContactReader } from "./contact-reader.js";
import type { ContactlessReader } from "./contactless-reader.js";
import type { Display } from "./display.js";
import type { Indicators } from "./indicators.js";
import type { JigPort } from "./jig-port.js";
import type { Keypad } from "./keypad.js";
import type { MagstripeHead } from "./magstripe.js";
import type { NetworkLink } from "./network.js";
import type { Power } from "./power.js";
import type { PrinterPort } from "./printer-port.js";
import type { RandomSource } from "./random.js";
import type { SecureElement } from "./secure-element.js";
import type { Storage } from "./storage.js";

/** The peripherals of a unit; `Hal` adds `close()`. */
export interface Peripherals {
	readonly clock: Clock;
	readonly keypad: Keypad;
	readonly display: Display;
	readonly magstripe: MagstripeHead;
	readonly secure: SecureElement;
	readonly printer: PrinterPort;
	readonly storage: Storage;
	readonly network: NetworkLink;
	readonly indicators: Indicators;
	readonly power: Power;
	readonly random: RandomSource;
	readonly jig: JigPort;
	readonly contactReader?: ContactReader;
	readonly contactlessReader?: ContactlessReader;
}

export interface Hal extends Peripherals {
	/**
	 * Closes every peripheral that holds IO (ECMA-419 IO objects are released with `close()`): inputs first,
	 * so no handler runs while the outputs go, then the outputs. Clock, display, storage, random source and
	 * secure element hold none of their own. After it, calls fail as values or do nothing.
	 */
	close(): void;
}

/** `parts` with the `close()` of `Hal`. */
export function closable<P extends Peripherals>(parts: P): P & Hal {
	return {
		...parts,
		close() {
			for (const part of [parts.keypad, parts.magstripe, parts.power, parts.jig, parts.network, parts.printer, parts.indicators])
				part.close();
			parts.contactReader?.close();
			parts.contactlessReader?.close();
		},
	};
}
