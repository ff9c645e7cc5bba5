// Hal.close() on the simulator's HAL (host-sim/hal/sim-hal.ts): every part that holds IO goes quiet, as the
// device's drivers do when their ECMA-419 IO is closed.

import { assert } from "../support/assert.js";
import { secureUnit } from "../support/secure-unit.js";
import { TX_FIFO_BYTES } from "../../host-sim/hal/sim-printer-port.js";

async function flush(): Promise<void> {
	for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe("the simulator's Hal.close()", () => {
	it("stops keys, swipes, tamper events, printer and jig traffic, and the indicators", async () => {
		const { hal } = secureUnit();
		const heard: string[] = [];
		hal.keypad.onKey((event) => heard.push(`key ${event.key}`));
		hal.magstripe.onSwipe(() => heard.push("swipe"));
		hal.magstripe.onError(() => heard.push("swipe error"));
		hal.power.onTamper(() => heard.push("tamper"));
		hal.printer.onData(() => heard.push("printer data"));
		hal.jig.onLine((line) => heard.push(`jig ${line}`));
		const jigSaw: string[] = [];
		hal.jig.jigEnd.onLine((line) => jigSaw.push(line));
		hal.printer.attach({ receive: (bytes) => bytes.length, ready: true });
		hal.indicators.led("online", true);
		hal.indicators.backlight(80);

		hal.close();
		hal.keypad.press("1");
		hal.magstripe.swipe({ kind: "bits", atMs: 0, channels: [] });
		hal.magstripe.fault({ kind: "head-fault", detail: "open coil" });
		hal.power.tamper();
		hal.printer.fromPrinter(Uint8Array.of(0x12));
		hal.jig.jigEnd.send("HELLO");
		hal.jig.writeLine("OK");
		hal.indicators.beep(2700, 100);
		await flush();

		assert.deepEqual([heard, jigSaw], [[], []]);
		assert.deepEqual([hal.printer.write(new Uint8Array(TX_FIFO_BYTES)), hal.printer.clearToSend()], [0, false]);
		assert.deepEqual([hal.indicators.beepCount, hal.indicators.leds.size, hal.indicators.backlightPercent], [0, 0, 0]);
		assert.equal(hal.secure.tampered, false, "no tamper event reached the element after close");
	});

	it("before close the same stimuli are heard (the test above can fail)", async () => {
		const { hal } = secureUnit();
		const heard: string[] = [];
		hal.keypad.onKey((event) => heard.push(`key ${event.key}`));
		hal.power.onTamper(() => heard.push("tamper"));
		hal.jig.onLine((line) => heard.push(`jig ${line}`));
		hal.keypad.press("1");
		hal.power.tamper();
		hal.jig.jigEnd.send("HELLO");
		await flush();
		assert.deepEqual(heard, ["key 1", "key 1", "tamper", "jig HELLO"]);
	});
});
