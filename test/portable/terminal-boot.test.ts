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
import type { KeyCode } from "../../hal/keypad.js";
import { PARAMS_RECORD } from "../../src/params/param-store.js";

// 2026-11-21 09:30:00 in Beijing (UTC+8).
const BOOT_UTC = Date.UTC(2026, 10, 21, 1, 30, 0);

function boot(options: SimSecureElementOptions = {}) {
	const hal = createSimHal(TEST_BOARD, {
		clock: new VirtualClock(BOOT_UTC),
		network: offlineNetwork,
		random: new SeededRandom(1),
		secure: (io) => new SimSecureElement(io, options).element,
	});
	const terminal = startTerminal(hal, { passwordIterations: 4 });
	const keys = (...sequence: KeyCode[]) => sequence.forEach((k) => hal.keypad.press(k));
	return { hal, terminal, keys, text: () => screenText(terminal.screen) };
}

/** Lets promise callbacks (the offline network's answers) run. */
async function settle(): Promise<void> {
	for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe("terminal boot", () => {
	it("reaches the operator sign-on with product and version after a passing self-test", () => {
		const { terminal, hal, text } = boot();
		assert.equal(terminal.state.kind, "login-operator");
		assert.match(text(), /posterm/);
		assert.ok(text().includes(`版本 ${FIRMWARE_VERSION}`), text());
		assert.ok(text().includes("请输入操作员号"), text());
		assert.equal(terminal.screen.status.clock, "09:30");
		assert.equal(hal.indicators.backlightPercent, 100);
		terminal.stop();
	});

	it("shows a change of signal or battery in the status bar within a second, on the same screen", () => {
		let bars = 1;
		const network = {
			...offlineNetwork,
			get signalBars() {
				return bars;
			},
		};
		const clock = new VirtualClock(BOOT_UTC);
		const hal = createSimHal(TEST_BOARD, {
			clock,
			network,
			random: new SeededRandom(1),
			secure: (io) => new SimSecureElement(io).element,
		});
		const terminal = startTerminal(hal, { passwordIterations: 4 });
		assert.equal(terminal.screen.status.signalBars, 1);
		bars = 4;
		clock.advance(1000);
		assert.equal(terminal.screen.status.signalBars, 4);
		hal.power.setStatus({ ...hal.power.status(), batteryPercent: 15 });
		clock.advance(1000);
		assert.equal(terminal.screen.status.batteryPercent, 15);
		assert.equal(terminal.state.kind, "login-operator");
		terminal.stop();
	});

	it("locks with the failing algorithm named when the self-test fails", () => {
		const { terminal, hal } = boot({ knownAnswerTests: [{ algorithm: "TDES", run: () => false }] });
		assert.deepEqual(terminal.state, { kind: "locked", reason: "self-test", detail: "自检失败: TDES" });
		assert.equal(hal.indicators.leds.get("error"), true);
		terminal.stop();
	});

	it("locks and zeroises the keys when the tamper line trips, and ignores keys afterwards", () => {
		const { terminal, hal, keys, text } = boot();
		hal.power.tamper();
		assert.equal(terminal.state.kind, "locked");
		assert.equal(hal.secure.tampered, true);
		assert.ok(text().includes("安全触发"));
		keys("0", "1", "ENTER");
		assert.equal(terminal.state.kind, "locked");
		terminal.stop();
	});

	it("goes to not-configured, naming the problem, when the stored parameters are damaged", () => {
		const hal = createSimHal(TEST_BOARD, {
			clock: new VirtualClock(BOOT_UTC),
			network: offlineNetwork,
			random: new SeededRandom(1),
			secure: (io) => new SimSecureElement(io).element,
		});
		hal.storage.records.set(PARAMS_RECORD, Uint8Array.of(1, 2, 3));
		hal.storage.records.commit();
		const terminal = startTerminal(hal, { passwordIterations: 4 });
		assert.equal(terminal.state.kind, "not-configured");
		assert.ok(screenText(terminal.screen).includes("参数存储损坏"));
		terminal.stop();
	});

	it("signs on operator 01 with 0000 and runs the daily sign-in at once; offline it waits for a key to retry", async () => {
		const { terminal, keys, text } = boot();
		keys("0", "1", "ENTER");
		assert.equal(terminal.state.kind, "login-password");
		keys("0", "0", "0", "0");
		assert.ok(text().includes("****"), text());
		keys("ENTER");
		assert.equal(terminal.state.kind, "busy");
		await settle();
		assert.equal(terminal.state.kind, "needs-sign-in");
		assert.ok(text().includes("通讯失败, 交易未发出") && text().includes("按任意键签到"), text());
		assert.equal(terminal.operator, "01");
		keys("5");
		assert.equal(terminal.state.kind, "busy", "any key retries the sign-in");
		await settle();
		terminal.stop();
	});

	it("refuses an unknown operator and a wrong password, counting the tries left", () => {
		const { terminal, keys, text } = boot();
		keys("4", "2", "ENTER");
		assert.ok(text().includes("操作员不存在"), text());
		keys("0", "1", "ENTER", "1", "1", "1", "1", "ENTER");
		assert.equal(terminal.state.kind, "login-password");
		assert.ok(text().includes("密码错误, 还可输入 4 次"), text());
		keys("CANCEL");
		assert.equal(terminal.state.kind, "login-operator", "CANCEL goes back one level");
		terminal.stop();
	});

	it("beeps on keys and switches language with F1", () => {
		const { terminal, hal, keys, text } = boot();
		keys("5");
		assert.equal(hal.indicators.beepCount, 1);
		keys("F1");
		assert.equal(terminal.language, "en");
		assert.ok(text().includes("Operator number"), text());
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
		assert.ok(changed[0]! > 0 && changed[0]! < (hal.display.width * hal.display.height) / 2, `${changed[0]} pixels`);
		terminal.stop();
	});
});
