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
	readonly #changes = new Listeners<void>();
	beepCount = 0;
	#closed = false;

	onBeep(handler: (beep: Beep) => void): Unsubscribe {
		return this.#beeps.add(handler);
	}

	/** An LED or the backlight changed (the page shows them without waiting for a beep). */
	onChange(handler: () => void): Unsubscribe {
		return this.#changes.add(handler);
	}

	beep(frequencyHz: number, durationMs: number): void {
		if (this.#closed) return;
		this.beepCount++;
		this.#beeps.emit({ frequencyHz, durationMs });
	}

	led(name: LedName, on: boolean): void {
		if (this.#closed || this.leds.get(name) === on) return;
		this.leds.set(name, on);
		this.#changes.emit();
	}

	backlight(percent: number): void {
		if (this.#closed) return;
		this.backlightPercent = Math.max(0, Math.min(100, percent));
		this.#changes.emit();
	}

	close(): void {
		this.#closed = true;
		this.leds.clear();
		this.backlightPercent = 0;
	}
}
