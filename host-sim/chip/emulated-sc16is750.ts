// An emulated NXP SC16IS750 I2C UART in front of the emulated TDA8035 and card, as the posterm boards wire it
// (src/card-reader/sc16is750.ts): its registers over I2C (sub-address = register << 3), the UART's RX FIFO with
// each character's parity and framing flags in LSR, the echo of every character sent on the shared I/O line
// (with a framing error when the card signalled a parity error for it), and the GPIOs driving CMDVCC, RSTIN and
// 5V/3V and reading the card switch and OFF. Platform-free.
//
// Public API: EmulatedSc16is750.

import { ok } from "../../hal/result.js";
import type { I2cDevice } from "../../src/card-reader/i2c-device.js";
import { SC16IS750_REGISTERS as R, type Sc16Lines } from "../../src/card-reader/sc16is750.js";
import type { EmulatedTda8035 } from "./emulated-tda8035.js";

type Entry = { readonly byte: number; readonly parity: boolean; readonly framing: boolean };

export class EmulatedSc16is750 {
	readonly #tda: EmulatedTda8035;
	readonly #lines: Sc16Lines;
	readonly #fifo: Entry[] = [];
	#pointer = 0;
	#lcr = 0;
	#dll = 0;
	#dlh = 0;
	#iodir = 0;
	#latch = 0;
	/** The levels the TDA8035 sees: a GPIO left as an input floats to the TDA8035's pull-up on CMDVCC, low elsewhere. */
	#levels: number;
	#writing: Promise<void> = Promise.resolve();
	#pendingWrites = 0;
	/** The divisor latch each time the LCR closed it, i.e. the rates the driver set. */
	readonly divisors: number[] = [];
	/** LCR values written with the latch closed. */
	readonly formats: number[] = [];
	/** Makes every bus transfer fail, as a bridge that does not answer. */
	absent = false;

	constructor(tda: EmulatedTda8035, lines: Sc16Lines) {
		this.#tda = tda;
		this.#lines = lines;
		this.#levels = 1 << lines.cmdvcc;
	}

	readonly i2c: I2cDevice = {
		write: (bytes, stop = true) => {
			if (this.absent) return { ok: false, error: "no acknowledge" };
			const register = (bytes[0]! >> 3) & 0x0f;
			if (bytes.length === 1 && !stop) {
				this.#pointer = register;
				return ok();
			}
			for (const value of bytes.subarray(1)) this.#write(register, value);
			return ok();
		},
		read: (length) => {
			if (this.absent) return { ok: false, error: "no acknowledge" };
			const out = new Uint8Array(length);
			for (let i = 0; i < length; i++) out[i] = this.#read(this.#pointer);
			return ok(out);
		},
	};

	#write(register: number, value: number): void {
		const latch = (this.#lcr & 0x80) !== 0;
		if (register === R.THR && !latch) return this.#send(value);
		if (register === R.DLL && latch) this.#dll = value;
		else if (register === R.DLH && latch) this.#dlh = value;
		else if (register === R.LCR) {
			if ((this.#lcr & 0x80) !== 0 && (value & 0x80) === 0) {
				this.divisors.push((this.#dlh << 8) | this.#dll);
				this.formats.push(value);
			}
			this.#lcr = value;
		} else if (register === R.FCR && (value & 0x02) !== 0) {
			this.#fifo.length = 0;
		} else if (register === R.IODIR || register === R.IOSTATE) {
			if (register === R.IODIR) this.#iodir = value;
			else this.#latch = value;
			this.#drive();
		}
	}

	#drive(): void {
		const { cmdvcc, rstin, voltage } = this.#lines;
		const levels = (this.#latch & this.#iodir) | (~this.#iodir & (1 << cmdvcc));
		const changed = levels ^ this.#levels;
		this.#levels = levels;
		const bit = (gpio: number) => (levels & (1 << gpio)) !== 0;
		if ((changed & (1 << cmdvcc)) !== 0) {
			if (bit(cmdvcc)) this.#tda.slot.powerDown();
			else this.#tda.slot.powerUp(bit(voltage) ? "5V" : "3V");
		}
		if ((changed & (1 << rstin)) !== 0 && !bit(cmdvcc)) this.#tda.slot.setReset(bit(rstin));
	}

	/** The character goes out on I/O: the card takes it (or signals an error), and its echo comes back. */
	#send(byte: number): void {
		this.#pendingWrites++;
		this.#writing = this.#writing.then(async () => {
			const signalled = await this.#tda.port.write(Uint8Array.of(byte));
			this.#fifo.push({ byte, parity: false, framing: signalled === 0 });
			this.#pendingWrites--;
		});
	}

	#read(register: number): number {
		if (register === R.LSR) {
			// While characters are still going out the card cannot be answering yet.
			if (this.#fifo.length === 0 && this.#pendingWrites === 0) {
				const c = this.#tda.takeCharacter();
				if (c !== undefined) this.#fifo.push({ byte: c.byte, parity: c.parityError, framing: false });
			}
			const head = this.#fifo[0];
			if (head === undefined) return this.#pendingWrites > 0 ? 0x00 : 0x60;
			return 0x60 | 0x01 | (head.parity ? 0x04 : 0) | (head.framing ? 0x08 : 0);
		}
		if (register === R.RHR && (this.#lcr & 0x80) === 0) return this.#fifo.shift()?.byte ?? 0;
		if (register === R.IOSTATE) {
			const { presence, off } = this.#lines;
			const slot = this.#tda.slot;
			const inputs = (slot.present ? 1 << presence : 0) | (slot.present && slot.fault === undefined ? 1 << off : 0);
			return (this.#latch & this.#iodir) | (inputs & ~this.#iodir);
		}
		if (register === R.RXLVL) return this.#fifo.length;
		if (register === R.TXLVL) return 64;
		if (register === R.LCR) return this.#lcr;
		return 0;
	}
}
