// One run's view of the network: its connections are closed when the run ends (the power cut), and from then
// on nothing reaches the dead firmware (no data, no close, no connect result) and it can send nothing, so an
// exchange it left waiting never completes, times out or reverses. Platform-free.

import type { Connection, NetError, NetworkLink } from "../../hal/network.js";
import { err, ok, type Result, type Unsubscribe } from "../../hal/result.js";
import type { RunScope } from "./run-scope.js";

class ScopedConnection implements Connection {
	readonly #base: Connection;
	readonly #run: RunScope;
	/** Called once the connection has ended, either way. */
	readonly #ended: () => void;

	constructor(base: Connection, run: RunScope, ended: () => void) {
		this.#base = base;
		this.#run = run;
		const forget = run.onEnd(() => base.close());
		this.#ended = () => {
			forget();
			ended();
		};
		base.onClose(() => this.#ended());
	}

	send(bytes: Uint8Array): Result<void, NetError> {
		return this.#run.ended ? err({ kind: "closed" }) : this.#base.send(bytes);
	}

	onData(handler: (bytes: Uint8Array) => void): Unsubscribe {
		return this.#base.onData((bytes) => {
			if (!this.#run.ended) handler(bytes);
		});
	}

	onClose(handler: (error: NetError) => void): Unsubscribe {
		return this.#base.onClose((error) => {
			if (!this.#run.ended) handler(error);
		});
	}

	close(): void {
		this.#base.close();
		this.#ended();
	}
}

export class ScopedNetwork implements NetworkLink {
	readonly #base: NetworkLink;
	readonly #run: RunScope;
	readonly #open = new Set<Connection>();
	#closed = false;

	constructor(base: NetworkLink, run: RunScope) {
		this.#base = base;
		this.#run = run;
	}

	get linkUp(): boolean {
		return this.#base.linkUp;
	}

	get signalBars(): number {
		return this.#base.signalBars;
	}

	/** After the run ends the promise never settles: the dead firmware's continuation never runs. */
	connect(host: string, port: number, timeoutMs: number): Promise<Result<Connection, NetError>> {
		return new Promise((resolve) => {
			if (this.#run.ended) return;
			if (this.#closed) return resolve(err({ kind: "closed" }));
			void this.#base.connect(host, port, timeoutMs).then((result) => {
				if (this.#run.ended) {
					if (result.ok) result.value.close();
				} else if (!result.ok) {
					resolve(result);
				} else if (this.#closed) {
					result.value.close();
					resolve(err({ kind: "closed" }));
				} else {
					const connection: ScopedConnection = new ScopedConnection(result.value, this.#run, () => this.#open.delete(connection));
					this.#open.add(connection);
					resolve(ok(connection));
				}
			});
		});
	}

	/** Closes this run's connections only: the network under it serves the runs after this one. */
	close(): void {
		this.#closed = true;
		for (const connection of [...this.#open]) connection.close();
	}
}
