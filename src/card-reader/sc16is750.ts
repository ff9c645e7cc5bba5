// The contact interface as the posterm boards wire it: an NXP TDA8035 whose card I/O line (I/OUC) is the UART
// of an NXP SC16IS750 I2C UART, and whose control lines are that bridge's GPIOs (SC16IS740/750/760 data sheet).
// The ESP32-S3 boards have no free GPIO for seven lines, and Moddable's ECMA-419 Serial on the ESP32 is fixed
// at 8N1 while ISO/IEC 7816-3 characters need even parity and a guard time of two stop bits; the bridge does
// 8E2, reports a parity error per character (LSR b2 for the character at the top of the FIFO), and frees the
// ESP32 of the character timing. RX is on I/OUC and TX reaches it through a Schottky diode, so TX can only pull
// the line low against the TDA8035's pull-up and the card can answer on the same line: every character
// sent comes back as an echo, which is read and dropped; at T=0 a card's error signal in the guard time makes
// the echo's first stop bit low, a framing error (LSR b3), so the character is sent again (§7.3). The bridge
// cannot drive an error signal itself, so a character received with a parity error is not repeated by the card.
// The card clock and the bridge's crystal come from one oscillator (board `cardClockHz`, `bridgeClockHz`).
// Platform-free over an I2cDevice; presence is polled (the bridge's IRQ has no GPIO either).
//
// Public API: Sc16Lines, Sc16Options, Sc16is750CardInterface, SC16IS750_REGISTERS.

import type { Timer } from "../../hal/clock.js";
import { Listeners } from "../../hal/listeners.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { CardCharacter, CardPort, CardVoltage, ContactSlot, LineSettings } from "./card-port.js";
import type { I2cDevice } from "./i2c-device.js";

/** Register addresses (data sheet Table 10); the I2C sub-address byte is the register << 3 (channel 0). */
export const SC16IS750_REGISTERS = {
	RHR: 0x00,
	THR: 0x00,
	DLL: 0x00,
	DLH: 0x01,
	FCR: 0x02,
	LCR: 0x03,
	LSR: 0x05,
	TXLVL: 0x08,
	RXLVL: 0x09,
	IODIR: 0x0a,
	IOSTATE: 0x0b,
} as const;
const R = SC16IS750_REGISTERS;

/** LSR bits: data ready, parity error, framing error, transmitter empty (THR and TSR). */
const LSR_DATA = 0x01;
const LSR_PARITY = 0x04;
const LSR_FRAMING = 0x08;
const LSR_IDLE = 0x40;
/** LCR: 8 data bits, 2 stop bits, parity on, even; b7 opens the divisor latch. */
const LCR_8E2 = 0x03 | 0x04 | 0x08 | 0x10;
const LCR_PARITY_EVEN = 0x10;
const LCR_DIVISOR = 0x80;
/** FCR: FIFOs on; b1 resets the RX FIFO, b2 the TX FIFO. */
const FCR_ON = 0x01;
const FCR_RESET_RX = 0x02;
const FCR_RESET_TX = 0x04;
const FIFO = 64;

/** The bridge's GPIO numbers (0–7) for the TDA8035's lines. */
export interface Sc16Lines {
	/** TDA8035 CMDVCC (active low: starts activation). */
	readonly cmdvcc: number;
	readonly rstin: number;
	/** TDA8035 5V/3V: high selects 5 V. */
	readonly voltage: number;
	/** The card switch (high: a card is in). */
	readonly presence: number;
	/** TDA8035 OFF (low: no card, or a fault shut the card down). */
	readonly off: number;
}

export interface Sc16Options {
	/** The bridge's XTAL1 clock (Hz). */
	readonly clockHz: number;
	readonly lines: Sc16Lines;
	wait(ms: number): Promise<void>;
	/** Calls `tick` every `ms` (the HAL clock's `every`), for the presence switch. */
	every(ms: number, tick: () => void): Timer;
	/** How often the line status is read while waiting for a character; 1 ms. */
	readonly pollMs?: number;
}

const PRESENCE_POLL_MS = 50;

export class Sc16is750CardInterface {
	readonly #bus: I2cDevice;
	readonly #options: Sc16Options;
	readonly #presence = new Listeners<boolean>();
	#timer: Timer | undefined;
	#present = false;
	#powered = false;
	#outputs = 0;
	#settings: LineSettings | undefined;
	#ok = true;
	readonly slot: ContactSlot;
	readonly port: CardPort;

	constructor(bus: I2cDevice, options: Sc16Options) {
		this.#bus = bus;
		this.#options = options;
		const { lines } = options;
		// CMDVCC high (inactive), RSTIN low; the three outputs driven, the switch and OFF read.
		this.#outputs = 1 << lines.cmdvcc;
		this.#set(R.IOSTATE, this.#outputs);
		this.#set(R.IODIR, (1 << lines.cmdvcc) | (1 << lines.rstin) | (1 << lines.voltage));
		this.#present = this.#input(lines.presence);
		const self = this;
		this.slot = {
			get present(): boolean {
				return self.#present;
			},
			get fault(): string | undefined {
				const off = self.#input(lines.off);
				if (!self.#ok) return "the SC16IS750 does not answer on I2C";
				return self.#present && !off ? "TDA8035 OFF low: over-current or supply fault" : undefined;
			},
			onPresence: (handler) => this.#onPresence(handler),
			powerUp: (voltage: CardVoltage) => {
				this.#drive(lines.voltage, voltage === "5V");
				this.#drive(lines.rstin, false);
				this.#drive(lines.cmdvcc, false);
				this.#powered = true;
			},
			setReset: (high) => this.#drive(lines.rstin, high),
			powerDown: () => {
				this.#drive(lines.rstin, false);
				this.#drive(lines.cmdvcc, true);
				this.#powered = false;
			},
		};
		this.port = {
			signalsParityErrors: false,
			configure: (settings) => this.#configure(settings),
			write: (bytes) => this.#write(bytes),
			read: (timeoutMs) => this.#read(timeoutMs),
			flush: () => this.#set(R.FCR, FCR_ON | FCR_RESET_RX),
		};
	}

	#set(register: number, value: number): void {
		if (!this.#bus.write(Uint8Array.of(register << 3, value)).ok) this.#ok = false;
	}

	#get(register: number): number {
		const w = this.#bus.write(Uint8Array.of(register << 3), false);
		const r = w.ok ? this.#bus.read(1) : w;
		if (!r.ok) {
			this.#ok = false;
			return 0;
		}
		return r.value[0]!;
	}

	#input(gpio: number): boolean {
		return (this.#get(R.IOSTATE) & (1 << gpio)) !== 0;
	}

	#drive(gpio: number, high: boolean): void {
		this.#outputs = high ? this.#outputs | (1 << gpio) : this.#outputs & ~(1 << gpio);
		this.#set(R.IOSTATE, this.#outputs);
	}

	#onPresence(handler: (present: boolean) => void): Unsubscribe {
		const stop = this.#presence.add(handler);
		this.#timer ??= this.#options.every(PRESENCE_POLL_MS, () => {
			const present = this.#input(this.#options.lines.presence);
			if (present === this.#present) return;
			this.#present = present;
			if (!present && this.#powered) this.slot.powerDown();
			this.#presence.emit(present);
		});
		return () => {
			stop();
			if (this.#presence.size === 0) {
				this.#timer?.cancel();
				this.#timer = undefined;
			}
		};
	}

	#configure(settings: LineSettings): void {
		this.#settings = settings;
		// Divisor = XTAL1 / (16 × baud) (data sheet §7.8, prescaler 1).
		const divisor = Math.max(1, Math.round(this.#options.clockHz / (16 * settings.baud)));
		const lcr = (LCR_8E2 & ~LCR_PARITY_EVEN) | (settings.parity === "even" ? LCR_PARITY_EVEN : 0);
		this.#set(R.LCR, lcr | LCR_DIVISOR);
		this.#set(R.DLL, divisor & 0xff);
		this.#set(R.DLH, divisor >> 8);
		this.#set(R.LCR, lcr);
		this.#set(R.FCR, FCR_ON | FCR_RESET_RX | FCR_RESET_TX);
	}

	/** One etu in ms at the current rate. */
	#etuMs(): number {
		return 1000 / (this.#settings?.baud ?? 9600);
	}

	/** The next character from the FIFO with its parity flag, waiting at most `timeoutMs`. */
	async #read(timeoutMs: number): Promise<CardCharacter | undefined> {
		const poll = this.#options.pollMs ?? 1;
		for (let waited = 0; ; waited += poll) {
			const lsr = this.#get(R.LSR);
			if ((lsr & LSR_DATA) !== 0) return { byte: this.#get(R.RHR), parityError: (lsr & (LSR_PARITY | LSR_FRAMING)) !== 0 };
			if (waited >= timeoutMs || !this.#ok) return undefined;
			await this.#options.wait(poll);
		}
	}

	async #write(bytes: Uint8Array): Promise<number> {
		const settings = this.#settings;
		const oneByOne = settings !== undefined && (settings.errorSignal || settings.extraGuardEtu > 0);
		// A character's echo is back within its 12 etu (and any extra guard time), plus a poll.
		const echoMs = Math.ceil((12 + (settings?.extraGuardEtu ?? 0)) * this.#etuMs()) + 2;
		for (let at = 0; at < bytes.length;) {
			const count = oneByOne ? 1 : Math.min(FIFO, bytes.length - at);
			const w = this.#bus.write(Uint8Array.of(R.THR << 3, ...bytes.subarray(at, at + count)));
			if (!w.ok) {
				this.#ok = false;
				return -1;
			}
			for (let i = 0; i < count; i++) {
				const echo = await this.#read(echoMs * count);
				// §7.3: the card held the line low in the guard time; the echo's stop bit was low.
				if (echo !== undefined && echo.parityError && settings?.errorSignal) {
					this.#set(R.FCR, FCR_ON | FCR_RESET_RX);
					return at + i;
				}
			}
			if (oneByOne && (settings?.extraGuardEtu ?? 0) > 0) {
				while ((this.#get(R.LSR) & LSR_IDLE) === 0 && this.#ok) await this.#options.wait(1);
				await this.#options.wait(Math.ceil(settings!.extraGuardEtu * this.#etuMs()));
			}
			at += count;
		}
		return -1;
	}
}
