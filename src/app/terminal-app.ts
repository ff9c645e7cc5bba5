// The terminal application: one state machine (app-state.ts) over the HAL. Boot runs the self-test and the
// tamper check, then opens the services once (boot.ts) into the context the flow modules work with; from
// then on every key goes through key-routing.ts, every screen is composed by screens.ts from the state,
// and online work runs in the online service and comes back as a state change. This class holds the state,
// the timers and the listeners, and is the surface the device entry, the simulator and the tests drive.

import { TapPoller, watchContactReader } from "./chip-entry.js";
import type { Hal } from "../../hal/hal.js";
import type { Timer } from "../../hal/clock.js";
import type { KeyEvent } from "../../hal/keypad.js";
import type { Unsubscribe } from "../../hal/result.js";
import { loadParams } from "../params/param-store.js";
import { CHINA_UTC_OFFSET_MINUTES, hhmm, localDateTime, localDay } from "../time/local-time.js";
import { Listeners } from "../../hal/listeners.js";
import type { EntryKey } from "../ui/entry/entry-step.js";
import { EMPTY_DIGITS } from "../ui/entry/digit-entry.js";
import type { Language } from "../text/language.js";
import { message, type MessageId } from "../ui/messages.js";
import { ScreenRenderer } from "../ui/render/screen-renderer.js";
import type { Screen } from "../ui/screen.js";
import type { AppContext, AppControl, Session } from "./app-context.js";
import type { AppState, BootState, Notice, NoticeNext } from "./app-state.js";
import { openContext, recoveryNotes } from "./boot.js";
import type { JournalReader } from "./journal-writer.js";
import { routeKey } from "./key-routing.js";
import { signOff } from "./operator-flows.js";
import { forcedSettlementDue } from "./day-change.js";
import { compose, composeBooting, type AppView, type StatusView } from "./screens.js";
import { endTxn, onSwipe } from "./txn-flow.js";

export interface TerminalOptions {
	/** Overrides the language parameter for this session (the F1 key toggles it too). */
	readonly language?: Language;
	/** PBKDF2 iterations for new password hashes (tests lower it; the device keeps the default). */
	readonly passwordIterations?: number;
}

/** Key-click tone: 2.7 kHz, the resonant frequency of a typical POS piezo beeper. */
const KEY_BEEP_HZ = 2700;
const KEY_BEEP_MS = 30;
const ERROR_BEEP_MS = 300;

export class Terminal {
	readonly #hal: Hal;
	/** Polls the contactless field while a card step is armed (chip-entry.ts). */
	#tapPoller: TapPoller | undefined;
	readonly #options: TerminalOptions;
	#language: Language;
	/** The state until boot has opened the services. */
	#booting: BootState = { kind: "self-test" };
	/** The UTC offset of the loaded parameters, for the clock of a terminal that could not boot. */
	#bootOffsetMinutes: number | undefined;
	/** The booted application; undefined until boot has opened the services. */
	#app: AppControl | undefined;
	#state: AppState = this.#booting;
	#screen: Screen;
	readonly #screenListeners = new Listeners<Screen>();
	/** The clock as last shown (hh:mm) and the minute it is for: formatted again only when the minute moves. */
	#clockMinute = NaN;
	#clockText = "";
	/** What the screens read of the booted terminal (made once, at boot). */
	#view: AppView | undefined;
	readonly #subscriptions: Unsubscribe[] = [];
	#clockTimer: Timer | undefined;
	#stepTimer: Timer | undefined;

	constructor(hal: Hal, options: TerminalOptions = {}) {
		this.#hal = hal;
		this.#options = options;
		this.#language = options.language ?? "zh";
		this.#screen = this.#compose();
	}

	get state(): AppState {
		return this.#app ? this.#state : this.#booting;
	}

	get screen(): Screen {
		return this.#screen;
	}

	get language(): Language {
		return this.#language;
	}

	/**
	 * true while the terminal waits on something other than the operator: the host, the printer, or the
	 * secure element's PIN pacing. Scripts and tests let (virtual) time run until it is false.
	 */
	get busy(): boolean {
		const s = this.state;
		if (s.kind === "busy") return true;
		if (s.kind === "printing") return !s.tearOff;
		if (s.kind === "txn") {
			const pin = this.#app?.session.pinSession;
			if (s.step.kind === "tap-again") return s.step.busy === true;
			return s.step.kind === "online" || (s.step.kind === "pin" && (pin === undefined || pin.pacing));
		}
		return false;
	}

	/** The journal (read-only use: scripts and tests report from it). */
	get journal(): JournalReader | undefined {
		return this.#app?.ctx.journal;
	}

	get operator(): string | undefined {
		return this.#app?.session.operator?.id;
	}

	onScreen(handler: (screen: Screen) => void): Unsubscribe {
		return this.#screenListeners.add(handler);
	}

	/** Boot: self-test, tamper check, parameters, journal replay (recovery), then operator sign-on. */
	start(): void {
		const { secure, power, keypad, clock, magstripe, indicators, display } = this.#hal;
		const renderer = new ScreenRenderer(display);
		this.#subscriptions.push(this.onScreen((screen) => renderer.draw(screen)));
		this.#subscriptions.push(keypad.onKey((event) => this.#onKey(event)));
		this.#subscriptions.push(magstripe.onSwipe((swipe) => (this.#app ? onSwipe(this.#app, swipe) : undefined)));
		if (this.#hal.contact) this.#subscriptions.push(watchContactReader(this.#hal.contact, () => this.#app));
		if (this.#hal.contactless) this.#tapPoller = new TapPoller(this.#hal.contactless, clock);
		this.#subscriptions.push(power.onTamper(() => this.#lock("tamper", this.#t("lockedTamper"))));
		indicators.backlight(100);
		indicators.led("power", true);
		this.#clockTimer = clock.every(1000, () => {
			// At the day change idle turns into the forced settlement or the sign-in prompt, and the prompt into
			// the forced settlement (which runs on the earlier day's sign-in).
			const kind = this.state.kind;
			const due = kind === "idle" || kind === "needs-sign-in" ? this.#dueState() : undefined;
			if (due && due.kind !== kind) return this.#set(due);
			// The status bar follows the clock, the battery and the signal within a second (the renderer redraws
			// only the changed bands).
			const next = this.#compose();
			const shown = this.#screen.status;
			const moved = next.status.clock !== shown.clock || next.status.batteryPercent !== shown.batteryPercent;
			if (moved || next.status.signalBars !== shown.signalBars) this.#show(next);
		});
		const selfTest = secure.selfTest();
		if (!selfTest.ok)
			return this.#lock(
				"self-test",
				this.#t("lockedSelfTest", selfTest.error.kind === "self-test" ? selfTest.error.algorithm : selfTest.error.kind),
			);
		if (power.tamperLine || secure.tampered) return this.#lock("tamper", this.#t("lockedTamper"));
		this.#boot();
	}

	stop(): void {
		this.#clockTimer?.cancel();
		this.#stepTimer?.cancel();
		this.#tapPoller?.stop();
		this.#app?.session.pinSession?.cancel();
		this.#app?.session.printSession?.cancel();
		for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
	}

	#boot(): void {
		const params = loadParams(this.#hal.storage.records);
		if (!params.ok)
			return this.#setBooting({
				kind: "not-configured",
				detail: this.#t(params.error.kind === "damaged" ? "paramsDamaged" : "paramsInvalid"),
			});
		if (this.#options.language === undefined) this.#language = params.value.language;
		this.#bootOffsetMinutes = params.value.utcOffsetMinutes;
		const opened = openContext(this.#hal, params.value, this.#options.passwordIterations);
		if (!opened.ok)
			return this.#setBooting({
				kind: "not-configured",
				detail: opened.error.kind === "journal" ? this.#t("journalDamaged", opened.error.detail) : this.#t("storageError"),
			});
		const ctx = opened.value;
		const app = (this.#app = this.#control(ctx, {
			operator: undefined,
			recovery: recoveryNotes(ctx.journal),
			pinSession: undefined,
			printSession: undefined,
		}));
		const readers = { contact: this.#hal.contact !== undefined, contactless: this.#hal.contactless !== undefined };
		this.#view = {
			get params() {
				return app.ctx.params;
			},
			journal: ctx.journal,
			get operator() {
				return app.session.operator?.id;
			},
			readers,
		};
		this.#set(ctx.journal.damage ? { kind: "journal-damaged", entry: EMPTY_DIGITS } : { kind: "login-operator", entry: EMPTY_DIGITS });
	}

	/** The control the flow modules move the machine through: made once, at boot. */
	#control(ctx: AppContext, session: Session): AppControl {
		const terminal = this;
		return {
			ctx,
			session,
			get state() {
				return terminal.#state;
			},
			get language() {
				return terminal.#language;
			},
			set: (state) => this.#set(state),
			notice: (notice, next) => this.#notice(notice, next),
			t: (id, ...args) => this.#t(id, ...args),
			errorBeep: () => this.#errorBeep(),
			today: () => localDay(this.#hal.clock.nowMs(), ctx.params.utcOffsetMinutes),
			waitThen: (ms, then) => {
				const waiting = this.#state;
				this.#stepTimer = this.#hal.clock.after(ms, () => {
					if (this.#state === waiting) then();
				});
			},
		};
	}

	#lock(reason: "tamper" | "self-test", detail: string): void {
		if (reason === "tamper") this.#hal.secure.zeroise();
		this.#app?.session.pinSession?.cancel();
		this.#hal.indicators.led("error", true);
		if (this.#app) return this.#set({ kind: "locked", reason, detail });
		this.#setBooting({ kind: "locked", reason, detail });
	}

	#t(id: MessageId, ...args: (string | number)[]): string {
		return message(id, this.#language, ...args);
	}

	#errorBeep(): void {
		this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
	}

	/**
	 * What idle gives way to: the forced settlement of an earlier day's batch (day-change.ts), on the sign-in
	 * that day had; else the daily sign-in (签到), due again at local midnight.
	 */
	#dueState(): AppState | undefined {
		const app = this.#app;
		if (app === undefined) return undefined;
		const { signInDay } = app.ctx.journal.counters;
		if (signInDay !== "" && forcedSettlementDue(app.ctx, app.today())) return { kind: "forced-settlement" };
		return signInDay !== app.today() ? { kind: "needs-sign-in" } : undefined;
	}

	#setBooting(state: BootState): void {
		this.#booting = state;
		this.#show(this.#compose());
	}

	#set(state: AppState): void {
		// On a new day the idle screen is the forced settlement or the sign-in prompt: any key starts it.
		this.#state = state.kind === "idle" ? (this.#dueState() ?? state) : state;
		this.#armStepTimer();
		if (this.#app) this.#tapPoller?.follow(this.#app);
		this.#show(this.#compose());
	}

	/** Interactive steps time out (parameter stepTimeoutMs): the flow is left as if cancelled. */
	#armStepTimer(): void {
		this.#stepTimer?.cancel();
		this.#stepTimer = undefined;
		const app = this.#app;
		const armed = this.#state;
		if (!app || !waitsForOperator(armed)) return;
		this.#stepTimer = this.#hal.clock.after(app.ctx.params.stepTimeoutMs, () => {
			if (this.#state !== armed) return;
			// A factory password nobody changes: the terminal is not left signed on.
			if (armed.kind === "change-password" && armed.forced) return signOff(app);
			endTxn(app, armed.kind === "txn" ? armed.draft : undefined);
			this.#notice({ title: this.#t("timedOut"), lines: [], ok: false }, "idle");
		});
	}

	#show(screen: Screen): void {
		this.#screen = screen;
		this.#screenListeners.emit(screen);
	}

	#compose(): Screen {
		const app = this.#app;
		const status: StatusView = {
			language: this.#language,
			clock: this.#clock(app ? app.ctx.params.utcOffsetMinutes : this.#bootOffsetMinutes),
			batteryPercent: this.#hal.power.status().batteryPercent,
			signalBars: this.#hal.network.signalBars,
		};
		if (!app || !this.#view) return composeBooting(this.#booting, status);
		return compose(this.#state, status, this.#view);
	}

	/** Local hh:mm now; the text of the last call while the minute (and the offset's minutes) stay the same. */
	#clock(offsetMinutes: number | undefined): string {
		const minute = Math.floor(this.#hal.clock.nowMs() / 60_000) + (offsetMinutes ?? CHINA_UTC_OFFSET_MINUTES);
		if (minute !== this.#clockMinute) {
			this.#clockMinute = minute;
			this.#clockText = hhmm(localDateTime(this.#hal.clock.nowMs(), offsetMinutes));
		}
		return this.#clockText;
	}

	#notice(notice: Notice, next: NoticeNext): void {
		if (!notice.ok) this.#errorBeep();
		this.#set({ kind: "notice", notice, next });
	}

	#onKey(event: KeyEvent): void {
		if (!event.down) return;
		const s = this.state;
		// While the secure element runs PIN entry, keys are its alone (PCI PTS POI: the PIN pad owns the keypad).
		if (s.kind === "txn" && s.step.kind === "pin") return;
		this.#hal.indicators.beep(KEY_BEEP_HZ, KEY_BEEP_MS);
		// The event is the entry key as it is (its key and repeat flag): no copy per key.
		this.#onKeyIn(event);
	}

	#onKeyIn(key: EntryKey): void {
		if (key.key === "F1" && this.state.kind !== "txn") {
			this.#language = this.#language === "zh" ? "en" : "zh";
			return this.#show(this.#compose());
		}
		if (this.#app) routeKey(this.#app, key);
	}
}

/**
 * The states a signed-on operator leaves by a key: each one times out. PIN entry times out in the secure
 * element, a slip's tear-off in the printer driver (the next copy prints by itself).
 */
function waitsForOperator(s: AppState): boolean {
	switch (s.kind) {
		case "txn":
			// 请拔卡 waits for the card, not a key: the transaction is already over; 请再次挥卡 has its own limit.
			return s.step.kind !== "online" && s.step.kind !== "pin" && s.step.kind !== "remove-card" && s.step.kind !== "tap-again";
		case "menu":
		case "voucher-lookup":
		case "reprint-copy":
		case "params":
		case "operator-admin":
		case "change-password":
		case "settle-confirm":
			return true;
		default:
			return false;
	}
}

/** Builds the terminal on a HAL and boots it. */
export function startTerminal(hal: Hal, options?: TerminalOptions): Terminal {
	const terminal = new Terminal(hal, options);
	terminal.start();
	return terminal;
}
