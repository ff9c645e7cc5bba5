// The acquirer link driver (device/moddable/network.ts) on fake `wifi`, `net` and `socket` modules and the
// virtual clock: station mode, DNS, connect and its timeout, send back-pressure, and close(). The fake Socket's
// message numbers differ from Moddable's, so the driver is seen to use the class's own statics.

import { assert } from "../../support/assert.js";
import { WiFiNetwork, type StationSettings } from "../../../device/moddable/network.js";
import type { NetModule, SocketClass, SocketPort, WiFiClass } from "../../../device/moddable/io.js";
import type { Connection, NetError } from "../../../hal/network.js";
import type { Result } from "../../../hal/result.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../../host-sim/hal/virtual-clock.js";

class FakeSocket implements SocketPort {
	static readonly connected = 11;
	static readonly readable = 12;
	static readonly writable = 13;
	static readonly error = 14;
	static readonly disconnected = 15;
	static opened: FakeSocket[] = [];
	readonly options: { host: string; port: number; noDelay: boolean };
	readonly sent: number[] = [];
	incoming: number[] = [];
	/** Bytes the send buffer takes now. */
	room = 1024;
	closed = false;

	constructor(options: { host: string; port: number; noDelay: boolean }) {
		this.options = options;
		FakeSocket.opened.push(this);
	}

	callback(_message: number, _value?: number): void {}

	read(_type: typeof ArrayBuffer, until?: number): ArrayBuffer {
		return Uint8Array.from(this.incoming.splice(0, until ?? this.incoming.length)).buffer;
	}

	write(bytes: ArrayBuffer): void;
	write(): number;
	write(bytes?: ArrayBuffer): number | void {
		if (bytes === undefined) return this.room;
		if (this.closed || bytes.byteLength > this.room) throw new Error("socket write");
		this.room -= bytes.byteLength;
		this.sent.push(...new Uint8Array(bytes));
	}

	close(): void {
		this.closed = true;
	}
}

const Socket: SocketClass = FakeSocket;

class FakeWiFi {
	static readonly Mode = { station: 1 };
	static readonly gotIP = "gotIP";
	static readonly lostIP = "lostIP";
	static readonly disconnected = "disconnect";
	static mode = 0;
	static last: FakeWiFi | undefined;
	readonly options: { ssid: string; password?: string };
	readonly callback: (message: string) => void;
	closed = false;

	constructor(options: { ssid: string; password?: string }, callback: (message: string) => void) {
		this.options = options;
		this.callback = callback;
		FakeWiFi.last = this;
	}

	close(): void {
		this.closed = true;
	}
}

const WiFi: WiFiClass = FakeWiFi;

/** DNS look-ups wait until the test answers them. */
class FakeNet implements NetModule {
	readonly lookups: { name: string; answer: (address?: string) => void }[] = [];
	rssi = -60;

	get(_what: "RSSI"): number {
		return this.rssi;
	}

	resolve(name: string, callback: (name: string, address?: string) => void): void {
		this.lookups.push({ name, answer: (address) => callback(name, address) });
	}
}

const station: StationSettings = { ssid: "acquirer-lan", password: "secret" };

function link(settings: StationSettings | undefined = station) {
	FakeSocket.opened = [];
	const clock = new VirtualClock(VIRTUAL_EPOCH_MS);
	const net = new FakeNet();
	const network = new WiFiNetwork({ WiFi, Net: net, Socket, clock, ...(settings ? { station: settings } : {}) });
	if (settings) FakeWiFi.last!.callback(FakeWiFi.gotIP);
	return { network, clock, net, wifi: FakeWiFi.last! };
}

/** Lets the connect promise's continuation run. */
async function settled<T>(promise: Promise<T>): Promise<T | "pending"> {
	let value: T | "pending" = "pending";
	void promise.then((v) => (value = v));
	for (let i = 0; i < 5; i++) await Promise.resolve();
	return value;
}

async function connected(): Promise<{ connection: Connection; socket: FakeSocket } & ReturnType<typeof link>> {
	const unit = link();
	const pending = unit.network.connect("acquirer.example", 8583, 10_000);
	unit.net.lookups[0]!.answer("10.0.0.7");
	const socket = FakeSocket.opened[0]!;
	socket.callback(FakeSocket.connected);
	const result = await pending;
	assert.ok(result.ok);
	return { ...unit, connection: result.value, socket };
}

describe("Wi-Fi network link (device/moddable/network.ts) on fake wifi, net and socket modules", () => {
	it("stays down without station settings; with them joins in station mode and is up from gotIP to lostIP", async () => {
		FakeWiFi.last = undefined;
		const down = new WiFiNetwork({ WiFi, Net: new FakeNet(), Socket, clock: new VirtualClock(VIRTUAL_EPOCH_MS) });
		assert.equal(FakeWiFi.last, undefined);
		assert.deepEqual(await down.connect("acquirer.example", 8583, 1000), { ok: false, error: { kind: "no-link" } });
		const { network, wifi, net } = link();
		assert.deepEqual([FakeWiFi.mode, wifi.options], [FakeWiFi.Mode.station, { ssid: "acquirer-lan", password: "secret" }]);
		assert.deepEqual([network.linkUp, network.signalBars], [true, 3]);
		net.rssi = -50;
		assert.equal(network.signalBars, 4);
		wifi.callback(FakeWiFi.lostIP);
		assert.deepEqual([network.linkUp, network.signalBars], [false, 0]);
	});

	it("resolves the host, opens a no-delay TCP socket to its address, and connects on the socket's connected message", async () => {
		const { socket } = await connected();
		assert.deepEqual(socket.options, { host: "10.0.0.7", port: 8583, noDelay: true });
	});

	it("fails a look-up that finds no address as dns, and a refused socket as refused", async () => {
		const { network, net } = link();
		const lookup = network.connect("nowhere.example", 8583, 10_000);
		net.lookups[0]!.answer(undefined);
		assert.deepEqual(await lookup, { ok: false, error: { kind: "dns", host: "nowhere.example" } });
		const refused = network.connect("acquirer.example", 8583, 10_000);
		net.lookups[1]!.answer("10.0.0.7");
		FakeSocket.opened[0]!.callback(FakeSocket.error);
		assert.deepEqual(await refused, { ok: false, error: { kind: "refused" } });
		assert.equal(FakeSocket.opened[0]!.closed, true);
	});

	it("times out a connect on the clock, in DNS or in the TCP handshake, and closes the socket it opened", async () => {
		const { network, net, clock } = link();
		const inDns = network.connect("acquirer.example", 8583, 5000);
		clock.advance(4999);
		assert.equal(await settled(inDns), "pending");
		clock.advance(1);
		assert.deepEqual(await inDns, { ok: false, error: { kind: "connect-timeout" } });
		net.lookups[0]!.answer("10.0.0.7");
		assert.equal(FakeSocket.opened.length, 0, "a late answer opens nothing");
		const inHandshake = network.connect("acquirer.example", 8583, 5000);
		net.lookups[1]!.answer("10.0.0.7");
		clock.advance(5000);
		assert.deepEqual(await inHandshake, { ok: false, error: { kind: "connect-timeout" } });
		assert.equal(FakeSocket.opened[0]!.closed, true);
		assert.equal(clock.pendingTimers, 0);
	});

	it("sends what the socket's buffer takes and the rest on its writable message; delivers data; reports the peer's close", async () => {
		const { connection, socket } = await connected();
		const data: number[][] = [];
		const closes: NetError[] = [];
		connection.onData((bytes) => data.push([...bytes]));
		connection.onClose((error) => closes.push(error));
		socket.room = 3;
		assert.ok(connection.send(Uint8Array.of(1, 2, 3, 4, 5)).ok);
		assert.deepEqual(socket.sent, [1, 2, 3]);
		socket.room = 8;
		socket.callback(FakeSocket.writable, 8);
		assert.deepEqual(socket.sent, [1, 2, 3, 4, 5]);
		socket.incoming = [0x60, 0x00];
		socket.callback(FakeSocket.readable, 2);
		assert.deepEqual(data, [[0x60, 0x00]]);
		socket.callback(FakeSocket.disconnected);
		assert.deepEqual(closes, [{ kind: "closed" }]);
		assert.equal(socket.closed, true);
		assert.deepEqual(connection.send(Uint8Array.of(6)), { ok: false, error: { kind: "closed" } });
	});

	it("close() closes the open connections, ends a connect under way as closed, leaves the station and refuses new connects", async () => {
		const { network, net, connection, socket, wifi } = await connected();
		const pending = network.connect("acquirer.example", 8583, 10_000);
		network.close();
		assert.deepEqual(await pending, { ok: false, error: { kind: "closed" } });
		assert.deepEqual([socket.closed, wifi.closed, network.linkUp], [true, true, false]);
		assert.deepEqual(connection.send(Uint8Array.of(1)), { ok: false, error: { kind: "closed" } });
		net.lookups[1]!.answer("10.0.0.7");
		assert.equal(FakeSocket.opened.length, 1, "the look-up answered after close opens nothing");
		wifi.callback(FakeWiFi.gotIP);
		assert.equal(network.linkUp, false);
		const after: Result<Connection, NetError> = await network.connect("acquirer.example", 8583, 1000);
		assert.deepEqual(after, { ok: false, error: { kind: "closed" } });
	});
});
