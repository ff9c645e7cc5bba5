// The device entry (Moddable `main`): builds the HAL from the board description and boots the terminal,
// behind the factory gate (src/factory/factory-entry.ts). The terminal runs in an XS Compartment after the
// built-ins are frozen, given the application's Hal only (src/secure/application-compartment.ts): the raw
// keypad (its secure-element port), the element's store and this module stay out of its reach.

import Bin from "bin";
import { BlockCipher, Digest } from "crypt";
import config from "mc/config";
import Preference from "preference";
import Resource from "Resource";
import { readBoard } from "./board.js";
import { createModdableHal } from "./hal.js";
import { moddablePrimitives } from "./native-crypto.js";
import { createModdableSecureElement } from "./secure-element.js";
import { bootWithFactoryGate } from "../../src/factory/factory-boot.js";
import { hexToBytes } from "../../src/factory/hex-text.js";
import { applicationModules, importInCompartment } from "../../src/secure/application-compartment.js";
import { applicationHal, hardenIntrinsics } from "../../src/secure/application-hal.js";
import type * as TerminalModule from "../../src/terminal.js";

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
if (hal.ok && board.ok) {
	const unit = hal.value;
	void bootWithFactoryGate(unit, { windowMs: 500, ...(entryKey ? { entryKey } : {}) }, { board: board.value, build }, () => {
		hardenIntrinsics();
		// Specifiers as the manifest names the modules ("src/app/terminal-app"); Moddable's loader drops ".js".
		const terminal = importInCompartment("src/terminal.js", applicationModules(""), (specifier) =>
			specifier.replace(/\.js$/, ""),
		) as typeof TerminalModule;
		terminal.startTerminal(applicationHal(unit));
	});
} else if (!hal.ok) trace(`posterm: cannot build the HAL: ${JSON.stringify(hal.error)}\n`);
