// Beeper, LEDs and backlight on ECMA-419 PWM and digital outputs.

import type Digital from "embedded:io/digital";
import type PWM from "embedded:io/pwm";
import type { BoardDescription } from "../../hal/board.js";
import type { Clock, Timer } from "../../hal/clock.js";
import type { Indicators, LedName } from "../../hal/indicators.js";

/** The PWM class; `close()` exists on every Moddable target though older typings omit it. */
type PwmClass = typeof PWM;
type PwmPort = InstanceType<PwmClass> & { close?(): void };

export interface PwmIndicatorsOptions {
	readonly Digital: typeof Digital;
	readonly PWM: PwmClass;
	readonly board: BoardDescription;
	readonly clock: Clock;
}

/** Backlight PWM frequency: above what the eye sees, within what the LED driver follows. */
const BACKLIGHT_HZ = 5000;

export class PwmIndicators implements Indicators {
	readonly #PWM: PwmClass;
	readonly #clock: Clock;
	readonly #beeperPin: number;
	readonly #leds = new Map<string, InstanceType<typeof Digital>>();
	readonly #backlight: PwmPort | undefined;
	#beeper: PwmPort | undefined;
	#beepEnd: Timer | undefined;

	constructor(options: PwmIndicatorsOptions) {
		const { Digital: DigitalIO, PWM: PwmIO, board, clock } = options;
		this.#PWM = PwmIO;
		this.#clock = clock;
		this.#beeperPin = board.beeper.pin;
		for (const name of Object.keys(board.leds)) {
			const pin = board.leds[name]!;
			const led = new DigitalIO({ pin, mode: DigitalIO.Output });
			led.write(0);
			this.#leds.set(name, led);
		}
		const backlight = board.display.backlight;
		this.#backlight = backlight === undefined ? undefined : new PwmIO({ pin: backlight, hz: BACKLIGHT_HZ });
	}

	/** A square wave at 50 % duty: a piezo beeper is loudest at its resonance (about 2.7 kHz). */
	beep(frequencyHz: number, durationMs: number): void {
		this.#silence();
		if (!(frequencyHz > 0) || !(durationMs > 0)) return;
		// PWM frequency is fixed at construction, so each tone gets its own instance.
		const beeper: PwmPort = new this.#PWM({ pin: this.#beeperPin, hz: Math.round(frequencyHz) });
		beeper.write(1 << (beeper.resolution - 1));
		this.#beeper = beeper;
		this.#beepEnd = this.#clock.after(durationMs, () => this.#silence());
	}

	/** Boards list only the LEDs they fit; the others are ignored. Active high. */
	led(name: LedName, on: boolean): void {
		this.#leds.get(name)?.write(on ? 1 : 0);
	}

	backlight(percent: number): void {
		const backlight = this.#backlight;
		if (!backlight) return;
		const full = (1 << backlight.resolution) - 1;
		backlight.write(Math.round(full * Math.min(100, Math.max(0, percent)) / 100));
	}

	#silence(): void {
		this.#beepEnd?.cancel();
		this.#beepEnd = undefined;
		const beeper = this.#beeper;
		this.#beeper = undefined;
		if (!beeper) return;
		beeper.write(0);
		beeper.close?.();
	}
}
