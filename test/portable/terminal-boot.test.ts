import { assert } from "../support/assert.js";
import { TEST_BOARD } from "../support/test-board.js";
import { createSimHal } from "../../host-sim/hal/sim-hal.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { SimSecureElement, type SimSecureElementOptions } from "../../host-sim/hal/secure-element.js";
import { startTerminal } from "../../src/terminal.js";
import { screenText } from "../../src/ui/screen.js";
import { FIRMWARE_VERSION } from "../../src/version.js";

// 2026-11-21 09:30:00 in Beijing (UTC+8).
const BOOT_UTC = Date.UTC(2026, 10, 21, 1, 30, 0);

function boot(options: SimSecureElementOptions = {}) {
	const hal = createSimHal(TEST_BOARD, { clock: new VirtualClock(BOOT_UTC), network: offlineNetwork, random: new SeededRandom(1), secure: (io) => new SimSecureElement(io, options).element });
	const terminal = startTerminal(hal);
	return { hal, terminal };
}

describe("terminal boot", () => {
	it("reaches the idle screen with product, version and state after a passing self-test", () => {
		const { terminal, hal } = boot();
		assert.equal(terminal.state.kind, "needs-sign-in");
		const text = screenText(terminal.screen);
		assert.match(text, /posterm/);
		assert.ok(text.includes(`版本 ${FIRMWARE_VERSION}`), text);
		assert.ok(text.includes("未签到"), text);
		assert.equal(terminal.screen.status.clock, "09:30");
		assert.equal(hal.indicators.backlightPercent, 100);
		terminal.stop();
	});

	it("locks with the failing algorithm named when the self-test fails", () => {
		const { terminal, hal } = boot({ knownAnswerTests: [{ algorithm: "TDES", run: () => false }] });
		assert.deepEqual(terminal.state, { kind: "locked", reason: "self-test", detail: "自检失败: TDES" });
		assert.equal(hal.indicators.leds.get("error"), true);
		terminal.stop();
	});

	it("locks and zeroises the keys when the tamper line trips", () => {
		const { terminal, hal } = boot();
		hal.power.tamper();
		assert.equal(terminal.state.kind, "locked");
		assert.equal(hal.secure.tampered, true);
		assert.ok(screenText(terminal.screen).includes("安全触发"));
		terminal.stop();
	});

	it("shows the key pressed, beeps, and switches language with F1", () => {
		const { terminal, hal } = boot();
		const screens: string[] = [];
		terminal.onScreen((s) => screens.push(screenText(s)));
		hal.keypad.press("5");
		assert.ok(screens.at(-1)!.includes("按键: 5"), screens.at(-1));
		assert.equal(hal.indicators.beepCount, 1);
		hal.keypad.press("F1");
		assert.equal(terminal.language, "en");
		assert.ok(screens.at(-1)!.includes("Not signed in"), screens.at(-1));
		assert.ok(screens.at(-1)!.includes("Key: F1"), screens.at(-1));
		terminal.stop();
	});

	it("redraws the title-bar clock when the minute changes, and stops its timer on stop()", () => {
		const { terminal, hal } = boot();
		let redraws = 0;
		terminal.onScreen(() => redraws++);
		hal.clock.advance(29_000);
		assert.equal(redraws, 0, "no redraw within the same minute");
		hal.clock.advance(31_000);
		assert.equal(terminal.screen.status.clock, "09:31");
		assert.equal(redraws, 1);
		terminal.stop();
		assert.equal(hal.clock.pendingTimers, 0);
	});
});

describe("terminal display", () => {
	it("draws each screen on the panel: the boot screen fills it, a key press redraws only part of it", () => {
		const { terminal, hal } = boot();
		assert.equal(hal.display.frameCount, 1);
		const changed: number[] = [];
		hal.display.onFrame((rects) => changed.push(rects.reduce((sum, r) => sum + r.w * r.h, 0)));
		hal.keypad.press("5");
		assert.equal(changed.length, 1);
		assert.ok(changed[0]! > 0 && changed[0]! < hal.display.width * hal.display.height / 2, `${changed[0]} pixels`);
		terminal.stop();
	});
});
