// Keypad (docs/factory-mode.md §4, "keypad"): no key may be down at idle, then every key of the board, in map
// order, pressed by the operator or the jig's actuator within a timeout. Events come from the keypad HAL,
// so debounce and ghost rejection stay active. PIN-path keys are seen here only outside PIN entry.

import type { KeyCode, KeyEvent } from "../../../hal/keypad.js";
import { numberParam, type FactoryTest } from "../factory-test.js";

export const keypadCheck: FactoryTest = {
	id: "keypad",
	description: "no key down at idle (params.idleMs), then every key in order (params.keyTimeoutMs each)",
	params: { idleMs: "number", keyTimeoutMs: "number" },
	timeoutMs: 300000,
	async run(context) {
		const { hal, board, outcome, params } = context;
		const stuck = new Set<KeyCode>(context.heldKeys);
		await context.waitFor<never>(
			() =>
				hal.keypad.onKey((event) => {
					if (event.down) stuck.add(event.key);
				}),
			numberParam(params, "idleMs", 300),
		);
		if (context.aborted) return;
		if (!outcome.measure("stuck_keys", stuck.size, "keys", 0, 0, "STUCK_KEY", [...stuck].join(","))) return;

		const keys = board.keypad.map.flat().filter((key): key is KeyCode => key !== null);
		const keyTimeoutMs = numberParam(params, "keyTimeoutMs", 10000);
		let seen = 0;
		let slowestMs = 0;
		for (const key of keys) {
			const asked = hal.clock.monotonicMs();
			const event = await context.waitFor<KeyEvent>((deliver) => {
				const stop = hal.keypad.onKey((e) => {
					if (e.down && !e.repeat) deliver(e);
				});
				context.action("press", { key, index: seen + 1, of: keys.length });
				return stop;
			}, keyTimeoutMs);
			if (context.aborted) return;
			if (event === undefined) {
				outcome.fail("KEY_TIMEOUT", key);
				break;
			}
			if (event.key !== key) {
				outcome.fail("WRONG_KEY", `expected ${key}, got ${event.key}`);
				break;
			}
			seen++;
			slowestMs = Math.max(slowestMs, event.atMs - asked);
		}
		outcome.measure("keys_seen", seen, "keys", keys.length, keys.length, "KEY_MISSING");
		outcome.note("slowest_press_ms", slowestMs, "ms");
	},
};
