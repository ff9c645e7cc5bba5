// The jig's half of the guarded entry (src/factory/factory-entry.ts): wait for the unit's boot
// announcement, answer its challenge with the CMAC under the factory entry key. Platform-free.

import type { Clock } from "../../hal/clock.js";
import { entryMac } from "../../src/factory/factory-entry.js";
import { bytesToHex, hexToBytes } from "../../src/factory/hex-text.js";
import { JigProtocolError, type JigClient } from "./jig-client.js";

/** Resolves once the unit is in factory mode; rejects when no announcement comes within `waitMs` or entry is refused. */
export function enterFactory(client: JigClient, clock: Clock, entryKey: Uint8Array, waitMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = clock.after(waitMs, () => {
			stop();
			reject(new JigProtocolError("NO_BOOT", `no boot announcement within ${waitMs} ms: reset the unit with the jig connected`));
		});
		const stop = client.onUnsolicited((event) => {
			if (event.evt !== "boot") return;
			const challenge = typeof event.challenge === "string" ? hexToBytes(event.challenge) : undefined;
			if (!challenge) return;
			timer.cancel();
			stop();
			client.request("ENTER_FACTORY", { mac: bytesToHex(entryMac(entryKey, challenge)) }).then(() => resolve(), reject);
		});
	});
}
