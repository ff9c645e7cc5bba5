// A powered run's views of the shared clock and network: ending the run (the power cut) cancels its timers,
// closes its connections and silences everything that would reach the dead firmware.

import { assert } from "../support/assert.js";
import { ScriptedNetwork, type ScriptedPeer } from "../support/scripted-network.js";
import { RunScope } from "../../host-sim/hal/run-scope.js";
import { ScopedClock } from "../../host-sim/hal/scoped-clock.js";
import { ScopedNetwork } from "../../host-sim/hal/scoped-network.js";
import { VIRTUAL_EPOCH_MS, VirtualClock } from "../../host-sim/hal/virtual-clock.js";

async function flush(): Promise<void> {
	for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe("a run's scoped clock and network", () => {
	it("the clock: the run's timers fire while it lasts and never after; the next run's do", () => {
		const world = new VirtualClock(VIRTUAL_EPOCH_MS);
		const first = new RunScope();
		const old = new ScopedClock(world, first);
		const fired: string[] = [];
		old.after(1000, () => fired.push("old after 1 s"));
		old.after(60_000, () => fired.push("old response timeout"));
		old.every(10_000, () => fired.push("old tick"));
		world.advance(10_000);
		assert.equal(fired.join(), "old after 1 s,old tick");
		first.end();
		assert.equal(world.pendingTimers, 0, "the cut cancelled the old run's timers on the shared clock");
		const next = new ScopedClock(world, new RunScope());
		next.after(5000, () => fired.push("new after 5 s"));
		old.after(1, () => fired.push("old after the cut"));
		world.advance(120_000);
		assert.equal(fired.join(), "old after 1 s,old tick,new after 5 s");
		old.setNowMs(0);
		assert.equal(next.nowMs(), world.nowMs());
		assert.ok(world.nowMs() > VIRTUAL_EPOCH_MS, "a dead run does not set the shared clock");
	});

	it("the network: the cut closes the run's connection, drops what arrives and refuses sends; a connect never settles", async () => {
		const base = new ScriptedNetwork();
		let peer: ScriptedPeer | undefined;
		base.script = (_sent, p) => (peer = p);
		const run = new RunScope();
		const network = new ScopedNetwork(base, run);
		const connected = await network.connect("127.0.0.1", 8583, 1000);
		assert.ok(connected.ok);
		const heard: string[] = [];
		connected.value.onData(() => heard.push("data"));
		connected.value.onClose(() => heard.push("close"));
		assert.ok(connected.value.send(Uint8Array.of(1)).ok);
		peer!.push(Uint8Array.of(2));
		assert.equal(heard.join(), "data");
		run.end();
		assert.equal(base.closedConnections, 1, "the cut closed the open connection");
		peer!.push(Uint8Array.of(3));
		peer!.close();
		assert.equal(heard.join(), "data", "nothing reaches the dead run");
		assert.equal(connected.value.send(Uint8Array.of(4)).ok, false);
		assert.equal(base.sent.length, 1, "the dead run sent nothing more");
		let settled = false;
		void network.connect("127.0.0.1", 8583, 1000).then(() => (settled = true));
		await flush();
		assert.equal(settled, false, "a dead run's connect never settles");
	});

	it("the network's close(): closes this run's open connections and refuses later connects; the network under it serves the next run", async () => {
		const base = new ScriptedNetwork();
		const run = new RunScope();
		const network = new ScopedNetwork(base, run);
		const kept = await network.connect("127.0.0.1", 8583, 1000);
		const dropped = await network.connect("127.0.0.1", 8583, 1000);
		assert.ok(kept.ok && dropped.ok);
		dropped.value.close();
		assert.equal(base.closedConnections, 1);
		network.close();
		assert.equal(base.closedConnections, 2, "close() closed the connection still open, once");
		assert.deepEqual(await network.connect("127.0.0.1", 8583, 1000), { ok: false, error: { kind: "closed" } });
		const next = await new ScopedNetwork(base, new RunScope()).connect("127.0.0.1", 8583, 1000);
		assert.ok(next.ok);
	});

	it("the network: a connect under way when the run ends is closed on arrival and never settles", async () => {
		const base = new ScriptedNetwork();
		const run = new RunScope();
		let settled = false;
		void new ScopedNetwork(base, run).connect("127.0.0.1", 8583, 1000).then(() => (settled = true));
		run.end();
		await flush();
		assert.equal(settled, false);
		assert.equal(base.closedConnections, 1);
	});
});
