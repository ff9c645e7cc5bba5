// The acquirer link on Moddable's `wifi`, `net` and `socket` modules: Wi-Fi station mode, DNS through
// Net.resolve, then one TCP socket per connection. The socket's callback messages are the Socket class's own
// statics (Socket.connected, .readable, .writable, .error, .disconnected).

import type { Clock, Timer } from "../../hal/clock.js";
import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";
import type { NetModule, SocketClass, SocketPort, WiFiClass } from "./io.js";

/** Station settings, from the terminal parameters (or `mcconfig … ssid=… password=…`). */
export interface StationSettings {
	readonly ssid: string;
	readonly password?: string;
}

export interface WiFiNetworkOptions {
	readonly WiFi: WiFiClass;
	readonly Net: NetModule;
	readonly Socket: SocketClass;
	readonly clock: Clock;
	/** Without settings the link stays down (e.g. before the terminal is provisioned). */
	readonly station?: StationSettings;
}

export class WiFiNetwork implements NetworkLink {
	readonly #options: WiFiNetworkOptions;
	readonly #station: { close(): void } | undefined;
	/** Connections open now, and connects under way (each closes to its "closed" end). */
	readonly #open = new Set<{ close(): void }>();
	#linkUp = false;
	#closed = false;

	constructor(options: WiFiNetworkOptions) {
		this.#options = options;
		const { WiFi, station } = options;
		if (station === undefined) return;
		WiFi.mode = WiFi.Mode.station;
		// The WiFi instance keeps reconnecting after a drop; it lives until close().
		this.#station = new WiFi({ ssid: station.ssid, ...(station.password ? { password: station.password } : {}) }, (message) => {
			if (this.#closed) return;
			if (message === WiFi.gotIP) this.#linkUp = true;
			else if (message === WiFi.lostIP || message === WiFi.disconnected) this.#linkUp = false;
		});
	}

	get linkUp(): boolean {
		return this.#linkUp;
	}

	/** RSSI to bars with the usual thresholds: −55, −67, −75, −85 dBm; a link with no radio reading is full. */
	get signalBars(): number {
		if (!this.#linkUp) return 0;
		const rssi = this.#options.Net.get("RSSI");
		// Moddable's desktop `net` (the simulator's link) answers no RSSI.
		if (typeof rssi !== "number") return 4;
		return rssi >= -55 ? 4 : rssi >= -67 ? 3 : rssi >= -75 ? 2 : rssi >= -85 ? 1 : 0;
	}

	connect(host: string, port: number, timeoutMs: number): Promise<Result<Connection, NetError>> {
		if (this.#closed) return Promise.resolve(err({ kind: "closed" }));
		if (!this.#linkUp) return Promise.resolve(err({ kind: "no-link" }));
		const { Net, Socket, clock } = this.#options;
		return new Promise((resolve) => {
			let settled = false;
			let socket: SocketPort | undefined;
			const pending = { close: () => fail({ kind: "closed" }) };
			const settle = (result: Result<Connection, NetError>) => {
				if (settled) return;
				settled = true;
				timer.cancel();
				this.#open.delete(pending);
				resolve(result);
			};
			const fail = (error: NetError) => {
				socket?.close();
				settle(err(error));
			};
			const timer: Timer = clock.after(timeoutMs, () => fail({ kind: "connect-timeout" }));
			this.#open.add(pending);
			Net.resolve(host, (_name, address) => {
				if (settled) return;
				if (address === undefined) return settle(err({ kind: "dns", host }));
				try {
					// lwIP takes a dotted address as `host` without another look-up.
					socket = new Socket({ host: address, port, noDelay: true });
				} catch (error) {
					return settle(err({ kind: "io", detail: String(error) }));
				}
				const connection = new SocketConnection(socket, Socket, () => this.#open.delete(connection));
				socket.callback = (message, value) => {
					if (!settled) {
						if (message === Socket.connected) {
							this.#open.add(connection);
							settle(ok(connection));
						} else if (message === Socket.error || message === Socket.disconnected) fail({ kind: "refused" });
						return;
					}
					connection.handle(message, value ?? 0);
				};
			});
		});
	}

	/** Closes every connection and connect under way, then the station; `linkUp` is false from then on. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#linkUp = false;
		for (const open of [...this.#open]) open.close();
		this.#station?.close();
	}
}

class SocketConnection implements Connection {
	readonly #socket: SocketPort;
	readonly #messages: SocketClass;
	/** Called once when the connection ends, either way. */
	readonly #ended: () => void;
	readonly #data = new Listeners<Uint8Array>();
	readonly #close = new Listeners<NetError>();
	/** Bytes not yet taken by the socket's send buffer. */
	readonly #queue: Uint8Array[] = [];
	#closed = false;

	constructor(socket: SocketPort, messages: SocketClass, ended: () => void) {
		this.#socket = socket;
		this.#messages = messages;
		this.#ended = ended;
	}

	send(bytes: Uint8Array): Result<void, NetError> {
		if (this.#closed) return err({ kind: "closed" });
		this.#queue.push(bytes.slice());
		this.#flush();
		return ok();
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		return this.#data.add(handler);
	}

	onClose(handler: (error: NetError) => void): Unsubscribe {
		return this.#close.add(handler);
	}

	/** Closes the socket; the close handlers hear of the peer's end only. */
	close(): void {
		this.#end(undefined);
	}

	handle(message: number, value: number): void {
		if (this.#closed) return;
		const { readable, writable, disconnected, error } = this.#messages;
		if (message === readable) {
			const buffer = this.#socket.read(ArrayBuffer, value);
			this.#data.emit(new Uint8Array(buffer));
		} else if (message === writable) {
			this.#flush();
		} else if (message === disconnected || message === error) {
			this.#end(message === disconnected ? { kind: "closed" } : { kind: "io", detail: "socket error" });
		}
	}

	#end(reason: NetError | undefined): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#socket.close();
		this.#ended();
		if (reason) this.#close.emit(reason);
	}

	/** Writes as much of the queue as the socket can take now; the rest goes on the next "sent". */
	#flush(): void {
		while (this.#queue.length > 0) {
			const room = this.#socket.write();
			if (room <= 0) return;
			const head = this.#queue[0]!;
			const count = Math.min(room, head.length);
			this.#socket.write(head.slice(0, count).buffer);
			if (count === head.length) this.#queue.shift();
			else this.#queue[0] = head.subarray(count);
		}
	}
}
