// A minimal xsbug on 127.0.0.1: a debug build of the firmware (mcconfig -d) connects to it at boot, as it would
// to Moddable's xsbug (XS debug protocol, xs/sources/xsDebug.c). It lets the machine run (answers `<go/>` after
// the login and after every break), and keeps what the machine reports: trace() output (<log>), exceptions and
// breaks (<break>) and the instrumentation samples (<instruments> names, then <samples> every second).

import { createServer, type Server, type Socket } from "node:net";

export interface XsbugEvent {
	readonly kind: "login" | "log" | "break" | "samples";
	readonly text: string;
}

export interface Instrumentation {
	readonly names: readonly string[];
	/** The latest sample, name → value. */
	latest(): ReadonlyMap<string, number>;
	/** The largest value seen of each instrument since `since` (ms, Date of arrival). */
	peak(since?: number): ReadonlyMap<string, number>;
}

const GO = "\r\n<go/>\r\n";
/** Break on every exception thrown, so each one is reported with where it was thrown. */
const BREAK_ON_EXCEPTIONS = '\r\n<set-all-breakpoints><breakpoint path="exceptions" line="0"/></set-all-breakpoints>\r\n';

function unescape(text: string): string {
	return text
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
		.replace(/&amp;/g, "&");
}

export class XsbugListener {
	readonly events: XsbugEvent[] = [];
	#names: string[] = [];
	readonly #samples: { readonly at: number; readonly values: number[] }[] = [];
	readonly #server: Server;
	readonly #sockets = new Set<Socket>();
	#waiters: { readonly test: (event: XsbugEvent) => boolean; readonly resolve: (event: XsbugEvent) => void }[] = [];

	constructor(
		readonly onEvent: (event: XsbugEvent) => void = () => {},
		readonly breakOnExceptions = false,
	) {
		this.#server = createServer((socket) => this.#accept(socket));
	}

	listen(port: number): Promise<void> {
		return new Promise((resolve, reject) => {
			this.#server.once("error", reject);
			this.#server.listen(port, "127.0.0.1", () => resolve());
		});
	}

	close(): void {
		for (const socket of this.#sockets) socket.destroy();
		this.#server.close();
	}

	/** The last few traces and exceptions, to say why an expected event did not come. */
	#lastWords(): string {
		const said = this.events.filter((event) => event.kind !== "samples").slice(-5);
		return said.length === 0
			? " (XS said nothing: did it start?)"
			: `; XS said last:\n${said.map((event) => `  ${event.kind}: ${event.text.trim()}`).join("\n")}`;
	}

	/** Resolves with the first event (already received or to come) that passes `test`. */
	waitFor(test: (event: XsbugEvent) => boolean, timeoutMs: number): Promise<XsbugEvent> {
		const seen = this.events.find(test);
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no such event from XS within ${timeoutMs} ms${this.#lastWords()}`)),
				timeoutMs,
			);
			this.#waiters.push({
				test,
				resolve: (event) => {
					clearTimeout(timer);
					resolve(event);
				},
			});
		});
	}

	get instrumentation(): Instrumentation {
		const names = this.#names;
		const samples = this.#samples;
		const toMap = (values: readonly number[]) => new Map(names.map((name, i) => [name, values[i] ?? 0]));
		return {
			names,
			latest: () => toMap(samples.at(-1)?.values ?? []),
			peak: (since = 0) => {
				const peak: number[] = [];
				for (const sample of samples)
					if (sample.at >= since)
						sample.values.forEach((v, i) => {
							peak[i] = Math.max(peak[i] ?? 0, v);
						});
				return toMap(peak);
			},
		};
	}

	#accept(socket: Socket): void {
		this.#sockets.add(socket);
		let pending = "";
		socket.setEncoding("utf8");
		socket.on("data", (chunk: string) => {
			pending += chunk;
			for (;;) {
				const end = pending.indexOf("</xsbug>");
				if (end < 0) break;
				const start = pending.indexOf("<xsbug>");
				this.#message(socket, pending.slice(start + 7, end));
				pending = pending.slice(end + 8);
			}
		});
		socket.on("close", () => this.#sockets.delete(socket));
		socket.on("error", () => this.#sockets.delete(socket));
	}

	#message(socket: Socket, body: string): void {
		const instruments = /<instruments>(.*)<\/instruments>/s.exec(body);
		if (instruments) this.#names = [...instruments[1]!.matchAll(/<instrument name="([^"]*)"/g)].map((m) => unescape(m[1]!));
		const samples = /<samples>([^<]*)<\/samples>/.exec(body);
		if (samples) {
			this.#samples.push({ at: Date.now(), values: samples[1]!.split(/[,;]/).map(Number) });
			this.#emit({ kind: "samples", text: samples[1]! });
		}
		if (/<login /.test(body)) {
			this.#emit({ kind: "login", text: body });
			socket.write(this.breakOnExceptions ? BREAK_ON_EXCEPTIONS + GO : GO);
		}
		for (const log of body.matchAll(/<log[^>]*>([^<]*)<\/log>/g)) this.#emit({ kind: "log", text: unescape(log[1]!) });
		const broken = /<break([^>]*)>([^<]*)<\/break>/.exec(body);
		if (broken) {
			const frames = [...body.matchAll(/<frame name="([^"]*)" value="[^"]*"(?: path="([^"]*)" line="(\d+)")?/g)].slice(0, 6);
			const where = frames.map((frame) => `\n    at ${unescape(frame[1]!)} ${frame[2] ?? ""}:${frame[3] ?? ""}`).join("");
			this.#emit({ kind: "break", text: `${unescape(broken[2]!)} (${broken[1]!.trim()})${where}` });
			socket.write(GO);
		}
	}

	#emit(event: XsbugEvent): void {
		this.events.push(event);
		this.onEvent(event);
		const waiting = this.#waiters;
		this.#waiters = waiting.filter((waiter) => {
			if (!waiter.test(event)) return true;
			waiter.resolve(event);
			return false;
		});
	}
}

if (process.argv[1]?.endsWith("xsbug-listener.ts")) {
	// `xsbug-listener.ts [PORT] [--exceptions] [--samples]`: prints what the machine reports.
	const samples = process.argv.includes("--samples");
	const listener: XsbugListener = new XsbugListener((event) => {
		if (event.kind !== "samples") process.stdout.write(`[${event.kind}] ${event.text}\n`);
		else if (samples)
			process.stdout.write(
				`[samples] ${[...listener.instrumentation.latest()].map(([name, value]) => `${name} ${value}`).join(", ")}\n`,
			);
	}, process.argv.includes("--exceptions"));
	const port = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 5002);
	await listener.listen(port);
	process.stdout.write(`xsbug listener on 127.0.0.1:${port}\n`);
}
