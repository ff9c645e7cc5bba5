// The card's I/O line as the protocol engines use it: characters in the card's convention (§8.1: the inverse
// convention's characters are reversed and complemented here), and at T=0 the character repetition of
// ISO/IEC 7816-3 §7.3 (EMV 4.3 Book 1 §9.2.2.3: a character is repeated at most 4 times after an error
// signal, then the exchange fails).
//
// Public API: CardLine, LineFault, MAX_REPETITIONS.

import { err, ok, type Result } from "../../hal/result.js";
import { inverseByte } from "./atr-fields.js";
import type { CardPort, LineSettings } from "./card-port.js";

/** EMV 4.3 Book 1 §9.2.2.3: after the 4th repetition of one character, the terminal gives up. */
export const MAX_REPETITIONS = 4;

/** `timeout`: no character in the time given; `parity`: a character's parity was wrong past the repetitions. */
export type LineFault = "timeout" | "parity";

export class CardLine {
	readonly #port: CardPort;
	#inverse = false;
	#repeatsOnParity = false;

	constructor(port: CardPort) {
		this.#port = port;
	}

	configure(settings: LineSettings & { readonly inverse: boolean }): void {
		this.#inverse = settings.inverse;
		this.#repeatsOnParity = settings.errorSignal && this.#port.signalsParityErrors;
		const { baud, parity, extraGuardEtu, errorSignal } = settings;
		this.#port.configure({ baud, parity, extraGuardEtu, errorSignal });
	}

	flush(): void {
		this.#port.flush();
	}

	/**
	 * The next character within `timeoutMs`. With the error signal on and a port that drives it, a character
	 * received with a parity error is repeated by the card; past MAX_REPETITIONS it is a `parity` fault. Otherwise
	 * a parity error is a `parity` fault at once (T=1 then rejects the block).
	 */
	async read(timeoutMs: number): Promise<Result<number, LineFault>> {
		for (let repetition = 0; ; repetition++) {
			const c = await this.#port.read(timeoutMs);
			if (c === undefined) return err("timeout");
			if (!c.parityError) return ok(this.#inverse ? inverseByte(c.byte) : c.byte);
			if (!this.#repeatsOnParity || repetition >= MAX_REPETITIONS) return err("parity");
		}
	}

	/** Sends the characters, repeating one the card signals an error for (§7.3) at most MAX_REPETITIONS times. */
	async write(bytes: Uint8Array): Promise<Result<void, LineFault>> {
		const out = this.#inverse ? bytes.map(inverseByte) : bytes;
		let from = 0;
		let repetitions = 0;
		while (from < out.length) {
			const signalled = await this.#port.write(out.subarray(from));
			if (signalled < 0) return ok();
			if (signalled > 0) repetitions = 0;
			if (++repetitions > MAX_REPETITIONS) return err("parity");
			from += signalled;
		}
		return ok();
	}
}
