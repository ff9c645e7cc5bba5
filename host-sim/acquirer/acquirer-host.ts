// The acquirer host simulator: a TCP server on 127.0.0.1 speaking the UnionPay POS dialect.
//
//   const host = await AcquirerHost.start({ config: defaultAcquirerConfig(), port: 0, stateFile });
//   host.port; host.inject({ fault: { kind: "no-response" } }); host.log.entries; await host.stop();
//
// Each connection may carry several frames (2-byte length prefix); each request gets at most one response.
// Requests are decoded with the simulator's own decoder, answered by AcquirerEngine, encoded with the
// firmware codec (TPDU swapped, header echoed) and MACed with the session MAK; faults from the FaultPlan
// change what goes back. State is saved to `stateFile` after every request.

import { randomBytes as nodeRandomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { textField } from "../../src/iso8583/iso-message.js";
import { RESPONSE_TEXTS } from "../../src/ui/messages.js";
import type { AcquirerConfig } from "./acquirer-config.js";
import { freshBooks, type AcquirerBooks } from "./acquirer-state.js";
import { loadBooks, saveBooks } from "./acquirer-state-file.js";
import { AcquirerEngine, type EngineAnswer, type EngineOverride } from "./acquirer-engine.js";
import { FaultPlan, type Fault, type FaultRule } from "./fault-plan.js";
import { encodeAnswer } from "./answer-frame.js";
import { maskFields, MessageLog, type LogEntry } from "./message-log.js";
import { decodeWire } from "./wire-decoder.js";

export interface AcquirerHostOptions {
	readonly config: AcquirerConfig;
	/** 0 picks a free port. */
	readonly port: number;
	/** Where the books persist; absent: in memory only. */
	readonly stateFile?: string;
	/** Wall clock for fields 12/13/15 and expiry checks (default Date.now). */
	readonly now?: () => number;
	readonly randomBytes?: (count: number) => Uint8Array;
	/** Receives every log entry as it is written (the CLI prints them). */
	readonly onLog?: (entry: LogEntry) => void;
	/** A connection idle this long is closed, ms (default 60 000). */
	readonly idleTimeoutMs?: number;
}

export class AcquirerHost {
	readonly log: MessageLog;
	readonly engine: AcquirerEngine;
	readonly #faults = new FaultPlan();
	readonly #server: Server;
	readonly #sockets = new Set<Socket>();
	readonly #options: AcquirerHostOptions;
	readonly #timers = new Set<NodeJS.Timeout>();
	#now: () => number;

	private constructor(server: Server, options: AcquirerHostOptions, books: AcquirerBooks) {
		this.#server = server;
		this.#options = options;
		this.#now = options.now ?? Date.now;
		this.log = new MessageLog(2000, options.onLog);
		this.engine = new AcquirerEngine({
			config: options.config,
			books,
			now: () => this.#now(),
			randomBytes: options.randomBytes ?? ((n) => new Uint8Array(nodeRandomBytes(n))),
		});
		for (const rule of options.config.faults) this.#faults.add(rule);
	}

	static start(options: AcquirerHostOptions): Promise<AcquirerHost> {
		const books = options.stateFile ? loadBooks(options.stateFile, options.config) : freshBooks(options.config);
		const server = createServer();
		const host = new AcquirerHost(server, options, books);
		server.on("connection", (socket) => host.#accept(socket));
		return new Promise((resolve, reject) => {
			server.once("error", reject);
			server.listen(options.port, "127.0.0.1", () => {
				server.off("error", reject);
				resolve(host);
			});
		});
	}

	get port(): number {
		const address = this.#server.address();
		return typeof address === "object" && address ? address.port : 0;
	}

	get books(): AcquirerBooks {
		return this.engine.books;
	}

	/**
	 * From now on the host's wall clock (fields 12/13/15, the log) is the terminal's virtual clock, as a real
	 * acquirer and terminal share the time of day: a sign-in then sets the terminal to its own virtual time.
	 */
	followClock(clock: { nowMs(): number }): void {
		this.#now = () => clock.nowMs();
	}

	/** Adds a fault rule; without `match` it hits the next request. */
	inject(rule: FaultRule): void {
		this.#faults.add(rule);
	}

	clearFaults(): void {
		this.#faults.clear();
	}

	stop(): Promise<void> {
		for (const timer of this.#timers) clearTimeout(timer);
		for (const socket of this.#sockets) socket.destroy();
		return new Promise((resolve) => this.#server.close(() => resolve()));
	}

	#accept(socket: Socket): void {
		this.#sockets.add(socket);
		socket.setTimeout(this.#options.idleTimeoutMs ?? 60_000, () => socket.destroy());
		socket.on("close", () => this.#sockets.delete(socket));
		socket.on("error", () => socket.destroy());
		let pending = Buffer.alloc(0);
		socket.on("data", (chunk: Buffer) => {
			pending = Buffer.concat([pending, chunk]);
			while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
				const size = 2 + pending.readUInt16BE(0);
				this.#request(socket, new Uint8Array(pending.subarray(0, size)));
				pending = pending.subarray(size);
			}
		});
	}

	#note(entry: Omit<LogEntry, "at">): void {
		this.log.add({ at: new Date(this.#now()).toISOString(), ...entry });
	}

	#request(socket: Socket, frame: Uint8Array): void {
		const decoded = decodeWire(frame);
		if (!decoded.ok) {
			this.#note({ direction: "in", note: `dropped an undecodable frame: ${decoded.reason}` });
			socket.destroy();
			return;
		}
		const request = decoded.message;
		const fault = this.#faults.take(request);
		this.#note({
			direction: "in",
			mti: request.mti,
			fields: maskFields(request.fields),
			...(fault ? { note: `fault: ${fault.kind}` } : {}),
		});
		let answer: EngineAnswer;
		try {
			answer = this.engine.handle(request, frame, engineOverride(fault));
		} catch (error) {
			// A simulator bug must not take the acquirer down: answer 96 and log it.
			answer = this.engine.handle(request, frame, { code: "96" });
			this.#note({ direction: "in", note: `simulator error: ${(error as Error).stack ?? String(error)}` });
		}
		if (this.#options.stateFile) saveBooks(this.#options.stateFile, this.engine.books);
		const bytes = encodeAnswer(request, answer, fault);
		const code = textField(answer.response, 39) ?? "";
		const note = `${code} ${RESPONSE_TEXTS[code]?.en ?? ""}: ${answer.note}`;
		if (fault?.kind === "no-response") return this.#note({ direction: "out", note: `no response (fault); would have been ${note}` });
		if (fault?.kind === "close") {
			this.#note({ direction: "out", note: `closed the connection (fault); would have been ${note}` });
			socket.destroy();
			return;
		}
		const send = () => {
			if (socket.destroyed) return;
			socket.write(bytes);
			const fields: Record<string, string> = {};
			for (const [n, v] of answer.response.fields)
				fields[String(n)] = typeof v === "string" ? v : Buffer.from(v).toString("hex").toUpperCase();
			this.#note({
				direction: "out",
				mti: answer.response.mti,
				fields: maskFields(fields),
				note: fault ? `${note} (fault: ${fault.kind})` : note,
			});
		};
		if (fault?.kind === "delay") {
			const timer = setTimeout(() => {
				this.#timers.delete(timer);
				send();
			}, fault.ms);
			this.#timers.add(timer);
		} else send();
	}
}

/** What a fault changes in the engine's decision (the rest is applied to the encoded answer). */
function engineOverride(fault: Fault | undefined): EngineOverride | undefined {
	if (fault?.kind === "response-code" || (fault?.kind === "unsigned" && fault.code !== undefined)) return { code: fault.code! };
	if (fault?.kind === "partial") return { partialFen: fault.amountFen };
	if (fault?.kind === "bad-arpc") return { badArpc: true };
	return undefined;
}
