// Runs inside xsnap (test/node/secure-element-xs-proofs.test.ts): a signed-in simulated unit, then hostile
// application code evaluated in a Compartment given the application Hal only. Whatever the code can reach
// it hands to `report`; the Node side searches that for key material. With `hardened` false the
// intrinsics are left shared and writable: the control run, where a patched built-in does leak keys.

import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { createSimHal } from "../../host-sim/hal/sim-hal.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { wrapSignInKeys } from "../../src/keys/unionpay-working-keys.js";
import { applicationHal, hardenIntrinsics } from "../../src/secure/application-hal.js";
import { TEST_BOARD } from "../support/test-board.js";

declare function print(...values: unknown[]): void;
declare function harden<T>(value: T): T;
declare class Compartment {
	constructor(options: { globals: Record<string, unknown> });
	evaluate(source: string): unknown;
}

function hexOf(bytes: ArrayLike<number>): string {
	let s = "";
	for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16).toUpperCase();
	return s;
}

/** Everything reported, flattened to strings (typed arrays as upper-case hex). */
function flatten(value: unknown, out: string[], seen: Set<unknown>, depth: number): void {
	if (depth > 6 || seen.has(value)) return;
	if (value === null || value === undefined) return;
	if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
		out.push(String(value));
		return;
	}
	seen.add(value);
	if (ArrayBuffer.isView(value)) {
		out.push(hexOf(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)));
		return;
	}
	if (value instanceof ArrayBuffer) {
		out.push(hexOf(new Uint8Array(value)));
		return;
	}
	if (typeof value === "object" || typeof value === "function") {
		for (const key of Reflect.ownKeys(value as object)) {
			let v: unknown;
			try {
				v = (value as Record<PropertyKey, unknown>)[key];
			} catch {
				continue;
			}
			out.push(String(key));
			flatten(v, out, seen, depth + 1);
		}
	}
}

export async function runCompartmentProbe(hostile: string, hardened: boolean): Promise<void> {
	const clock = new VirtualClock(0);
	let sim: SimSecureElement | undefined;
	const hal = createSimHal(TEST_BOARD, { clock, network: offlineNetwork, random: new SeededRandom(5), secure: (io) => (sim = new SimSecureElement(io)).element });
	const tmk = hal.secure.key("tmk", "kek");
	if (!tmk.ok || !sim) throw new Error("no TMK");
	const signIn = hal.secure.loadWorkingKeys(tmk.value, wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), {
		pik: Uint8Array.of(0x4a, 0x1c, 0x2b, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9),
		mak: Uint8Array.of(0x5b, 0x2d, 0x3c, 0x4e, 0x5f, 0x60, 0x71, 0x82),
		tdk: Uint8Array.of(0x6c, 0x3e, 0x4d, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9, 0x0a, 0x1b),
	}));
	if (!signIn.ok) throw new Error("sign-in failed");
	// The device data key exists before the hostile code runs; its bytes go to the Node side, not the Compartment.
	if (!hal.secure.key("device-data", "data").ok) throw new Error("no device data key");
	const deviceKey = hexOf(sim.vault.get("key.device-data")!.subarray(2));
	if (hardened) hardenIntrinsics();
	const reported: unknown[] = [];
	const report = (value: unknown) => {
		reported.push(value);
	};
	const compartment = new Compartment({ globals: { hal: applicationHal(hal), report: hardened ? harden(report) : report } });
	let evaluationError = "";
	try {
		compartment.evaluate(hostile);
	} catch (error) {
		evaluationError = String(error);
	}
	// The customer types a PIN on the keypad while the application's session runs.
	for (const key of ["4", "9", "2", "7", "ENTER"] as const) hal.keypad.press(key);
	clock.advance(1);
	for (let i = 0; i < 10; i++) await Promise.resolve();
	const strings: string[] = [];
	flatten(reported, strings, new Set(), 0);
	print(`probe\t${JSON.stringify({ evaluationError, strings, deviceKey })}`);
}
