// A NetworkLink for tests of the host link without sockets: each connection hands what the terminal sends to
// a script, which answers by pushing bytes, closing, or doing nothing. Platform-free.

import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";

export interface ScriptedPeer {
	/** Delivers bytes to the terminal. */
	push(bytes: Uint8Array): void;
	/** Ends the connection from the host side. */
	close(error?: NetError): void;
}

export type Script = (sent: Uint8Array, peer: ScriptedPeer) => void;

class ScriptedConnection implements Connection {
	readonly #data = new Set<(bytes: Uint8Array) => void>();
	readonly #close = new Set<(error: NetError) => void>();
	readonly #script: Script;
	readonly #network: ScriptedNetwork;
	#closed = false;

	constructor(script: Script, network: ScriptedNetwork) {
		this.#script = script;
		this.#network = network;
	}

	send(bytes: Uint8Array): Result<void, NetError> {
		if (this.#closed || this.#network.refuseSend) return err({ kind: "closed" });
		this.#network.sent.push(bytes.slice());
		this.#script(bytes.slice(), {
			push: (b) => {
				if (!this.#closed) for (const h of [...this.#data]) h(b);
			},
			close: (error = { kind: "closed" }) => {
				if (this.#closed) return;
				this.#closed = true;
				for (const h of [...this.#close]) h(error);
			},
		});
		return ok();
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		this.#data.add(handler);
		return () => this.#data.delete(handler);
	}

	onClose(handler: (error: NetError) => void): Unsubscribe {
		this.#close.add(handler);
		return () => this.#close.delete(handler);
	}

	close(): void {
		this.#closed = true;
		this.#network.closedConnections++;
	}
}

export class ScriptedNetwork implements NetworkLink {
	linkUp = true;
	readonly signalBars = 4;
	/** Every frame the terminal sent, in order. */
	readonly sent: Uint8Array[] = [];
	closedConnections = 0;
	refuseSend = false;
	script: Script = () => {};

	connect(): Promise<Result<Connection, NetError>> {
		if (!this.linkUp) return Promise.resolve(err({ kind: "no-link" }));
		return Promise.resolve(ok(new ScriptedConnection(this.script, this)));
	}

	/** The script's connections end on their own; a closed network only refuses new ones. */
	close(): void {
		this.linkUp = false;
	}
}
