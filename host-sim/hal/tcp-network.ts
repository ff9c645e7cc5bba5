// The simulator's network link: real TCP sockets (the acquirer host simulator listens on 127.0.0.1).
// A switch takes the link down to simulate a dead network.

import { Socket } from "node:net";
import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

class TcpConnection implements Connection {
	readonly #socket: Socket;
	readonly #data = new Listeners<Uint8Array>();
	readonly #close = new Listeners<NetError>();
	#closed: NetError | undefined;
	#ended = false;

	constructor(socket: Socket) {
		this.#socket = socket;
		socket.on("data", (chunk: Buffer) => this.#data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice()));
		socket.on("error", (e: Error) => this.#end({ kind: "io", detail: e.message }));
		socket.on("close", () => this.#end({ kind: "closed" }));
	}

	send(bytes: Uint8Array): Result<void, NetError> {
		if (this.#closed) return err(this.#closed);
		this.#socket.write(bytes);
		return ok();
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		return this.#data.add(handler);
	}

	onClose(handler: (error: NetError) => void): Unsubscribe {
		return this.#close.add(handler);
	}

	close(): void {
		this.#closed ??= { kind: "closed" };
		this.#socket.destroy();
	}

	#end(error: NetError): void {
		if (this.#ended) return;
		this.#ended = true;
		this.#closed ??= error;
		this.#close.emit(this.#closed);
	}
}

export class TcpNetwork implements NetworkLink {
	linkUp = true;
	readonly #open = new Set<Connection>();
	#closed = false;

	get signalBars(): number {
		return this.linkUp ? 4 : 0;
	}

	connect(host: string, port: number, timeoutMs: number): Promise<Result<Connection, NetError>> {
		if (this.#closed) return Promise.resolve(err({ kind: "closed" }));
		if (!this.linkUp) return Promise.resolve(err({ kind: "no-link" }));
		return new Promise((resolve) => {
			const socket = new Socket();
			const timer = setTimeout(() => {
				socket.destroy();
				resolve(err({ kind: "connect-timeout" }));
			}, timeoutMs);
			socket.once("error", (e: NodeJS.ErrnoException) => {
				clearTimeout(timer);
				resolve(
					err(
						e.code === "ECONNREFUSED"
							? { kind: "refused" }
							: e.code === "ENOTFOUND"
								? { kind: "dns", host }
								: { kind: "io", detail: e.message },
					),
				);
			});
			socket.connect(port, host, () => {
				clearTimeout(timer);
				socket.removeAllListeners("error");
				socket.setNoDelay(true);
				if (this.#closed) {
					socket.destroy();
					return resolve(err({ kind: "closed" }));
				}
				const connection = new TcpConnection(socket);
				this.#open.add(connection);
				connection.onClose(() => this.#open.delete(connection));
				resolve(ok(connection));
			});
		});
	}

	close(): void {
		this.#closed = true;
		this.linkUp = false;
		for (const connection of [...this.#open]) connection.close();
	}
}
