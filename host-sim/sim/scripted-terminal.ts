// The terminal driven by a program (scripts, the monkey, end-to-end tests): the firmware on the simulator HAL
// with virtual time, real TCP to an acquirer host, the simulator's secure element (default TEST keys, kept
// across reboots) and the printer emulator. `settle()` lets virtual time run while the terminal waits on
// the host, the printer or PIN pacing, so a script reads as key presses only; `until()` waits for a state
// while the test moves virtual time itself.

import { TAP_HOLD_MS, TapWallet, virtualTestCard, type ChipSpec, type TapSpec } from "../chip/virtual-test-cards.js";
import type { KeyCode } from "../../hal/keypad.js";
import type { Terminal } from "../../src/terminal.js";
import { startApplication } from "./application-start.js";
import { saveParams } from "../../src/params/param-store.js";
import { defaultParams } from "../../src/params/schema.js";
import { screenText } from "../../src/ui/screen.js";
import type { BoardDescription } from "../../hal/board.js";
import { TEST_CARDS, type TestCardName } from "../cards/test-cards.js";
import { MemoryRecordStore } from "../hal/memory-storage.js";
import { PowerCut, PowerCutPlan } from "../hal/power-cut.js";
import { RunScope } from "../hal/run-scope.js";
import { ScopedClock } from "../hal/scoped-clock.js";
import { ScopedNetwork } from "../hal/scoped-network.js";
import { SeededRandom } from "../hal/seeded-random.js";
import { SimSecureElement } from "../hal/secure-element.js";
import { createSimHal, type SimHal } from "../hal/sim-hal.js";
import { TcpNetwork } from "../hal/tcp-network.js";
import { VirtualClock } from "../hal/virtual-clock.js";
import type { SecurePolicy } from "../../src/secure/secure-core.js";
import { synthesizeSwipe, type TrackToSynthesize } from "../magstripe/swipe-synth.js";
import { attachDesktopPrinter } from "../printer/desktop-printer.js";
import type { PrinterEmulator } from "../printer/printer-emulator.js";

/** A power-cut plan that can be armed later: the Nth durable write from the moment it is armed fails. */
export class ArmablePowerCut extends PowerCutPlan {
	#countdown: number | undefined;
	#fraction = 0;
	#tripped = false;

	arm(atWrite: number, fraction = 0): void {
		this.#countdown = atWrite;
		this.#fraction = fraction;
	}

	override get tripped(): boolean {
		return this.#tripped;
	}

	override admit(length: number): number {
		if (this.#tripped) throw new PowerCut("the power is off");
		if (this.#countdown === undefined || --this.#countdown > 0) return length;
		this.#countdown = undefined;
		this.#tripped = true;
		return Math.floor(length * this.#fraction);
	}
}

export interface SwipeSpec {
	readonly card: TestCardName | { readonly track1?: string; readonly track2?: string; readonly track3?: string };
	readonly ips?: number;
	readonly reverse?: boolean;
}

export interface ScriptedTerminalOptions {
	readonly board: BoardDescription;
	readonly acquirerHost: string;
	readonly acquirerPort: number;
	/** Parameter changes stored before the first boot. */
	readonly params?: Readonly<Record<string, unknown>>;
	/** UTC ms at virtual time 0. */
	readonly startMs: number;
	/** PBKDF2 iterations for the operator store (tests lower it). */
	readonly passwordIterations?: number;
	/** The secure element's PIN pacing and timeouts (a soak test relaxes the 120-an-hour limit). */
	readonly securePolicy?: Partial<SecurePolicy>;
	/** Which chip readers the unit has (both unless told; the mcsim device has none: no I2C in Moddable's simulator). */
	readonly readers?: { readonly contact: boolean; readonly contactless: boolean };
}

export class ScriptedTerminal {
	readonly clock: VirtualClock;
	readonly #options: ScriptedTerminalOptions;
	readonly #network = new TcpNetwork();
	/** The cardholder's tapped cards, the same one each tap of a profile (issuer update's second tap). */
	readonly #wallet = new TapWallet();
	readonly #keyStore = new MemoryRecordStore(new PowerCutPlan());
	#power = new ArmablePowerCut();
	/** This boot's run: the power cut ends it, and with it the old firmware's timers and connections. */
	#run = new RunScope();
	#hal: SimHal<ScopedClock>;
	#printer: PrinterEmulator;
	#terminal: Terminal;
	/** Slip text printed by earlier boots (each boot has a fresh emulator). */
	#paperBefore: string[] = [];
	boots = 1;

	constructor(options: ScriptedTerminalOptions) {
		this.#options = options;
		this.clock = new VirtualClock(options.startMs);
		({ hal: this.#hal, printer: this.#printer } = this.#build());
		const saved = saveParams(this.#hal.storage.records, defaultParams(), {
			acquirerHost: options.acquirerHost,
			acquirerPort: options.acquirerPort,
			...options.params,
		});
		if (!saved.ok) throw new RangeError(`script parameters: ${JSON.stringify(saved.error)}`);
		this.#terminal = this.#boot();
	}

	get terminal(): Terminal {
		return this.#terminal;
	}

	get hal(): SimHal<ScopedClock> {
		return this.#hal;
	}

	get printer(): PrinterEmulator {
		return this.#printer;
	}

	/** Every line printed since the first boot. */
	paperLines(): string[] {
		return [...this.#paperBefore, ...this.#printer.paper.lines];
	}

	screen(): string {
		return screenText(this.#terminal.screen);
	}

	/** Presses keys; a run of digits ("0000") is one press per digit. A power cut on the way reboots. */
	keys(...sequence: string[]): void {
		for (const k of sequence) {
			for (const key of /^[0-9]{2,}$/.test(k) ? [...k] : [k]) this.#guard(() => this.#hal.keypad.press(key as KeyCode));
		}
	}

	swipe(spec: SwipeSpec): void {
		const tracks: TrackToSynthesize[] = [];
		const card = typeof spec.card === "string" ? TEST_CARDS[spec.card] : spec.card;
		if (card === undefined) throw new RangeError(`no test card named ${String(spec.card)}`);
		if (card.track1) tracks.push({ track: 1, data: card.track1 });
		if (card.track2) tracks.push({ track: 2, data: card.track2 });
		if (card.track3) tracks.push({ track: 3, data: card.track3 });
		const swipe = synthesizeSwipe(
			tracks,
			{ ...(spec.ips ? { ips: spec.ips } : {}), ...(spec.reverse ? { reverse: true } : {}) },
			this.clock.monotonicMs(),
		);
		if (!swipe.ok) throw new RangeError(`cannot synthesize the swipe: ${JSON.stringify(swipe.error)}`);
		this.#guard(() => this.#hal.magstripe.swipe(swipe.value));
	}

	/** Puts a chip card in the contact slot (a card already there is taken out first). */
	insert(spec: ChipSpec): void {
		const reader = this.#hal.contact;
		if (!reader) throw new RangeError("this unit has no contact reader");
		const card = virtualTestCard(spec);
		this.#guard(() => reader.insert(card));
	}

	/** Takes the card out of the contact slot. */
	removeCard(): void {
		this.#guard(() => this.#hal.contact?.remove());
	}

	/**
	 * Taps a contactless card (VirtualContactlessReader.present): virtual time runs, 50 ms a real tick, until the
	 * card has left the field — the terminal done with it, or `holdMs` (TAP_HOLD_MS unless told) passed without
	 * the terminal taking it. A power cut on the way reboots, and the card is gone with that run.
	 */
	async tap(spec: TapSpec): Promise<void> {
		const reader = this.#hal.contactless;
		if (!reader) throw new RangeError("this unit has no contactless reader");
		let gone = false;
		void reader.present(this.#wallet.cards(spec), this.#hal.clock, spec.holdMs ?? TAP_HOLD_MS).then(() => (gone = true));
		const boot = this.boots;
		const deadline = Date.now() + 20_000;
		while (!gone && this.boots === boot && Date.now() < deadline) {
			await realTick();
			if (!gone) this.#guard(() => this.clock.advance(50));
		}
	}

	/** Lets `ms` of virtual time pass (in steps of up to a minute, with real I/O between them). */
	async wait(ms: number): Promise<void> {
		const end = this.clock.monotonicMs() + ms;
		while (this.clock.monotonicMs() < end) {
			const step = Math.min(this.#terminal.busy ? 100 : 60_000, end - this.clock.monotonicMs());
			this.#guard(() => this.clock.advance(step));
			await realTick();
		}
		await this.settle();
	}

	/**
	 * Waits until the terminal waits for the operator again; while it waits on the host, the printer or
	 * PIN pacing, virtual time moves on 100 ms per real tick (bounded by `maxRealMs`).
	 */
	async settle(maxRealMs = 20_000): Promise<void> {
		const deadline = Date.now() + maxRealMs;
		let quiet = 0;
		let waiting = 0;
		while (quiet < 3 && Date.now() < deadline) {
			await realTick();
			if (this.#power.tripped) this.#afterCut();
			if (!this.#terminal.busy) {
				quiet++;
				waiting = 0;
				continue;
			}
			quiet = 0;
			// Nothing arrives for a while (PIN pacing, a silent host): jump to the next timer.
			const next = this.clock.nextDueMs;
			const step = ++waiting > 20 && next !== undefined ? Math.max(100, next - this.clock.monotonicMs()) : 100;
			this.#guard(() => this.clock.advance(step));
		}
	}

	/**
	 * Waits (real time, at most `realMs`) until `predicate` holds, for a test that moves virtual time itself.
	 * The clock moves on its own only while the terminal prints (paper moves on virtual time): 50 ms a tick.
	 */
	async until(predicate: () => boolean, what: string, realMs = 5000): Promise<void> {
		const deadline = Date.now() + realMs;
		while (!predicate()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${this.screen()}`);
			await realTick();
			if (this.#terminal.state.kind === "printing") this.#guard(() => this.clock.advance(50));
		}
	}

	/** Power off now and boot again on what storage holds. */
	powerCut(): void {
		this.#reboot();
	}

	/** Arms a cut at the `atWrite`-th durable write from now (fraction of its bytes landing). */
	armPowerCut(atWrite: number, fraction = 0): void {
		this.#power.arm(atWrite, fraction);
	}

	stop(): void {
		this.#terminal.stop();
		this.#run.end();
	}

	#build(): { hal: SimHal<ScopedClock>; printer: PrinterEmulator } {
		const hal = createSimHal(this.#options.board, {
			clock: new ScopedClock(this.clock, this.#run),
			network: new ScopedNetwork(this.#network, this.#run),
			random: new SeededRandom(this.boots),
			// The element keeps its keys in its own store, which survives the reboot as flash would.
			secure: (io) =>
				new SimSecureElement(io, {
					vault: this.#keyStore,
					...(this.#options.securePolicy ? { policy: this.#options.securePolicy } : {}),
				}).element,
			powerCut: this.#power,
			...(this.#hal ? { storageImage: this.#hal.storage.image() } : {}),
			...(this.#options.readers ? { readers: this.#options.readers } : {}),
		});
		return { hal, printer: attachDesktopPrinter(hal.printer, hal.clock) };
	}

	#boot(): Terminal {
		return startApplication(this.#hal, { passwordIterations: this.#options.passwordIterations ?? 256 });
	}

	#guard(action: () => void): void {
		try {
			action();
		} catch (e) {
			if (!(e instanceof PowerCut)) throw e;
		}
		if (this.#power.tripped) this.#afterCut();
	}

	#afterCut(): void {
		this.#reboot();
	}

	#reboot(): void {
		this.#terminal.stop();
		this.#run.end();
		this.#run = new RunScope();
		this.#paperBefore = this.paperLines();
		this.#power = new ArmablePowerCut();
		({ hal: this.#hal, printer: this.#printer } = this.#build());
		this.boots++;
		this.#terminal = this.#boot();
	}
}

function realTick(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 1));
}
