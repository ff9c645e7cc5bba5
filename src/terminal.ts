// The terminal: boots, checks itself, and shows the idle screen. The transaction application (issue 7)
// grows out of this state machine; for now it reaches the idle screen and reacts to keys.

import type { Hal } from "../hal/hal.js";
import type { KeyEvent } from "../hal/keypad.js";
import type { Timer } from "../hal/clock.js";
import type { Unsubscribe } from "../hal/result.js";
import { FIRMWARE_VERSION, PRODUCT_NAME } from "./version.js";
import { message, type Language, type MessageId } from "./ui/messages.js";
import { line, type Screen, type ScreenLine } from "./ui/screen.js";
import { hhmm, localDateTime } from "./ui/local-time.js";
import { ScreenRenderer } from "./ui/render/screen-renderer.js";

export type TerminalState =
	| { readonly kind: "self-test" }
	| { readonly kind: "locked"; readonly reason: "tamper" | "self-test"; readonly detail: string }
	| { readonly kind: "needs-sign-in" };

export interface TerminalOptions {
	readonly language: Language;
}

const DEFAULT_OPTIONS: TerminalOptions = { language: "zh" };

/** Key-click tone: 2.7 kHz, the resonant frequency of a typical POS piezo beeper. */
const KEY_BEEP_HZ = 2700;
const KEY_BEEP_MS = 30;

export class Terminal {
	readonly #hal: Hal;
	#language: Language;
	#state: TerminalState = { kind: "self-test" };
	#lastKey: string | undefined;
	#screen: Screen;
	readonly #screenListeners = new Set<(screen: Screen) => void>();
	readonly #subscriptions: Unsubscribe[] = [];
	#clockTimer: Timer | undefined;

	constructor(hal: Hal, options: TerminalOptions = DEFAULT_OPTIONS) {
		this.#hal = hal;
		this.#language = options.language;
		this.#screen = this.#compose();
	}

	get state(): TerminalState {
		return this.#state;
	}

	get screen(): Screen {
		return this.#screen;
	}

	get language(): Language {
		return this.#language;
	}

	/** Called with every new screen; returns the unsubscribe function. */
	onScreen(handler: (screen: Screen) => void): Unsubscribe {
		this.#screenListeners.add(handler);
		return () => this.#screenListeners.delete(handler);
	}

	/** Runs the boot sequence: self-test, tamper check, then the idle screen. */
	start(): void {
		const { secure, power, keypad, clock } = this.#hal;
		const renderer = new ScreenRenderer(this.#hal.display);
		this.#subscriptions.push(this.onScreen((screen) => renderer.draw(screen)));
		this.#subscriptions.push(keypad.onKey((event) => this.#onKey(event)));
		this.#subscriptions.push(power.onTamper(() => this.#lock("tamper", message("lockedTamper", this.#language))));
		const selfTest = secure.selfTest();
		if (!selfTest.ok) {
			const detail = selfTest.error.kind === "self-test" ? selfTest.error.algorithm : selfTest.error.kind;
			this.#lock("self-test", message("lockedSelfTest", this.#language, detail));
		} else if (power.tamperLine || secure.tampered) {
			this.#lock("tamper", message("lockedTamper", this.#language));
		} else {
			this.#state = { kind: "needs-sign-in" };
		}
		this.#hal.indicators.backlight(100);
		this.#hal.indicators.led("power", true);
		this.#refresh();
		// Redraw when the minute changes so the title-bar clock stays right.
		this.#clockTimer = clock.every(1000, () => {
			const next = this.#compose();
			if (next.status.clock !== this.#screen.status.clock) this.#show(next);
		});
	}

	/** Stops timers and listeners (simulator shutdown, tests). */
	stop(): void {
		this.#clockTimer?.cancel();
		for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
	}

	#lock(reason: "tamper" | "self-test", detail: string): void {
		if (reason === "tamper") this.#hal.secure.zeroise();
		this.#state = { kind: "locked", reason, detail };
		this.#hal.indicators.led("error", true);
		this.#refresh();
	}

	#onKey(event: KeyEvent): void {
		if (!event.down) return;
		this.#hal.indicators.beep(KEY_BEEP_HZ, KEY_BEEP_MS);
		if (event.key === "F1") this.#language = this.#language === "zh" ? "en" : "zh";
		this.#lastKey = event.key;
		this.#refresh();
	}

	#refresh(): void {
		this.#show(this.#compose());
	}

	#show(screen: Screen): void {
		this.#screen = screen;
		for (const listener of this.#screenListeners) listener(screen);
	}

	#compose(): Screen {
		const t = (id: MessageId, ...args: (string | number)[]) => message(id, this.#language, ...args);
		const state = this.#state;
		const title = state.kind === "self-test" ? t("stateSelfTest") : state.kind === "locked" ? t("stateLocked") : t("stateNeedsSignIn");
		const lines: ScreenLine[] = [
			line(PRODUCT_NAME, "center", true),
			line(t("productLine"), "center"),
			line(t("version", FIRMWARE_VERSION), "center"),
			line(""),
			line(title, "center"),
		];
		if (state.kind === "locked") lines.push(line(state.detail, "center", true));
		if (this.#lastKey !== undefined) lines.push(line(t("lastKey", this.#lastKey), "center"));
		const power = this.#hal.power.status();
		return {
			status: {
				title,
				clock: hhmm(localDateTime(this.#hal.clock.nowMs())),
				batteryPercent: power.batteryPercent,
				signalBars: this.#hal.network.signalBars,
			},
			lines,
			hints: [t("hintLanguage")],
		};
	}
}

/** Builds the terminal on a HAL and boots it. */
export function startTerminal(hal: Hal, options?: TerminalOptions): Terminal {
	const terminal = new Terminal(hal, options);
	terminal.start();
	return terminal;
}
