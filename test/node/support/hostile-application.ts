// Hostile application code for the secure-element proofs (test/node/secure-element-xs-proofs.test.ts,
// test/node/application-boundary.test.ts), and the key material the searching side looks for. The code is a
// script body with two free names, `hal` (what the application is given) and `report` (hands anything it
// reached to the test). It tries every way we know to get at keys or PIN digits: the globals, a walk over the
// parts, function sources, patched built-ins (typed arrays, ArrayBuffer, Function, Map, Array, Promise, an
// Object.prototype getter), a replaced global constructor, replacing the clock or random source, the keypad's secure-element capture port
// (before and during PIN entry), and every key slot and usage. A PIN entry session runs while it waits.

import { strict as assert } from "node:assert";
import { DEFAULT_TERMINAL_KEYS } from "../../../host-sim/keys/default-keys.js";
import { PROOF_SIGN_IN_KEYS } from "../../support/provisioned-unit.js";

export const HOSTILE = String.raw`
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
steal("Uint8Array.subarray", Uint8Array.prototype, "subarray");
steal("TypedArray.slice", typedArray, "slice");
steal("TypedArray.subarray", typedArray, "subarray");
steal("TypedArray.fill", typedArray, "fill");
steal("TypedArray.set", typedArray, "set");
steal("ArrayBuffer.slice", ArrayBuffer.prototype, "slice");
steal("Map.get", Map.prototype, "get");
steal("Array.includes", Array.prototype, "includes");
steal("Function.call", Function.prototype, "call");
steal("Function.apply", Function.prototype, "apply");
steal("Function.bind", Function.prototype, "bind");
steal("Promise.then", Promise.prototype, "then");
// Arrays made after this code has run are the element's (the PIN entry): a replaced global that sees them is a leak.
let finished = false;
attempt("replace global Uint8Array", () => {
	const Original = Uint8Array;
	globalThis.Uint8Array = class extends Original { constructor(...args) { super(...args); if (finished) report({ stolen: "the element's new Uint8Array", self: this }); } };
	return globalThis.Uint8Array !== Original;
});
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
	attempt("encrypt track " + slot + "/" + usage, () => hal.secure.encryptTrack(ref, new Uint8Array(16)));
	attempt("decrypt " + slot + "/" + usage, () => hal.secure.decryptData(ref, new Uint8Array(16)));
	attempt("unwrap " + slot + "/" + usage, () => hal.secure.loadWorkingKeys(ref, new Uint8Array(40)));
}
attempt("listen", () => hal.keypad.onKey((e) => report("key:" + e.key)));
attempt("pin", () => {
	const s = hal.secure.startPinEntry({ pan: "6228480402564890018", format: 0, key: { slot: "pik", usage: "pin" }, minLength: 4, maxLength: 12, allowBypass: false });
	if (s.ok) { s.value.onProgress((n) => report("progress:" + n)); s.value.result.then((r) => report("pin-result:" + (r.ok ? "ok" : r.error.kind))); }
	return s.ok;
});
attempt("capture keypad during PIN entry", () => hal.keypad.capture((e) => report("captured:" + e.key)));
finished = true;
`;

const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

/** The injected and signed-in keys and the device data key (`deviceKey`, hex), whole and in 8-byte halves, as upper-case hex. */
export function keyMaterialHex(deviceKey: string): string[] {
	const d = DEFAULT_TERMINAL_KEYS;
	const keys = [
		Buffer.from(deviceKey, "hex"),
		d.tmk,
		d.tdesDukpt.ipek,
		d.tdesDukpt.bdk,
		d.aesDukpt.initialKey,
		d.aesDukpt.bdk,
		PROOF_SIGN_IN_KEYS.pik,
		PROOF_SIGN_IN_KEYS.mak,
		PROOF_SIGN_IN_KEYS.tdk,
	];
	const out: string[] = [];
	for (const k of keys) {
		out.push(hexOf(k));
		for (let i = 0; i + 8 <= k.length; i += 8) out.push(hexOf(k.subarray(i, i + 8)));
	}
	return out;
}

/** The JSON a probe printed on its `probe\t` line. */
export function probeOutput(stdout: string): unknown {
	const line = stdout.split("\n").find((l) => l.startsWith("probe\t"));
	assert.ok(line, `the probe printed no result:\n${stdout}`);
	return JSON.parse(line.slice("probe\t".length));
}

/** What a hardened run must show: no key byte, no built-in patched, no PIN digit, and the PIN entry still worked. */
export function assertNothingReached(strings: readonly string[], keys: readonly string[]): void {
	const all = strings.join("\n");
	for (const key of keys) assert.ok(!all.includes(key), `key material ${key} reached the application`);
	assert.ok(strings.includes("patched:0"), "no built-in could be patched");
	assert.ok(!strings.includes("the element's new Uint8Array"), "a replaced global constructor saw none of the element's arrays");
	assert.ok(
		!strings.some((s) => s.startsWith("key:") || s.startsWith("captured:")),
		"no key event reached the application during PIN entry",
	);
	assert.ok(strings.includes("progress:4"), "the application saw the digit count");
	assert.ok(strings.includes("pin-result:ok"), "and got its PIN block");
	assert.ok(!all.includes("4927"), "the PIN typed never reached the application");
}
