// The device entry (Moddable `main`): builds the HAL from the board description and boots the terminal,
// behind the factory gate (src/factory/factory-entry.ts). Every module is preloaded, so the application shares
// this realm: what it may reach is fixed when the firmware is linked. Its static imports reach no secure-element,
// device or platform module (test/node/application-graph.test.ts); the linker strips eval, Function, Compartment
// and import(), so no other code can be loaded at run time (checked in the linked firmware by
// `npm run device -- check`). At run time it gets the application Hal only (src/secure/application-hal.ts: not the
// raw keypad, which is the element's), on frozen built-ins, and ECMA-419's `device` global is withdrawn first.

import Bin from "bin";
import { BlockCipher, Digest } from "crypt";
import config from "mc/config";
import { startDiagnostics } from "diagnostics";
import Preference from "preference";
import Resource from "Resource";
import { readBoard } from "./board.js";
import { createModdableHal } from "./hal.js";
import { moddablePrimitives } from "./native-crypto.js";
import { createModdableSecureElement } from "./secure-element.js";
import { bootWithFactoryGate } from "../../src/factory/factory-boot.js";
import { hexToBytes } from "../../src/factory/hex-text.js";
import { applicationHal, hardenIntrinsics } from "../../src/secure/application-hal.js";
import { startTerminal } from "../../src/terminal.js";

// Wi-Fi station from `mcconfig … stationSsid=… stationPassword=…` until the terminal parameters carry it.
// (Not `ssid`: Moddable's setup/network would then hold boot until Wi-Fi connects.)
const ssid = typeof config.stationSsid === "string" && config.stationSsid !== "" ? config.stationSsid : undefined;
const password = typeof config.stationPassword === "string" ? config.stationPassword : undefined;

// Factory entry by signed command needs `mcconfig … factoryEntryKey=<hex>`; without it only the jig strap works.
const entryKey = typeof config.factoryEntryKey === "string" ? hexToBytes(config.factoryEntryKey) : undefined;
const build = {
	git: typeof config.git === "string" ? config.git : "unknown",
	type: String(config.release) === "true" ? "release" : "debug",
} as const;

const board = readBoard(String(config.board ?? ""), Resource);
const hal = board.ok
	? createModdableHal({
			board: board.value,
			Preference,
			secure: (io) =>
				createModdableSecureElement({ Preference, primitives: moddablePrimitives({ BlockCipher, Digest, Bin }), ...io }).element,
			...(ssid === undefined ? {} : { station: password === undefined ? { ssid } : { ssid, password } }),
		})
	: board;
startDiagnostics();
if (hal.ok && board.ok) {
	const unit = hal.value;
	void bootWithFactoryGate(unit, { windowMs: 500, ...(entryKey ? { entryKey } : {}) }, { board: board.value, build }, () => {
		hardenIntrinsics();
		withdrawHardwareGlobals();
		startTerminal(applicationHal(unit));
	});
} else if (!hal.ok) trace(`posterm: cannot build the HAL: ${JSON.stringify(hal.error)}\n`);

/**
 * ECMA-419's `device` global (when Moddable's io system module is built in) reaches every pin, the keypad's
 * among them: it goes once the HAL holds its IO, so application code cannot read the keys past the secure
 * element. (`screen` stays: it draws no more than the display driver does, and Moddable's simulator delivers its
 * device's messages through that global.)
 */
function withdrawHardwareGlobals(): void {
	if ("device" in globalThis && !Reflect.deleteProperty(globalThis, "device")) trace("posterm: the global device cannot be withdrawn\n");
}
