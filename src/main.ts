// The device entry (Moddable `main`): builds the HAL from the board description and boots the terminal.

import config from "mc/config";
import Preference from "preference";
import { createModdableHal } from "../hal/moddable/hal.js";
import { createModdableSecureElement } from "../hal/moddable/secure-element.js";
import { startTerminal } from "./terminal.js";

// Wi-Fi station from `mcconfig … stationSsid=… stationPassword=…` until the terminal parameters carry it.
// (Not `ssid`: Moddable's setup/network would then hold boot until Wi-Fi connects.)
const ssid = typeof config.stationSsid === "string" && config.stationSsid !== "" ? config.stationSsid : undefined;
const password = typeof config.stationPassword === "string" ? config.stationPassword : undefined;

const hal = createModdableHal({
	secure: (io) => createModdableSecureElement({ Preference, ...io }).element,
	...(ssid === undefined ? {} : { station: password === undefined ? { ssid } : { ssid, password } }),
});
if (hal.ok) startTerminal(hal.value);
else trace(`posterm: cannot build the HAL: ${JSON.stringify(hal.error)}\n`);
