// Beeper and LEDs (docs/factory-mode.md §4): each is switched on in turn and confirmed by the operator or a jig
// sensor (microphone, photodiode) answering CONFIRM; each is switched off again.

import type { LedName } from "../../../hal/indicators.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

/** A clearly audible tone, near the piezo's resonance. */
const TEST_BEEP = { frequencyHz: 2700, durationMs: 500 };

export const indicatorsCheck: FactoryTest = {
	id: "indicators",
	description: "beeper and every LED of the board, each confirmed by the jig (params.confirmTimeoutMs)",
	params: { confirmTimeoutMs: "number" },
	timeoutMs: 300000,
	async run(context) {
		const { indicators } = context.hal;
		const { outcome } = context;
		const confirmTimeoutMs = numberParam(context.params, "confirmTimeoutMs", 60000);
		indicators.beep(TEST_BEEP.frequencyHz, TEST_BEEP.durationMs);
		const beeped = await context.confirm("indicators.beeper", { frequencyHz: TEST_BEEP.frequencyHz }, confirmTimeoutMs);
		if (context.aborted) return;
		if (beeped === undefined) return outcome.fail("CONFIRM_TIMEOUT", "beeper");
		outcome.measure("beeper", beeped.pass ? 1 : 0, "bool", 1, 1, "BEEPER", "beeper");
		for (const name of Object.keys(context.board.leds) as LedName[]) {
			indicators.led(name, true);
			const lit = await context.confirm(`indicators.led.${name}`, { led: name }, confirmTimeoutMs);
			indicators.led(name, false);
			if (context.aborted) return;
			if (lit === undefined) return outcome.fail("CONFIRM_TIMEOUT", `led ${name}`);
			outcome.measure(`led_${name}`, lit.pass ? 1 : 0, "bool", 1, 1, "LED", name);
		}
	},
};
