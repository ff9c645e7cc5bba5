// The two XS proofs of issue 4, each with a control run that shows the check can fail:
//  - code in an XS Compartment given the application Hal cannot reach key material;
//  - after a PIN entry through the simulator's secure element, the PIN is nowhere in the XS heap snapshot.
import { strict as assert } from "node:assert";
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compileForXs, compiledImportPath, repoRoot, runXsModule, writeEntry, xsBuildDir } from "../../host-sim/tools/xs.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { assertNothingReached, HOSTILE, keyMaterialHex, probeOutput } from "./support/hostile-application.js";

async function runCompartment(hardened: boolean): Promise<{ strings: string[]; keys: string[] }> {
	const entry = join(xsBuildDir, `proofs/compartment-${hardened}.js`);
	writeEntry(
		`proofs/compartment-${hardened}.js`,
		`import { runCompartmentProbe } from ${JSON.stringify(compiledImportPath(join(repoRoot, "test/xs/compartment-probe.ts"), entry))};\nawait runCompartmentProbe(${JSON.stringify(HOSTILE)}, ${hardened});\n`,
	);
	const result = await runXsModule(entry);
	const { evaluationError, strings, deviceKey } = probeOutput(result.stdout) as {
		evaluationError: string;
		strings: string[];
		deviceKey: string;
	};
	assert.equal(evaluationError, "", "the hostile code runs to its end");
	assert.equal(deviceKey.length, 64, "the device data key was generated");
	return { strings, keys: keyMaterialHex(deviceKey) };
}

describe("secure element proofs in the XS engine", () => {
	before(async () => {
		await compileForXs();
	});

	it("a Compartment given the application Hal cannot reach key material, by globals, the parts, prototypes or patched built-ins", async () => {
		const { strings, keys } = await runCompartment(true);
		assertNothingReached(strings, keys);
	});

	it("control: without hardened intrinsics, a patched built-in does leak a key (the check can fail)", async () => {
		const { strings, keys } = await runCompartment(false);
		const all = strings.join("\n");
		assert.ok(!strings.includes("patched:0"));
		assert.ok(
			keys.some((key) => all.includes(key)),
			"the control run should expose key material",
		);
	});

	const heapRun = async (retain: boolean) => {
		const seed = randomInt(1, 2 ** 31);
		const digits = new SeededRandom(seed);
		let pin = "";
		const bcd = Buffer.alloc(6);
		for (let i = 0; i < 12; i++) {
			const d = digits.next() % 10;
			pin += String(d);
			bcd[i >> 1]! |= i & 1 ? d : d << 4;
		}
		const dir = join(xsBuildDir, "proofs");
		mkdirSync(dir, { recursive: true });
		const snapshot = join(dir, `pin-heap-${retain}.xss`);
		rmSync(snapshot, { force: true });
		const entry = join(dir, `pin-heap-${retain}.js`);
		writeEntry(
			`proofs/pin-heap-${retain}.js`,
			`import { runPinHeapProbe } from ${JSON.stringify(compiledImportPath(join(repoRoot, "test/xs/pin-heap-probe.ts"), entry))};\nawait runPinHeapProbe(${seed}, ${retain});\n`,
		);
		const result = await runXsModule(entry, { snapshot });
		assert.deepEqual(probeOutput(result.stdout), { ok: true, pinBlockBytes: 8 });
		const heap = readFileSync(snapshot);
		assert.ok(heap.length > 10_000, "a real heap snapshot was written");
		return { seed, pin, asciiFound: heap.includes(Buffer.from(pin, "ascii")), bcdFound: heap.includes(bcd) };
	};

	it("a random 12-digit PIN entered through the secure element is not in the XS heap snapshot, as ASCII or packed BCD", async () => {
		const run = await heapRun(false);
		assert.equal(run.asciiFound, false, `PIN ${run.pin} (seed ${run.seed}) found as ASCII`);
		assert.equal(run.bcdFound, false, `PIN ${run.pin} (seed ${run.seed}) found as BCD`);
	});

	it("control: a deliberately retained copy of the PIN is found in the snapshot", async () => {
		const run = await heapRun(true);
		assert.equal(run.asciiFound, true, `seed ${run.seed}`);
		assert.equal(run.bcdFound, true, `seed ${run.seed}`);
	});
});
