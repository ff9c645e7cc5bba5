// Moddable's simulator (mcsim) on a private X server (Xvfb, no window manager): the posterm device
// (device/mcsim) running a firmware build, its clock started at a given UTC time (libfaketime), its
// preferences and window in a private XDG config folder, its debugger link to a local xsbug stand-in.
// Keys are clicked with xdotool and held past the keypad's 20 ms debounce (the Linux Piu port has no
// keyboard input, only clicks); the panel is read from a capture of the root window.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, runProcess } from "../tools/xs.js";

export interface McsimOptions {
	/** The firmware: mcconfig's mc.so for lin. */
	readonly library: string;
	/** Private folder: XDG config (window, preferences, mcsim's copy of mc.so). */
	readonly home: string;
	/** UTC time the simulator's clock starts at. */
	readonly startMs: number;
	/** Port of the xsbug stand-in (XSBUG_PORT). */
	readonly xsbugPort: number;
}

const WINDOW = { width: 480, height: 640 };

function startProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
	const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
	let text = "";
	const keep = (chunk: Buffer) => {
		text += chunk.toString();
		writeFileSync(log, text);
	};
	child.stdout!.on("data", keep);
	child.stderr!.on("data", keep);
	return child;
}

export class McsimSession {
	readonly #xvfb: ChildProcess;
	readonly #mcsim: ChildProcess;
	readonly display: string;
	/** mcsim's local folder: where it copies mc.so, and where the device's card slot reads card.json. */
	readonly #local: string;
	/** Contact reader texts not yet taken by the device, oldest first (contact.message holds one at a time). */
	readonly #contact: string[] = [];
	#contactTimer: ReturnType<typeof setInterval> | undefined;

	private constructor(xvfb: ChildProcess, mcsim: ChildProcess, display: string, local: string) {
		this.#xvfb = xvfb;
		this.#mcsim = mcsim;
		this.display = display;
		this.#local = local;
	}

	/**
	 * Puts a card in the device's slot: flux intervals (µs) per capture channel, in the board's order, each
	 * channel as base64 of little-endian 32-bit words (device/moddable/magstripe/sim-magstripe-capture.js).
	 */
	insertCard(channels: readonly (readonly number[])[]): void {
		const encoded = channels.map((intervals) => Buffer.from(Uint32Array.from(intervals).buffer).toString("base64"));
		writeFileSync(join(this.#local, "card.json"), JSON.stringify({ channels: encoded }));
	}

	/** Asks the firmware for a heap census through the device (census.request; the answer comes by xsbug). */
	requestCensus(tag: string): void {
		// Whole or not at all: the device polls for the file.
		writeFileSync(join(this.#local, "census.partial"), tag);
		renameSync(join(this.#local, "census.partial"), join(this.#local, "census.request"));
	}

	/**
	 * A text for the firmware's relayed contact reader (device/moddable/sim/relayed-contact-reader.ts), which the
	 * device posts as {"contact":"<text>"}: one file at a time, in order, each written once the device has taken
	 * the one before.
	 */
	postContact(text: string): void {
		this.#contact.push(text);
		this.#contactTimer ??= setInterval(() => this.#sendContact(), 5);
		this.#sendContact();
	}

	#sendContact(): void {
		const path = join(this.#local, "contact.message");
		if (existsSync(path)) return;
		const text = this.#contact.shift();
		if (text === undefined) {
			clearInterval(this.#contactTimer);
			this.#contactTimer = undefined;
			return;
		}
		writeFileSync(join(this.#local, "contact.partial"), text);
		renameSync(join(this.#local, "contact.partial"), path);
	}

	static async start(options: McsimOptions): Promise<McsimSession> {
		const display = await new Promise<{ child: ChildProcess; name: string }>((resolve, reject) => {
			// -displayfd: the server picks a free display and writes its number on fd 3.
			const child = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", `${WINDOW.width}x${WINDOW.height}x24`, "-nolisten", "tcp"], {
				stdio: ["ignore", "ignore", "ignore", "pipe"],
			});
			child.on("error", reject);
			child.stdio[3]!.on("data", (chunk: Buffer) => resolve({ child, name: `:${chunk.toString().trim()}` }));
		});
		const config = join(options.home, "xdg");
		mkdirSync(join(config, "tech.moddable.mcsim"), { recursive: true });
		writeFileSync(join(config, "tech.moddable.mcsim.ini"), `[window]\nx=0\ny=0\nwidth=${WINDOW.width}\nheight=${WINDOW.height}\n`);
		// The controls and info panes off, so the device is whole in the window.
		writeFileSync(
			join(config, "tech.moddable.mcsim.main.json"),
			JSON.stringify({ controlsStatus: false, infoStatus: false, deviceIndex: 0, colors: 0 }),
		);
		const start = new Date(options.startMs).toISOString().replace("T", " ").slice(0, 19);
		const mcsim = startProcess(
			"faketime",
			["-f", `@${start}`, "mcsim", join(repoRoot, "device/mcsim"), options.library],
			{
				DISPLAY: display.name,
				XDG_CONFIG_HOME: config,
				TZ: "UTC",
				XSBUG_HOST: "127.0.0.1",
				XSBUG_PORT: String(options.xsbugPort),
			},
			join(options.home, "mcsim.log"),
		);
		return new McsimSession(display.child, mcsim, display.name, join(config, "tech.moddable.mcsim"));
	}

	/** The whole screen as PNG. */
	async capture(): Promise<Buffer> {
		return new Promise((resolve, reject) => {
			const child = spawn("import", ["-display", this.display, "-window", "root", "png:-"], { stdio: ["ignore", "pipe", "pipe"] });
			const chunks: Buffer[] = [];
			child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
			child.on("error", reject);
			child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`import exited ${code}`))));
		});
	}

	/** A click at (x, y) held `holdMs` (past the keypad's debounce). */
	async click(x: number, y: number, holdMs = 200): Promise<void> {
		const result = await runProcess(
			"xdotool",
			["mousemove", String(x), String(y), "mousedown", "1", "sleep", String(holdMs / 1000), "mouseup", "1"],
			{ env: { DISPLAY: this.display } },
		);
		if (result.code !== 0) throw new Error(`xdotool: ${result.stderr}`);
	}

	get running(): boolean {
		return this.#mcsim.exitCode === null && this.#mcsim.signalCode === null;
	}

	stop(): void {
		clearInterval(this.#contactTimer);
		this.#mcsim.kill();
		this.#xvfb.kill();
	}
}
