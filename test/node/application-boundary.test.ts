// The secure-element boundary as the firmware is started, in both engines, each with the control run of how it
// was started before (the raw Hal, built-ins as they are), which shows the check can fail:
//  - XS (the device, device/moddable/main.ts): built-ins frozen, the application in the host's realm (on the
//    device every module is preloaded and shared), given the application Hal — driven in xsnap;
//  - Node (the simulator, `posterm sim`): built-ins frozen in the simulator process, the application Hal.
// Each runs in a process of its own: freezing the built-ins is for the whole process.

import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileForXs, compiledImportPath, repoRoot, runProcess, runXsModule, writeEntry, xsBuildDir } from "../../host-sim/tools/xs.js";
import { assertNothingReached, HOSTILE, keyMaterialHex, probeOutput } from "./support/hostile-application.js";

interface ProbeResult {
	readonly error: string;
	readonly strings: string[];
	readonly deviceKey: string;
	readonly booted?: { readonly state: string; readonly screen: string };
}

/** What the control runs show: the PIN digits captured from the keypad, and key bytes through patched built-ins. */
function assertLeaked(result: ProbeResult): void {
	const all = result.strings.join("\n");
	for (const digit of ["4", "9", "2", "7"])
		assert.ok(result.strings.includes(`captured:${digit}`), `the control run captured PIN digit ${digit}`);
	assert.ok(!result.strings.includes("patched:0"), "built-ins were patched");
	assert.ok(
		keyMaterialHex(result.deviceKey).some((key) => all.includes(key)),
		"the control run exposes key material",
	);
}

describe("the secure-element boundary on the device: frozen built-ins, application Hal, the host's realm", () => {
	const root = `${xsBuildDir}/`;
	const secureCore = `${root}src/secure/secure-core.js`;
	// The hostile module also loads the secure element's own modules, by a child Compartment and by import(): the
	// device's linker strips both, xsnap keeps them, and the element's keys live only in the instance the host made.
	const hostileModule = `export function run(hal, report) {\n${HOSTILE}
attempt("child compartment", () => Object.keys(new Compartment({ loadNowHook: (s) => ({ source: s }) }).importNow(${JSON.stringify(secureCore)})));
import(${JSON.stringify(secureCore)}).then((ns) => report("import(): " + Object.keys(ns).join()), (e) => report("import() refused: " + String(e)));
}\n`;

	const run = async (mode: "device" | "before"): Promise<ProbeResult> => {
		const hostile = writeEntry("proofs/app/hostile.js", hostileModule);
		const entry = join(xsBuildDir, `proofs/device-boot-${mode}.js`);
		writeEntry(
			`proofs/device-boot-${mode}.js`,
			`import { runDeviceBootProbe } from ${JSON.stringify(compiledImportPath(join(repoRoot, "test/xs/device-boot-probe.ts"), entry))};\nawait runDeviceBootProbe(${JSON.stringify(root)}, ${JSON.stringify(hostile)}, ${JSON.stringify(mode)});\n`,
		);
		const result = await runXsModule(entry);
		return probeOutput(result.stdout) as ProbeResult;
	};

	before(async () => {
		await compileForXs();
	});

	it("hostile application code reaches no key byte, no PIN digit and no patched built-in, even with the element's modules loaded", async () => {
		const result = await run("device");
		assert.equal(result.error, "", "the hostile module loads and runs to its end");
		assertNothingReached(result.strings, keyMaterialHex(result.deviceKey));
		assert.ok(
			result.strings.some((s) => s.startsWith("import(): ") && s.includes("SecureCore")),
			result.strings.filter((s) => s.startsWith("import()")).join("\n") || "import() of the element's module ran",
		);
	});

	it("the real terminal boots that way, on frozen built-ins, to the operator sign-on", async () => {
		const { booted } = await run("device");
		assert.equal(booted?.state, "login-operator", booted?.screen);
		assert.ok(booted.screen.includes("请输入操作员号"), booted.screen);
	});

	it("control: started as device/moddable/main.ts started it before (the raw Hal, built-ins as they are), the same code captures the PIN and leaks keys", async () => {
		const result = await run("before");
		assert.equal(result.error, "");
		assertLeaked(result);
		assert.ok(
			result.strings.some((s) => s.startsWith("import(): ")),
			"and loads the element's modules",
		);
	});
});

describe("the secure-element boundary in the simulator: frozen built-ins in the Node process, application Hal", () => {
	const probe = async (mode: "simulator" | "before"): Promise<ProbeResult> => {
		const result = await runProcess(process.execPath, [
			join(repoRoot, "host-sim/tools/run-ts.js"),
			join(repoRoot, "test/node/support/simulator-boundary-probe.ts"),
			mode,
		]);
		assert.equal(result.code, 0, result.stderr);
		return probeOutput(result.stdout) as ProbeResult;
	};

	it("hostile application code reaches no key byte, no PIN digit, and patches no built-in", async () => {
		const result = await probe("simulator");
		assert.equal(result.error, "");
		assertNothingReached(result.strings, keyMaterialHex(result.deviceKey));
	});

	it("control: with the raw Hal and built-ins as they are, the same code captures the PIN and leaks keys", async () => {
		assertLeaked(await probe("before"));
	});

	it("`posterm sim script` (built-ins frozen, application Hal) runs a sale to approval", async () => {
		const dir = mkdtempSync(join(tmpdir(), "posterm-boundary-"));
		const file = join(dir, "sale.json");
		const steps = [
			{ keys: ["01", "ENTER"] },
			{ keys: "0000" },
			{ key: "ENTER" },
			{ key: "ENTER" },
			{ key: "1" },
			{ swipe: { card: "debit" } },
			{ key: "ENTER" },
			{ keys: "500" },
			{ key: "ENTER" },
			{ keys: "123456" },
			{ key: "ENTER" },
			{ expect: { screen: "交易成功" } },
		];
		writeFileSync(file, JSON.stringify({ params: { slipCopies: 1 }, steps }));
		const result = await runProcess(process.execPath, [join(repoRoot, "host-sim/cli/bin.js"), "sim", "script", file]);
		assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
		assert.equal(JSON.parse(result.stdout).ok, true);
	});
});
