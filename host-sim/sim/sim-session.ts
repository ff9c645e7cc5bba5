// One simulated terminal behind a front end (the browser page, the console): the desktop terminal plus the
// controls both offer (keys, card slot, chip slot, contactless field, power cut, tamper, network down, printer
// faults) and a feed of what changed (screen rectangles, indicator state, simulator log) for the page's event
// stream.

import { TAP_HOLD_MS, TapWallet, virtualTestCard, type ChipSpec, type TapSpec } from "../chip/virtual-test-cards.js";
import type { VirtualCard } from "../chip/virtual-card.js";
import type { BoardDescription } from "../../hal/board.js";
import type { Rect } from "../../hal/geometry.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { Language } from "../../src/text/language.js";
import { screenText } from "../../src/ui/screen.js";
import { maskPan } from "../../src/card/pan.js";
import { TEST_CARDS } from "../cards/test-cards.js";
import { synthesizeCardSwipe, type SwipeRequest } from "./card-slot.js";
import { startDesktopTerminal, type AcquirerAddress, type DesktopTerminal, type PowerCycled } from "./desktop-terminal.js";

export type SimEvent =
	/** Pixels of one changed rectangle as RGB565 little-endian (mono panels converted: ink black, paper white). */
	| { readonly type: "frame"; readonly rect: Rect; readonly rgb565: string }
	| { readonly type: "screen"; readonly text: string }
	| { readonly type: "indicators"; readonly leds: Readonly<Record<string, boolean>>; readonly backlight: number; readonly beeps: number }
	/** `seq` counts the session's log lines from 1 (a page shows each once); `time` is when it was logged (HH:MM:SS). */
	| { readonly type: "log"; readonly seq: number; readonly time: string; readonly source: "sim" | "host"; readonly text: string }
	/** Paper rows `fromRow`… of the printed strip (1 bit per dot, MSB left); `fromRow` 0 starts a new strip. */
	| { readonly type: "paper"; readonly widthDots: number; readonly fromRow: number; readonly heightDots: number; readonly rows: string };

export type FaultKind = "power-cut" | "tamper" | "network-down" | "network-up" | "paper-out" | "paper-in" | "cover-open" | "cover-closed";

export const FAULT_KINDS: readonly FaultKind[] = [
	"power-cut",
	"tamper",
	"network-down",
	"network-up",
	"paper-out",
	"paper-in",
	"cover-open",
	"cover-closed",
];

const RECENT_LOG_LINES = 200;
/** How often the paper is looked at for new rows, and how many rows are sent again (a line still printing). */
const PAPER_POLL_MS = 100;
const PAPER_OVERLAP_ROWS = 32;

export class SimSession {
	readonly board: BoardDescription;
	readonly language: Language;
	readonly #acquirer: AcquirerAddress | undefined;
	#desktop: DesktopTerminal;
	readonly #listeners = new Set<(event: SimEvent) => void>();
	/** The latest log lines, replayed to a page that connects later. */
	readonly #recentLog: SimEvent[] = [];
	/** The cardholder's tapped cards, the same one each tap of a profile (issuer update's second tap). */
	readonly #wallet = new TapWallet();
	#logLines = 0;
	#swipes = 0;
	#boots = 0;
	#paperRowsSent = 0;
	readonly #paperTimer: ReturnType<typeof setInterval>;

	/** `acquirer`: where the terminal signs in (stored as its parameters before the first boot). */
	constructor(board: BoardDescription, language: Language, acquirer?: AcquirerAddress) {
		this.board = board;
		this.language = language;
		this.#acquirer = acquirer;
		this.#desktop = this.#boot(undefined);
		this.#paperTimer = setInterval(() => this.#paperRows(), PAPER_POLL_MS);
		this.#paperTimer.unref();
	}

	get desktop(): DesktopTerminal {
		return this.#desktop;
	}

	/** Receives every event from now on; returns the unsubscribe function. */
	subscribe(listener: (event: SimEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** The whole panel as one frame event (for a page that just connected), the current state and the recent log. */
	snapshot(): SimEvent[] {
		return [...this.#state(), ...this.#recentLog];
	}

	press(key: KeyCode): void {
		this.#desktop.hal.keypad.press(key);
	}

	swipe(request: SwipeRequest): string | undefined {
		const hal = this.#desktop.hal;
		const swipe = synthesizeCardSwipe(this.board, { ...request, seed: request.seed + this.#swipes++ }, hal.clock.monotonicMs());
		if (!swipe.ok) return `cannot synthesise ${request.card}: ${swipe.error.kind} on track ${swipe.error.track}`;
		this.#log(
			"sim",
			`swipe ${request.card} (${maskPan(TEST_CARDS[request.card].pan)}) ${request.ips} ips ${request.reverse ? "reverse" : "forward"}, ${request.quality}`,
		);
		hal.magstripe.swipe(swipe.value);
		return undefined;
	}

	/** Puts a chip card in the contact slot; a problem (unknown profile, no slot) as text. */
	insertChip(spec: ChipSpec): string | undefined {
		const reader = this.#desktop.hal.contact;
		if (!reader) return "this board has no contact reader";
		const card = cardsOf(() => [virtualTestCard(spec)]);
		if (typeof card === "string") return card;
		this.#log("sim", `insert ${spec.profile}${spec.fault ? ` (${spec.fault})` : ""}`);
		reader.insert(card[0]!);
		return undefined;
	}

	/**
	 * Taps a contactless card (VirtualContactlessReader.present): it stays in the field until the terminal is done
	 * with it, or `holdMs` (TAP_HOLD_MS unless told) if the terminal does not take it; a problem as text.
	 */
	tapChip(spec: TapSpec): string | undefined {
		const { contactless: reader, clock } = this.#desktop.hal;
		if (!reader) return "this board has no contactless reader";
		const cards = cardsOf(() => this.#wallet.cards(spec));
		if (typeof cards === "string") return cards;
		this.#log("sim", `tap ${spec.profile}${spec.fault ? ` (${spec.fault})` : ""}`);
		void reader.present(cards, clock, spec.holdMs ?? TAP_HOLD_MS).then(() => this.#log("sim", `${spec.profile} away from the field`));
		return undefined;
	}

	/** Takes the card out of the contact slot. */
	removeChip(): void {
		const reader = this.#desktop.hal.contact;
		if (!reader?.present) return;
		this.#log("sim", "card removed from the slot");
		reader.remove();
	}

	/** Applies a fault from the page. */
	fault(kind: FaultKind): void {
		const { hal, network } = this.#desktop;
		switch (kind) {
			case "power-cut":
				this.#log("sim", "power cut: the terminal restarts from what its storage and secure element held");
				this.#powerCycle();
				return;
			case "tamper":
				this.#log("sim", "case opened: tamper line tripped");
				hal.power.tamper();
				return;
			case "network-down":
			case "network-up":
				network.linkUp = kind === "network-up";
				this.#log("sim", `network ${network.linkUp ? "up" : "down"}`);
				return;
			default: {
				const printer = this.#desktop.printer;
				const act: Readonly<Record<typeof kind, () => void>> = {
					"paper-out": () => printer.paperOut(),
					"paper-in": () => printer.loadPaper(),
					"cover-open": () => printer.openCover(),
					"cover-closed": () => printer.closeCover(),
				};
				act[kind]();
				this.#log("sim", `printer: ${kind}`);
				return;
			}
		}
	}

	stop(): void {
		clearInterval(this.#paperTimer);
		this.#desktop.powerOff();
	}

	/** The printed strip from `fromRow` on. */
	#paperEvent(fromRow: number): SimEvent {
		const paper = this.#desktop.printer.paper;
		const rows = new Uint8Array((paper.heightDots - fromRow) * paper.bytesPerRow);
		for (let y = fromRow; y < paper.heightDots; y++) {
			for (let x = 0; x < paper.widthDots; x++)
				if (paper.isDot(x, y)) rows[(y - fromRow) * paper.bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
		}
		this.#paperRowsSent = paper.heightDots;
		return {
			type: "paper",
			widthDots: paper.widthDots,
			fromRow,
			heightDots: paper.heightDots,
			rows: Buffer.from(rows).toString("base64"),
		};
	}

	#paperRows(): void {
		if (this.#listeners.size === 0 || this.#desktop.printer.paper.heightDots === this.#paperRowsSent) return;
		this.#emit(this.#paperEvent(Math.max(0, this.#paperRowsSent - PAPER_OVERLAP_ROWS)));
	}

	#powerCycle(): void {
		const previous: PowerCycled = { storage: this.#desktop.hal.storage.image(), vault: this.#desktop.vault };
		this.#desktop.powerOff();
		this.#desktop = this.#boot(previous);
		for (const event of this.#state()) this.#emit(event);
	}

	#state(): SimEvent[] {
		const d = this.#desktop.hal.display;
		return [
			this.#frameEvent({ x: 0, y: 0, w: d.width, h: d.height }),
			{ type: "screen", text: screenText(this.#desktop.terminal.screen) },
			this.#indicators(),
			this.#paperEvent(0),
		];
	}

	#boot(previous: PowerCycled | undefined): DesktopTerminal {
		const desktop = startDesktopTerminal(this.board, this.language, this.#acquirer, previous);
		this.#boots++;
		const { hal, terminal } = desktop;
		hal.display.onFrame((rects) => {
			for (const rect of rects) this.#emit(this.#frameEvent(rect));
		});
		terminal.onScreen((screen) => this.#emit({ type: "screen", text: screenText(screen) }));
		hal.indicators.onBeep(() => this.#emit(this.#indicators()));
		hal.indicators.onChange(() => this.#emit(this.#indicators()));
		this.#log("sim", `boot ${this.#boots}: ${this.board.model}, ${hal.display.width}×${hal.display.height} ${hal.display.format}`);
		return desktop;
	}

	#frameEvent(rect: Rect): SimEvent {
		const d = this.#desktop.hal.display;
		const bytes = Buffer.alloc(rect.w * rect.h * 2);
		for (let y = 0; y < rect.h; y++)
			for (let x = 0; x < rect.w; x++) bytes.writeUInt16LE(d.rgb565At(rect.x + x, rect.y + y), (y * rect.w + x) * 2);
		return { type: "frame", rect, rgb565: bytes.toString("base64") };
	}

	#indicators(): SimEvent {
		const ind = this.#desktop.hal.indicators;
		return { type: "indicators", leds: Object.fromEntries(ind.leds), backlight: ind.backlightPercent, beeps: ind.beepCount };
	}

	#log(source: "sim" | "host", text: string): void {
		const time = new Date().toTimeString().slice(0, 8);
		const event: SimEvent = { type: "log", seq: ++this.#logLines, time, source, text };
		this.#recentLog.push(event);
		if (this.#recentLog.length > RECENT_LOG_LINES) this.#recentLog.shift();
		this.#emit(event);
	}

	/** Host log lines (the acquirer simulator) reach the page through here. */
	hostLog(text: string): void {
		this.#log("host", text);
	}

	#emit(event: SimEvent): void {
		for (const listener of this.#listeners) listener(event);
	}
}

/** The cards `make` names, or its RangeError (an unknown profile or fault) as text. */
function cardsOf(make: () => VirtualCard[]): VirtualCard[] | string {
	try {
		return make();
	} catch (e) {
		return e instanceof RangeError ? e.message : String(e);
	}
}
