// The simulator in a text console (`posterm sim --tui`), as complete as the browser page: the terminal's
// screen as text, its keys on the PC keyboard (key-bindings.ts), a card slot, a chip slot and a contactless
// field with their card pickers, the printer's paper as text, the fault switches and the log of the simulator
// and the acquirer. Keys that are not terminal keys are the console's own (CONSOLE_COMMANDS); while a card
// picker is open, keys choose the card.

import { maskPan } from "../../src/card/pan.js";
import { TEST_CARDS, TEST_CARD_NAMES } from "../cards/test-cards.js";
import { CHIP_FAULT_NAMES, CHIP_PROFILE_NAMES, TAP_FAULT_NAMES, TAP_PROFILE_NAMES } from "../chip/virtual-test-cards.js";
import { SWIPE_QUALITIES, type SwipeQuality } from "./card-slot.js";
import { inputTokens, KEY_BINDINGS } from "./key-bindings.js";
import type { FaultKind, SimEvent, SimSession } from "./sim-session.js";
import { columns, drawScreen } from "./text-screen.js";

export const CONSOLE_COMMANDS: readonly (readonly [string, string])[] = [
	["s", "swipe a card: pick it by number"],
	["i", "insert a chip card: pick its profile by number (f cycles the fault)"],
	["e", "take the chip card out of the slot"],
	["w", "tap a contactless card (挥卡): pick its profile by number (f cycles the fault)"],
	["p", "paper: show or hide the printed slips as text"],
	["o", "printer: paper out / load paper"],
	["c", "printer: cover open / closed"],
	["n", "network down / up"],
	["x", "power cut (the terminal restarts from its storage)"],
	["t", "tamper: open the case"],
	["h", "this help"],
	["q", "quit (also Ctrl-C)"],
];

const LOG_LINES = 6;
const PAPER_LINES = 40;

export class ConsoleSimulator {
	readonly #session: SimSession;
	readonly #log: string[] = [];
	#picking: "swipe" | "insert" | "tap" | undefined;
	#fault: string | undefined;
	#tapFault: string | undefined;
	#reverse = false;
	#quality: SwipeQuality = "clean";
	#paper = false;
	#help = false;
	#problem = "";

	readonly #unsubscribe: () => void;
	#changed: () => void = () => undefined;

	constructor(session: SimSession) {
		this.#session = session;
		for (const event of session.snapshot()) this.#note(event);
		this.#unsubscribe = session.subscribe((event) => {
			this.#note(event);
			if (event.type !== "frame") this.#changed();
		});
	}

	#note(event: SimEvent): void {
		if (event.type !== "log") return;
		this.#log.push(`${event.time} ${event.source}  ${event.text}`);
		if (this.#log.length > LOG_LINES) this.#log.shift();
	}

	/** Calls `changed` whenever the view should be drawn again. */
	watch(changed: () => void): void {
		this.#changed = changed;
	}

	/** Stops following the session. */
	close(): void {
		this.#unsubscribe();
	}

	/** Acts on raw keyboard input; false once the user quits. */
	input(chunk: string): boolean {
		for (const token of inputTokens(chunk)) {
			this.#problem = "";
			if (this.#picking === "swipe") this.#pick("key" in token ? token.key : token.char);
			else if (this.#picking === "insert") this.#pickChip("key" in token ? token.key : token.char);
			else if (this.#picking === "tap") this.#pickTap("key" in token ? token.key : token.char);
			else if ("key" in token) this.#session.press(token.key);
			else if (token.char === "q" || token.char === "\x03") return false;
			else this.#command(token.char);
		}
		return true;
	}

	#command(char: string): void {
		const { printer, network } = this.#session.desktop;
		const faults: Readonly<Record<string, () => FaultKind>> = {
			o: () => (printer.paperEnd ? "paper-in" : "paper-out"),
			c: () => (printer.coverOpen ? "cover-closed" : "cover-open"),
			n: () => (network.linkUp ? "network-down" : "network-up"),
			x: () => "power-cut",
			t: () => "tamper",
		};
		if (char === "s") this.#picking = "swipe";
		else if (char === "i") this.#picking = "insert";
		else if (char === "e") this.#session.removeChip();
		else if (char === "w") this.#picking = "tap";
		else if (char === "p") this.#paper = !this.#paper;
		else if (char === "h" || char === "?") this.#help = !this.#help;
		else if (faults[char]) this.#session.fault(faults[char]());
		else this.#problem = `${JSON.stringify(char)} is no key here (h shows the keys)`;
	}

	#pick(key: string): void {
		const card = TEST_CARD_NAMES[Number(key) - 1];
		if (key === "r") this.#reverse = !this.#reverse;
		else if (key === "w") this.#quality = SWIPE_QUALITIES[(SWIPE_QUALITIES.indexOf(this.#quality) + 1) % SWIPE_QUALITIES.length]!;
		else if (/^[1-9]$/.test(key) && card !== undefined) {
			this.#picking = undefined;
			const problem = this.#session.swipe({ card, ips: 20, reverse: this.#reverse, quality: this.#quality, seed: 1 });
			if (problem) this.#problem = problem;
		} else if (key === "CANCEL" || key === "s") this.#picking = undefined;
		else this.#problem = `pick a card 1-${TEST_CARD_NAMES.length}, r, w or Esc`;
	}

	#pickChip(key: string): void {
		this.#fault = this.#pickCard(key, "i", CHIP_PROFILE_NAMES, CHIP_FAULT_NAMES, this.#fault, (spec) => this.#session.insertChip(spec));
	}

	#pickTap(key: string): void {
		this.#tapFault = this.#pickCard(key, "w", TAP_PROFILE_NAMES, TAP_FAULT_NAMES, this.#tapFault, (spec) =>
			this.#session.tapChip(spec),
		);
	}

	/** One key in a chip picker: a profile's number acts, f cycles the fault, Esc or `own` closes; gives the fault now. */
	#pickCard(
		key: string,
		own: string,
		profiles: readonly string[],
		faults: readonly string[],
		fault: string | undefined,
		act: (spec: { profile: string; fault?: string }) => string | undefined,
	): string | undefined {
		const profile = profiles[Number(key) - 1];
		if (key === "f") return faults[fault === undefined ? 0 : faults.indexOf(fault) + 1];
		if (/^[1-9]$/.test(key) && profile !== undefined) {
			this.#picking = undefined;
			const problem = act({ profile, ...(fault ? { fault } : {}) });
			if (problem) this.#problem = problem;
		} else if (key === "CANCEL" || key === own) this.#picking = undefined;
		else this.#problem = `pick a card 1-${profiles.length}, f or Esc`;
		return fault;
	}

	/** The whole console view; `ansi` inverts the menu highlight. */
	view(ansi: boolean): string {
		const { terminal, printer, network } = this.#session.desktop;
		const rows = [drawScreen(terminal.screen, ansi)];
		const printerState = printer.paperEnd ? "PAPER OUT" : printer.coverOpen ? "COVER OPEN" : "ok";
		rows.push(`printer ${printerState} · network ${network.linkUp ? "up" : "DOWN"} · ${printer.paper.lines.length} lines printed`);
		if (this.#picking === "swipe") rows.push(...this.#picker());
		if (this.#picking === "insert") rows.push(...chipPicker("insert", CHIP_PROFILE_NAMES, this.#fault));
		if (this.#picking === "tap") rows.push(...chipPicker("tap", TAP_PROFILE_NAMES, this.#tapFault));
		if (this.#paper) rows.push(...paperBox(printer.paper.lines));
		rows.push("log:", ...this.#log.map((l) => `  ${l}`));
		if (this.#help) rows.push(...helpRows());
		if (this.#problem) rows.push(`! ${this.#problem}`);
		rows.push(
			"keys: 0-9 z=00 . Enter Backspace=CLEAR Esc=CANCEL m=MENU F1 F2 ↑ ↓ · s swipe · i insert · e eject · w tap · p paper · o c n x t faults · h help · q quit",
		);
		return rows.join("\n");
	}

	#picker(): string[] {
		return [
			"swipe which card? (number; r reverse, w quality, Esc back)",
			...TEST_CARD_NAMES.map((name, i) => `  ${i + 1} ${name.padEnd(9)} ${maskPan(TEST_CARDS[name].pan)}`),
			`  direction ${this.#reverse ? "reverse" : "forward"} · quality ${this.#quality} · 20 ips`,
		];
	}
}

function chipPicker(verb: string, profiles: readonly string[], fault: string | undefined): string[] {
	return [
		`${verb} which chip card? (number; f fault, Esc back)`,
		...profiles.map((name, i) => `  ${i + 1} ${name}`),
		`  fault ${fault ?? "none"}`,
	];
}

function paperBox(lines: readonly string[]): string[] {
	const shown = lines.slice(-PAPER_LINES);
	const width = Math.max(32, ...shown.map(columns));
	const pad = (l: string) => l + " ".repeat(width - columns(l));
	return [
		`paper (${lines.length > shown.length ? `last ${shown.length} of ` : ""}${lines.length} lines; p hides):`,
		`┌${"─".repeat(width + 2)}┐`,
		...(shown.length ? shown : ["(nothing printed yet)"]).map((l) => `│ ${pad(l)} │`),
		`└${"─".repeat(width + 2)}┘`,
	];
}

function helpRows(): string[] {
	const terminalKeys = [...new Map(KEY_BINDINGS.map(([, key, label]) => [key, label])).entries()]
		.filter(([key]) => !/^[0-9]$/.test(key))
		.map(([key, label]) => (label === key ? key : `${label}=${key}`))
		.join(" ");
	return [`terminal keys: 0-9 ${terminalKeys}`, ...CONSOLE_COMMANDS.map(([k, what]) => `  ${k}  ${what}`)];
}
