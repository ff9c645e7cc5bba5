// A hostile acquirer for tests: a TCP server on 127.0.0.1 that signs the terminal in honestly and then
// answers each sale (0200) and reversal (0400) as a test plans it — unsigned or wrongly signed, with another
// code, terminal, merchant or STAN, a replay of an earlier answer, dripped a byte at a time, reset, or behind
// an oversize length prefix. It shares nothing with host-sim/acquirer: only the firmware's ISO 8583 codec
// for framing, its DES and MAC primitives, and the test TMK.
//
// Its ledger is the truth the tests check the terminal against: what the host debited, at which amount,
// whether the terminal received that approval whole with a valid MAC, and whether the host holds a reversal
// (it answered the 0400 with 00 under a valid MAC).
//
//   const host = await HostileAcquirer.start({ now: () => clock.nowMs() });
//   host.plan("0200", { code: "11", sign: "none" });
//   host.ledger.get(stan); await host.stop();

import { createServer, type Server, type Socket } from "node:net";
import { tdesCipher } from "../../src/crypto/des.js";
import { desCheckValue } from "../../src/keys/check-value.js";
import { unionPayMac } from "../../src/mac/unionpay-mac.js";
import { decodeFrame, encodeFrame, LENGTH_BYTES, MTI_OFFSET } from "../../src/iso8583/frame-codec.js";
import { isoMessage, swapTpdu, textField, type FieldValue, type IsoFrame } from "../../src/iso8583/iso-message.js";
import { ecbEncrypt } from "../../src/crypto/modes.js";
import { DEFAULT_TERMINAL_KEYS } from "../keys/default-keys.js";

/** How field 64 of an answer is made: from the session MAK, absent, or a MAC that does not verify. */
export type Signature = "valid" | "none" | "wrong";

/** How the answer's bytes travel. */
export type Delivery =
	| { readonly kind: "whole" }
	/** One byte every `everyMs` real milliseconds. */
	| { readonly kind: "drip"; readonly everyMs: number }
	/** A TCP reset instead of an answer. */
	| { readonly kind: "reset" }
	/** The frame behind a length prefix of 0xFFFF, so it never completes. */
	| { readonly kind: "oversize" }
	/** Nothing at all (the connection stays open). */
	| { readonly kind: "silent" };

export interface PlannedAnswer {
	/** Field 39; default 00. The host debits (0200) or holds the reversal (0400) per this code. */
	readonly code?: string;
	readonly sign?: Signature;
	/** Fields replaced in the answer after the host decided (e.g. 41, 42, 11, or 4 of a partial approval). */
	readonly fields?: Readonly<Record<number, string>>;
	/** Send the answer sent to the previous request of this MTI instead of a new one. */
	readonly replay?: boolean;
	readonly delivery?: Delivery;
}

export interface LedgerEntry {
	readonly stan: number;
	readonly requestedFen: number;
	/** What the host debited: 0 when it declined. */
	debitedFen: number;
	/** The approval reached the terminal whole, for its own 41/42/11, under a valid MAC. */
	signedApproval: boolean;
	/** The host answered a reversal of it with 00 under a valid MAC, delivered whole. */
	reversed: boolean;
}

export interface HostileAcquirerOptions {
	/** Wall clock for fields 12/13 (the terminal's virtual clock). */
	readonly now: () => number;
}

// Field 39 codes that approve (UnionPay response codes, 中国银联银行卡联网联合技术规范): 00, 10 partial, 11 VIP.
const APPROVALS = new Set(["00", "10", "11"]);
const BEIJING_MS = 8 * 3600_000;

export class HostileAcquirer {
	/** Sales by STAN. */
	readonly ledger = new Map<number, LedgerEntry>();
	/** Every request's MTI and STAN, in arrival order. */
	readonly requests: { readonly mti: string; readonly stan: number }[] = [];
	readonly #plans = new Map<string, PlannedAnswer[]>();
	readonly #lastAnswer = new Map<string, Uint8Array>();
	readonly #server: Server;
	readonly #sockets = new Set<Socket>();
	readonly #timers = new Set<NodeJS.Timeout>();
	readonly #now: () => number;
	// K‖K: single-DES and double-length TDES readings of the slot agree.
	readonly #mak = Uint8Array.of(0x3b, 0x57, 0x91, 0x0d, 0xa2, 0x6e, 0xc4, 0x1f, 0x3b, 0x57, 0x91, 0x0d, 0xa2, 0x6e, 0xc4, 0x1f);
	readonly #pik = Uint8Array.of(0x0e, 0x68, 0x2a, 0x9d, 0x45, 0xb3, 0x71, 0xc8, 0x52, 0x1a, 0xe0, 0x7c, 0x94, 0x3d, 0x86, 0x2f);

	private constructor(server: Server, options: HostileAcquirerOptions) {
		this.#server = server;
		this.#now = options.now;
	}

	static start(options: HostileAcquirerOptions): Promise<HostileAcquirer> {
		const server = createServer();
		const host = new HostileAcquirer(server, options);
		server.on("connection", (socket) => host.#accept(socket));
		return new Promise((resolve, reject) => {
			server.once("error", reject);
			server.listen(0, "127.0.0.1", () => resolve(host));
		});
	}

	get port(): number {
		const address = this.#server.address();
		return typeof address === "object" && address ? address.port : 0;
	}

	/** Queues answers for the next requests of `mti` (0200 or 0400); when none is queued the host is honest. */
	plan(mti: "0200" | "0400", ...answers: PlannedAnswer[]): void {
		this.#plans.set(mti, [...(this.#plans.get(mti) ?? []), ...answers]);
	}

	stop(): Promise<void> {
		for (const timer of this.#timers) clearInterval(timer);
		for (const socket of this.#sockets) socket.destroy();
		return new Promise((resolve) => this.#server.close(() => resolve()));
	}

	#accept(socket: Socket): void {
		this.#sockets.add(socket);
		socket.on("close", () => this.#sockets.delete(socket));
		socket.on("error", () => socket.destroy());
		let pending = Buffer.alloc(0);
		socket.on("data", (chunk: Buffer) => {
			pending = Buffer.concat([pending, chunk]);
			while (pending.length >= LENGTH_BYTES && pending.length >= LENGTH_BYTES + pending.readUInt16BE(0)) {
				const size = LENGTH_BYTES + pending.readUInt16BE(0);
				this.#answer(socket, new Uint8Array(pending.subarray(0, size)));
				pending = pending.subarray(size);
			}
		});
	}

	#answer(socket: Socket, bytes: Uint8Array): void {
		const decoded = decodeFrame(bytes);
		if (!decoded.ok) return void socket.destroy();
		const { frame, macInput } = decoded.value;
		const request = frame.message;
		const stan = Number(textField(request, 11));
		this.requests.push({ mti: request.mti, stan });
		if (request.mti === "0800")
			return this.#send(socket, this.#frame(frame, "0810", this.#signIn(textField(request, 60) ?? ""), "none"), { kind: "whole" });
		if (request.mti === "0820")
			return this.#send(
				socket,
				this.#frame(
					frame,
					"0830",
					[
						[39, "00"],
						[60, textField(request, 60)],
					],
					"none",
				),
				{ kind: "whole" },
			);
		if (request.mti !== "0200" && request.mti !== "0400") return void socket.destroy();
		const received = request.fields.get(64);
		if (!(received instanceof Uint8Array) || !sameBytes(received, this.#macOf(macInput))) {
			return this.#send(socket, this.#frame(frame, responseOf(request.mti), [[39, "A0"]], "none"), { kind: "whole" });
		}
		const planned = this.#plans.get(request.mti)?.shift() ?? {};
		const code = planned.code ?? "00";
		const delivery = planned.delivery ?? { kind: "whole" };
		const trusted =
			(planned.sign ?? "valid") === "valid" &&
			delivery.kind === "whole" &&
			!planned.replay &&
			!["11", "41", "42"].some((n) => planned.fields?.[Number(n)] !== undefined);
		const requested = Number(textField(request, 4) ?? 0);
		if (request.mti === "0200") {
			const debited = APPROVALS.has(code) ? Number(planned.fields?.[4] ?? requested) : 0;
			this.ledger.set(stan, {
				stan,
				requestedFen: requested,
				debitedFen: debited,
				signedApproval: debited > 0 && trusted,
				reversed: false,
			});
		} else {
			const entry = this.ledger.get(stan);
			if (entry && code === "00" && trusted) entry.reversed = true;
		}
		const echoed: [number, FieldValue | undefined][] = [2, 3, 4, 11, 14, 22, 25, 41, 42, 49, 60].map((n) => [n, request.fields.get(n)]);
		const extra: [number, string][] =
			request.mti === "0200" && APPROVALS.has(code)
				? [
						[37, String(100_000_000_000 + stan)],
						[38, String(stan).padStart(6, "0")],
						[63, "CUP"],
					]
				: [];
		const fields = new Map<number, FieldValue | undefined>([...echoed, [39, code], ...extra]);
		for (const [n, v] of Object.entries(planned.fields ?? {})) fields.set(Number(n), v);
		const answer = planned.replay
			? this.#lastAnswer.get(request.mti)
			: this.#frame(frame, responseOf(request.mti), [...fields], planned.sign ?? "valid");
		if (!planned.replay && answer) this.#lastAnswer.set(request.mti, answer);
		if (answer) this.#send(socket, answer, delivery);
	}

	/** 0810: PIK and MAK (key set 003) under the test TMK with their check values, batch 1. */
	#signIn(field60: string): [number, FieldValue][] {
		const tmk = tdesCipher(DEFAULT_TERMINAL_KEYS.tmk);
		const slot = (key: Uint8Array) => [...ecbEncrypt(tmk, key), ...desCheckValue(key, 4)];
		const keys = Uint8Array.from([...slot(this.#pik), ...slot(this.#mak)]);
		tmk.wipe();
		return [
			[39, "00"],
			[60, `00000001${field60.slice(8, 11) || "003"}`],
			[62, keys],
		];
	}

	#macOf(mab: Uint8Array): Uint8Array {
		const cipher = tdesCipher(this.#mak);
		try {
			return unionPayMac(cipher, mab);
		} finally {
			cipher.wipe();
		}
	}

	/** The answer frame: TPDU swapped, header echoed, 12/13 in Beijing time, field 64 per `sign`. */
	#frame(request: IsoFrame, mti: string, fields: Iterable<readonly [number, FieldValue | undefined]>, sign: Signature): Uint8Array {
		const local = new Date(this.#now() + BEIJING_MS).toISOString();
		const base = [
			[11, request.message.fields.get(11)],
			[12, local.slice(11, 19).replaceAll(":", "")],
			[13, local.slice(5, 10).replace("-", "")],
			[41, request.message.fields.get(41)],
			[42, request.message.fields.get(42)],
		] as const;
		const message = isoMessage(mti, [...base, ...fields, ...(sign === "none" ? [] : [[64, new Uint8Array(8)] as const])]);
		const encoded = encodeFrame({ tpdu: swapTpdu(request.tpdu), header: request.header, message });
		if (!encoded.ok) throw new Error(`the hostile acquirer built an answer that does not encode: ${encoded.error.detail}`);
		const bytes = encoded.value;
		if (sign !== "none") {
			const mac = this.#macOf(bytes.subarray(MTI_OFFSET, bytes.length - 8));
			if (sign === "wrong") mac[0] = mac[0] === 0x30 ? 0x31 : 0x30;
			bytes.set(mac, bytes.length - 8);
		}
		return bytes;
	}

	#send(socket: Socket, bytes: Uint8Array, delivery: Delivery): void {
		switch (delivery.kind) {
			case "whole":
				socket.write(bytes);
				return;
			case "silent":
				return;
			case "reset":
				socket.resetAndDestroy();
				return;
			case "oversize":
				socket.write(Uint8Array.of(0xff, 0xff));
				socket.write(bytes.subarray(LENGTH_BYTES));
				return;
			case "drip": {
				let at = 0;
				const timer = setInterval(() => {
					if (socket.destroyed || at >= bytes.length) {
						clearInterval(timer);
						this.#timers.delete(timer);
						return;
					}
					socket.write(bytes.subarray(at, ++at));
				}, delivery.everyMs);
				this.#timers.add(timer);
			}
		}
	}
}

function responseOf(mti: string): string {
	return mti === "0200" ? "0210" : "0410";
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}
