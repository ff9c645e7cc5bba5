// Battery voltage and charger state (docs/factory-mode.md §4, "power").

import { type FactoryTest } from "../factory-test.js";

/** A 1S Li-ion cell in a healthy unit: above the 3.5 V low-battery cut-off, below the 4.3 V overcharge limit. */
const BATTERY_MV = { low: 3500, high: 4300 };

export const powerCheck: FactoryTest = {
	id: "power",
	description: "battery voltage and charger state; params.chargerConnected: the jig powers the charger",
	params: { chargerConnected: "boolean" },
	timeoutMs: 2000,
	async run({ hal, params, outcome }) {
		const status = hal.power.status();
		outcome.measure("battery_mv", status.batteryMillivolts, "mV", BATTERY_MV.low, BATTERY_MV.high, "BATTERY_VOLTAGE");
		outcome.note("battery_percent", status.batteryPercent, "%");
		if (params.chargerConnected === true) {
			outcome.measure("external_power", status.externalPower ? 1 : 0, "bool", 1, 1, "NO_EXTERNAL_POWER");
			outcome.measure("charging", status.charging ? 1 : 0, "bool", 1, 1, "NOT_CHARGING");
		} else {
			outcome.note("external_power", status.externalPower ? 1 : 0, "bool");
			outcome.note("charging", status.charging ? 1 : 0, "bool");
		}
	},
};
