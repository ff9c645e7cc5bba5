// The simulator's beeper, LEDs and backlight: state the UI shows and tests read. Platform-free.

import type { Indicators, LedName } from "../../hal/indicators.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

export interface Beep {
	readonly frequencyHz: number;
	readonly durationMs: number;
}

export class SimIndicators implements Indicators {
	readonly leds = new Map<LedName, boolean>();
	backlightPercent = 0;
	readonly #beeps = new Listeners<Beep>();
	beepCount = 0;

	onBeep(handler: (beep: Beep) => void): Unsubscribe {
		return this.#beeps.add(handler);
	}

	beep(frequencyHz: number, durationMs: number): void {
		this.beepCount++;
		this.#beeps.emit({ frequencyHz, durationMs });
	}

	led(name: LedName, on: boolean): void {
		this.leds.set(name, on);
	}

	backlight(percent: number): void {
		this.backlightPercent = Math.max(0, Math.min(100, percent));
	}
}
