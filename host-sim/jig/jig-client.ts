// The jig's end of the factory line protocol (src/factory/protocol.ts): numbered requests, replies matched
// by id, events handed to the caller, and a reply timeout on the jig's clock. Platform-free.

import type { Clock } from "../../hal/clock.js";
import { JIG_MAX_LINE_BYTES } from "../../hal/jig-port.js";
import { utf8Encode } from "../../src/text/utf8.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { JigTransport } from "./jig-transport.js";

/** A reply or event line as received. */
export type Message = Readonly<Record<string, unknown>>;

export class JigProtocolError extends Error {
	override name = "JigProtocolError";
	readonly code: string;

	constructor(code: string, message: string) {
		super(`${code}: ${message}`);
		this.code = code;
	}
}

interface Pending {
	readonly resolve: (reply: Message) => void;
	readonly reject: (error: Error) => void;
	readonly onEvent: ((event: Message) => void) | undefined;
}

export class JigClient {
	readonly #transport: JigTransport;
	readonly #clock: Clock;
	readonly #pending = new Map<number, Pending>();
	readonly #unsolicited = new Set<(event: Message) => void>();
	readonly #stop: Unsubscribe;
	#nextId = 1;

	constructor(transport: JigTransport, clock: Clock) {
		this.#transport = transport;
		this.#clock = clock;
		this.#stop = transport.onLine((line) => this.#onLine(line));
	}

	/** Lines with id 0 (the boot announcement, the factory banner). */
	onUnsolicited(handler: (event: Message) => void): Unsubscribe {
		this.#unsolicited.add(handler);
		return () => this.#unsolicited.delete(handler);
	}

	/**
	 * Sends `cmd` and resolves with the OK reply; rejects with JigProtocolError on ERR, or with code
	 * REPLY_TIMEOUT when nothing answers within `timeoutMs`.
	 */
	request(
		cmd: string,
		args: Readonly<Record<string, unknown>> = {},
		options: { timeoutMs?: number; onEvent?: (event: Message) => void } = {},
	): Promise<Message> {
		const id = this.#nextId++;
		const line = JSON.stringify({ id, cmd, ...args });
		// The unit would drop it (and answer LINE_TOO_LONG with no id): say so before sending.
		const bytes = utf8Encode(line).length;
		if (bytes > JIG_MAX_LINE_BYTES)
			return Promise.reject(
				new JigProtocolError("LINE_TOO_LONG", `${cmd} is ${bytes} bytes; a jig line is at most ${JIG_MAX_LINE_BYTES}`),
			);
		return new Promise((resolve, reject) => {
			const timer = this.#clock.after(options.timeoutMs ?? 5000, () => {
				this.#pending.delete(id);
				reject(new JigProtocolError("REPLY_TIMEOUT", `no reply to ${cmd} (request ${id})`));
			});
			this.#pending.set(id, {
				resolve: (reply) => {
					timer.cancel();
					resolve(reply);
				},
				reject: (error) => {
					timer.cancel();
					reject(error);
				},
				onEvent: options.onEvent,
			});
			this.#transport.send(line);
		});
	}

	close(): void {
		this.#stop();
		for (const [id, pending] of this.#pending)
			pending.reject(new JigProtocolError("CLOSED", `line closed before the reply to request ${id}`));
		this.#pending.clear();
	}

	#onLine(line: string): void {
		let message: Message;
		try {
			const value: unknown = JSON.parse(line);
			if (typeof value !== "object" || value === null) return;
			message = value as Message;
		} catch {
			return; // boot-console noise on UART0
		}
		const id = typeof message.id === "number" ? message.id : 0;
		if (id === 0) {
			for (const handler of [...this.#unsolicited]) handler(message);
			return;
		}
		const pending = this.#pending.get(id);
		if (!pending) return;
		if (typeof message.evt === "string") return pending.onEvent?.(message);
		this.#pending.delete(id);
		if (message.ok === true) return pending.resolve(message);
		const error = (message.error ?? {}) as { code?: unknown; message?: unknown };
		pending.reject(new JigProtocolError(String(error.code ?? "ERR"), String(error.message ?? "")));
	}
}
