// The simulator's TCP network link (host-sim/hal/tcp-network.ts) against a listener on 127.0.0.1: close()
// closes the open connections, and connects after it fail as "closed".

import { strict as assert } from "node:assert";
import { createServer, type Server, type Socket } from "node:net";
import { TcpNetwork } from "../../host-sim/hal/tcp-network.js";

describe("TcpNetwork (host-sim/hal/tcp-network.ts)", () => {
	let server: Server;
	let port = 0;
	const peers: Socket[] = [];

	before(async () => {
		server = createServer((socket) => peers.push(socket));
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		port = (server.address() as { port: number }).port;
	});

	after(async () => {
		for (const peer of peers) peer.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it("close() ends the open connections and the link; later connects fail as closed", async () => {
		const network = new TcpNetwork();
		const connected = await network.connect("127.0.0.1", port, 2000);
		assert.ok(connected.ok);
		const closed = new Promise((resolve) => connected.value.onClose(resolve));
		network.close();
		assert.deepEqual(await closed, { kind: "closed" });
		assert.equal(network.linkUp, false);
		assert.deepEqual(connected.value.send(Uint8Array.of(1)), { ok: false, error: { kind: "closed" } });
		assert.deepEqual(await network.connect("127.0.0.1", port, 2000), { ok: false, error: { kind: "closed" } });
	});
});
