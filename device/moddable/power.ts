// Battery, charger and tamper line on ECMA-419 analog and digital inputs.

import type Analog from "embedded:io/analog";
import type Digital from "embedded:io/digital";
import type { BoardDescription } from "../../hal/board.js";
import type { Power, PowerStatus } from "../../hal/power.js";
import type { Unsubscribe } from "../../hal/result.js";
import { adcChannelPin } from "../../hal/board.js";
import { Listeners } from "../../hal/listeners.js";

export interface GpioPowerOptions {
	readonly Digital: typeof Digital;
	readonly Analog: typeof Analog;
	readonly board: BoardDescription;
	/** Restarts the chip (ESP32: esp_restart through Moddable's `System`/`restart`); injected so tests can see it. */
	readonly restart: () => void;
}

/**
 * Full scale of Moddable's ESP32 analog read: calibrated millivolts at 12 dB attenuation, rescaled to the
 * resolution, top out at 2450 mV (modules/io/analog/esp32, kAttenuationTable).
 */
const FULL_SCALE_MV = 2450;

/** A 1S Li-ion cell at rest, millivolts → percent (typical curve, good to ±10 %). */
const DISCHARGE_CURVE: readonly (readonly [number, number])[] = [
	[3300, 0], [3500, 5], [3600, 15], [3700, 35], [3800, 55], [3900, 70], [4000, 82], [4100, 92], [4200, 100],
];

export class GpioPower implements Power {
	readonly #battery: InstanceType<typeof Analog>;
	readonly #charging: InstanceType<typeof Digital>;
	readonly #tamper: InstanceType<typeof Digital>;
	readonly #tamperActive: 0 | 1;
	readonly #dividerRatio: number;
	readonly #restart: () => void;
	readonly #tamperListeners = new Listeners<void>();

	constructor(options: GpioPowerOptions) {
		const { Digital: DigitalIO, Analog: AnalogIO, board } = options;
		const pin = adcChannelPin(board.battery.adcChannel);
		if (pin === undefined) throw new RangeError(`battery.adcChannel ${board.battery.adcChannel} is not an ESP32-S3 ADC1 channel`);
		this.#battery = new AnalogIO({ pin });
		this.#dividerRatio = board.battery.dividerRatio;
		// The charger's status output is open drain, low while charging (TP4056 CHRG, BQ24040 CHG).
		this.#charging = new DigitalIO({ pin: board.battery.charging, mode: DigitalIO.InputPullUp });
		this.#tamperActive = board.tamper.activeLow ? 0 : 1;
		this.#tamper = new DigitalIO({
			pin: board.tamper.pin,
			mode: board.tamper.activeLow ? DigitalIO.InputPullUp : DigitalIO.InputPullDown,
			edge: board.tamper.activeLow ? DigitalIO.Falling : DigitalIO.Rising,
			onReadable: () => {
				if (this.tamperLine) this.#tamperListeners.emit();
			},
		});
		this.#restart = options.restart;
	}

	status(): PowerStatus {
		const raw = this.#battery.read();
		const atPin = raw * FULL_SCALE_MV / ((1 << this.#battery.resolution) - 1);
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
		return this.#tamper.read() === this.#tamperActive;
	}

	onTamper(handler: () => void): Unsubscribe {
		return this.#tamperListeners.add(handler);
	}

	reboot(): void {
		this.#restart();
	}
}

function percentOf(millivolts: number): number {
	const curve = DISCHARGE_CURVE;
	if (millivolts <= curve[0]![0]) return 0;
	for (let i = 1; i < curve.length; i++) {
		const [mv1, p1] = curve[i]!;
		if (millivolts <= mv1) {
			const [mv0, p0] = curve[i - 1]!;
			return Math.round(p0 + (p1 - p0) * (millivolts - mv0) / (mv1 - mv0));
		}
	}
	return 100;
}
