import { assert } from "../../support/assert.js";
import { TEST_BOARD } from "../../support/test-board.js";
import { settle } from "../../support/virtual-time.js";
import { runSimStation, PORTABLE_PLAN } from "../../support/factory-station.js";
import { offlineNetwork } from "../../../host-sim/hal/offline-network.js";
import { SeededRandom } from "../../../host-sim/hal/seeded-random.js";
import { SimSecureElement } from "../../../host-sim/hal/secure-element.js";
import { VirtualClock } from "../../../host-sim/hal/virtual-clock.js";
import type { StorageImage } from "../../../host-sim/hal/memory-storage.js";
import { JigClient, JigProtocolError, type Message } from "../../../host-sim/jig/jig-client.js";
import { DEVELOPMENT_ENTRY_KEY } from "../../../host-sim/jig/development-entry-key.js";
import { startSimUnit, type SimUnitOptions } from "../../../host-sim/jig/sim-unit.js";
import { decideBoot, entryMac } from "../../../src/factory/factory-entry.js";
import { bytesToHex, hexToBytes } from "../../../src/factory/hex-text.js";
import { factoryScreen } from "../../../src/factory/factory-screen.js";
import { screenText } from "../../../src/ui/screen.js";

function unit(options: Partial<SimUnitOptions<VirtualClock>> = {}) {
	const clock = new VirtualClock(Date.UTC(2026, 10, 21, 10, 0, 0));
	const sim = startSimUnit({ board: TEST_BOARD, clock, network: offlineNetwork, random: new SeededRandom(5), ...options });
	const lines: Message[] = [];
	sim.transport.onLine((line) => lines.push(JSON.parse(line) as Message));
	const client = new JigClient(sim.transport, clock);
	let reboots = 0;
	sim.hal.power.onReboot(() => reboots++);
	return { clock, sim, client, lines, reboots: () => reboots };
}

async function failure(clock: VirtualClock, promise: Promise<unknown>): Promise<string> {
	try {
		await settle(clock, promise);
	} catch (error) {
		if (error instanceof JigProtocolError) return error.code;
		throw error;
	}
	return "no error";
}

describe("factory mode entry", () => {
	it("enters on the jig-detect strap", async () => {
		const u = unit();
		const boot = await settle(u.clock, u.sim.booted);
		assert.deepEqual(boot.decision, { kind: "factory", via: "detect" });
		assert.equal((await settle(u.clock, u.client.request("HELLO"))).proto, 1);
	});

	it("enters on ENTER_FACTORY with the CMAC of the boot challenge under the entry key", async () => {
		const u = unit({ jigDetected: false });
		await settle(u.clock, Promise.resolve());
		const announcement = u.lines.find((l) => l.evt === "boot")!;
		const challenge = hexToBytes(String(announcement.challenge))!;
		assert.equal(challenge.length, 16);
		const reply = u.client.request("ENTER_FACTORY", { mac: bytesToHex(entryMac(DEVELOPMENT_ENTRY_KEY, challenge)) });
		assert.equal((await settle(u.clock, reply)).factory, true);
		assert.deepEqual((await settle(u.clock, u.sim.booted)).decision, { kind: "factory", via: "command" });
	});

	it("boots the application after a wrong MAC, and takes no second attempt", async () => {
		const u = unit({ jigDetected: false });
		await settle(u.clock, Promise.resolve());
		assert.equal(await failure(u.clock, u.client.request("ENTER_FACTORY", { mac: "00".repeat(16) })), "BAD_MAC");
		assert.deepEqual((await settle(u.clock, u.sim.booted)).decision, { kind: "application", reason: "bad-mac" });
		assert.equal(u.sim.hal.indicators.leds.get("power"), true, "the terminal application runs");
		assert.equal(await failure(u.clock, u.client.request("HELLO", {}, { timeoutMs: 1000 })), "REPLY_TIMEOUT");
	});

	it("boots the application when nothing asks within the window", async () => {
		const u = unit({ jigDetected: false, entryWindowMs: 500 });
		assert.deepEqual((await settle(u.clock, u.sim.booted)).decision, { kind: "application", reason: "no-request" });
		assert.equal(u.clock.monotonicMs(), 500);
	});

	it("without an entry key only the strap enters: no challenge is announced", async () => {
		const u = unit({ jigDetected: false });
		await settle(u.clock, u.sim.booted);
		const hal = u.sim.hal;
		const before = u.lines.length;
		const decision = await settle(u.clock, decideBoot(hal, { windowMs: 500 }));
		assert.deepEqual(decision, { kind: "application", reason: "no-request" });
		await settle(u.clock, Promise.resolve());
		assert.equal(u.lines.length, before);
	});

	it("refuses factory mode while a payment key is loaded, even with the strap", async () => {
		const u = unit({ secure: (io) => new SimSecureElement(io).element });
		assert.deepEqual((await settle(u.clock, u.sim.booted)).decision, { kind: "application", reason: "live-keys" });
	});
});

describe("factory mode banner", () => {
	it("shows FACTORY MODE / 工厂测试 with the serial number and the current step, and repaints it after the display patterns", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		assert.ok(
			u.sim.hal.display.pixels.some((b) => b !== 0),
			"the banner is drawn at entry",
		);
		await settle(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0077" }));
		const text = screenText(factoryScreen(u.sim.hal, "PT-0077", { kind: "result", test: "display", status: "PASS" }));
		for (const expected of ["FACTORY MODE", "工厂测试", "序列号 PT-0077 S/N PT-0077", "display: PASS"])
			assert.ok(text.includes(expected), text);
		const run = u.client.request("RUN", { test: "display", params: { confirmTimeoutMs: 10 } }, { timeoutMs: 10000 });
		await settle(u.clock, run);
		const frames = u.sim.hal.display.frameCount;
		assert.ok(
			u.sim.hal.display.pixels.some((b) => b !== 0),
			"the banner is back after all-off",
		);
		assert.ok(frames > 2);
	});
});

describe("factory mode commands", () => {
	it("writes the serial number once: ALREADY_SET after that, BAD_SERIAL for a malformed one", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		assert.equal(await failure(u.clock, u.client.request("SET_SERIAL", { serial: "pt 1" })), "BAD_SERIAL");
		assert.equal((await settle(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0042" }))).serial, "PT-0042");
		assert.equal(await failure(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0043" })), "ALREADY_SET");
		const info = await settle(u.clock, u.client.request("INFO"));
		assert.equal(info.serial, "PT-0042");
		assert.equal(info.hw_rev, "A1");
		assert.equal(info.locked, false);
	});

	it("answers BUSY during a run, and ABORT ends the running test as ERROR ABORTED", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		const run = u.client.request("RUN", { test: "display" }, { timeoutMs: 400000 });
		await settle(u.clock, Promise.resolve());
		assert.ok(u.lines.some((l) => l.evt === "confirm" && l.step === "display.all-on"));
		assert.equal(await failure(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0001" })), "BUSY");
		await settle(u.clock, u.client.request("ABORT"));
		const result = (await settle(u.clock, run)).result as { status: string; code: string };
		assert.equal(result.status, "ERROR");
		assert.equal(result.code, "ABORTED");
		assert.equal(await failure(u.clock, u.client.request("ABORT")), "NOT_RUNNING");
	});

	it("ends a test that overruns its own timeout as ERROR TIMEOUT", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		const reply = await settle(
			u.clock,
			u.client.request("RUN", { test: "display", params: { confirmTimeoutMs: 1_000_000 } }, { timeoutMs: 400000 }),
		);
		const result = reply.result as { status: string; code: string; durationMs: number };
		assert.deepEqual([result.status, result.code, result.durationMs], ["ERROR", "TIMEOUT", 300000]);
	});

	it("applies the plan's limits over the test's own: a battery limit above the cell's 3980 mV fails power", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		const reply = await settle(u.clock, u.client.request("RUN", { test: "power", limits: { battery_mv: { low: 4000, high: 4300 } } }));
		const result = reply.result as { status: string; code: string; measurements: { name: string; low: number }[] };
		assert.deepEqual([result.status, result.code], ["FAIL", "BATTERY_VOLTAGE"]);
		assert.equal(result.measurements.find((m) => m.name === "battery_mv")!.low, 4000);
	});

	it("RUN ALL runs every test in the default order, streams each result, and returns the stored report", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		const skip = { skip: true };
		const params = {
			keypad: skip,
			display: skip,
			indicators: skip,
			msr: skip,
			contact: skip,
			contactless: skip,
			printer: skip,
			network: skip,
		};
		const results: string[] = [];
		const reply = await settle(
			u.clock,
			u.client.request(
				"RUN",
				{ test: "ALL", params },
				{
					timeoutMs: 60000,
					onEvent: (e) => {
						if (e.evt === "result")
							results.push(`${(e.result as { test: string }).test}:${(e.result as { status: string }).status}`);
					},
				},
			),
		);
		assert.deepEqual(results, [
			"power:PASS",
			"clock:PASS",
			"storage:PASS",
			"secure:PASS",
			"keypad:SKIP",
			"display:SKIP",
			"indicators:SKIP",
			"msr:SKIP",
			"contact:SKIP",
			"contactless:SKIP",
			"printer:SKIP",
			"network:SKIP",
		]);
		const report = reply.report as { complete: boolean; verdict: string; results: unknown[] };
		assert.deepEqual([report.complete, report.verdict, report.results.length], [true, "PASS", 12]);
		assert.deepEqual((await settle(u.clock, u.client.request("REPORT"))).report, report);
	});

	it("reboots to the application after the idle time with no command", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		u.clock.advance(599_000);
		await settle(u.clock, u.client.request("HELLO"));
		u.clock.advance(599_000);
		assert.equal(u.reboots(), 0, "each command restarts the idle time");
		u.clock.advance(1_200);
		assert.equal(u.reboots(), 1);
	});

	it("refuses malformed limits with BAD_LIMITS and runs nothing", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		assert.equal(
			await failure(u.clock, u.client.request("RUN", { test: "power", limits: { battery_mv: { low: "3500" } } })),
			"BAD_LIMITS",
		);
		assert.equal(await failure(u.clock, u.client.request("REPORT")), "NO_REPORT");
	});

	it("refuses parameters of the wrong type or name with BAD_PARAMS naming them, and limits that are not objects, and runs nothing", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		const refusal = async (args: Record<string, unknown>) => {
			const lines = u.lines.length;
			const code = await failure(u.clock, u.client.request("RUN", args));
			const reply = u.lines.slice(lines).find((l) => l.ok === false) as { error?: { message?: string } } | undefined;
			return `${code} ${reply?.error?.message ?? ""}`;
		};
		assert.equal(
			await refusal({ test: "keypad", params: { keyTimeoutMs: "10000" } }),
			'BAD_PARAMS keypad.keyTimeoutMs: must be a number, not "10000"',
		);
		assert.equal(
			await refusal({ test: "keypad", params: { keyTimeout: 10 } }),
			"BAD_PARAMS keypad.keyTimeout: no such parameter (idleMs, keyTimeoutMs, skip)",
		);
		assert.equal(await refusal({ test: "power", params: [1] }), "BAD_PARAMS params must be an object");
		assert.equal(
			await refusal({ test: "ALL", params: { msr: { trackHashes: "AB" } } }),
			'BAD_PARAMS msr.trackHashes: must be a object, not "AB"',
		);
		assert.equal(await refusal({ test: "power", limits: "3500" }), "BAD_LIMITS limits must be an object");
		assert.equal(
			await refusal({ test: "power", limits: { battery_mv: 3500 } }),
			"BAD_LIMITS power.battery_mv: low and high must be numbers or null",
		);
		assert.equal(await failure(u.clock, u.client.request("REPORT")), "NO_REPORT", "nothing ran");
	});

	it("answers a line over 4,096 bytes with LINE_TOO_LONG and takes the next line; the station refuses to send one", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		const before = u.lines.length;
		u.sim.transport.send(JSON.stringify({ id: 3, cmd: "HELLO", pad: "x".repeat(4096) }));
		await settle(u.clock, Promise.resolve());
		assert.deepEqual(u.lines.slice(before), [
			{ id: 0, ok: false, error: { code: "LINE_TOO_LONG", message: "a line is at most 4096 bytes; it was dropped" } },
		]);
		assert.equal((await settle(u.clock, u.client.request("HELLO"))).proto, 1);
		const sent = u.lines.length;
		assert.equal(
			await failure(u.clock, u.client.request("RUN", { test: "power", params: { pad: "x".repeat(4096) } })),
			"LINE_TOO_LONG",
		);
		assert.equal(u.lines.length, sent, "the station did not send what the unit would drop");
	});

	it("REPORT shows the serial number set after the run that stored the report", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		await settle(u.clock, u.client.request("RUN", { test: "storage" }));
		await settle(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0042" }));
		const { report } = (await settle(u.clock, u.client.request("REPORT"))) as { report?: { serial?: unknown } };
		assert.equal(report?.serial, "PT-0042");
	});

	it("fails the network test with NO_LINK when the link is down, and skips the echo when the plan names no host", async () => {
		const down = unit();
		await settle(down.clock, down.sim.booted);
		const failed = (await settle(down.clock, down.client.request("RUN", { test: "network" }))).result as {
			status: string;
			code: string;
		};
		assert.deepEqual([failed.status, failed.code], ["FAIL", "NO_LINK"]);
		const up = unit({ network: { linkUp: true, signalBars: 3, connect: offlineNetwork.connect, close: offlineNetwork.close } });
		await settle(up.clock, up.sim.booted);
		const skipped = (await settle(up.clock, up.client.request("RUN", { test: "network" }))).result as { status: string; code: string };
		assert.deepEqual([skipped.status, skipped.code], ["SKIP", "SKIPPED"]);
		const refused = (await settle(up.clock, up.client.request("RUN", { test: "network", params: { host: "127.0.0.1", port: 8583 } })))
			.result as { status: string; code: string; detail: string };
		assert.deepEqual([refused.status, refused.code, refused.detail], ["FAIL", "ECHO_FAILED", "connect-failed"]);
	});

	it("refuses LOCK without a passing report, and answers NO_REPORT before any run", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		assert.equal(await failure(u.clock, u.client.request("REPORT")), "NO_REPORT");
		await settle(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0001" }));
		await settle(u.clock, u.client.request("RUN", { test: "power" }));
		assert.equal(await failure(u.clock, u.client.request("LOCK")), "NOT_PASSED");
		assert.equal(u.reboots(), 0);
	});
});

describe("factory report, lock and reset across reboots", () => {
	let image: StorageImage;

	before(async () => {
		const run = await runSimStation({}, { ...PORTABLE_PLAN, lock: true });
		assert.equal(run.report.locked, true);
		await settle(run.unit.hal.clock, Promise.resolve());
		image = run.unit.hal.storage.image();
	});

	it("never enters factory mode again once locked, strap or not", async () => {
		const u = unit({ storageImage: image });
		assert.deepEqual((await settle(u.clock, u.sim.booted)).decision, { kind: "application", reason: "locked" });
		assert.equal(u.lines.length, 0, "a locked unit says nothing on the jig line");
	});

	it("FACTORY_RESET erases application records and the journal but keeps the serial number and the report", async () => {
		const u = unit();
		await settle(u.clock, u.sim.booted);
		await settle(u.clock, u.client.request("SET_SERIAL", { serial: "PT-0009" }));
		await settle(u.clock, u.client.request("RUN", { test: "power" }));
		const { records } = u.sim.hal.storage;
		records.set("params", Uint8Array.of(1, 2, 3));
		records.commit();
		u.sim.hal.storage.partition("journal")!.write(0, Uint8Array.of(0));
		await settle(u.clock, u.client.request("FACTORY_RESET"));
		await settle(u.clock, Promise.resolve());
		u.clock.advance(200);
		assert.equal(u.reboots(), 1);
		const after = unit({ storageImage: u.sim.hal.storage.image() });
		await settle(after.clock, after.sim.booted);
		assert.equal((await settle(after.clock, after.client.request("INFO"))).serial, "PT-0009");
		const report = (await settle(after.clock, after.client.request("REPORT"))).report as { results: { test: string }[] };
		assert.deepEqual(
			report.results.map((r) => r.test),
			["power"],
		);
		assert.equal(after.sim.hal.storage.records.get("params"), undefined);
		assert.deepEqual(after.sim.hal.storage.partition("journal")!.read(0, 1), { ok: true, value: Uint8Array.of(0xff) });
	});
});
