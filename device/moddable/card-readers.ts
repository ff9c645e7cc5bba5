// The chip readers on the device (README "Chip cards"; hal/board.ts BoardCardReaders): one ECMA-419 I2C
// instance per chip on the board's bus (Moddable shares the bus between instances of the same pins), the
// contact reader's engine over the SC16IS750 bridge in front of the TDA8035, the contactless reader's engine
// over the PN532's I2C link. Every protocol is src/card-reader's; this file only binds the bus and the clock.
// An I2C transfer that throws (no acknowledge) comes back as an error value.
//
// Public API: i2cDevice, CardReaders, createCardReaders.

import type { BoardCardReaders } from "../../hal/board.js";
import type { Clock } from "../../hal/clock.js";
import type { ContactReader } from "../../hal/contact-reader.js";
import type { ContactlessReader } from "../../hal/contactless-reader.js";
import { err, ok } from "../../hal/result.js";
import { ContactReaderEngine } from "../../src/card-reader/contact-engine.js";
import type { I2cDevice } from "../../src/card-reader/i2c-device.js";
import { pn532I2cLink } from "../../src/card-reader/pn532-i2c.js";
import { Pn532Reader } from "../../src/card-reader/pn532-reader.js";
import { Sc16is750CardInterface } from "../../src/card-reader/sc16is750.js";
import type { I2cClass, I2cPort } from "./io.js";

/** One chip at `address` on the bus; opened on first use, so a board without the chip costs nothing until then. */
export function i2cDevice(I2C: I2cClass, bus: BoardCardReaders["i2c"], address: number): I2cDevice & { close(): void } {
	let port: I2cPort | undefined;
	const open = (): I2cPort => (port ??= new I2C({ data: bus.data, clock: bus.clock, hz: bus.hz, address, port: bus.port }));
	return {
		write(bytes, stop = true) {
			try {
				open().write(bytes, stop);
				return ok();
			} catch (error) {
				return err(String(error));
			}
		},
		read(length) {
			try {
				return ok(new Uint8Array(open().read(length)));
			} catch (error) {
				return err(String(error));
			}
		},
		close() {
			port?.close();
			port = undefined;
		},
	};
}

export interface CardReaders {
	readonly contact?: ContactReader;
	readonly contactless?: ContactlessReader;
}

export function createCardReaders(readers: BoardCardReaders, I2C: I2cClass, clock: Clock): CardReaders {
	const wait = (ms: number) => new Promise<void>((resolve) => clock.after(ms, resolve));
	const out: { contact?: ContactReader; contactless?: ContactlessReader } = {};
	const { contact, contactless } = readers;
	if (contact !== undefined) {
		const bus = i2cDevice(I2C, readers.i2c, contact.address);
		const bridge = new Sc16is750CardInterface(bus, {
			clockHz: contact.bridgeClockHz,
			lines: contact.lines,
			wait,
			every: (ms, tick) => clock.every(ms, tick),
		});
		const engine = new ContactReaderEngine(bridge.slot, bridge.port, { clockHz: contact.cardClockHz, voltage: contact.voltage, wait });
		out.contact = {
			get present() {
				return engine.present;
			},
			onPresence: (handler) => engine.onPresence(handler),
			activate: () => engine.activate(),
			transmit: (command) => engine.transmit(command),
			deactivate: () => engine.deactivate(),
			close: () => {
				engine.close();
				bus.close();
			},
		};
	}
	if (contactless !== undefined) {
		const bus = i2cDevice(I2C, readers.i2c, contactless.address);
		const reader = new Pn532Reader(pn532I2cLink(bus), { wait });
		out.contactless = {
			poll: () => reader.poll(),
			transmit: (command) => reader.transmit(command),
			removed: () => reader.removed(),
			frontEnd: () => reader.frontEnd(),
			fieldOff: () => reader.fieldOff(),
			close: () => {
				reader.close();
				bus.close();
			},
		};
	}
	return out;
}
