// hal/contactless-reader.ts over an NXP PN532 (User Manual UM0701-02): the host sends a command frame, the
// PN532 answers ACK, then its response frame when ready (§6.2); a response with a bad checksum is asked for
// again with NACK, a command not answered in time is cancelled with ACK (§6.2.1.3). Set-up: SAMConfiguration
// (normal mode) and RFConfiguration MaxRetries (one passive activation try, so a poll returns). Polling is
// InListPassiveTarget at 106 kbps Type A for up to two targets — the PN532 does anticollision, select, and for a
// SAK with bit 6 set RATS and its ATS (§7.3.5) — and two found are a collision (EMV Book D §5.2: present one
// card). APDUs go by InDataExchange (the PN532 does the ISO/IEC 14443-4 blocks, chaining and WTX); its status
// byte's error codes map to ContactlessError. Removal (Book D §9.5): InRelease (DESELECT), then polling until no
// card answers. Platform-free: the device binds the link to I2C (device/moddable/contactless-reader.ts).
//
// Public API: Pn532Link, Pn532Options, FirmwareVersion, Pn532Reader.

import type { CommandApdu, ResponseApdu } from "../../hal/apdu.js";
import type { ActivatedCard, ContactlessError, ContactlessReader, FrontEndIdentity } from "../../hal/contactless-reader.js";
import { err, ok, type Result } from "../../hal/result.js";
import { decodeResponseApdu, encodeCommandApdu } from "./apdu-bytes.js";
import { ACK_FRAME, decodeFrame, encodeFrame, HOST_TFI, NACK_FRAME, PN532_TFI } from "./pn532-frame.js";

export interface Pn532Link {
	/** Writes one frame to the PN532 (I2C: a write to address 24; SPI: DW then the frame). */
	write(frame: Uint8Array): Result<void, string>;
	/**
	 * Reads the PN532's status and, when it is ready, `length` bytes of the frame it holds (I2C: the status byte,
	 * then the frame, in one read; SPI: SR, then DR). undefined while it is not ready.
	 */
	read(length: number): Result<Uint8Array | undefined, string>;
}

export interface Pn532Options {
	/** Resolves after at least `ms` (the HAL clock on the device). */
	wait(ms: number): Promise<void>;
	/** How often the status is read while waiting; 2 ms. */
	readonly pollMs?: number;
}

/** GetFirmwareVersion (§7.2.2): IC 32 for a PN532, the firmware's version and revision, the protocols supported. */
export interface FirmwareVersion {
	readonly ic: number;
	readonly version: number;
	readonly revision: number;
	readonly support: number;
}

const GET_FIRMWARE_VERSION = 0x02;
const SAM_CONFIGURATION = 0x14;
const RF_CONFIGURATION = 0x32;
const IN_LIST_PASSIVE_TARGET = 0x4a;
const IN_DATA_EXCHANGE = 0x40;
const IN_RELEASE = 0x52;
/** InListPassiveTarget BrTy 00: 106 kbps Type A (ISO/IEC 14443-3A). */
const TYPE_A_106 = 0x00;
/** The largest response: TFI, code, status and 262 bytes of data, with the frame around it. */
const MAX_FRAME = 262 + 3 + 10;
const ACK_MS = 30;
/** A target's answers: InListPassiveTarget with one activation try, an APDU with the card's WTX. */
const POLL_MS = 1000;
const EXCHANGE_MS = 5000;

/** §7.1 Table 4 (error codes in the status byte): the card is gone, the front end failed, or the frame did. */
function statusError(status: number): ContactlessError {
	const code = status & 0x3f;
	// 01 the target did not answer, 29 released, 2A card exchanged, 2B card disappeared.
	if (code === 0x01 || code === 0x29 || code === 0x2a || code === 0x2b) return { kind: "removed" };
	// 0A RF field not switched on in time, 0D temperature, 2D RF over-current.
	if (code === 0x0a || code === 0x0d || code === 0x2d) return { kind: "front-end", detail: `PN532 status ${code.toString(16)}` };
	return { kind: "protocol", detail: `PN532 status ${code.toString(16)}` };
}

export class Pn532Reader implements ContactlessReader {
	readonly #link: Pn532Link;
	readonly #wait: (ms: number) => Promise<void>;
	readonly #pollMs: number;
	#configured = false;
	#target: number | undefined;
	#closed = false;
	/** Commands go one at a time (the PN532 takes one command at a time). */
	#queue: Promise<unknown> = Promise.resolve();

	constructor(link: Pn532Link, options: Pn532Options) {
		this.#link = link;
		this.#wait = options.wait;
		this.#pollMs = options.pollMs ?? 2;
	}

	#serial<T>(run: () => Promise<T>): Promise<T> {
		const next = this.#queue.then(run, run);
		this.#queue = next;
		return next;
	}

	/** The next frame within `timeoutMs`, reading `length` bytes once the PN532 is ready. */
	async #receive(length: number, timeoutMs: number): Promise<Result<Uint8Array, ContactlessError>> {
		for (let waited = 0; ; waited += this.#pollMs) {
			const r = this.#link.read(length);
			if (!r.ok) return err({ kind: "front-end", detail: r.error });
			if (r.value !== undefined) return ok(r.value);
			if (waited >= timeoutMs) return err({ kind: "front-end", detail: "no answer" });
			await this.#wait(this.#pollMs);
		}
	}

	/** One command: its frame, the ACK, the response (asked again with NACK while garbled); the data after the code. */
	async #command(code: number, params: readonly number[] | Uint8Array, timeoutMs: number): Promise<Result<Uint8Array, ContactlessError>> {
		const data = new Uint8Array(params.length + 1);
		data[0] = code;
		data.set(params, 1);
		const written = this.#link.write(encodeFrame(HOST_TFI, data));
		if (!written.ok) return err({ kind: "front-end", detail: written.error });
		const ack = await this.#receive(ACK_FRAME.length, ACK_MS);
		if (!ack.ok) return ack;
		const ackFrame = decodeFrame(ack.value);
		if (!("frame" in ackFrame) || ackFrame.frame.kind !== "ack") return err({ kind: "front-end", detail: "no ACK" });
		for (let tries = 0; tries < 3; tries++) {
			const r = await this.#receive(MAX_FRAME, timeoutMs);
			if (!r.ok) {
				// §6.2.1.3: an ACK from the host aborts the command in progress.
				this.#link.write(ACK_FRAME);
				return r;
			}
			const decoded = decodeFrame(r.value);
			if ("invalid" in decoded) {
				this.#link.write(NACK_FRAME);
				continue;
			}
			const frame = decoded.frame;
			if (frame.kind === "error") return err({ kind: "front-end", detail: "syntax error frame" });
			if (frame.kind !== "information" || frame.tfi !== PN532_TFI || frame.data[0] !== code + 1)
				return err({ kind: "front-end", detail: "unexpected frame" });
			return ok(frame.data.subarray(1));
		}
		return err({ kind: "front-end", detail: "garbled responses" });
	}

	async #configure(): Promise<Result<void, ContactlessError>> {
		if (this.#configured) return ok();
		// SAMConfiguration: normal mode (no SAM), timeout 50 ms × 20, IRQ used (§7.2.10).
		const sam = await this.#command(SAM_CONFIGURATION, [0x01, 0x14, 0x01], ACK_MS * 10);
		if (!sam.ok) return sam;
		// RFConfiguration item 5, MaxRetries: ATR_REQ FF, PSL_REQ 01, passive activation 01 (§7.3.1).
		const retries = await this.#command(RF_CONFIGURATION, [0x05, 0xff, 0x01, 0x01], ACK_MS * 10);
		if (!retries.ok) return retries;
		this.#configured = true;
		return ok();
	}

	/** GetFirmwareVersion, for the factory test (§7.2.2). */
	firmwareVersion(): Promise<Result<FirmwareVersion, ContactlessError>> {
		return this.#serial(async () => {
			if (this.#closed) return err({ kind: "not-active" });
			const r = await this.#command(GET_FIRMWARE_VERSION, [], ACK_MS * 10);
			if (!r.ok) return r;
			if (r.value.length !== 4) return err({ kind: "front-end", detail: "firmware version length" });
			const [ic, version, revision, support] = r.value as unknown as [number, number, number, number];
			return ok({ ic, version, revision, support });
		});
	}

	/** The contract's identity: "PN532" for IC 32, and the firmware as version.revision. */
	async frontEnd(): Promise<Result<FrontEndIdentity, ContactlessError>> {
		const r = await this.firmwareVersion();
		if (!r.ok) return r;
		const { ic, version, revision } = r.value;
		return ok({ chip: ic === 0x32 ? "PN532" : `PN5xx IC ${ic.toString(16)}`, firmware: `${version}.${revision}` });
	}

	poll(): Promise<Result<ActivatedCard, ContactlessError>> {
		return this.#serial(() => this.#poll());
	}

	async #poll(): Promise<Result<ActivatedCard, ContactlessError>> {
		if (this.#closed) return err({ kind: "not-active" });
		this.#target = undefined;
		const set = await this.#configure();
		if (!set.ok) return set;
		const r = await this.#command(IN_LIST_PASSIVE_TARGET, [0x02, TYPE_A_106], POLL_MS);
		if (!r.ok) return r;
		const listed = r.value;
		const count = listed[0] ?? 0;
		if (count === 0) return err({ kind: "no-card" });
		if (count > 1) {
			await this.#command(IN_RELEASE, [0x00], ACK_MS * 10);
			return err({ kind: "collision", cards: count });
		}
		// Target data (§7.3.5, 106 kbps Type A): Tg, SENS_RES (2), SEL_RES, NFCIDLength, NFCID1, ATS (TL first).
		const tg = listed[1]!;
		const sak = listed[4];
		const uidLength = listed[5];
		if (sak === undefined || uidLength === undefined || listed.length < 6 + uidLength)
			return err({ kind: "protocol", detail: "target data" });
		const uid = listed.slice(6, 6 + uidLength);
		const ats = listed.slice(6 + uidLength);
		if ((sak & 0x20) === 0) {
			await this.#command(IN_RELEASE, [tg], ACK_MS * 10);
			return err({ kind: "not-iso14443-4" });
		}
		if (ats.length === 0 || ats[0] !== ats.length) return err({ kind: "protocol", detail: "no ATS after RATS" });
		this.#target = tg;
		return ok({ type: "A", uid, sak, ats });
	}

	transmit(command: CommandApdu): Promise<Result<ResponseApdu, ContactlessError>> {
		return this.#serial(async () => {
			const tg = this.#target;
			if (this.#closed || tg === undefined) return err({ kind: "not-active" });
			const apdu = encodeCommandApdu(command);
			const params = new Uint8Array(1 + apdu.length);
			params[0] = tg;
			params.set(apdu, 1);
			const r = await this.#command(IN_DATA_EXCHANGE, params, EXCHANGE_MS);
			if (!r.ok) return r;
			const status = r.value[0];
			if (status === undefined) return err({ kind: "protocol", detail: "no status byte" });
			if ((status & 0x3f) !== 0) {
				const error = statusError(status);
				if (error.kind === "removed") this.#target = undefined;
				return err(error);
			}
			// MI (bit 6): the answer did not fit the PN532's buffer; an EMV answer (256 + 2 bytes) always does.
			if ((status & 0x40) !== 0) return err({ kind: "protocol", detail: "answer longer than the PN532's buffer" });
			const response = decodeResponseApdu(r.value.subarray(1));
			return response === undefined ? err({ kind: "protocol", detail: "answer shorter than SW1 SW2" }) : ok(response);
		});
	}

	removed(): Promise<Result<boolean, ContactlessError>> {
		return this.#serial(async () => {
			if (this.#closed) return err({ kind: "not-active" });
			const tg = this.#target;
			this.#target = undefined;
			if (tg !== undefined) {
				const released = await this.#command(IN_RELEASE, [tg], ACK_MS * 10);
				if (!released.ok) return released;
			}
			const set = await this.#configure();
			if (!set.ok) return set;
			const r = await this.#command(IN_LIST_PASSIVE_TARGET, [0x01, TYPE_A_106], POLL_MS);
			if (!r.ok) return r;
			if ((r.value[0] ?? 0) === 0) return ok(true);
			const again = await this.#command(IN_RELEASE, [0x00], ACK_MS * 10);
			return again.ok ? ok(false) : again;
		});
	}

	fieldOff(): void {
		this.#target = undefined;
		if (this.#closed) return;
		// RFConfiguration item 1, RF field: off (§7.3.1). The next InListPassiveTarget turns it on again.
		void this.#serial(() => this.#command(RF_CONFIGURATION, [0x01, 0x00], ACK_MS * 10));
	}

	close(): void {
		this.fieldOff();
		this.#closed = true;
	}
}
