// An emulated TDA8035-class smart-card interface with an ISO/IEC 7816-3 card in its slot, at the level of
// the interface's lines and the card's characters: what the contact reader's engine (src/card-reader/) runs
// over in the simulator and the tests. The card is a VirtualCard; its APDU answers, and at T=0 its 61xx/6Cxx
// behaviour, come from a VirtualContactReader it sits in, and this file speaks them as bytes: the ATR after RST
// rises, PPS (§9), T=0 procedure bytes (§10.3) and T=1 blocks (§11), with line faults to order: NULL bytes,
// byte-by-byte data, error signals on characters it receives, characters sent with wrong parity, T=1 blocks
// with a wrong LRC, ignored blocks, WTX and IFS requests, chained answers, and an interface fault. Timeouts are
// virtual: a read with nothing queued times out at once, and the time asked for is recorded. Platform-free.
//
// Public API: LineFaults, EmulatedTda8035.

import { Listeners } from "../../hal/listeners.js";
import { parseAtr } from "../../src/emv/atr.js";
import { inverseByte } from "../../src/card-reader/atr-fields.js";
import type { CardCharacter, CardPort, CardVoltage, ContactSlot, LineSettings } from "../../src/card-reader/card-port.js";
import { decodeBlock, encodeBlock, type T1Block } from "../../src/card-reader/t1-block.js";
import type { VirtualCard } from "./virtual-card.js";
import { VirtualContactReader } from "./virtual-contact-reader.js";

export interface LineFaults {
	/** T=0: NULL procedure bytes (60) before each procedure byte. */
	nullBytes?: number;
	/** T=0: data asked for one byte at a time with INS ⊕ FF. */
	byteByByte?: boolean;
	/** Characters the card receives (counted from 1 since the reset) that it signals a parity error for, once each. */
	signalErrorsAt?: number[];
	/** Characters the card sends (counted from 1 after the ATR) with a wrong parity; at T=0 each is sent `badParityTimes` times, then right. */
	badParityAt?: number[];
	badParityTimes?: number;
	/** T=1: the card's next blocks with a wrong LRC. */
	corruptBlocks?: number;
	/** T=1: blocks the card does not answer. */
	ignoreBlocks?: number;
	/** T=1: the card stays silent until it is resynchronised. */
	silentUntilResynch?: boolean;
	/** T=1: the card asks for this waiting time extension before each answer. */
	wtx?: number;
	/** T=1: before its next answer the card sends S(IFS request) with this IFSC. */
	ifsRequest?: number;
	/** T=1: the card's answers in I-blocks of at most this many bytes. */
	chainAnswer?: number;
	/** The interface finds an over-current at power-up: OFF goes low and the card gets no power. */
	overcurrent?: boolean;
}

/** ISO/IEC 7816-4 and EMV commands that carry data to the card: at T=0 their P3 is Lc. */
const INCOMING = new Set([0xa4, 0xa8, 0xae, 0x88, 0x82, 0x20, 0x24, 0x2c, 0x1e, 0x18, 0x16, 0xda, 0xdc, 0xe2]);

type Pending = { readonly kind: "wtx" | "ifs"; readonly answer: Uint8Array };

export class EmulatedTda8035 {
	readonly #presence = new Listeners<boolean>();
	readonly #reader = new VirtualContactReader();
	#card: VirtualCard | undefined;
	faults: LineFaults = {};
	#powered = false;
	#offLow = false;
	#reset = false;
	#readerActive = false;
	#inverse = false;
	#protocol = 0;
	#negotiated = false;
	#queue: CardCharacter[] = [];
	#input: number[] = [];
	#received = 0;
	#sent = 0;
	/** T=0: the data bytes the card has asked for so far. */
	#t0Data = 0;
	/** T=1, the card's side. */
	#ns = 0;
	#nr = 0;
	#ifsd = 32;
	#apdu: number[] = [];
	#chunks: Uint8Array[] = [];
	#last: Uint8Array | undefined;
	#pending: Pending | undefined;
	/** Every timeout the engine asked for, in order; and the line settings it set. */
	readonly timeouts: number[] = [];
	readonly settings: LineSettings[] = [];
	/** The lines as driven: "vcc 5V", "rst 1", "rst 0", "vcc off". */
	readonly events: string[] = [];

	insert(card: VirtualCard, faults: LineFaults = {}): void {
		this.remove();
		this.#card = card;
		this.faults = faults;
		this.#reader.insert(card);
		this.#presence.emit(true);
	}

	/** Pulls the card out: the interface cuts it off and OFF goes low until CMDVCC is raised. */
	remove(): void {
		if (this.#card === undefined) return;
		this.#card = undefined;
		this.#reader.remove();
		this.#powered = false;
		this.#queue = [];
		this.#presence.emit(false);
	}

	readonly slot: ContactSlot;

	readonly port: CardPort = {
		signalsParityErrors: true,
		configure: (settings) => {
			this.settings.push(settings);
		},
		write: (bytes) => this.#write(bytes),
		read: async (timeoutMs) => {
			this.timeouts.push(timeoutMs);
			return this.takeCharacter();
		},
		flush: () => {
			this.#queue = [];
		},
	};

	constructor() {
		const self = this;
		this.slot = {
			get present(): boolean {
				return self.#card !== undefined;
			},
			get fault(): string | undefined {
				return self.#offLow ? "OFF low: over-current on VCC" : undefined;
			},
			onPresence: (handler) => this.#presence.add(handler),
			powerUp: (voltage) => this.#powerUp(voltage),
			setReset: (high) => this.#setReset(high),
			powerDown: () => {
				this.events.push("vcc off");
				this.#powered = false;
				this.#offLow = false;
				this.#reset = false;
				this.#queue = [];
			},
		};
	}

	/** The next character the card has sent, if any (for an emulated UART in front of this one). */
	takeCharacter(): CardCharacter | undefined {
		return this.#queue.shift();
	}

	#powerUp(voltage: CardVoltage): void {
		this.events.push(`vcc ${voltage}`);
		if (this.#card === undefined) return;
		if (this.faults.overcurrent) {
			this.#offLow = true;
			return;
		}
		this.#powered = true;
		this.#reset = false;
	}

	#setReset(high: boolean): void {
		this.events.push(`rst ${high ? 1 : 0}`);
		const rising = high && !this.#reset;
		this.#reset = high;
		const card = this.#card;
		if (!rising || !this.#powered || card === undefined) return;
		this.#queue = [];
		this.#input = [];
		this.#received = 0;
		this.#sent = 0;
		this.#readerActive = false;
		this.#negotiated = false;
		this.#t0Data = 0;
		this.#ns = this.#nr = 0;
		this.#ifsd = 32;
		this.#apdu = [];
		this.#chunks = [];
		this.#last = undefined;
		this.#pending = undefined;
		const atr = card.reset();
		if (atr === undefined || card.faults.mute) return;
		this.#inverse = atr[0] === 0x3f;
		const parsed = parseAtr(atr);
		this.#protocol = parsed.ok ? parsed.value.protocols[0]! : 0;
		for (const b of atr) this.#queue.push({ byte: this.#inverse ? inverseByte(b) : b, parityError: false });
	}

	#emit(bytes: Uint8Array | readonly number[]): void {
		for (const b of bytes) {
			const byte = this.#inverse ? inverseByte(b) : b;
			this.#sent++;
			const bad = this.faults.badParityAt?.indexOf(this.#sent) ?? -1;
			if (bad >= 0) {
				this.faults.badParityAt!.splice(bad, 1);
				const times = this.#protocol === 0 ? (this.faults.badParityTimes ?? 1) : 1;
				for (let i = 0; i < times; i++) this.#queue.push({ byte: byte ^ 0x01, parityError: true });
				if (this.#protocol === 1) continue;
			}
			this.#queue.push({ byte, parityError: false });
		}
	}

	async #write(bytes: Uint8Array): Promise<number> {
		for (let i = 0; i < bytes.length; i++) {
			if (this.#card === undefined || !this.#powered || !this.#reset) return -1;
			this.#received++;
			const signal = this.faults.signalErrorsAt?.indexOf(this.#received) ?? -1;
			if (signal >= 0) {
				this.faults.signalErrorsAt!.splice(signal, 1);
				this.#received--;
				return i;
			}
			this.#input.push(this.#inverse ? inverseByte(bytes[i]!) : bytes[i]!);
			await this.#take();
		}
		return -1;
	}

	async #take(): Promise<void> {
		const input = this.#input;
		if (!this.#negotiated && input[0] === 0xff) {
			// PPS: PPSS PPS0 [PPS1] PCK.
			if (input.length < 2 || input.length < ((input[1]! & 0x10) !== 0 ? 4 : 3)) return;
			this.#input = [];
			this.#negotiated = true;
			if (!this.#card!.faults.refusePps) this.#emit(input);
			return;
		}
		this.#negotiated = true;
		if (this.#protocol === 1) {
			if (input.length < 3 || input.length < input[2]! + 4) return;
			this.#input = [];
			return this.#block(Uint8Array.from(input));
		}
		return this.#t0();
	}

	/** The card's APDU layer; undefined when the card was taken out during the exchange. */
	async #answer(command: Parameters<VirtualContactReader["transmit"]>[0]) {
		if (!this.#readerActive) this.#readerActive = (await this.#reader.activate()).ok;
		const r = await this.#reader.transmit(command);
		if (r.ok) return r.value;
		if (!this.#reader.present) this.remove();
		return undefined;
	}

	async #t0(): Promise<void> {
		const input = this.#input;
		if (input.length < 5) return;
		const [cla, ins, p1, p2, p3] = input as [number, number, number, number, number];
		const incoming = INCOMING.has(ins) && p3 > 0;
		const procedure = () => {
			for (let i = 0; i < (this.faults.nullBytes ?? 0); i++) this.#emit([0x60]);
		};
		if (incoming) {
			const got = input.length - 5;
			if (got === this.#t0Data && got < p3) {
				// Ask for the data: all at once with INS, or the next byte with INS ⊕ FF.
				procedure();
				this.#emit([this.faults.byteByByte ? ins ^ 0xff : ins]);
				this.#t0Data = this.faults.byteByByte ? got + 1 : p3;
			}
			if (got < p3) return;
			this.#input = [];
			this.#t0Data = 0;
			const r = await this.#answer({ cla, ins, p1, p2, data: Uint8Array.from(input.slice(5)) });
			if (r === undefined) return;
			procedure();
			this.#emit([...r.data, r.sw1, r.sw2]);
			return;
		}
		this.#input = [];
		const r = await this.#answer({ cla, ins, p1, p2, data: new Uint8Array(0), le: p3 === 0 ? 256 : p3 });
		if (r === undefined) return;
		procedure();
		if (r.data.length > 0) this.#emit([ins, ...r.data]);
		this.#emit([r.sw1, r.sw2]);
	}

	#send(block: T1Block): void {
		const bytes = encodeBlock(block);
		this.#last = bytes;
		if ((this.faults.corruptBlocks ?? 0) > 0) {
			this.faults.corruptBlocks!--;
			const bad = bytes.slice();
			bad[bad.length - 1]! ^= 0xff;
			this.#emit(bad);
			return;
		}
		this.#emit(bytes);
	}

	#sendChunk(): void {
		const inf = this.#chunks.shift()!;
		this.#send({ kind: "I", ns: this.#ns, more: this.#chunks.length > 0, inf });
		this.#ns ^= 1;
	}

	#startAnswer(answer: Uint8Array): void {
		const size = Math.min(this.faults.chainAnswer ?? this.#ifsd, this.#ifsd);
		this.#chunks = [];
		for (let at = 0; at < answer.length; at += size) this.#chunks.push(answer.subarray(at, at + size));
		this.#sendChunk();
	}

	async #block(bytes: Uint8Array): Promise<void> {
		const decoded = decodeBlock(bytes);
		if ("block" in decoded && decoded.block.kind === "S" && decoded.block.type === "resynch" && !decoded.block.response) {
			this.#ns = this.#nr = 0;
			this.#ifsd = 32;
			this.faults.silentUntilResynch = false;
			this.#send({ ...decoded.block, response: true });
			return;
		}
		if (this.faults.silentUntilResynch) return;
		if ((this.faults.ignoreBlocks ?? 0) > 0) {
			this.faults.ignoreBlocks!--;
			return;
		}
		if (!("block" in decoded)) return this.#send({ kind: "R", nr: this.#nr, error: decoded.invalid === "EDC" ? 1 : 2 });
		const block = decoded.block;
		if (block.kind === "S") {
			if (!block.response) {
				if (block.type === "ifs") this.#ifsd = block.inf[0]!;
				return this.#send({ ...block, response: true });
			}
			const pending = this.#pending;
			this.#pending = undefined;
			if (pending !== undefined) this.#startAnswer(pending.answer);
			return;
		}
		if (block.kind === "R") {
			if (this.#chunks.length > 0 && block.nr === this.#ns) return this.#sendChunk();
			if (this.#last !== undefined) this.#emit(this.#last);
			return;
		}
		if (block.ns !== this.#nr) return this.#send({ kind: "R", nr: this.#nr, error: 0 });
		this.#nr ^= 1;
		this.#apdu.push(...block.inf);
		if (block.more) return this.#send({ kind: "R", nr: this.#nr, error: 0 });
		const apdu = Uint8Array.from(this.#apdu);
		this.#apdu = [];
		const data = apdu.length > 5 ? apdu.slice(5, 5 + apdu[4]!) : new Uint8Array(0);
		const le = apdu.length === 5 || apdu.length > 5 + data.length ? apdu[apdu.length - 1]! || 256 : undefined;
		const r = await this.#answer({
			cla: apdu[0]!,
			ins: apdu[1]!,
			p1: apdu[2]!,
			p2: apdu[3]!,
			data,
			...(le === undefined ? {} : { le }),
		});
		if (r === undefined) return;
		const answer = Uint8Array.of(...r.data, r.sw1, r.sw2);
		if (this.faults.wtx !== undefined) {
			this.#pending = { kind: "wtx", answer };
			return this.#send({ kind: "S", type: "wtx", response: false, inf: Uint8Array.of(this.faults.wtx) });
		}
		if (this.faults.ifsRequest !== undefined) {
			this.#pending = { kind: "ifs", answer };
			const ifs = this.faults.ifsRequest;
			delete this.faults.ifsRequest;
			return this.#send({ kind: "S", type: "ifs", response: false, inf: Uint8Array.of(ifs) });
		}
		this.#startAnswer(answer);
	}
}
