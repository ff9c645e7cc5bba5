// The simulator's contact reader (hal/contact-reader.ts) over a VirtualCard in its slot: insertion and
// removal, activation with the card's ATR checked by src/emv/atr.ts, and at T=0 the card's side of the
// character protocol as ISO/IEC 7816-3 §10.3 and ISO/IEC 7816-4 §5.3.2 describe it: a command with data
// gets its answer's data held back behind 61xx until GET RESPONSE, a command whose Le differs from what
// the card has gets 6Cxx. At T=1 the APDU goes through whole. Platform-free.
//
// Public API: VirtualContactReader.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import type { Activation, ContactError, ContactReader } from "../../hal/contact-reader.js";
import { Listeners } from "../../hal/listeners.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import { parseAtr } from "../../src/emv/atr.js";
import type { VirtualCard } from "./virtual-card.js";

/** ISO/IEC 7816-3 Table 7 and 8: Fi and Di by the TA1 nibbles (0 where reserved). */
const FI = [372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0];
const DI = [0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0];

export class VirtualContactReader implements ContactReader {
	readonly #presence = new Listeners<boolean>();
	#card: VirtualCard | undefined;
	#active: Activation | undefined;
	/** T=0: the data the card holds back for GET RESPONSE, with the status word it closes with. */
	#pending: ResponseApdu | undefined;
	/** Exchanges since activation, for the removal fault. */
	#exchanges = 0;
	#closed = false;

	get present(): boolean {
		return this.#card !== undefined;
	}

	onPresence(handler: (present: boolean) => void): Unsubscribe {
		return this.#presence.add(handler);
	}

	insert(card: VirtualCard): void {
		if (this.#closed || this.#card === card) return;
		if (this.#card) this.remove();
		this.#card = card;
		this.#presence.emit(true);
	}

	/** Pulls the card out; a powered card is cut off as the interface does. */
	remove(): void {
		if (this.#card === undefined) return;
		this.#card = undefined;
		this.deactivate();
		this.#presence.emit(false);
	}

	async activate(): Promise<Result<Activation, ContactError>> {
		if (this.#closed) return err({ kind: "not-active" });
		const card = this.#card;
		if (card === undefined) return err({ kind: "no-card" });
		this.deactivate();
		const atr = card.reset();
		if (atr === undefined || card.faults.mute) return err({ kind: "mute" });
		const parsed = parseAtr(atr);
		if (!parsed.ok) return err({ kind: "atr-invalid", atr, detail: parsed.error.kind });
		// EMV Book 1 §8.3: the first protocol the ATR offers is used; T=0 and T=1 are the only ones.
		const protocol = parsed.value.protocols[0];
		if (protocol !== 0 && protocol !== 1) return err({ kind: "atr-invalid", atr, detail: `protocol T=${protocol}` });
		const ta1 = parsed.value.ta1 ?? 0x11;
		const fi = FI[ta1 >> 4]!;
		const di = DI[ta1 & 15]!;
		if (fi === 0 || di === 0) return err({ kind: "atr-invalid", atr, detail: "TA1 reserved" });
		// A TA1 other than 11 offers a faster rate, which the reader asks for by PPS (ISO/IEC 7816-3 §9).
		if (ta1 !== 0x11 && card.faults.refusePps) return err({ kind: "pps-refused" });
		this.#exchanges = 0;
		this.#active = { atr, protocol: protocol === 0 ? "T=0" : "T=1", fi, di };
		return ok(this.#active);
	}

	async transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactError>> {
		if (this.#closed || this.#active === undefined) return err({ kind: "not-active" });
		const card = this.#card;
		if (card === undefined) return err({ kind: "no-card" });
		const limit = card.faults.removeAfterExchanges;
		if (limit !== undefined && this.#exchanges++ >= limit) {
			this.remove();
			return err({ kind: "removed" });
		}
		if (card.faults.mute) return err({ kind: "mute" });
		if (this.#active.protocol === "T=1") return ok(card.answer(command));
		return this.#t0(card, command);
	}

	#t0(card: VirtualCard, command: CommandApdu): Result<ResponseApdu, ContactError> {
		if (command.data.length > 0 && command.le !== undefined) return err({ kind: "bad-command", detail: "data and Le at T=0" });
		const pending = this.#pending;
		this.#pending = undefined;
		if (command.cla === 0x00 && command.ins === 0xc0 && pending !== undefined) {
			const le = command.le ?? 256;
			if (le !== pending.data.length) {
				this.#pending = pending;
				return ok({ data: new Uint8Array(0), sw1: 0x6c, sw2: pending.data.length & 0xff });
			}
			return ok({ data: pending.data, sw1: 0x90, sw2: 0x00 });
		}
		const r = card.answer(command);
		if (r.data.length === 0) return ok(r);
		const normal = r.sw1 === 0x90 && r.sw2 === 0x00;
		if (command.data.length > 0 || !normal) {
			// Case 3 TPDU (or a warning): the data wait for GET RESPONSE; 61xx only when the processing was normal.
			this.#pending = r;
			return ok({ data: new Uint8Array(0), sw1: normal ? 0x61 : r.sw1, sw2: normal ? r.data.length & 0xff : r.sw2 });
		}
		const le = command.le ?? 256;
		if (le !== r.data.length) return ok({ data: new Uint8Array(0), sw1: 0x6c, sw2: r.data.length & 0xff });
		return ok(r);
	}

	deactivate(): void {
		this.#active = undefined;
		this.#pending = undefined;
	}

	close(): void {
		this.deactivate();
		this.#closed = true;
	}
}
