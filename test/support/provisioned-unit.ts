// A simulated unit as the secure-element proofs need it: TEST keys injected, signed in (PIK, MAK, TDK from a
// fixed field 62) and its device data key generated, on virtual time and offline. Platform-free: the XS probes
// and the Node simulator probe build the same unit. `deviceKey` is the data key's hex, for the searching side.

import { SeededRandom } from "../../host-sim/hal/seeded-random.js";
import { createSimHal, type SimHal } from "../../host-sim/hal/sim-hal.js";
import { SimSecureElement } from "../../host-sim/hal/secure-element.js";
import { VirtualClock } from "../../host-sim/hal/virtual-clock.js";
import { offlineNetwork } from "../../host-sim/hal/offline-network.js";
import { DEFAULT_TERMINAL_KEYS } from "../../host-sim/keys/default-keys.js";
import { tdesCipher } from "../../src/crypto/des.js";
import { wrapSignInKeys } from "../../src/keys/unionpay-working-keys.js";
import { TEST_BOARD } from "./test-board.js";

function hexOf(bytes: ArrayLike<number>): string {
	let s = "";
	for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16).toUpperCase();
	return s;
}

/** The working keys the unit signs in with (the searching side looks for them). */
export const PROOF_SIGN_IN_KEYS = {
	pik: Uint8Array.of(0x4a, 0x1c, 0x2b, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9),
	mak: Uint8Array.of(0x5b, 0x2d, 0x3c, 0x4e, 0x5f, 0x60, 0x71, 0x82),
	tdk: Uint8Array.of(0x6c, 0x3e, 0x4d, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9, 0x0a, 0x1b),
} as const;

export function provisionedUnit(): { hal: SimHal<VirtualClock>; deviceKey: string } {
	let sim: SimSecureElement | undefined;
	const hal = createSimHal(TEST_BOARD, {
		clock: new VirtualClock(0),
		network: offlineNetwork,
		random: new SeededRandom(5),
		secure: (io) => (sim = new SimSecureElement(io)).element,
	});
	const tmk = hal.secure.key("tmk", "kek");
	if (!tmk.ok || !sim) throw new Error("no TMK");
	if (!hal.secure.loadWorkingKeys(tmk.value, wrapSignInKeys(tdesCipher(DEFAULT_TERMINAL_KEYS.tmk), PROOF_SIGN_IN_KEYS)).ok)
		throw new Error("sign-in failed");
	if (!hal.secure.key("device-data", "data").ok) throw new Error("no device data key");
	return { hal, deviceKey: hexOf(sim.vault.get("key.device-data")!.subarray(2)) };
}

/** Everything reported, flattened to strings (typed arrays and buffers as upper-case hex). */
function flattenReport(value: unknown, out: string[] = [], seen: Set<unknown> = new Set(), depth = 0): string[] {
	if (depth > 6 || seen.has(value) || value === null || value === undefined) return out;
	if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
		out.push(String(value));
		return out;
	}
	seen.add(value);
	if (ArrayBuffer.isView(value)) out.push(hexOf(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)));
	else if (value instanceof ArrayBuffer) out.push(hexOf(new Uint8Array(value)));
	else if (typeof value === "object" || typeof value === "function") {
		for (const key of Reflect.ownKeys(value as object)) {
			let v: unknown;
			try {
				v = (value as Record<PropertyKey, unknown>)[key];
			} catch {
				continue;
			}
			out.push(String(key));
			flattenReport(v, out, seen, depth + 1);
		}
	}
	return out;
}

/**
 * Starts hostile application code with `start`, which hands it `report`; then the customer types PIN 4927 and
 * ENTER on the unit's own keypad while the code's PIN entry runs. Resolves to what the code reported,
 * flattened, and the error `start` threw ("" if none).
 */
export async function runHostile(
	hal: SimHal<VirtualClock>,
	start: (report: (value: unknown) => void) => void | Promise<void>,
): Promise<{ error: string; strings: string[] }> {
	const reported: unknown[] = [];
	let error = "";
	try {
		await start(Object.freeze((value: unknown) => void reported.push(value)));
	} catch (e) {
		error = String(e);
	}
	for (const key of ["4", "9", "2", "7", "ENTER"] as const) hal.keypad.press(key);
	hal.clock.advance(1);
	for (let i = 0; i < 20; i++) await Promise.resolve();
	return { error, strings: flattenReport(reported) };
}
