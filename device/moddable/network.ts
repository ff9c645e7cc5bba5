// The acquirer link on Moddable's `wifi`, `net` and `socket` modules: Wi-Fi station mode, DNS through
// Net.resolve, then one TCP socket per connection.

import type Net from "net";
import type { Socket } from "socket";
import type WiFi from "wifi";
import type { Clock } from "../../hal/clock.js";
import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";

/** Station settings, from the terminal parameters (or `mcconfig … ssid=… password=…`). */
export interface StationSettings {
	readonly ssid: string;
	readonly password?: string;
}

export interface WiFiNetworkOptions {
	readonly WiFi: typeof WiFi;
	readonly Net: typeof Net;
	readonly Socket: typeof Socket;
	readonly clock: Clock;
	/** Without settings the link stays down (e.g. before the terminal is provisioned). */
	readonly station?: StationSettings;
}

type TcpSocket = InstanceType<typeof Socket> & { write(data: ArrayBuffer): void; write(): number };

// Socket callback messages (Moddable socket documentation).
const ERROR = -2;
const DISCONNECT = -1;
const CONNECT = 1;
const DATA = 2;
const SENT = 3;

export class WiFiNetwork implements NetworkLink {
	readonly #options: WiFiNetworkOptions;
	#linkUp = false;

	constructor(options: WiFiNetworkOptions) {
		this.#options = options;
		const { WiFi: WiFiClass, station } = options;
		if (station === undefined) return;
		WiFiClass.mode = WiFiClass.Mode.station;
		// The WiFi instance keeps reconnecting after a drop; it lives as long as the terminal.
		new WiFiClass({ ssid: station.ssid, ...(station.password ? { password: station.password } : {}) }, (message) => {
			if (message === WiFiClass.gotIP) this.#linkUp = true;
			else if (message === WiFiClass.lostIP || message === WiFiClass.disconnected) this.#linkUp = false;
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
		if (!this.#linkUp) return Promise.resolve(err({ kind: "no-link" }));
		const { Net: NetModule, Socket: SocketClass, clock } = this.#options;
		return new Promise((resolve) => {
			let settled = false;
			let socket: TcpSocket | undefined;
			const settle = (result: Result<Connection, NetError>) => {
				if (settled) return;
				settled = true;
				timer.cancel();
				resolve(result);
			};
			const timer = clock.after(timeoutMs, () => {
				socket?.close();
				settle(err({ kind: "connect-timeout" }));
			});
			NetModule.resolve(host, (_name, address) => {
				if (settled) return;
				if (address === undefined) return settle(err({ kind: "dns", host }));
				try {
					// lwIP takes a dotted address as `host` without another look-up.
					socket = new SocketClass({ host: address, port, noDelay: true }) as TcpSocket;
				} catch (error) {
					return settle(err({ kind: "io", detail: String(error) }));
				}
				const connection = new SocketConnection(socket);
				socket.callback = (message, value) => {
					if (!settled) {
						if (message === CONNECT) settle(ok(connection));
						else if (message === ERROR || message === DISCONNECT) settle(err({ kind: "refused" }));
						return;
					}
					connection.handle(message, value ?? 0);
				};
			});
		});
	}
}

class SocketConnection implements Connection {
	readonly #socket: TcpSocket;
	readonly #data = new Listeners<Uint8Array>();
	readonly #close = new Listeners<NetError>();
	/** Bytes not yet taken by the socket's send buffer. */
	readonly #queue: Uint8Array[] = [];
	#closed = false;

	constructor(socket: TcpSocket) {
		this.#socket = socket;
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

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#socket.close();
	}

	handle(message: number, value: number): void {
		if (this.#closed) return;
		if (message === DATA) {
			const buffer = this.#socket.read(ArrayBuffer, value);
			this.#data.emit(new Uint8Array(buffer));
		} else if (message === SENT) {
			this.#flush();
		} else if (message === DISCONNECT || message === ERROR) {
			this.#closed = true;
			this.#socket.close();
			this.#close.emit(message === DISCONNECT ? { kind: "closed" } : { kind: "io", detail: "socket error" });
		}
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
