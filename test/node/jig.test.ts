import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { SerialPortMock } from "serialport";
import { main } from "../../host-sim/cli/posterm.js";
import { TEST_CARDS } from "../../host-sim/cards/test-cards.js";
import { ConsoleOperator } from "../../host-sim/jig/console-operator.js";
import { SerialTransport } from "../../host-sim/jig/serial-transport.js";
import { parsePlan, type TestPlan } from "../../host-sim/jig/test-plan.js";
import type { StationReport } from "../../host-sim/jig/station.js";

const DEFAULT_PLAN_FILE = new URL("../../host-sim/jig/plans/default-plan.json", import.meta.url);

async function defaultPlan(): Promise<TestPlan> {
	return parsePlan(JSON.parse(await readFile(DEFAULT_PLAN_FILE, "utf8")));
}

async function jig(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	const stdout = new PassThrough(),
		stderr = new PassThrough();
	let out = "",
		err = "";
	stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
	stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
	const code = await main(["jig", ...argv], { stdout, stderr, stdin: new PassThrough() });
	return { code, stdout: out, stderr: err };
}

describe("posterm jig (the factory station tool)", () => {
	let dir: string;
	let fastPlan: string;

	before(async () => {
		dir = await mkdtemp(join(tmpdir(), "posterm-jig-"));
		// The default plan with a short RTC drift interval, so CI spends 0.2 s there instead of 5 s.
		const plan = await defaultPlan();
		fastPlan = join(dir, "fast-plan.json");
		await writeFile(
			fastPlan,
			JSON.stringify({ ...plan, tests: plan.tests.map((t) => (t.test === "clock" ? { ...t, params: { intervalMs: 200 } } : t)) }),
		);
	});

	after(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it("the default plan's track hashes are SHA-256 (node:crypto) of the debit test card's tracks", async () => {
		const msr = (await defaultPlan()).tests.find((t) => t.test === "msr")!;
		const card = TEST_CARDS.debit;
		const sha = (text: string) => createHash("sha256").update(text, "ascii").digest("hex").toUpperCase();
		assert.deepEqual(msr.params!.trackHashes, { 1: sha(`%${card.track1}?`), 2: sha(`;${card.track2}?`), 3: sha(`;${card.track3}?`) });
	});

	it("--sim: runs the whole default plan, network echo against the acquirer simulator included, prints PASS and writes <serial>.json", async () => {
		const reports = join(dir, "pass");
		const run = await jig([
			"--sim",
			"--plan",
			fastPlan,
			"--reports",
			reports,
			"--station",
			"LINE-3",
			"--operator",
			"王工",
			"--serial",
			"PT-20261121",
		]);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, /^PASS PT-20261121 .*PT-20261121\.json\n$/);
		const report = JSON.parse(await readFile(join(reports, "PT-20261121.json"), "utf8")) as StationReport;
		assert.equal(report.station, "LINE-3");
		assert.equal(report.operator, "王工");
		assert.ok(Date.parse(report.startedAt) <= Date.parse(report.finishedAt));
		assert.deepEqual(
			report.results.map((r) => `${r.test}:${r.status}`),
			[
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
				"network:PASS",
			],
		);
		// The chip readers' engines ran over the emulated TDA8035 and PN532: the PSE and PPSE answered 9000, the
		// PN532's firmware 1.6 was read, and no card data is in the report.
		const contact = report.results.find((r) => r.test === "contact")!;
		const contactless = report.results.find((r) => r.test === "contactless")!;
		const value = (r: typeof contact, name: string) => r.measurements.find((m) => m.name === name)?.value;
		assert.deepEqual(
			[value(contact, "atr_bytes"), value(contact, "protocol"), value(contact, "pse_sw"), value(contact, "card_removed")],
			[14, 0, 0x9000, 1],
		);
		assert.deepEqual(
			[
				value(contactless, "front_end_firmware"),
				value(contactless, "idle_cards"),
				value(contactless, "ppse_sw"),
				value(contactless, "card_removed"),
			],
			[0x106, 0, 0x9000, 1],
		);
		const network = report.results.find((r) => r.test === "network")!;
		assert.ok(network.measurements.some((m) => m.name === "echo_rc" && m.value === 0));
		assert.equal(report.unitReport.verdict, "PASS");
		assert.equal(report.unit.serial, "PT-20261121");
		assert.equal(report.locked, false);
	});

	it("--sim with injected faults: FAIL naming each failing test and its code, exit 1", async () => {
		const run = await jig([
			"--sim",
			"--plan",
			fastPlan,
			"--reports",
			join(dir, "faults"),
			"--serial",
			"PT-FAULTY",
			"--fault",
			"paper-out",
			"--fault",
			"tamper",
			"--fault",
			"stuck-key=ENTER",
		]);
		assert.equal(run.code, 1, run.stderr);
		assert.match(run.stdout, /^FAIL PT-FAULTY secure:TAMPER keypad:STUCK_KEY printer:PAPER_OUT /);
	});

	it("--sim with a mute chip card and a silent NFC front end: contact:CARD_MUTE and contactless:FRONT_END", async () => {
		const run = await jig([
			"--sim",
			"--plan",
			fastPlan,
			"--reports",
			join(dir, "chip-faults"),
			"--serial",
			"PT-CHIP",
			"--fault",
			"mute-chip",
			"--fault",
			"nfc-silent",
		]);
		assert.equal(run.code, 1, run.stderr);
		assert.match(run.stdout, /^FAIL PT-CHIP contact:CARD_MUTE contactless:FRONT_END /);
	});

	it("--sim --enter: enters factory mode with the signed challenge instead of the strap, and --lock locks a passing unit", async () => {
		const run = await jig(["--sim", "--enter", "--lock", "--plan", fastPlan, "--reports", join(dir, "enter"), "--serial", "PT-ENTER"]);
		assert.equal(run.code, 0, run.stderr);
		assert.match(run.stdout, /^PASS PT-ENTER LOCKED /);
		assert.match(run.stderr, /waiting for the unit's boot announcement/);
	});

	it("refuses bad arguments (exit 2) and a bad plan (exit 1) with a message", async () => {
		assert.equal((await jig([])).code, 2);
		assert.equal((await jig(["--sim", "--port", "/dev/ttyUSB0"])).code, 2);
		assert.equal((await jig(["--sim", "--fault", "melted"])).code, 2);
		const bad = join(dir, "bad-plan.json");
		await writeFile(bad, JSON.stringify({ name: "bad", tests: [{ test: "keypad", limits: { stuck_keys: { low: "0" } } }] }));
		const run = await jig(["--sim", "--plan", bad]);
		assert.equal(run.code, 1);
		assert.match(run.stderr, /plan .*bad-plan\.json: plan\.tests\[0\]\.limits\.stuck_keys/);
	});
});

describe("jig serial transport (serialport, mock binding)", () => {
	it("splits received bytes into lines across chunks, drops CR, and sends each line with LF", async () => {
		const MockBinding = SerialPortMock.binding;
		MockBinding.createPort("/dev/JIG0", { echo: false, record: true });
		const port = new SerialPortMock({ path: "/dev/JIG0", baudRate: 115200, autoOpen: false });
		await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
		const transport = new SerialTransport(port);
		const lines: string[] = [];
		transport.onLine((line) => lines.push(line));
		port.port!.emitData(Buffer.from('{"id":1,"ok":tr'));
		port.port!.emitData(Buffer.from('ue}\r\n{"id":0,"evt":"boot"}\n'));
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(lines, ['{"id":1,"ok":true}', '{"id":0,"evt":"boot"}']);
		transport.send('{"id":2,"cmd":"HELLO"}');
		await new Promise<void>((resolve) => port.drain(() => resolve()));
		assert.equal(port.port!.recording.toString(), '{"id":2,"cmd":"HELLO"}\n');
		await transport.close();
		MockBinding.reset();
	});
});

describe("jig console operator", () => {
	it("tells the operator what to do and takes y/n answers, typed before or after the question", async () => {
		const input = new PassThrough(),
			output = new PassThrough();
		let shown = "";
		output.on("data", (chunk: Buffer) => (shown += chunk.toString()));
		const operator = new ConsoleOperator(input, output);
		operator.act({ evt: "action", step: "press", key: "ENTER", index: 3, of: 20 });
		input.write("n\n");
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(await operator.confirm({ evt: "confirm", step: "indicators.led.error", led: "error" }), { pass: false });
		const asked = operator.confirm({ evt: "confirm", step: "printer.qr", serial: "PT-1" });
		input.write("Y\n");
		assert.deepEqual(await asked, { pass: true });
		operator.close();
		assert.match(shown, />>> press ENTER \(3\/20\)/);
		assert.match(shown, /\?\?\? is the error LED lit\? \[y\/n\]/);
		assert.match(shown, /does its QR code read PT-1\?/);
	});
});
