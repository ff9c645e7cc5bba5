// The simulator's jig line: the unit's end is the JigPort, the jig's end (`jigEnd`) is what the jig tool
// talks to in `posterm jig --sim`. Lines arrive a microtask later, as bytes on a wire would, so neither
// side ever runs inside the other's handler. Lines the unit sends before the jig listens wait for it, as
// in the receive buffer of a USB-serial adapter. Platform-free.

import { JIG_MAX_LINE_BYTES, type JigPort } from "../../hal/jig-port.js";
import type { Unsubscribe } from "../../hal/result.js";
import { Listeners } from "../../hal/listeners.js";
import { utf8Encode } from "../../src/text/utf8.js";

/** The jig's end of the line. */
export interface JigEnd {
	send(line: string): void;
	onLine(handler: (line: string) => void): Unsubscribe;
}

export class SimJigPort implements JigPort {
	/** Set before boot to strap the jig-detect line. */
	detected: boolean;
	readonly #toUnit = new Listeners<string>();
	readonly #tooLong = new Listeners<undefined>();
	readonly #toJig = new Listeners<string>();
	#backlog: string[] = [];
	#closed = false;
	readonly jigEnd: JigEnd;

	constructor(detected = false) {
		this.detected = detected;
		this.jigEnd = {
			send: (line) => {
				if (this.#closed) return;
				if (utf8Encode(line).length <= JIG_MAX_LINE_BYTES) this.#deliver(this.#toUnit, line);
				else this.#deliver(this.#tooLong, undefined);
			},
			onLine: (handler) => {
				const stop = this.#toJig.add(handler);
				for (const line of this.#backlog.splice(0)) this.#deliver(this.#toJig, line);
				return stop;
			},
		};
	}

	writeLine(line: string): void {
		if (this.#closed) return;
		if (this.#toJig.size === 0) this.#backlog.push(line);
		else this.#deliver(this.#toJig, line);
	}

	onLine(handler: (line: string) => void, tooLong?: () => void): Unsubscribe {
		const stops = [this.#toUnit.add(handler), ...(tooLong ? [this.#tooLong.add(tooLong)] : [])];
		return () => stops.forEach((stop) => stop());
	}

	close(): void {
		this.#closed = true;
		this.#backlog = [];
	}

	/** A line still on the wire when the port closes is lost. */
	#deliver<T extends string | undefined>(listeners: Listeners<T>, line: T): void {
		if (line?.includes("\n")) throw new RangeError("a jig line must not contain a newline");
		Promise.resolve().then(() => {
			if (!this.#closed) listeners.emit(line);
		});
	}
}
