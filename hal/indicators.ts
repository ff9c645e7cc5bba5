/** Beeper, LEDs and backlight. */
export type LedName = "power" | "online" | "card" | "error";

export interface Indicators {
	/** A tone of `frequencyHz` for `durationMs`; a new beep replaces a sounding one. */
	beep(frequencyHz: number, durationMs: number): void;
	led(name: LedName, on: boolean): void;
	/** 0 (off) .. 100 (full). */
	backlight(percent: number): void;
	/** Silences the beeper, turns the LEDs and backlight off and releases their pins; later calls do nothing. */
	close(): void;
}
