// The contact interface as the boards wire it: the engine over the SC16IS750 driver (src/card-reader/sc16is750.ts)
// over an emulated SC16IS750 in front of the emulated TDA8035 and a virtual card: the UART's rate and 8E2 format,
// the control lines, the echo on the shared I/O line, a card's error signal seen as the echo's framing error,
// presence by polling, and a bridge that does not answer.
import { assert } from "../../support/assert.js";
import { pseAndRecord, referencePseAndRecord } from "../../support/contact-session.js";
import { virtualCard } from "../../support/virtual-chip.js";
import { err } from "../../../hal/result.js";
import type { CardProfileJson } from "../../../host-sim/chip/card-profile.js";
import { EmulatedSc16is750 } from "../../../host-sim/chip/emulated-sc16is750.js";
import { EmulatedTda8035, type LineFaults } from "../../../host-sim/chip/emulated-tda8035.js";
import { PBOC_CREDIT, PBOC_DEBIT } from "../../../host-sim/chip/profiles.js";
import type { CardFaults } from "../../../host-sim/chip/virtual-card.js";
import { ContactReaderEngine } from "../../../src/card-reader/contact-engine.js";
import { Sc16is750CardInterface, type Sc16Lines } from "../../../src/card-reader/sc16is750.js";
import { readRecord } from "../../../src/emv/commands.js";

const LINES: Sc16Lines = { cmdvcc: 0, rstin: 1, voltage: 2, presence: 3, off: 4 };
/** 4 × 3.5712 MHz: the card clock is the same oscillator divided by 4 (TDA8035 CLKDIV). */
const BRIDGE_HZ = 14284800;

/** Lets the emulated bridge's queued characters settle between polls (virtual time: no real wait). */
async function settle(): Promise<void> {
	for (let i = 0; i < 8; i++) await Promise.resolve();
}

function rig(json: CardProfileJson, line: LineFaults = {}, card: CardFaults = {}) {
	const tda = new EmulatedTda8035();
	const bridge = new EmulatedSc16is750(tda, LINES);
	const ticks: (() => void)[] = [];
	const driver = new Sc16is750CardInterface(bridge.i2c, {
		clockHz: BRIDGE_HZ,
		lines: LINES,
		wait: settle,
		every: (_ms, tick) => {
			ticks.push(tick);
			return { cancel: () => {} };
		},
	});
	const engine = new ContactReaderEngine(driver.slot, driver.port, { wait: settle });
	tda.insert(virtualCard(json, card), line);
	const poll = () => ticks.forEach((t) => t());
	poll();
	return { tda, bridge, driver, engine, poll };
}

describe("contact interface over the SC16IS750 I2C UART (TDA8035 lines on its GPIOs)", () => {
	it("T=0 card: 9600 bit/s (divisor 93 from 14.2848 MHz), 8E2, CMDVCC then RSTIN, the PSE and a record through the echo", async () => {
		const { tda, bridge, engine } = rig(PBOC_DEBIT);
		const seen: boolean[] = [];
		engine.onPresence((p) => seen.push(p));
		assert.equal(engine.present, true);
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_DEBIT));
		assert.equal(bridge.divisors[0], 93);
		assert.equal(bridge.formats[0], 0x1f, "8 data bits, 2 stop bits, even parity");
		assert.deepEqual(tda.events.slice(0, 2), ["vcc 5V", "rst 1"]);
	});

	it("T=1 card through the bridge", async () => {
		const { engine } = rig(PBOC_CREDIT);
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_CREDIT));
	});

	it("a card's error signal shows as the echo's framing error and the character goes again (§7.3)", async () => {
		const { engine, tda } = rig(PBOC_DEBIT, { signalErrorsAt: [2, 9] });
		assert.deepEqual(await pseAndRecord(engine), await referencePseAndRecord(PBOC_DEBIT));
		assert.deepEqual(tda.faults.signalErrorsAt, []);
	});

	it("a character received with a parity error cannot be signalled by the bridge: protocol error at T=0", async () => {
		const { engine } = rig(PBOC_DEBIT, { badParityAt: [1], badParityTimes: 1 });
		assert.ok((await engine.activate()).ok);
		const r = await engine.transmit(readRecord(1, 1));
		assert.deepEqual(r, err({ kind: "protocol", detail: "parity error past the repetitions" }));
	});

	it("removal is seen by polling the switch: the card is powered down and the handlers told", async () => {
		const { tda, engine, poll } = rig(PBOC_DEBIT);
		const seen: boolean[] = [];
		engine.onPresence((p) => seen.push(p));
		assert.ok((await engine.activate()).ok);
		tda.remove();
		poll();
		assert.deepEqual(seen, [false]);
		assert.equal(engine.present, false);
		assert.equal(tda.events.at(-1), "vcc off");
		assert.deepEqual(await engine.transmit(readRecord(1, 1)), err({ kind: "not-active" }));
	});

	it("a bridge that does not answer on I2C is an interface fault", async () => {
		const { bridge, engine } = rig(PBOC_DEBIT);
		bridge.absent = true;
		assert.deepEqual(await engine.activate(), err({ kind: "interface-fault", detail: "the SC16IS750 does not answer on I2C" }));
	});
});
