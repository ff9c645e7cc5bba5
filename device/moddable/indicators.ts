// Beeper, LEDs and backlight on ECMA-419 PWM and digital outputs.

import type { Clock, Timer } from "../../hal/clock.js";
import type { Indicators, LedName } from "../../hal/indicators.js";
import type { DigitalClass, DigitalPort, PinIo, PwmClass, PwmPort } from "./io.js";

export interface PwmIndicatorsOptions {
	readonly beeper: PinIo<PwmClass>;
	/** The LEDs the board fits, by name; active high. */
	readonly leds: { readonly [name: string]: PinIo<DigitalClass> };
	readonly backlight?: PinIo<PwmClass>;
	readonly clock: Clock;
}

/** Backlight PWM frequency: above what the eye sees, within what the LED driver follows. */
const BACKLIGHT_HZ = 5000;

export class PwmIndicators implements Indicators {
	readonly #beeperIo: PinIo<PwmClass>;
	readonly #clock: Clock;
	readonly #leds = new Map<string, DigitalPort>();
	readonly #backlight: PwmPort | undefined;
	#beeper: PwmPort | undefined;
	#beepEnd: Timer | undefined;
	#closed = false;

	constructor(options: PwmIndicatorsOptions) {
		this.#beeperIo = options.beeper;
		this.#clock = options.clock;
		for (const name of Object.keys(options.leds)) {
			const { io, pin } = options.leds[name]!;
			const led = new io({ pin, mode: io.Output });
			led.write(0);
			this.#leds.set(name, led);
		}
		const backlight = options.backlight;
		this.#backlight = backlight === undefined ? undefined : new backlight.io({ pin: backlight.pin, hz: BACKLIGHT_HZ });
	}

	/** A square wave at 50 % duty: a piezo beeper is loudest at its resonance (about 2.7 kHz). */
	beep(frequencyHz: number, durationMs: number): void {
		this.#silence();
		if (this.#closed || !(frequencyHz > 0) || !(durationMs > 0)) return;
		// PWM frequency is fixed at construction, so each tone gets its own instance.
		const { io, pin } = this.#beeperIo;
		const beeper = new io({ pin, hz: Math.round(frequencyHz) });
		beeper.write(1 << (beeper.resolution - 1));
		this.#beeper = beeper;
		this.#beepEnd = this.#clock.after(durationMs, () => this.#silence());
	}

	/** Boards list only the LEDs they fit; the others are ignored. Active high. */
	led(name: LedName, on: boolean): void {
		if (!this.#closed) this.#leds.get(name)?.write(on ? 1 : 0);
	}

	backlight(percent: number): void {
		const backlight = this.#backlight;
		if (!backlight || this.#closed) return;
		const full = (1 << backlight.resolution) - 1;
		backlight.write(Math.round((full * Math.min(100, Math.max(0, percent))) / 100));
	}

	/** Silences the beeper and turns the LEDs and backlight off before releasing their pins. */
	close(): void {
		if (this.#closed) return;
		this.#silence();
		for (const led of this.#leds.values()) {
			led.write(0);
			led.close();
		}
		this.#backlight?.write(0);
		this.#backlight?.close();
		this.#closed = true;
	}

	#silence(): void {
		this.#beepEnd?.cancel();
		this.#beepEnd = undefined;
		const beeper = this.#beeper;
		this.#beeper = undefined;
		if (!beeper) return;
		beeper.write(0);
		beeper.close();
	}
}
