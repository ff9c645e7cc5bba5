// An emulated NXP PN532 on its host link (I2C-style: status, then the frame), with virtual cards in its field:
// what the contactless reader's engine (src/card-reader/pn532-reader.ts) runs over in the simulator and tests.
// It parses the host's frames itself (UM0701-02 §6.2), answers ACK then the response, resends the response on
// NACK, and answers GetFirmwareVersion (IC 32, 1.6, support 07), SAMConfiguration, RFConfiguration,
// InListPassiveTarget at 106 kbps Type A (ATQA, SAK, UID, and the card's ATS when SAK bit 6 is set),
// InDataExchange (the card's answer, status 01 when it has left the field), InRelease. Faults: a silent chip,
// reads before it is ready, garbled responses, a card without ISO/IEC 14443-4 (SAK 08), a mute card (no ATS).
// Platform-free.
//
// Public API: Pn532Faults, EmulatedPn532.

import { err, ok, type Result } from "../../hal/result.js";
import type { I2cDevice } from "../../src/card-reader/i2c-device.js";
import type { Pn532Link } from "../../src/card-reader/pn532-reader.js";
import type { VirtualCard } from "./virtual-card.js";

export interface Pn532Faults {
	/** The chip never gets ready (no ACK). */
	silent?: boolean;
	/** Reads that find the chip busy before each frame. */
	busyReads?: number;
	/** The next responses go out with a wrong data checksum. */
	garbled?: number;
}

const ACK = [0x00, 0x00, 0xff, 0x00, 0xff, 0x00];

function frame(data: readonly number[]): number[] {
	const body = [0xd5, ...data];
	const dcs = (0x100 - (body.reduce((s, b) => s + b, 0) & 0xff)) & 0xff;
	if (body.length > 255)
		return [
			0x00,
			0x00,
			0xff,
			0xff,
			0xff,
			body.length >> 8,
			body.length & 0xff,
			(0x100 - (((body.length >> 8) + body.length) & 0xff)) & 0xff,
			...body,
			dcs,
			0x00,
		];
	return [0x00, 0x00, 0xff, body.length, (0x100 - body.length) & 0xff, ...body, dcs, 0x00];
}

export class EmulatedPn532 {
	readonly #field: { card: VirtualCard; sak: number }[] = [];
	readonly #targets = new Map<number, VirtualCard>();
	readonly #exchanges = new Map<VirtualCard, number>();
	#out: number[][] = [];
	#last: number[] = [];
	#busy = 0;
	faults: Pn532Faults = {};
	/** The commands received, by code, and whether the RF field is on. */
	readonly commands: number[] = [];
	fieldOn = false;

	/** Brings a card into the field; `sak` 08 makes it a MIFARE Classic-like card without ISO/IEC 14443-4. */
	tap(card: VirtualCard, sak = 0x20): void {
		this.#field.push({ card, sak });
	}

	takeAway(card: VirtualCard): void {
		const at = this.#field.findIndex((c) => c.card === card);
		if (at >= 0) this.#field.splice(at, 1);
		for (const [tg, c] of this.#targets) if (c === card) this.#targets.delete(tg);
	}

	readonly link: Pn532Link = {
		write: (bytes) => this.#write(bytes),
		read: (length) => this.#read(length),
	};

	/** The same chip on its I2C interface (§6.2.4): a read gives the status byte (bit 0: ready), then the frame. */
	readonly i2c: I2cDevice = {
		write: (bytes) => this.#write(bytes),
		read: (length) => {
			// A one-byte read is the status alone; the frame stays for the next read.
			if (length === 1) return ok(Uint8Array.of(this.#ready() ? 0x01 : 0x00));
			const r = this.#read(length - 1);
			if (!r.ok) return r;
			const out = new Uint8Array(length);
			if (r.value !== undefined) {
				out[0] = 0x01;
				out.set(r.value, 1);
			}
			return ok(out);
		},
	};

	#write(bytes: Uint8Array): Result<void, string> {
		if (this.faults.silent) return ok();
		const b = [...bytes];
		if (b.join() === ACK.join()) {
			this.#out = [];
			return ok();
		}
		if (b.join() === [0x00, 0x00, 0xff, 0xff, 0x00, 0x00].join()) {
			this.#queue(this.#last);
			return ok();
		}
		// 00 00 FF LEN LCS D4 CC … DCS 00 (or the extended form).
		const extended = b[3] === 0xff && b[4] === 0xff;
		const length = extended ? (b[5]! << 8) | b[6]! : b[3]!;
		const start = extended ? 8 : 5;
		const body = b.slice(start, start + length);
		const sum = (body.reduce((s, x) => s + x, 0) + b[start + length]!) & 0xff;
		if (body[0] !== 0xd4 || sum !== 0) return ok();
		this.#queue(ACK);
		const code = body[1]!;
		this.commands.push(code);
		const response = this.#respond(code, body.slice(2));
		this.#last = frame([code + 1, ...response]);
		this.#queue(this.#last, (this.faults.garbled ?? 0) > 0);
		if ((this.faults.garbled ?? 0) > 0) this.faults.garbled!--;
		return ok();
	}

	#queue(bytes: readonly number[], garble = false): void {
		const copy = [...bytes];
		if (garble) copy[copy.length - 2]! ^= 0x55;
		this.#out.push(copy);
	}

	/** Whether a frame is ready, after the busy reads the faults ask for. */
	#ready(): boolean {
		if (this.#out.length === 0) return false;
		if (this.#busy < (this.faults.busyReads ?? 0)) {
			this.#busy++;
			return false;
		}
		return true;
	}

	#read(length: number): Result<Uint8Array | undefined, string> {
		if (!this.#ready()) return ok(undefined);
		this.#busy = 0;
		const next = this.#out.shift()!;
		if (length < next.length) return err("read shorter than the frame");
		const out = new Uint8Array(length);
		out.set(next);
		return ok(out);
	}

	#respond(code: number, params: number[]): number[] {
		switch (code) {
			case 0x02:
				return [0x32, 0x01, 0x06, 0x07];
			case 0x14:
				return [];
			case 0x32:
				if (params[0] === 0x01) this.fieldOn = (params[1]! & 1) === 1;
				return [];
			case 0x4a:
				return this.#list(params[0]!);
			case 0x40:
				return this.#exchange(params[0]!, params.slice(1));
			case 0x52:
				if (params[0] === 0) this.#targets.clear();
				else this.#targets.delete(params[0]!);
				return [0x00];
			default:
				return [];
		}
	}

	#list(max: number): number[] {
		this.fieldOn = true;
		this.#targets.clear();
		const cards = this.#field.filter((c) => c.card.profile.contactless !== undefined).slice(0, Math.min(max, 2));
		const out = [cards.length];
		cards.forEach(({ card, sak }, i) => {
			const tg = i + 1;
			const { uid, ats } = card.profile.contactless!;
			// ATQA: UID size bits b8b7 of its first byte (ISO/IEC 14443-3 §6.5.2.1): 00 single, 01 double.
			out.push(tg, 0x00, uid.length === 4 ? 0x04 : 0x44, sak, uid.length, ...uid);
			if ((sak & 0x20) !== 0 && !card.faults.mute) out.push(...ats);
			card.reset();
			this.#exchanges.set(card, 0);
			this.#targets.set(tg, card);
		});
		return out;
	}

	#exchange(tg: number, apdu: number[]): number[] {
		const card = this.#targets.get(tg);
		if (card === undefined) return [0x01];
		const count = this.#exchanges.get(card) ?? 0;
		this.#exchanges.set(card, count + 1);
		const limit = card.faults.removeAfterExchanges;
		if (limit !== undefined && count >= limit) {
			this.takeAway(card);
			return [0x01];
		}
		const data = apdu.length > 5 ? Uint8Array.from(apdu.slice(5, 5 + apdu[4]!)) : new Uint8Array(0);
		const le = apdu.length === 5 || apdu.length > 5 + data.length ? apdu[apdu.length - 1]! || 256 : undefined;
		const r = card.answer({ cla: apdu[0]!, ins: apdu[1]!, p1: apdu[2]!, p2: apdu[3]!, data, ...(le === undefined ? {} : { le }) });
		return [0x00, ...r.data, r.sw1, r.sw2];
	}
}
