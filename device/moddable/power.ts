// Battery, charger and tamper line on ECMA-419 analog and digital inputs.

import type { Power, PowerStatus } from "../../hal/power.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";
import type { AnalogClass, AnalogPort, DigitalClass, DigitalPort, PinIo } from "./io.js";

export interface GpioPowerOptions {
	/** The battery divider's ADC input. */
	readonly battery: PinIo<AnalogClass> & { readonly dividerRatio: number };
	/** The charger's status output. */
	readonly charging: PinIo<DigitalClass>;
	readonly tamper: PinIo<DigitalClass> & { readonly activeLow: boolean };
	/** Restarts the chip (ESP32: esp_restart through Moddable's `System`/`restart`); injected so tests can see it. */
	readonly restart: () => void;
}

/**
 * Full scale of Moddable's ESP32 analog read: calibrated millivolts at 12 dB attenuation, rescaled to the
 * resolution, top out at 2450 mV (Moddable SDK modules/io/analog/esp32, kAttenuationTable).
 */
const FULL_SCALE_MV = 2450;

/** A 1S Li-ion cell at rest, millivolts → percent (typical curve, good to ±10 %). */
const DISCHARGE_CURVE: readonly (readonly [number, number])[] = [
	[3300, 0],
	[3500, 5],
	[3600, 15],
	[3700, 35],
	[3800, 55],
	[3900, 70],
	[4000, 82],
	[4100, 92],
	[4200, 100],
];

/** What `status()` reports once the inputs are closed. */
const CLOSED_STATUS: PowerStatus = { batteryMillivolts: 0, batteryPercent: 0, charging: false, externalPower: false };

export class GpioPower implements Power {
	readonly #battery: AnalogPort;
	readonly #charging: DigitalPort;
	readonly #tamper: DigitalPort;
	readonly #tamperActive: 0 | 1;
	readonly #dividerRatio: number;
	readonly #restart: () => void;
	readonly #tamperListeners = new Listeners<void>();
	#closed = false;

	constructor(options: GpioPowerOptions) {
		const { battery, charging, tamper } = options;
		this.#battery = new battery.io({ pin: battery.pin });
		this.#dividerRatio = battery.dividerRatio;
		// The charger's status output is open drain, low while charging (TP4056 CHRG, BQ24040 CHG).
		this.#charging = new charging.io({ pin: charging.pin, mode: charging.io.InputPullUp });
		this.#tamperActive = tamper.activeLow ? 0 : 1;
		this.#tamper = new tamper.io({
			pin: tamper.pin,
			mode: tamper.activeLow ? tamper.io.InputPullUp : tamper.io.InputPullDown,
			edge: tamper.activeLow ? tamper.io.Falling : tamper.io.Rising,
			onReadable: () => {
				if (this.tamperLine) this.#tamperListeners.emit();
			},
		});
		this.#restart = options.restart;
	}

	status(): PowerStatus {
		if (this.#closed) return CLOSED_STATUS;
		const raw = this.#battery.read();
		const atPin = (raw * FULL_SCALE_MV) / ((1 << this.#battery.resolution) - 1);
		const batteryMillivolts = Math.round(atPin * this.#dividerRatio);
		const charging = this.#charging.read() === 0;
		return {
			batteryMillivolts,
			batteryPercent: percentOf(batteryMillivolts),
			charging,
			// The board has no separate external-power sense; a charging cell implies it.
			externalPower: charging,
		};
	}

	get tamperLine(): boolean {
		return !this.#closed && this.#tamper.read() === this.#tamperActive;
	}

	onTamper(handler: () => void): Unsubscribe {
		return this.#tamperListeners.add(handler);
	}

	reboot(): void {
		this.#restart();
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#tamper.close();
		this.#charging.close();
		this.#battery.close();
	}
}

function percentOf(millivolts: number): number {
	const curve = DISCHARGE_CURVE;
	if (millivolts <= curve[0]![0]) return 0;
	for (let i = 1; i < curve.length; i++) {
		const [mv1, p1] = curve[i]!;
		if (millivolts <= mv1) {
			const [mv0, p0] = curve[i - 1]!;
			return Math.round(p0 + ((p1 - p0) * (millivolts - mv0)) / (mv1 - mv0));
		}
	}
	return 100;
}
