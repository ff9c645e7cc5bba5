// The two XS proofs of issue 4, each with a control run that shows the check can fail:
//  - code in an XS Compartment given the application Hal cannot reach key material;
//  - after a PIN entry through the simulator's secure element, the PIN is nowhere in the XS heap snapshot.
import { strict as assert } from "node:assert";
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compileForXs, compiledImportPath, repoRoot, runXsModule, writeEntry, xsBuildDir } from "../../host-sim/tools/xs.js";
import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";

function probeOutput(stdout: string): unknown {
	const line = stdout.split("\n").find((l) => l.startsWith("probe\t"));
	assert.ok(line, `the XS probe printed no result:\n${stdout}`);
	return JSON.parse(line.slice("probe\t".length));
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

/** Every key the probe's unit holds, and their 8-byte halves, as upper-case hex. */
/** The injected and signed-in keys, and the device data key the element generated (`deviceKey`, hex). */
function keyMaterialHex(deviceKey: string): string[] {
	const d = DEFAULT_TERMINAL_KEYS;
	const keys = [Buffer.from(deviceKey, "hex"), d.tmk, d.tdesDukpt.ipek, d.tdesDukpt.bdk, d.aesDukpt.initialKey, d.aesDukpt.bdk,
		Buffer.from("4A1C2B3D4E5F60718293A4B5C6D7E8F9", "hex"), Buffer.from("5B2D3C4E5F607182", "hex"), Buffer.from("6C3E4D5F60718293A4B5C6D7E8F90A1B", "hex")];
	const out: string[] = [];
	for (const k of keys) {
		out.push(hexOf(k));
		for (let i = 0; i + 8 <= k.length; i += 8) out.push(hexOf(k.subarray(i, i + 8)));
	}
	return out;
}

const HOSTILE = String.raw`
const attempt = (name, fn) => { try { report({ attempt: name, value: fn() }); } catch (e) { report({ attempt: name, error: String(e) }); } };
attempt("globals", () => Reflect.ownKeys(globalThis).map(String));
attempt("walk", () => {
	const seen = new Set(), out = [];
	const walk = (v, depth) => {
		if (v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v) || depth > 8) return;
		seen.add(v);
		for (const k of Reflect.ownKeys(v)) { let x; try { x = v[k]; } catch (e) { continue; } if (typeof x !== "function") out.push(x); walk(x, depth + 1); }
		walk(Object.getPrototypeOf(v), depth + 1);
	};
	walk(hal, 0);
	return out;
});
attempt("sources", () => Object.values(hal.secure).filter((f) => typeof f === "function").map((f) => { let s = Function.prototype.toString.call(f); try { s += String(f.caller) + String(f.arguments); } catch (e) {} return s; }));
let patched = 0;
const steal = (name, proto, method) => attempt("patch " + name, () => {
	const original = proto[method];
	try { proto[method] = function (...args) { report({ stolen: name, self: this, args }); return Reflect.apply(original, this, args); }; } catch (e) {}
	if (proto[method] !== original) patched++;
	return proto[method] !== original;
});
const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
steal("Uint8Array.slice", Uint8Array.prototype, "slice");
steal("TypedArray.slice", typedArray, "slice");
steal("TypedArray.subarray", typedArray, "subarray");
steal("TypedArray.fill", typedArray, "fill");
steal("TypedArray.set", typedArray, "set");
steal("Map.get", Map.prototype, "get");
steal("Array.includes", Array.prototype, "includes");
steal("Function.call", Function.prototype, "call");
steal("Promise.then", Promise.prototype, "then");
attempt("Object.prototype getter", () => { Object.defineProperty(Object.prototype, "key", { get() { report({ stolen: "key", self: this }); return undefined; }, configurable: true }); patched++; return true; });
attempt("replace clock", () => { hal.clock.monotonicMs = () => 0; return hal.clock.monotonicMs() === 0; });
attempt("replace random", () => { hal.random.fill = (b) => b.fill(0); return true; });
attempt("capture keypad", () => hal.keypad.capture((e) => report("captured:" + e.key)));
report("patched:" + patched);
const slots = ["tmk", "pik", "mak", "tdk", "dukpt-tdes", "dukpt-aes", "device-data"], usages = ["pin", "mac", "data", "kek"];
attempt("dukpt", () => hal.secure.startDukptTransaction("dukpt-tdes"));
attempt("dukpt aes", () => hal.secure.startDukptTransaction("dukpt-aes"));
for (const slot of slots) for (const usage of usages) {
	const ref = { slot, usage };
	attempt("key " + slot + "/" + usage, () => hal.secure.key(slot, usage));
	attempt("mac " + slot + "/" + usage, () => hal.secure.mac(ref, new Uint8Array(16)));
	attempt("encrypt " + slot + "/" + usage, () => hal.secure.encryptData(ref, new Uint8Array(16)));
	attempt("decrypt " + slot + "/" + usage, () => hal.secure.decryptData(ref, new Uint8Array(16)));
	attempt("encrypt track " + slot + "/" + usage, () => hal.secure.encryptTrack(ref, new Uint8Array(16)));
	attempt("unwrap " + slot + "/" + usage, () => hal.secure.loadWorkingKeys(ref, new Uint8Array(40)));
}
attempt("listen", () => hal.keypad.onKey((e) => report("key:" + e.key)));
attempt("pin", () => {
	const s = hal.secure.startPinEntry({ pan: "6228480402564890018", format: 0, key: { slot: "pik", usage: "pin" }, minLength: 4, maxLength: 12, allowBypass: false });
	if (s.ok) { s.value.onProgress((n) => report("progress:" + n)); s.value.result.then((r) => report("pin-result:" + (r.ok ? "ok" : r.error.kind))); }
	return s.ok;
});
`;

async function runCompartment(hardened: boolean): Promise<{ strings: string[]; keys: string[] }> {
	const entry = join(xsBuildDir, `proofs/compartment-${hardened}.js`);
	writeEntry(`proofs/compartment-${hardened}.js`, `import { runCompartmentProbe } from ${JSON.stringify(compiledImportPath(join(repoRoot, "test/xs/compartment-probe.ts"), entry))};\nawait runCompartmentProbe(${JSON.stringify(HOSTILE)}, ${hardened});\n`);
	const result = await runXsModule(entry);
	const { evaluationError, strings, deviceKey } = probeOutput(result.stdout) as { evaluationError: string; strings: string[]; deviceKey: string };
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
		const all = strings.join("\n");
		for (const key of keys) assert.ok(!all.includes(key), `key material ${key} reached the compartment`);
		assert.ok(strings.includes("patched:0"), "no built-in could be patched");
		assert.ok(!strings.some((s) => s.startsWith("key:") || s.startsWith("captured:")), "no key event reached the application during PIN entry");
		assert.ok(strings.includes("progress:4"), "the application saw the digit count");
		assert.ok(strings.includes("pin-result:ok"), "and got its PIN block");
		assert.ok(!all.includes("4927"), "the PIN typed never reached the compartment");
	});

	it("control: without hardened intrinsics, a patched built-in does leak a key (the check can fail)", async () => {
		const { strings, keys } = await runCompartment(false);
		const all = strings.join("\n");
		assert.ok(!strings.includes("patched:0"));
		assert.ok(keys.some((key) => all.includes(key)), "the control run should expose key material");
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
		writeEntry(`proofs/pin-heap-${retain}.js`, `import { runPinHeapProbe } from ${JSON.stringify(compiledImportPath(join(repoRoot, "test/xs/pin-heap-probe.ts"), entry))};\nawait runPinHeapProbe(${seed}, ${retain});\n`);
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
