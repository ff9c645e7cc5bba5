import { assert } from "../../support/assert.js";
import { runSimStation, type StationRun } from "../../support/factory-station.js";
import type { TestResult } from "../../../src/factory/test-result.js";

function statuses(run: StationRun): string[] {
	return run.report.results.map((r) => `${r.test}:${r.status}`);
}

function only(run: StationRun, test: string): TestResult {
	const failing = run.report.results.filter((r) => r.status !== "PASS" && r.status !== "SKIP");
	assert.deepEqual(
		failing.map((r) => r.test),
		[test],
		`exactly ${test} fails: ${statuses(run).join(" ")}`,
	);
	return failing[0]!;
}

describe("factory station against the simulator", () => {
	it("passes a healthy unit: every planned test PASS, the unplanned network test SKIP, report stored", async () => {
		const run = await runSimStation();
		assert.deepEqual(statuses(run), [
			"power:PASS",
			"clock:PASS",
			"storage:PASS",
			"secure:PASS",
			"keypad:PASS",
			"display:PASS",
			"indicators:PASS",
			"msr:PASS",
			"contact:PASS",
			"contactless:PASS",
			"printer:PASS",
			"network:SKIP",
		]);
		assert.equal(run.report.verdict, "PASS");
		assert.equal(run.report.serial, "PT-00000001");
		assert.equal(run.report.unitReport.station, "ST-01");
		assert.equal(run.report.unitReport.operator, "op-7");
		assert.equal(run.report.unitReport.complete, true);
		const keypad = run.report.results.find((r) => r.test === "keypad")!;
		assert.ok(
			keypad.measurements.some((m) => m.name === "keys_seen" && m.value === 20),
			JSON.stringify(keypad.measurements),
		);
		assert.ok(run.unit.printer.paper.text().includes('"PT-00000001"'), "the test page carries a QR code of the serial number");
	});

	it("never puts card data into the report, only track status codes and hash matches", async () => {
		const run = await runSimStation();
		const text = JSON.stringify(run.report);
		assert.ok(!text.includes("6222021234567890128"), "no PAN");
		const msr = run.report.results.find((r) => r.test === "msr")!;
		assert.deepEqual(
			msr.measurements.filter((m) => /^track\d_(status|match)/.test(m.name)).map((m) => `${m.name}=${m.value}`),
			["track1_status=0", "track1_match=1", "track2_status=0", "track2_match=1", "track3_status=0", "track3_match=1"],
		);
		assert.ok(
			msr.measurements.some((m) => m.name === "track2_edges" && m.value > 100 && m.low === null),
			"edges are informational",
		);
	});

	it("a stuck key fails exactly the keypad test, with STUCK_KEY naming the key", async () => {
		const result = only(await runSimStation({ stuckKey: "5" }), "keypad");
		assert.equal(result.status, "FAIL");
		assert.equal(result.code, "STUCK_KEY");
		assert.equal(result.detail, "5");
	});

	it("a dead display region fails exactly the display test, with DISPLAY_MISMATCH on the first lit pattern", async () => {
		const run = await runSimStation({ deadRegion: { x: 100, y: 80, w: 20, h: 10 } });
		const result = only(run, "display");
		assert.equal(result.code, "DISPLAY_MISMATCH");
		assert.equal(result.detail, "all-on");
		const checksum = result.measurements.find((m) => m.name === "fb_checksum_all-on")!;
		const observed = result.measurements.find((m) => m.name === "fb_observed_all-on")!;
		assert.notEqual(observed.value, checksum.value);
	});

	it("paper out fails exactly the printer test with PAPER_OUT", async () => {
		const result = only(await runSimStation({ paperOut: true }), "printer");
		assert.equal(result.code, "PAPER_OUT");
		assert.ok(result.measurements.some((m) => m.name === "paper" && m.value === 0));
	});

	it("a magnetic head that returns noise fails exactly the msr test with a per-track status code", async () => {
		const result = only(await runSimStation({ noisyHead: true }), "msr");
		assert.match(String(result.code), /^MSR_(NO_DATA|NO_START_SENTINEL|NO_END_SENTINEL|LRC|PARITY)$/);
		assert.ok(
			result.measurements.some((m) => m.name === "track2_status" && m.value > 0),
			JSON.stringify(result.measurements),
		);
	});

	it("a mute chip card fails exactly the contact test with CARD_MUTE, after the card was seen inserted", async () => {
		const result = only(await runSimStation({ muteChip: true }), "contact");
		assert.equal(result.code, "CARD_MUTE");
	});

	it("an NFC front end silent on its bus fails exactly the contactless test with FRONT_END", async () => {
		const result = only(await runSimStation({ nfcSilent: true }), "contactless");
		assert.equal(result.code, "FRONT_END");
	});

	it("a set tamper line fails exactly the secure test with TAMPER", async () => {
		const result = only(await runSimStation({ tamper: true }), "secure");
		assert.equal(result.code, "TAMPER");
		assert.ok(result.measurements.some((m) => m.name === "tamper" && m.value === 1));
	});
});
