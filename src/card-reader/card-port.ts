// What the contact reader's protocol engines run over: the smart-card interface's control lines (an NXP
// TDA8035-class chip: CMDVCC, RSTIN, 5V/3V, PRES, OFF) and the card's I/O line on a UART. The device binds
// them to GPIOs and a UART (device/moddable/contact-reader.ts); host-sim binds them to an emulated interface
// and card (host-sim/chip/emulated-tda8035.ts). Platform-free.
//
// Public API: ContactSlot, CardPort, CardCharacter, LineSettings, CardVoltage.

import type { Unsubscribe } from "../../hal/result.js";

/** ISO/IEC 7816-3 §5.1.3 classes: A is 5 V, B is 3 V (the TDA8035's 5V/3V pin). */
export type CardVoltage = "5V" | "3V";

export interface ContactSlot {
	/** The presence switch (TDA8035 PRES). */
	readonly present: boolean;
	onPresence(handler: (present: boolean) => void): Unsubscribe;
	/** Why the interface has shut the card down (TDA8035 OFF low while a card is present), or undefined. */
	readonly fault: string | undefined;
	/**
	 * Starts activation with RST low (ISO/IEC 7816-3 §6.2.2): the chip raises VCC at `voltage`, enables I/O and
	 * starts CLK (TDA8035: 5V/3V set, RSTIN low, CMDVCC low).
	 */
	powerUp(voltage: CardVoltage): void;
	/** RST (TDA8035 RSTIN), passed through to the card once it is powered. */
	setReset(high: boolean): void;
	/** Deactivation (§6.4): the chip takes RST, CLK and I/O low, then VCC off (TDA8035: CMDVCC high). */
	powerDown(): void;
}

/** One character as the UART saw it (ISO/IEC 7816-3 §7.1: start bit, 8 data bits, even parity, guard time). */
export interface CardCharacter {
	readonly byte: number;
	readonly parityError: boolean;
}

/** How the UART is set for the card's I/O line. */
export interface LineSettings {
	/** Bits per second: f × D / F (ISO/IEC 7816-3 §7.1). */
	readonly baud: number;
	/** Even parity for the direct convention; the inverse convention's characters arrive with odd parity. */
	readonly parity: "even" | "odd";
	/** Characters the terminal sends are spaced by 12 + N etu (TC1's extra guard time N, §8.3). */
	readonly extraGuardEtu: number;
	/** T=0 signals a parity error by holding I/O low in the guard time and the sender repeats (§7.3); T=1 does not. */
	readonly errorSignal: boolean;
}

export interface CardPort {
	/**
	 * Whether the port drives the error signal itself for a character received with a parity error (§7.3), so
	 * that at T=0 the card repeats it; when it cannot, such a character is lost and the exchange fails.
	 */
	readonly signalsParityErrors: boolean;
	configure(settings: LineSettings): void;
	/**
	 * Sends the characters in order. Resolves with the index of the first character the card answered with an
	 * error signal (§7.3; only with `errorSignal` on and an interface that can see it), which was then not taken,
	 * or -1 when all went through.
	 */
	write(bytes: Uint8Array): Promise<number>;
	/** The next character received, or undefined when none began within `timeoutMs`. */
	read(timeoutMs: number): Promise<CardCharacter | undefined>;
	/** Drops what was received and not yet read. */
	flush(): void;
}
