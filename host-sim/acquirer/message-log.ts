// The simulated acquirer's log of every message in and out, decoded, with the PAN masked (first 6, last 4)
// and tracks, PIN blocks and key material hidden (PCI).

import { maskPan } from "../../src/card/pan.js";

export interface LogEntry {
	/** ISO 8601 UTC. */
	readonly at: string;
	readonly direction: "in" | "out";
	readonly mti?: string;
	readonly fields?: Readonly<Record<string, string>>;
	/** What happened: the fault applied, why a frame was dropped, the response code's meaning. */
	readonly note?: string;
}

/** Field values safe to log. */
export function maskFields(fields: Readonly<Record<string, string>>): Record<string, string> {
	const out: Record<string, string> = { ...fields };
	if (out["2"] !== undefined) out["2"] = maskPan(out["2"]);
	if (out["35"] !== undefined) out["35"] = `${maskPan(out["35"].split("=")[0]!)}=[track 2]`;
	if (out["36"] !== undefined) out["36"] = "[track 3]";
	if (out["52"] !== undefined) out["52"] = "[PIN block]";
	if (out["62"] !== undefined && out["62"].length >= 48) out["62"] = `[${out["62"].length / 2} bytes of keys]`;
	return out;
}

export class MessageLog {
	readonly #entries: LogEntry[] = [];
	readonly #limit: number;
	readonly #sink: ((entry: LogEntry) => void) | undefined;

	/** Keeps the last `limit` entries in memory; `sink` also receives each one (the CLI prints them). */
	constructor(limit = 2000, sink?: (entry: LogEntry) => void) {
		this.#limit = limit;
		this.#sink = sink;
	}

	add(entry: LogEntry): void {
		this.#entries.push(entry);
		if (this.#entries.length > this.#limit) this.#entries.shift();
		this.#sink?.(entry);
	}

	get entries(): readonly LogEntry[] {
		return this.#entries;
	}
}
