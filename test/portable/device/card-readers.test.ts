// The device's chip readers (device/moddable/card-readers.ts) built from the default board over a fake ECMA-419
// I2C class whose devices are the emulated SC16IS750 (in front of the emulated TDA8035) and PN532: one I2C
// instance per address on the board's bus pins, an unanswered transfer (a thrown error, as Moddable's I2C does
// on no acknowledge) as an error value, and both readers working through the same code the device runs.
import { assert } from "../../support/assert.js";
import { pseAndRecord, referencePseAndRecord } from "../../support/contact-session.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { virtualCard } from "../../support/virtual-chip.js";
import { settle } from "../../support/virtual-time.js";
import { ok } from "../../../hal/result.js";
import { createCardReaders } from "../../../device/moddable/card-readers.js";
import type { I2cClass } from "../../../device/moddable/io.js";
import { EmulatedPn532 } from "../../../host-sim/chip/emulated-pn532.js";
import { EmulatedSc16is750 } from "../../../host-sim/chip/emulated-sc16is750.js";
import { EmulatedTda8035 } from "../../../host-sim/chip/emulated-tda8035.js";
import { PBOC_DEBIT, QUICKPASS } from "../../../host-sim/chip/profiles.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import type { I2cDevice } from "../../../src/card-reader/i2c-device.js";

function rig() {
	const readers = TEST_BOARD.cardReaders!;
	const tda = new EmulatedTda8035();
	const bridge = new EmulatedSc16is750(tda, readers.contact!.lines);
	const pn532 = new EmulatedPn532();
	const devices = new Map<number, I2cDevice>([
		[readers.contact!.address, bridge.i2c],
		[readers.contactless!.address, pn532.i2c],
	]);
	const opened: string[] = [];
	const FakeI2C: I2cClass = class {
		readonly #device: I2cDevice;
		constructor(options: { data: number; clock: number; hz: number; address: number; port?: number }) {
			opened.push(`${options.data}/${options.clock}@${options.hz} ${options.address.toString(16)}`);
			this.#device = devices.get(options.address)!;
		}
		write(bytes: Uint8Array, stop?: boolean): void {
			const r = this.#device.write(bytes, stop);
			if (!r.ok) throw new Error(r.error);
		}
		read(byteLength: number): ArrayBuffer {
			const r = this.#device.read(byteLength);
			if (!r.ok) throw new Error(r.error);
			return r.value.slice().buffer;
		}
		close(): void {}
	};
	const clock = new VirtualClock(0);
	return { tda, bridge, pn532, opened, clock, built: createCardReaders(readers, FakeI2C, clock) };
}

describe("device chip readers (device/moddable/card-readers.ts)", () => {
	it("open the SC16IS750 and the PN532 on the board's bus (GPIO 13/14, 400 kHz) and read the test card through the bridge", async () => {
		const { tda, opened, clock, built } = rig();
		const reader = built.contact!;
		assert.deepEqual(opened, ["13/14@400000 48"]);
		assert.equal(reader.present, false);
		tda.insert(virtualCard(PBOC_DEBIT));
		clock.advance(50);
		assert.equal(reader.present, true);
		assert.deepEqual(await settle(clock, pseAndRecord(reader)), await referencePseAndRecord(PBOC_DEBIT));
	});

	it("the PN532: its identity and a tapped card", async () => {
		const { pn532, opened, clock, built } = rig();
		const reader = built.contactless!;
		assert.deepEqual(await settle(clock, reader.frontEnd!()), ok({ chip: "PN532", firmware: "1.6" }));
		assert.deepEqual(opened, ["13/14@400000 48", "13/14@400000 24"]);
		pn532.tap(virtualCard(QUICKPASS));
		const polled = await settle(clock, reader.poll());
		assert.ok(polled.ok);
		assert.equal(polled.value.sak, 0x20);
	});

	it("a bridge that throws on the bus is an interface fault, a silent PN532 a front-end error", async () => {
		const { tda, bridge, pn532, clock, built } = rig();
		tda.insert(virtualCard(PBOC_DEBIT));
		clock.advance(50);
		bridge.absent = true;
		const activated = await settle(clock, built.contact!.activate());
		assert.deepEqual(activated, { ok: false, error: { kind: "interface-fault", detail: "the SC16IS750 does not answer on I2C" } });
		pn532.faults = { silent: true };
		const polled = await settle(clock, built.contactless!.poll());
		assert.deepEqual(polled, { ok: false, error: { kind: "front-end", detail: "no answer" } });
	});
});
