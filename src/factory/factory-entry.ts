// Guarded entry to factory mode (docs/factory-mode.md §1). At boot, factory mode is entered when
//   - the jig-detect strap is asserted, or
//   - within `windowMs` of the boot announcement, the jig answers its random challenge with
//     ENTER_FACTORY {"mac": hex(AES-CMAC(factory entry key, "posterm factory entry v1" ‖ challenge))}
//     (NIST SP 800-38B). One attempt per boot: a wrong MAC boots the application.
// Neither works once the unit is locked for production, nor while a payment key is loaded.

import type { Hal } from "../../hal/hal.js";
import { aesCipher } from "../crypto/aes.js";
import { concatBytes, constantTimeEqual } from "../crypto/bytes.js";
import { cmac } from "../crypto/cmac.js";
import { utf8Encode } from "../text/utf8.js";
import { FIRMWARE_VERSION } from "../version.js";
import { isLocked } from "./factory-records.js";
import { bytesToHex, hexToBytes } from "./hex-text.js";
import { errLine, eventLine, okLine, parseRequest, PROTOCOL_VERSION } from "./protocol.js";
import { loadedPaymentSlots } from "./checks/secure-check.js";

export interface EntryOptions {
	/**
	 * The factory entry key, AES-128/192/256: a key held by the factory, never a payment key. Without one
	 * only the strap enters factory mode and the boot announcement is not sent.
	 */
	readonly entryKey?: Uint8Array;
	/** How long after the boot announcement ENTER_FACTORY is accepted, ms (e.g. 500). */
	readonly windowMs: number;
}

export type BootDecision =
	| { readonly kind: "factory"; readonly via: "detect" | "command" }
	| { readonly kind: "application"; readonly reason: "locked" | "live-keys" | "no-request" | "bad-mac" };

const CHALLENGE_BYTES = 16;
const ENTRY_LABEL = utf8Encode("posterm factory entry v1");

/** The MAC the jig sends to enter factory mode. */
export function entryMac(entryKey: Uint8Array, challenge: Uint8Array): Uint8Array {
	return cmac(aesCipher(entryKey), concatBytes(ENTRY_LABEL, challenge));
}

export function decideBoot(hal: Hal, options: EntryOptions): Promise<BootDecision> {
	if (isLocked(hal.storage.records)) return Promise.resolve({ kind: "application", reason: "locked" });
	if (loadedPaymentSlots(hal.secure).length > 0) return Promise.resolve({ kind: "application", reason: "live-keys" });
	if (hal.jig.detected) return Promise.resolve({ kind: "factory", via: "detect" });
	const { entryKey } = options;
	if (entryKey === undefined) return Promise.resolve({ kind: "application", reason: "no-request" });
	const challenge = new Uint8Array(CHALLENGE_BYTES);
	hal.random.fill(challenge);
	return new Promise((resolve) => {
		const finish = (decision: BootDecision) => {
			timer.cancel();
			stop();
			resolve(decision);
		};
		const stop = hal.jig.onLine((line) => {
			const request = parseRequest(line);
			if (!request.ok) return hal.jig.writeLine(errLine(request.error.id, request.error.code, request.error.message));
			const { id, cmd, args } = request.value;
			if (cmd !== "ENTER_FACTORY") return hal.jig.writeLine(errLine(id, "NOT_IN_FACTORY", "send ENTER_FACTORY first"));
			const mac = typeof args.mac === "string" ? hexToBytes(args.mac) : undefined;
			if (mac !== undefined && constantTimeEqual(mac, entryMac(entryKey, challenge))) {
				hal.jig.writeLine(okLine(id, { factory: true }));
				return finish({ kind: "factory", via: "command" });
			}
			hal.jig.writeLine(errLine(id, "BAD_MAC", "entry refused"));
			finish({ kind: "application", reason: "bad-mac" });
		});
		const timer = hal.clock.after(options.windowMs, () => finish({ kind: "application", reason: "no-request" }));
		hal.jig.writeLine(
			eventLine(0, {
				evt: "boot",
				proto: PROTOCOL_VERSION,
				fw: FIRMWARE_VERSION,
				challenge: bytesToHex(challenge),
				windowMs: options.windowMs,
			}),
		);
	});
}
