// hal/contact-reader.ts over a smart-card interface and its UART (card-port.ts): activation (ISO/IEC 7816-3
// §6.2: cold reset, warm reset on a second call), the ATR read within its windows (§8.1) and checked by
// src/emv/atr.ts, PPS (§9), then T=0 (t0-protocol.ts) or T=1 (t1-protocol.ts), deactivation (§6.4) after
// any failure of the line as EMV 4.3 Book 1 §9.2.2.3 and §9.2.5 have it. Removal and the interface's fault
// line are checked whenever the card fails to answer. Platform-free: the device and the emulator give it the
// slot, the port and a way to wait.
//
// Public API: ContactEngineOptions, ContactReaderEngine, DEFAULT_CARD_CLOCK_HZ.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import type { Activation, ContactError, ContactProtocol, ContactReader } from "../../hal/contact-reader.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import { parseAtr } from "../emv/atr.js";
import { decodeResponseApdu, encodeCommandApdu } from "./apdu-bytes.js";
import { atrLength, interfaceGroups, t1Parameters } from "./atr-fields.js";
import { CardLine, type LineFault } from "./card-line.js";
import type { CardPort, CardVoltage, ContactSlot } from "./card-port.js";
import { ppsRequest, readPpsAnswer } from "./pps.js";
import { t0Exchange } from "./t0-protocol.js";
import { T1Protocol } from "./t1-protocol.js";
import {
	atrStartMs,
	baudOf,
	blockWaitingMs,
	characterWaitingMs,
	initialWaitingMs,
	rateFactors,
	RESET_LOW_CLOCKS,
	workWaitingMs,
} from "./timing.js";

/** 3.5712 MHz: 9600 bit/s at F = 372, D = 1 (ISO/IEC 7816-3 §7.1); EMV Book 1 §4.3.2 allows 1–5 MHz. */
export const DEFAULT_CARD_CLOCK_HZ = 3571200;
/** §8.2: an ATR is at most 33 characters with TS. */
const MAX_ATR = 33;

export interface ContactEngineOptions {
	/** The card clock the interface gives (TDA8035: its crystal divided by CLKDIV). */
	readonly clockHz?: number;
	/** Class A (5 V) unless the board says otherwise (EMV Book 1 §6.3.2: terminals supply class A). */
	readonly voltage?: CardVoltage;
	/** Resolves after at least `ms` (the HAL clock on the device; at once in emulation). */
	wait(ms: number): Promise<void>;
}

type Active = {
	readonly activation: Activation;
	/** T=0: WWT in ms; T=1: the block protocol. */
	readonly waitingMs: number;
	readonly t1?: T1Protocol;
};

export class ContactReaderEngine implements ContactReader {
	readonly #slot: ContactSlot;
	readonly #line: CardLine;
	readonly #clockHz: number;
	readonly #voltage: CardVoltage;
	readonly #wait: (ms: number) => Promise<void>;
	readonly #stopPresence: Unsubscribe;
	#active: Active | undefined;
	#powered = false;
	#closed = false;

	constructor(slot: ContactSlot, port: CardPort, options: ContactEngineOptions) {
		this.#slot = slot;
		this.#line = new CardLine(port);
		this.#clockHz = options.clockHz ?? DEFAULT_CARD_CLOCK_HZ;
		this.#voltage = options.voltage ?? "5V";
		this.#wait = options.wait;
		// The interface cuts a card that leaves the slot by itself; what was active is gone.
		this.#stopPresence = slot.onPresence((present) => {
			if (!present) this.deactivate();
		});
	}

	get present(): boolean {
		return !this.#closed && this.#slot.present;
	}

	onPresence(handler: (present: boolean) => void): Unsubscribe {
		return this.#slot.onPresence(handler);
	}

	async activate(): Promise<Result<Activation, ContactError>> {
		if (this.#closed) return err({ kind: "not-active" });
		if (!this.#slot.present) return err({ kind: "no-card" });
		// A powered card (active, or left powered after an unacceptable cold ATR) gets a warm reset.
		const warm = this.#powered;
		this.#active = undefined;
		this.#line.configure({ baud: baudOf(this.#clockHz, 372, 1), parity: "even", extraGuardEtu: 0, errorSignal: false, inverse: false });
		const resetLowMs = Math.ceil((RESET_LOW_CLOCKS * 1000) / this.#clockHz);
		if (warm) {
			// §6.2.3: warm reset, RST low for at least 400 clocks with VCC and CLK kept.
			this.#slot.setReset(false);
		} else {
			this.deactivate();
			this.#slot.powerUp(this.#voltage);
			this.#powered = true;
		}
		await this.#wait(resetLowMs);
		this.#line.flush();
		this.#slot.setReset(true);
		const atr = await this.#readAtr();
		const active = atr.ok ? await this.#negotiate(atr.value.bytes, atr.value.inverse) : atr;
		if (!active.ok) {
			// EMV Book 1 §8.3: an ATR that does not conform after a cold reset is followed by a warm reset (the next
			// activate()); after a warm reset, or on any other failure, the card is deactivated.
			if (active.error.kind === "atr-invalid" && !warm && this.#slot.present) return err(active.error);
			return this.#fail(active.error);
		}
		this.#active = active.value;
		return ok(active.value.activation);
	}

	async #readAtr(): Promise<Result<{ bytes: Uint8Array; inverse: boolean }, ContactError>> {
		const ts = await this.#line.read(atrStartMs(this.#clockHz));
		if (!ts.ok) return err(this.#silence(ts.error));
		// §8.1: TS 3B is the direct convention; the inverse one's 3F reads 03 on a direct line.
		const inverse = ts.value === 0x03;
		const bytes: number[] = [inverse ? 0x3f : ts.value];
		if (ts.value !== 0x3b && !inverse) return err({ kind: "atr-invalid", atr: Uint8Array.from(bytes), detail: "bad-ts" });
		if (inverse)
			this.#line.configure({ baud: baudOf(this.#clockHz, 372, 1), parity: "odd", extraGuardEtu: 0, errorSignal: false, inverse });
		for (;;) {
			const length = atrLength(Uint8Array.from(bytes));
			if ((length !== undefined && bytes.length >= length) || bytes.length >= MAX_ATR) break;
			const next = await this.#line.read(initialWaitingMs(this.#clockHz));
			if (!next.ok) {
				if (!this.#slot.present) return err({ kind: "removed" });
				return err({ kind: "atr-invalid", atr: Uint8Array.from(bytes), detail: next.error === "timeout" ? "truncated" : "parity" });
			}
			bytes.push(next.value);
		}
		return ok({ bytes: Uint8Array.from(bytes), inverse });
	}

	async #negotiate(atr: Uint8Array, inverse: boolean): Promise<Result<Active, ContactError>> {
		const parsed = parseAtr(atr);
		if (!parsed.ok) return err({ kind: "atr-invalid", atr, detail: parsed.error.kind });
		const { protocols, ta1, extraGuardTime } = parsed.value;
		// EMV Book 1 §8.3: the first protocol offered is the one used; T=0 and T=1 are the only ones.
		const t = protocols[0]!;
		if (t !== 0 && t !== 1) return err({ kind: "atr-invalid", atr, detail: `protocol T=${t}` });
		const groups = interfaceGroups(atr);
		const t1 = t1Parameters(groups);
		if (t === 1 && t1.crc) return err({ kind: "atr-invalid", atr, detail: "CRC not supported" });
		if (t === 1 && (t1.ifsc < 1 || t1.ifsc > 254)) return err({ kind: "atr-invalid", atr, detail: "IFSC" });
		const ta2 = groups[1]?.ta;
		let factors = { fi: 372, di: 1 };
		if (ta1 !== undefined && ta1 !== 0x11) {
			const offered = rateFactors(ta1);
			if (offered === undefined) return err({ kind: "atr-invalid", atr, detail: "TA1 reserved" });
			if (ta2 !== undefined) {
				// §8.3 specific mode: the card works at TA1's rate at once unless TA2 b5 says the defaults.
				if ((ta2 & 0x10) === 0) factors = offered;
			} else {
				const request = ppsRequest(t, ta1);
				const sent = await this.#line.write(request);
				const answer = sent.ok ? await readPpsAnswer(this.#line, request, initialWaitingMs(this.#clockHz)) : undefined;
				if (answer === undefined) return err(this.#slot.present ? { kind: "pps-refused" } : { kind: "removed" });
				factors = rateFactors(answer.ta1) ?? factors;
			}
		}
		const { fi, di } = factors;
		const protocol: ContactProtocol = t === 0 ? "T=0" : "T=1";
		// TC1 = 255: the minimum guard time (12 etu at T=0, 11 at T=1): no extra time.
		const extraGuardEtu = extraGuardTime === 255 ? 0 : extraGuardTime;
		this.#line.configure({
			baud: baudOf(this.#clockHz, fi, di),
			parity: inverse ? "odd" : "even",
			extraGuardEtu,
			errorSignal: t === 0,
			inverse,
		});
		const activation: Activation = { atr, protocol, fi, di };
		if (t === 0) {
			const wi = groups[1]?.tc ?? 10;
			return ok({ activation, waitingMs: workWaitingMs(this.#clockHz, wi === 0 ? 10 : wi, fi) });
		}
		const clockHz = this.#clockHz;
		const engine = new T1Protocol(
			this.#line,
			{
				blockWaitingMs: (wtx) => blockWaitingMs(clockHz, t1.bwi, fi, di, wtx),
				characterWaitingMs: characterWaitingMs(clockHz, t1.cwi, fi, di),
			},
			t1.ifsc,
		);
		const ifs = await engine.negotiateIfsd();
		if (!ifs.ok) return err(ifs.error.kind === "mute" ? this.#silence("timeout") : ifs.error);
		return ok({ activation, waitingMs: 0, t1: engine });
	}

	async transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactError>> {
		const active = this.#active;
		if (this.#closed || active === undefined) return err({ kind: "not-active" });
		if (!this.#slot.present) return this.#fail({ kind: "removed" });
		if (active.t1 === undefined) {
			const r = await t0Exchange(this.#line, command, active.waitingMs);
			if (r.ok) return r;
			const fault = r.error;
			if (fault.kind === "bad-command") return err(fault);
			if (fault.kind === "procedure") return this.#fail({ kind: "protocol", detail: `procedure byte ${fault.byte.toString(16)}` });
			return this.#fail(this.#silence(fault.fault));
		}
		const r = await active.t1.exchange(encodeCommandApdu(command));
		if (!r.ok) return this.#fail(r.error.kind === "mute" ? this.#silence("timeout") : r.error);
		const response = decodeResponseApdu(r.value);
		return response === undefined ? this.#fail({ kind: "protocol", detail: "answer shorter than SW1 SW2" }) : ok(response);
	}

	/** What a silent or garbled line means: the card left, the interface shut down, or the card failed. */
	#silence(fault: LineFault): ContactError {
		if (!this.#slot.present) return { kind: "removed" };
		const shutdown = this.#slot.fault;
		if (shutdown !== undefined) return { kind: "interface-fault", detail: shutdown };
		return fault === "timeout" ? { kind: "mute" } : { kind: "protocol", detail: "parity error past the repetitions" };
	}

	#fail<T>(error: ContactError): Result<T, ContactError> {
		this.deactivate();
		return err(error);
	}

	deactivate(): void {
		this.#active = undefined;
		if (!this.#powered) return;
		this.#powered = false;
		this.#slot.setReset(false);
		this.#slot.powerDown();
	}

	close(): void {
		this.deactivate();
		this.#stopPresence();
		this.#closed = true;
	}
}
