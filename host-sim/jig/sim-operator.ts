// The simulator's scripted operator (and jig sensors): presses the key the unit asks for, swipes the test
// card through the swipe synthesizer, and answers confirmations from what the simulated hardware shows —
// the framebuffer's CRC-32 against the unit's checksum (the jig camera), the beeper and LED state (the
// microphone and photodiodes), and the QR code on the emulated paper (the scanner). Platform-free.

import type { Clock } from "../../hal/clock.js";
import { isKeyCode, type KeyCode } from "../../hal/keypad.js";
import { crc32 } from "../../src/journal/crc32.js";
import type { TestCard } from "../cards/test-cards.js";
import type { SimUnitHal } from "./sim-unit.js";
import { chipTestCard, type SimCardReaders } from "../chip/sim-card-readers.js";
import type { VirtualCard } from "../chip/virtual-card.js";
import { testCardSwipe } from "../magstripe/test-card-swipe.js";
import type { PrinterEmulator } from "../printer/printer-emulator.js";
import type { Message } from "./jig-client.js";
import type { Operator } from "./station.js";

export interface SimOperatorOptions {
	readonly hal: SimUnitHal<Clock>;
	readonly printer: PrinterEmulator;
	/** The card the operator swipes when asked. */
	readonly card: TestCard;
	/** The chip readers' slot and field, where the operator inserts and taps the chip test cards. */
	readonly readers?: SimCardReaders;
	/** Progress lines, if anyone reads them. */
	readonly log?: (text: string) => void;
}

export class SimOperator implements Operator {
	readonly #options: SimOperatorOptions;
	#beeps = 0;
	#tapped: VirtualCard | undefined;

	constructor(options: SimOperatorOptions) {
		this.#options = options;
		options.hal.indicators.onBeep(() => this.#beeps++);
	}

	act(event: Message): void {
		const { hal, card } = this.#options;
		// After the event line, as a person would: never inside the unit's own handler.
		void Promise.resolve().then(() => {
			if (event.step === "press" && typeof event.key === "string" && isKeyCode(event.key)) hal.keypad.press(event.key as KeyCode);
			if (event.step === "swipe") hal.magstripe.swipe(testCardSwipe(card, { jitter: 0.05, seed: 3 }, hal.clock.monotonicMs()));
			this.#chip(event);
		});
	}

	/** Inserts, removes, taps and takes away the chip test card the event names. */
	#chip(event: Message): void {
		const readers = this.#options.readers;
		if (readers === undefined) return;
		const name = typeof event.card === "string" ? event.card : "";
		if (event.step === "insert") {
			const chip = chipTestCard(name, readers.contactCardFaults);
			if (chip !== undefined) readers.slot.insert(chip);
		}
		if (event.step === "remove") readers.slot.remove();
		if (event.step === "tap") {
			this.#tapped = chipTestCard(name);
			if (this.#tapped !== undefined) readers.field.tap(this.#tapped);
		}
		if (event.step === "take-away" && this.#tapped !== undefined) readers.field.takeAway(this.#tapped);
	}

	confirm(event: Message): Promise<{ pass: boolean; observed?: number }> {
		const { hal, printer } = this.#options;
		const step = String(event.step);
		if (step.startsWith("display.")) {
			const observed = crc32(hal.display.pixels);
			return Promise.resolve({ pass: observed === event.checksum, observed });
		}
		if (step === "indicators.beeper") {
			const heard = this.#beeps > 0;
			this.#beeps = 0;
			return Promise.resolve({ pass: heard });
		}
		if (step.startsWith("indicators.led."))
			return Promise.resolve({ pass: hal.indicators.leds.get(step.slice("indicators.led.".length) as never) === true });
		if (step === "printer.qr")
			return Promise.resolve({ pass: typeof event.serial === "string" && printer.paper.text().includes(`"${event.serial}"`) });
		return Promise.resolve({ pass: false });
	}

	tell(text: string): void {
		this.#options.log?.(text);
	}
}
