// The simulator's contactless reader (hal/contactless-reader.ts): the field holds any number of VirtualCards
// (tap puts one in, takeAway takes it out); polling finds none, one, or several — which is a collision, as EMV
// Book D §5.2 has the terminal report, never a choice. One card is activated (ISO/IEC 14443-3 select, RATS and
// its ATS) and exchanges whole APDUs, as ISO/IEC 14443-4 blocks carry them. `present` is a cardholder's tap
// (the simulator's tap button, key and script step): the cards stay in the field while the terminal polls for
// them and, once it has activated one, until it is done with it — field off, the removal check or a new poll,
// as a cardholder holds the card until the beep — and leave `holdMs` after the tap if none was activated by
// then (a tap while the terminal does not poll, two cards that collide, a card that never answers RATS).
// Platform-free.
//
// Public API: VirtualContactlessReader.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import type { Clock } from "../../hal/clock.js";
import type { ActivatedCard, ContactlessError, ContactlessReader } from "../../hal/contactless-reader.js";
import { err, ok, type Result } from "../../hal/result.js";
import type { VirtualCard } from "./virtual-card.js";

export class VirtualContactlessReader implements ContactlessReader {
	readonly #field = new Set<VirtualCard>();
	#active: VirtualCard | undefined;
	#closed = false;
	/** Exchanges since activation, for the removal fault. */
	#exchanges = 0;
	/** Called when the terminal is done with the activated card (it is deactivated). */
	readonly #released = new Set<(card: VirtualCard) => void>();

	/** Brings a card into the field. */
	tap(card: VirtualCard): void {
		if (!this.#closed) this.#field.add(card);
	}

	/** Takes a card out of the field; an activated one is lost. */
	takeAway(card: VirtualCard): void {
		this.#field.delete(card);
		if (this.#active === card) this.#release();
	}

	/**
	 * A tap of `cards` (two or more collide): in the field until the terminal is done with the one it activated,
	 * or `holdMs` of `clock` time if it activated none by then. Resolves when they have left the field.
	 */
	present(cards: readonly VirtualCard[], clock: Clock, holdMs: number): Promise<void> {
		for (const card of cards) this.tap(card);
		return new Promise((resolve) => {
			const leave = () => {
				timer.cancel();
				this.#released.delete(onRelease);
				for (const card of cards) this.takeAway(card);
				resolve();
			};
			const onRelease = (card: VirtualCard) => {
				if (cards.includes(card)) leave();
			};
			const timer = clock.after(holdMs, () => {
				if (this.#active === undefined || !cards.includes(this.#active)) leave();
			});
			this.#released.add(onRelease);
		});
	}

	async poll(): Promise<Result<ActivatedCard, ContactlessError>> {
		if (this.#closed) return err({ kind: "not-active" });
		this.#release();
		const cards = [...this.#field].filter((c) => c.profile.contactless !== undefined);
		if (cards.length === 0) return err({ kind: "no-card" });
		if (cards.length > 1) return err({ kind: "collision", cards: cards.length });
		const card = cards[0]!;
		// A mute card answers WUPA but never RATS: the activation fails on the protocol level.
		if (card.faults.mute) return err({ kind: "protocol", detail: "no ATS after RATS" });
		card.reset();
		this.#exchanges = 0;
		this.#active = card;
		const { uid, ats } = card.profile.contactless!;
		return ok({ type: "A", uid, sak: 0x20, ats });
	}

	async transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactlessError>> {
		if (this.#closed) return err({ kind: "not-active" });
		const card = this.#active;
		if (card === undefined) return err({ kind: "not-active" });
		const limit = card.faults.removeAfterExchanges;
		if (limit !== undefined && this.#exchanges++ >= limit) {
			this.takeAway(card);
			return err({ kind: "removed" });
		}
		return ok(card.answer(command));
	}

	async removed(): Promise<Result<boolean, ContactlessError>> {
		if (this.#closed) return err({ kind: "not-active" });
		this.#release();
		return ok(this.#field.size === 0);
	}

	fieldOff(): void {
		this.#release();
	}

	close(): void {
		this.fieldOff();
		this.#closed = true;
	}

	/** The terminal is done with the activated card. */
	#release(): void {
		const card = this.#active;
		this.#active = undefined;
		if (card) for (const listener of [...this.#released]) listener(card);
	}
}
