// The terminal application: one state machine (app-state.ts) over the HAL. Boot runs the self-test, loads
// the parameters, replays the journal and notes what recovery owes (factory-test.md §12); then operator
// sign-on, the daily sign-in, idle, the menus and the transaction flows. Every key press is handled in
// `#onKeyIn` and every screen composed in `#compose`, one case per state; online work runs in
// OnlineService and comes back as a state change.

import type { Hal } from "../../hal/hal.js";
import type { KeyEvent } from "../../hal/keypad.js";
import type { Timer } from "../../hal/clock.js";
import type { Unsubscribe } from "../../hal/result.js";
import type { Swipe } from "../../hal/magstripe.js";
import { cardFromSwipe } from "../card/swiped-card.js";
import { swipeAcceptance } from "../card/card-checks.js";
import { maskPan, type Pan } from "../card/pan.js";
import { cardKind, pinEntryRule, type PinEntryRule } from "../card/pin-policy.js";
import { decodeSwipe } from "../magstripe/swipe-decoder.js";
import {
	buildBalanceInquiry, buildCompletionVoid, buildPreAuth, buildPreAuthCompletion, buildPreAuthCompletionAdvice, buildPreAuthVoid, buildRefund, buildSale, buildSaleVoid,
	type CardRead, type FinancialInput, type TerminalContext } from "../iso8583/requests.js";
import type { IsoMessage } from "../iso8583/iso-message.js";
import { RESPONSE_CODES } from "../iso8583/response-codes.js";
import type { TxnEntry } from "../journal/journal-entries.js";
import { Journal } from "../journal/journal.js";
import { loadParams } from "../params/param-store.js";
import { PARAM_NAMES, PARAM_SCHEMA, type ParamName, type Params } from "../params/schema.js";
import { saveParams } from "../params/param-store.js";
import { ADMIN_ID, OperatorStore, PASSWORD_LENGTH, SUPERVISOR_ID, type OperatorError, type Role } from "../operators/operator-store.js";
import { FIRMWARE_VERSION, PRODUCT_NAME } from "../version.js";
import { formatFen } from "../ui/amount-text.js";
import { stepAmount, EMPTY_AMOUNT } from "../ui/entry/amount-entry.js";
import { CARD_NUMBER_ENTRY } from "../ui/entry/card-number-entry.js";
import { digitText, EMPTY_DIGITS, stepDigits, type DigitEntryConfig } from "../ui/entry/digit-entry.js";
import type { EntryEffect, EntryKey } from "../ui/entry/entry-step.js";
import { stepMenu } from "../ui/entry/menu-entry.js";
import { passwordConfig } from "../ui/entry/password-entry.js";
import { hhmm, localDateTime } from "../time/local-time.js";
import { message, type Language, type MessageId } from "../ui/messages.js";
import { ScreenRenderer } from "../ui/render/screen-renderer.js";
import { PrinterDriver, type PrintEvent, type PrintSession } from "../printer/printer-driver.js";
import { printTransactionSlip } from "../slips/slip-printing.js";
import { settlementSlip, totalsReport, transactionList } from "../slips/batch-slips.js";
import { settlementSlipData, slipMerchant, slipTransaction } from "./slip-data-from-journal.js";
import { journalDamageLines } from "./journal-damage-lines.js";
import { largeLine, line, toneLine, type Menu, type Screen, type ScreenLine } from "../ui/screen.js";
import { FLOW_STEPS, type AppState, type Draft, type DraftCard, type Flow, type MenuName, type Notice, type NoticeNext, type Step, type StepKind } from "./app-state.js";
import { batchTotals, totalsWouldOverflow } from "./batch-totals.js";
import { protectTracks } from "./track-protection.js";
import { CardVault } from "./card-vault.js";
import { failureLines } from "./failure-text.js";
import { localDay, OnlineService, PIK_SLOT, type Declined, type FinancialRequest, type OnlineFailure } from "./online-service.js";

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

const OPERATOR_ID_ENTRY: DigitEntryConfig = { minLength: 2, maxLength: 2, masked: false, groupSize: 0, tooShort: "entryTooLong" };
const OPERATOR_ADMIN_ENTRY = { supervisor: passwordConfig(PASSWORD_LENGTH.supervisor), id: OPERATOR_ID_ENTRY, password: passwordConfig(PASSWORD_LENGTH.operator), confirm: passwordConfig(PASSWORD_LENGTH.operator) } as const;
const VOUCHER_ENTRY: DigitEntryConfig = { minLength: 1, maxLength: 6, masked: false, groupSize: 0, tooShort: "entryTooLong" };
const EXPIRY_ENTRY: DigitEntryConfig = { minLength: 4, maxLength: 4, masked: false, groupSize: 0, tooShort: "entryTooLong" };
const fixedDigitsEntry = (length: number): DigitEntryConfig => ({ minLength: length, maxLength: length, masked: false, groupSize: 0, tooShort: "entryTooLong" });
/** Field 37 an12, the original's MMDD (61.3), field 38 an6. */
const REFERENCE_ENTRY = { "original-rrn": fixedDigitsEntry(12), "original-date": fixedDigitsEntry(4), "auth-code": fixedDigitsEntry(6) } as const;

const MAIN_MENU: readonly (readonly [string, MessageId])[] = [["1", "menuSale"], ["2", "menuVoid"], ["3", "menuRefund"], ["4", "menuBalance"], ["5", "menuPreAuth"], ["6", "menuSettle"], ["7", "menuReprint"], ["8", "menuQuery"], ["9", "menuManage"]];
const PREAUTH_MENU: readonly (readonly [string, MessageId])[] = [["1", "menuPreAuthNew"], ["2", "menuPreAuthVoid"], ["3", "menuCompletion"], ["4", "menuCompletionAdvice"], ["5", "menuCompletionVoid"]];
const PREAUTH_FLOWS: Readonly<Record<string, Flow>> = { "1": "preauth", "2": "preauth-void", "3": "completion", "4": "completion-advice", "5": "completion-void" };
const QUERY_MENU: readonly (readonly [string, MessageId])[] = [["1", "menuQueryTxn"], ["2", "menuQueryTotals"], ["3", "menuQueryList"]];
const REPRINT_MENU: readonly (readonly [string, MessageId])[] = [["1", "menuReprintLast"], ["2", "menuReprintVoucher"], ["3", "menuReprintSettlement"]];
const MANAGE_MENU: readonly (readonly [string, MessageId])[] = [["1", "menuSignIn"], ["2", "menuSignOff"], ["3", "menuOperators"], ["4", "menuParams"], ["5", "menuEcho"], ["6", "menuLogout"]];
/** Parameters a keypad can set: numbers, digit strings, yes/no and choices (text and host names come from the CLI or a download). */
const KEYPAD_PARAMS: readonly ParamName[] = PARAM_NAMES.filter((name) => ["int", "digits", "bool", "choice"].includes(PARAM_SCHEMA[name].kind));
const PARAM_VALUE_ENTRY: DigitEntryConfig = { minLength: 1, maxLength: 15, masked: false, groupSize: 0, tooShort: "entryTooLong" };
const OPERATORS_MENU: readonly (readonly [string, MessageId])[] = [["1", "titleChangePassword"], ["2", "menuOperatorAdd"], ["3", "menuOperatorDelete"]];

export class Terminal {
	readonly #hal: Hal;
	readonly #options: TerminalOptions;
	#language: Language;
	#state: AppState = { kind: "self-test" };
	#screen: Screen;
	readonly #screenListeners = new Set<(screen: Screen) => void>();
	readonly #subscriptions: Unsubscribe[] = [];
	#clockTimer: Timer | undefined;
	#stepTimer: Timer | undefined;
	#params: Params | undefined;
	#journal: Journal | undefined;
	#operators: OperatorStore | undefined;
	#online: OnlineService | undefined;
	#operator: { id: string; role: Role } | undefined;
	/** Recovery notes from boot, shown after sign-on. */
	#recovery: MessageId[] = [];
	#pinSession: { cancel(): void } | undefined;
	#printer: PrinterDriver | undefined;
	#printSession: PrintSession | undefined;

	constructor(hal: Hal, options: TerminalOptions = {}) {
		this.#hal = hal;
		this.#options = options;
		this.#language = options.language ?? "zh";
		this.#screen = this.#compose();
	}

	get state(): AppState {
		return this.#state;
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
		const s = this.#state;
		if (s.kind === "busy") return true;
		if (s.kind === "printing") return !s.tearOff;
		if (s.kind === "txn") return s.step.kind === "online" || (s.step.kind === "pin" && this.#pinSession === undefined);
		return false;
	}

	/** The journal (read-only use: scripts and tests report from it). */
	get journal(): Journal | undefined {
		return this.#journal;
	}

	get operator(): string | undefined {
		return this.#operator?.id;
	}

	onScreen(handler: (screen: Screen) => void): Unsubscribe {
		this.#screenListeners.add(handler);
		return () => this.#screenListeners.delete(handler);
	}

	/** Boot: self-test, tamper check, parameters, journal replay (recovery), then operator sign-on. */
	start(): void {
		const { secure, power, keypad, clock, magstripe } = this.#hal;
		this.#printer = new PrinterDriver(this.#hal.printer, clock);
		const renderer = new ScreenRenderer(this.#hal.display);
		this.#subscriptions.push(this.onScreen((screen) => renderer.draw(screen)));
		this.#subscriptions.push(keypad.onKey((event) => this.#onKey(event)));
		this.#subscriptions.push(magstripe.onSwipe((swipe) => this.#onSwipe(swipe)));
		this.#subscriptions.push(power.onTamper(() => this.#lock("tamper", this.#t("lockedTamper"))));
		this.#hal.indicators.backlight(100);
		this.#hal.indicators.led("power", true);
		this.#clockTimer = clock.every(1000, () => {
			if (this.#state.kind === "idle" && this.#signInDue()) return this.#set({ kind: "needs-sign-in" });
			const next = this.#compose();
			if (next.status.clock !== this.#screen.status.clock) this.#show(next);
		});
		const selfTest = secure.selfTest();
		if (!selfTest.ok) return this.#lock("self-test", this.#t("lockedSelfTest", selfTest.error.kind === "self-test" ? selfTest.error.algorithm : selfTest.error.kind));
		if (power.tamperLine || secure.tampered) return this.#lock("tamper", this.#t("lockedTamper"));
		this.#boot();
	}

	stop(): void {
		this.#clockTimer?.cancel();
		this.#stepTimer?.cancel();
		this.#pinSession?.cancel();
		this.#printSession?.cancel();
		for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
	}

	#boot(): void {
		const { storage, random } = this.#hal;
		const params = loadParams(storage.records);
		if (!params.ok) return this.#set({ kind: "not-configured", detail: this.#t("notConfiguredDetail", params.error.kind) });
		this.#params = params.value;
		if (this.#options.language === undefined) this.#language = params.value.language;
		const partition = storage.partition("journal");
		const journal = partition ? Journal.open(partition) : undefined;
		if (!journal?.ok) return this.#set({ kind: "not-configured", detail: this.#t("journalDamaged", journal ? journal.error.kind : "no partition") });
		this.#journal = journal.value.journal;
		const operators = OperatorStore.open(storage.records, random, { attempts: params.value.lockoutAttempts, lockoutMs: params.value.lockoutMs }, this.#options.passwordIterations);
		if (!operators.ok) return this.#set({ kind: "not-configured", detail: this.#t("storageError") });
		this.#operators = operators.value;
		this.#online = new OnlineService({ hal: this.#hal, journal: this.#journal, vault: new CardVault(this.#hal.secure), params: () => this.#params! });
		// Recovery (factory-test.md §12): what the journal says a power cut interrupted.
		const state = this.#journal.state;
		if (state.reversal) this.#recovery.push("recoveryReversal");
		if (state.settlement) this.#recovery.push(state.settlement.phase === "uploading" ? "recoveryUpload" : "recoverySettlement");
		const last = this.#journal.txn(this.#journal.counters.lastStan);
		if (last && last.status === "approved" && last.printedCopies === 0 && last.kind !== "preauth-void") this.#recovery.push("recoverySlip");
		this.#set(this.#journal.damage ? { kind: "journal-damaged", entry: EMPTY_DIGITS } : { kind: "login-operator", entry: EMPTY_DIGITS });
	}

	#lock(reason: "tamper" | "self-test", detail: string): void {
		if (reason === "tamper") this.#hal.secure.zeroise();
		this.#pinSession?.cancel();
		this.#hal.indicators.led("error", true);
		this.#set({ kind: "locked", reason, detail });
	}

	#t(id: MessageId, ...args: (string | number)[]): string {
		return message(id, this.#language, ...args);
	}

	#today(): string {
		return localDay(this.#hal.clock.nowMs(), this.#params?.utcOffsetMinutes ?? 480);
	}

	/** The daily sign-in (签到) is for the terminal's local day: it falls due again at local midnight. */
	#signInDue(): boolean {
		return this.#journal !== undefined && this.#journal.counters.signInDay !== this.#today();
	}

	#set(state: AppState): void {
		// On a new day the idle screen is the sign-in prompt: any key signs in.
		this.#state = state.kind === "idle" && this.#signInDue() ? { kind: "needs-sign-in" } : state;
		this.#armStepTimer();
		this.#show(this.#compose());
	}

	/** Interactive steps time out (parameter stepTimeoutMs): the flow is left as if cancelled. */
	#armStepTimer(): void {
		this.#stepTimer?.cancel();
		this.#stepTimer = undefined;
		const s = this.#state;
		if (!this.#params || !this.#waitsForOperator(s)) return;
		const armed = s;
		this.#stepTimer = this.#hal.clock.after(this.#params.stepTimeoutMs, () => {
			if (this.#state !== armed) return;
			// A factory password nobody changes: the terminal is not left signed on.
			if (armed.kind === "change-password" && armed.forced) return this.#signOff();
			this.#endTxn(armed.kind === "txn" ? armed.draft : undefined);
			this.#notice({ title: this.#t("timedOut"), lines: [], ok: false }, "idle");
		});
	}

	/**
	 * The states a signed-on operator leaves by a key: each one times out. PIN entry times out in the secure
	 * element, a slip's tear-off in the printer driver (the next copy prints by itself).
	 */
	#waitsForOperator(s: AppState): boolean {
		switch (s.kind) {
			case "txn":
				return s.step.kind !== "online" && s.step.kind !== "pin";
			case "menu":
			case "voucher-lookup":
			case "params":
			case "operator-admin":
			case "change-password":
				return true;
			default:
				return false;
		}
	}

	#show(screen: Screen): void {
		this.#screen = screen;
		for (const listener of this.#screenListeners) listener(screen);
	}

	#notice(notice: Notice, next: NoticeNext): void {
		if (!notice.ok) this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
		this.#set({ kind: "notice", notice, next });
	}

	// ---- keys ----

	#onKey(event: KeyEvent): void {
		if (!event.down) return;
		const s = this.#state;
		// While the secure element runs PIN entry, keys are its alone (pin-crypto.md §8).
		if (s.kind === "txn" && s.step.kind === "pin") return;
		this.#hal.indicators.beep(KEY_BEEP_HZ, KEY_BEEP_MS);
		this.#onKeyIn({ key: event.key, repeat: event.repeat });
	}

	#onKeyIn(key: EntryKey): void {
		const s = this.#state;
		if (key.key === "F1" && s.kind !== "txn") {
			this.#language = this.#language === "zh" ? "en" : "zh";
			return this.#show(this.#compose());
		}
		switch (s.kind) {
			case "self-test":
			case "locked":
			case "not-configured":
			case "busy":
				return;
			case "journal-damaged":
				return this.#entryKey(stepDigits(passwordConfig(PASSWORD_LENGTH.supervisor), s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (password) => {
					const checked = this.#operators!.verify("00", password, this.#hal.clock.nowMs());
					if (checked.ok) return this.#set({ kind: "login-operator", entry: EMPTY_DIGITS });
					this.#set({ ...s, entry: EMPTY_DIGITS, notice: checked.error.kind === "wrong-password" ? this.#t("passwordWrong", checked.error.triesLeft) : this.#t("operatorLocked") });
				}, () => this.#set({ ...s, entry: EMPTY_DIGITS }));
			case "login-operator":
				return this.#entryKey(stepDigits(OPERATOR_ID_ENTRY, s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (id) => this.#operatorChosen(id), () => this.#set({ kind: "login-operator", entry: EMPTY_DIGITS }));
			case "login-password": {
				const config = passwordConfig(PASSWORD_LENGTH[s.role]);
				return this.#entryKey(stepDigits(config, s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (password) => this.#passwordEntered(s.id, password), () => this.#set({ kind: "login-operator", entry: EMPTY_DIGITS }));
			}
			case "change-password": {
				const config = passwordConfig(PASSWORD_LENGTH[s.role]);
				return this.#entryKey(stepDigits(config, s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (password) => this.#newPassword(s, password), () => (s.forced ? this.#signOff() : this.#openMenu("operators")));
			}
			case "needs-sign-in":
				return this.#signIn();
			case "idle":
				if (key.key === "ENTER" || key.key === "MENU") return this.#openMenu("main");
				return;
			case "menu": {
				const step = stepMenu(s.menu, key);
				if (step.effect.kind === "changed") return this.#set({ ...s, menu: step.state });
				if (step.effect.kind === "back") {
					const parent = MENU_PARENT[s.name];
					return parent === "idle" ? this.#set({ kind: "idle" }) : this.#openMenu(parent);
				}
				if (step.effect.kind === "done") return this.#menuChosen(s.name, step.effect.value);
				return;
			}
			case "txn":
				return this.#txnKey(s.draft, s.step, key);
			case "printing":
				if (key.key === "ENTER" && s.tearOff) return this.#printSession?.nextCopy();
				if (key.key === "CANCEL") return this.#printSession?.cancel();
				return;
			case "params": {
				const config = s.stage === "admin" ? passwordConfig(PASSWORD_LENGTH.admin) : PARAM_VALUE_ENTRY;
				return this.#entryKey(stepDigits(config, s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (digits) => this.#paramEntered(s, digits), () => (s.stage === "admin" ? this.#openMenu("manage") : this.#openMenu("params")));
			}
			case "operator-admin":
				return this.#entryKey(stepDigits(OPERATOR_ADMIN_ENTRY[s.stage], s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (digits) => this.#operatorAdmin(s, digits), () => this.#openMenu("operators"));
			case "voucher-lookup":
				return this.#entryKey(stepDigits(VOUCHER_ENTRY, s.entry, key), (entry) => this.#set({ ...s, entry, notice: undefined }), (digits) => {
					const txn = this.#journal!.txn(Number(digits));
					if (!txn || (s.purpose === "reprint" && txn.status !== "approved")) return this.#set({ ...s, entry: EMPTY_DIGITS, notice: this.#t("originalNotFound") });
					if (s.purpose === "reprint") return this.#printTxn(txn, true);
					this.#notice({ title: this.#t("menuQueryTxn"), lines: [this.#t(flowTitle(txn.kind)), ...this.#txnLines(txn)], ok: txn.status === "approved" }, "idle");
				}, () => this.#openMenu(s.purpose));
			case "notice":
				if (s.next === "login") return this.#set({ kind: "login-operator", entry: EMPTY_DIGITS });
				if (s.next === "needs-sign-in") return this.#set({ kind: "needs-sign-in" });
				if (s.next === "reprint-offer" && key.key === "ENTER") {
					const last = this.#journal!.txn(this.#journal!.counters.lastStan);
					if (last) return this.#printTxn(last, false);
				}
				return this.#set({ kind: "idle" });
		}
	}

	/** Applies an entry widget's answer: redraw, refuse (beep), done, back, cancel. */
	#entryKey<S, V>(step: { state: S; effect: EntryEffect<V> }, update: (state: S) => void, done: (value: V) => void, back: () => void): void {
		switch (step.effect.kind) {
			case "changed":
				return update(step.state);
			case "refused":
				this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
				return update(step.state);
			case "done":
				return done(step.effect.value);
			case "back":
			case "cancel":
				return back();
			case "ignored":
				return;
		}
	}

	// ---- sign-on and sign-in ----

	#operatorChosen(id: string): void {
		const op = this.#operators!.find(id);
		if (!op) return this.#set({ kind: "login-operator", entry: EMPTY_DIGITS, notice: this.#t("operatorUnknown") });
		this.#set({ kind: "login-password", id, role: op.role, entry: EMPTY_DIGITS });
	}

	#passwordEntered(id: string, password: string): void {
		const checked = this.#operators!.verify(id, password, this.#hal.clock.nowMs());
		if (!checked.ok) {
			this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
			const e = checked.error;
			const notice = e.kind === "wrong-password" ? this.#t("passwordWrong", e.triesLeft) : e.kind === "locked" ? this.#t("operatorLocked") : this.#t("storageError");
			return this.#set(e.kind === "wrong-password" ? { kind: "login-password", id, role: checked.ok ? "operator" : this.#operators!.find(id)!.role, entry: EMPTY_DIGITS, notice } : { kind: "login-operator", entry: EMPTY_DIGITS, notice });
		}
		this.#operator = { id, role: checked.value.role };
		if (checked.value.factoryPassword && this.#params!.forcePasswordChange) {
			return this.#set({ kind: "change-password", id, role: checked.value.role, entry: EMPTY_DIGITS, notice: this.#t("defaultPasswordMustChange"), forced: true });
		}
		this.#afterSignOn();
	}

	#newPassword(s: Extract<AppState, { kind: "change-password" }>, password: string): void {
		if (s.first === undefined) return this.#set({ ...s, first: password, entry: EMPTY_DIGITS, notice: undefined });
		if (s.first !== password) return this.#set({ ...s, first: undefined, entry: EMPTY_DIGITS, notice: this.#t("passwordMismatch") });
		const changed = this.#operators!.setPassword(s.id, password);
		if (!changed.ok) return this.#set({ ...s, first: undefined, entry: EMPTY_DIGITS, notice: this.#t("storageError") });
		this.#afterSignOn();
	}

	/** 9-4: the administrator's password opens the list; a value is validated by the schema and stored. */
	#paramEntered(s: Extract<AppState, { kind: "params" }>, digits: string): void {
		if (s.stage === "admin") {
			const checked = this.#operators!.verify(ADMIN_ID, digits, this.#hal.clock.nowMs());
			if (!checked.ok) return this.#set({ ...s, entry: EMPTY_DIGITS, notice: checked.error.kind === "wrong-password" ? this.#t("passwordWrong", checked.error.triesLeft) : this.#t("operatorLocked") });
			return this.#openMenu("params");
		}
		const name = s.name!;
		const spec = PARAM_SCHEMA[name];
		// Yes/no as 1/0; a choice by its number in the list (1 = the first).
		const value = spec.kind === "int" ? Number(digits) : spec.kind === "bool" ? digits === "1" : spec.kind === "choice" ? (spec.values[Number(digits) - 1] ?? digits) : digits;
		const saved = saveParams(this.#hal.storage.records, this.#params!, { [name]: value });
		if (!saved.ok) {
			const text = saved.error.kind === "invalid" ? this.#t("paramInvalid", saved.error.errors.map((e) => (e.kind === "format" ? e.rule : e.kind)).join(", ")) : this.#t("storageError");
			return this.#set({ ...s, entry: EMPTY_DIGITS, notice: text });
		}
		this.#params = saved.value;
		this.#operators!.policy = { attempts: saved.value.lockoutAttempts, lockoutMs: saved.value.lockoutMs };
		this.#notice({ title: this.#t("menuParams"), lines: [this.#t("paramSaved", `${name}=${String(saved.value[name])}`)], ok: true }, "idle");
	}

	/** Add or delete a cashier (operator 01–98) under the supervisor's password. */
	#operatorAdmin(s: Extract<AppState, { kind: "operator-admin" }>, digits: string): void {
		const operators = this.#operators!;
		const again = (notice: string, stage = s.stage) => this.#set({ ...s, stage, entry: EMPTY_DIGITS, notice });
		const done = (text: string, ok: boolean) => this.#notice({ title: this.#t("menuOperators"), lines: [text], ok }, "idle");
		switch (s.stage) {
			case "supervisor": {
				const checked = operators.verify(SUPERVISOR_ID, digits, this.#hal.clock.nowMs());
				if (!checked.ok) return again(checked.error.kind === "wrong-password" ? this.#t("passwordWrong", checked.error.triesLeft) : this.#t("operatorLocked"));
				return this.#set({ ...s, stage: "id", entry: EMPTY_DIGITS, notice: undefined });
			}
			case "id":
				if (s.action === "delete") {
					const removed = operators.remove(digits);
					return removed.ok ? done(this.#t("operatorDeleted", digits), true) : again(this.#operatorErrorText(removed.error));
				}
				if (operators.find(digits) || digits === SUPERVISOR_ID || digits === ADMIN_ID) return again(this.#t("operatorExists"));
				return this.#set({ ...s, stage: "password", id: digits, entry: EMPTY_DIGITS, notice: undefined });
			case "password":
				return this.#set({ ...s, stage: "confirm", first: digits, entry: EMPTY_DIGITS, notice: undefined });
			case "confirm": {
				if (digits !== s.first) return again(this.#t("passwordMismatch"), "password");
				const added = operators.add(s.id!, digits);
				return added.ok ? done(this.#t("operatorAdded", s.id!), true) : again(this.#operatorErrorText(added.error), "id");
			}
		}
	}

	#operatorErrorText(error: OperatorError): string {
		switch (error.kind) {
			case "unknown-operator":
				return this.#t("operatorUnknown");
			case "protected":
			case "exists":
			case "bad-id":
				return this.#t("operatorExists");
			default:
				return this.#t("storageError");
		}
	}

	/** The operator signs off (menu 9-6, or CANCEL at a forced password change): back to the login. */
	#signOff(): void {
		this.#operator = undefined;
		this.#set({ kind: "login-operator", entry: EMPTY_DIGITS });
	}

	/** After sign-on: the daily sign-in when due, then a settlement the journal says was interrupted. */
	#afterSignOn(): void {
		if (this.#journal!.counters.signInDay !== this.#today()) return this.#signIn();
		this.#toIdle();
	}

	#toIdle(): void {
		// Recovery (factory-test.md §12): an owed reversal goes out first, then an interrupted settlement resumes.
		if (this.#journal!.state.reversal) {
			this.#set({ kind: "busy", title: "titleIdle", text: "recoveryReversal" });
			void this.#online!.reversalGate().then((gate) => {
				this.#recovery = this.#recovery.filter((id) => id !== "recoveryReversal");
				if (gate.ok) return this.#toIdle();
				this.#notice({ title: this.#t("titleIdle"), lines: this.#failureText(gate.error), ok: false }, "idle");
			});
			return;
		}
		if (this.#journal!.state.settlement) return this.#settle();
		const notes = this.#recovery.splice(0);
		if (notes.length > 0) return this.#notice({ title: this.#t("titleIdle"), lines: notes.map((id) => this.#t(id)), ok: true }, notes.includes("recoverySlip") ? "reprint-offer" : "idle");
		this.#set({ kind: "idle" });
	}

	#signIn(): void {
		this.#set({ kind: "busy", title: "titleSignIn", text: "connecting" });
		void this.#online!.signIn(this.#operator?.id ?? "01").then((result) => {
			if (result.ok) return this.#toIdle();
			this.#set({ kind: "needs-sign-in", notice: this.#failureText(result.error).join(", ") });
		});
	}

	// ---- menus ----

	#openMenu(name: MenuName): void {
		const menu: Menu =
			name === "params"
				? { items: KEYPAD_PARAMS.map((param, i) => ({ key: String(i + 1), label: `${param}=${String(this.#params![param])}` })), highlight: 0 }
				: { items: { main: MAIN_MENU, manage: MANAGE_MENU, reprint: REPRINT_MENU, preauth: PREAUTH_MENU, query: QUERY_MENU, operators: OPERATORS_MENU }[name].map(([key, id]) => ({ key, label: this.#t(id) })), highlight: 0 };
		this.#set({ kind: "menu", name, menu });
	}

	#menuChosen(name: MenuName, key: string): void {
		if (name === "preauth") {
			const flow = PREAUTH_FLOWS[key];
			return flow ? this.#beginTxn(flow) : undefined;
		}
		if (name === "query") return this.#query(key);
		if (name === "params") {
			const param = KEYPAD_PARAMS[Number(key) - 1];
			return param ? this.#set({ kind: "params", stage: "value", name: param, entry: EMPTY_DIGITS }) : undefined;
		}
		if (name === "operators") {
			if (key === "1") return this.#set({ kind: "change-password", id: this.#operator!.id, role: this.#operator!.role, entry: EMPTY_DIGITS });
			return this.#set({ kind: "operator-admin", action: key === "2" ? "add" : "delete", stage: "supervisor", entry: EMPTY_DIGITS });
		}
		if (name === "reprint") {
			const journal = this.#journal!;
			if (key === "1") {
				const last = journal.txn(journal.counters.lastStan);
				return last && last.status === "approved" ? this.#printTxn(last, true) : this.#notice({ title: this.#t("menuReprint"), lines: [this.#t("noTransaction")], ok: false }, "idle");
			}
			if (key === "2") return this.#set({ kind: "voucher-lookup", purpose: "reprint", entry: EMPTY_DIGITS });
			const settled = journal.state.lastSettlement;
			if (!settled) return this.#notice({ title: this.#t("menuReprint"), lines: [this.#t("noTransaction")], ok: false }, "idle");
			return this.#print(this.#t("menuReprint"), [settlementSlip(settlementSlipData(settled, this.#params!))], () => this.#set({ kind: "idle" }));
		}
		if (name === "manage") {
			switch (key) {
				case "1":
					return this.#signIn();
				case "2":
					return this.#management("titleSignOff", (op) => this.#online!.signOff(op), "signOffDone", "needs-sign-in");
				case "3":
					return this.#openMenu("operators");
				case "4":
					return this.#set({ kind: "params", stage: "admin", entry: EMPTY_DIGITS });
				case "5":
					return this.#management("titleEcho", (op) => this.#online!.echo(op), "echoDone", "idle");
				case "6":
					return this.#signOff();
			}
			return;
		}
		switch (key) {
			case "1":
				return this.#beginTxn("sale");
			case "2":
				return this.#beginTxn("void");
			case "3":
				return this.#beginTxn("refund");
			case "4":
				return this.#beginTxn("balance");
			case "5":
				return this.#openMenu("preauth");
			case "6":
				return this.#settle();
			case "7":
				return this.#openMenu("reprint");
			case "8":
				return this.#openMenu("query");
			case "9":
				return this.#openMenu("manage");
		}
	}

	#management(title: MessageId, run: (operator: string) => Promise<{ ok: boolean; error?: OnlineFailure | Declined }>, done: MessageId, next: "idle" | "needs-sign-in"): void {
		this.#set({ kind: "busy", title, text: "connecting" });
		void run(this.#operator!.id).then((result) => {
			if (result.ok) return this.#notice({ title: this.#t(title), lines: [this.#t(done)], ok: true }, next);
			this.#notice({ title: this.#t(title), lines: this.#failureText(result.error!), ok: false }, "idle");
		});
	}

	// ---- transactions ----

	/** The checks before a financial flow: signed in today, not forced to settle. */
	#refusal(flow: Flow): string | undefined {
		const journal = this.#journal!;
		const params = this.#params!;
		if (journal.counters.signInDay !== this.#today()) return this.#t("notSignedIn");
		if (flow === "balance") return undefined;
		if (journal.state.settlement) return this.#t("recoverySettlement");
		if (journal.damage) return this.#t("journalDamagedSettleFirst");
		const dayChanged = params.forcedSettlement === "day-change" && journal.counters.batchDay !== "" && journal.counters.batchDay !== this.#today() && journal.state.txns.size > 0;
		const full = journal.nearFull || journal.state.txns.size >= params.journalMaxTransactions;
		if (dayChanged || full || totalsWouldOverflow(batchTotals(journal.state.txns.values()), params.maxAmountFen)) return this.#t("settleFirst");
		return undefined;
	}

	#beginTxn(flow: Flow, card?: DraftCard): void {
		const refusal = this.#refusal(flow);
		if (refusal) return this.#notice({ title: this.#t(flowTitle(flow)), lines: [refusal], ok: false }, "idle");
		const draft: Draft = card ? { flow, card } : { flow };
		this.#enterStep(draft, card ? "confirm-card" : FLOW_STEPS[flow][0]!);
	}

	#enterStep(draft: Draft, kind: StepKind): void {
		switch (kind) {
			case "supervisor": {
				const needed = draft.flow === "refund" ? this.#params!.supervisorForRefund : this.#params!.supervisorForVoid;
				if (!needed) return this.#next(draft, kind);
				return this.#set({ kind: "txn", draft, step: { kind, entry: EMPTY_DIGITS } });
			}
			case "voucher":
			case "original-rrn":
			case "original-date":
			case "auth-code":
				return this.#set({ kind: "txn", draft, step: { kind, entry: EMPTY_DIGITS } });
			case "card":
				return this.#set({ kind: "txn", draft, step: { kind } });
			case "amount":
				return this.#set({ kind: "txn", draft, step: { kind, entry: EMPTY_AMOUNT } });
			case "pin":
				return this.#startPin(draft);
			case "online":
				return this.#goOnline(draft);
			case "confirm-card":
			case "confirm-original":
				return this.#set({ kind: "txn", draft, step: { kind } });
			case "expiry":
				return;
		}
	}

	#next(draft: Draft, from: StepKind): void {
		const steps = FLOW_STEPS[draft.flow];
		const at = steps.indexOf(from === "expiry" ? "card" : from);
		this.#enterStep(draft, steps[at + 1]!);
	}

	#back(draft: Draft, from: StepKind): void {
		const steps = FLOW_STEPS[draft.flow];
		const at = steps.indexOf(from === "expiry" ? "card" : from);
		if (at <= 0) return this.#cancelTxn(draft);
		this.#enterStep(draft, steps[at - 1]!);
	}

	#cancelTxn(draft: Draft): void {
		this.#endTxn(draft);
		this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [this.#t("cancelled")], ok: false }, "idle");
	}

	/** Leaves a flow: PIN entry cancelled, track data erased. */
	#endTxn(draft: Draft | undefined): void {
		this.#pinSession?.cancel();
		this.#pinSession = undefined;
		draft?.card?.swiped?.erase();
	}

	#txnKey(draft: Draft, step: Step, key: EntryKey): void {
		const stay = (next: Step) => this.#set({ kind: "txn", draft, step: next });
		const back = () => (key.key === "CANCEL" ? this.#cancelTxn(draft) : this.#back(draft, step.kind));
		switch (step.kind) {
			case "supervisor":
				return this.#entryKey(stepDigits(passwordConfig(PASSWORD_LENGTH.supervisor), step.entry, key), (entry) => stay({ kind: "supervisor", entry }), (password) => {
					const checked = this.#operators!.verify("00", password, this.#hal.clock.nowMs());
					if (checked.ok) return this.#next(draft, "supervisor");
					stay({ kind: "supervisor", entry: EMPTY_DIGITS, notice: checked.error.kind === "wrong-password" ? this.#t("passwordWrong", checked.error.triesLeft) : this.#t("operatorLocked") });
				}, back);
			case "voucher":
				return this.#entryKey(stepDigits(VOUCHER_ENTRY, step.entry, key), (entry) => stay({ kind: "voucher", entry }), (digits) => {
					const original = this.#journal!.txn(Number(digits));
					const kinds: readonly TxnEntry["kind"][] = draft.flow === "void" ? ["sale"] : ["completion", "completion-advice"];
					if (!original || !kinds.includes(original.kind) || original.status !== "approved") return stay({ kind: "voucher", entry: EMPTY_DIGITS, notice: this.#t("originalNotFound") });
					if (original.voided) return stay({ kind: "voucher", entry: EMPTY_DIGITS, notice: this.#t("originalVoided") });
					this.#next({ ...draft, original, amountFen: original.amountFen }, "voucher");
				}, back);
			case "original-rrn":
			case "original-date":
			case "auth-code": {
				const config = REFERENCE_ENTRY[step.kind];
				return this.#entryKey(stepDigits(config, step.entry, key), (entry) => stay({ kind: step.kind, entry }), (digits) => {
					const field = step.kind === "original-rrn" ? "originalRrn" : step.kind === "original-date" ? "originalDate" : "authCode";
					this.#next({ ...draft, [field]: digits }, step.kind);
				}, back);
			}
			case "confirm-original":
			case "confirm-card":
				if (key.key === "ENTER") return this.#next(draft, step.kind);
				if (key.key === "CANCEL" || key.key === "CLEAR") return back();
				return;
			case "card": {
				if (key.key === "CANCEL") return this.#cancelTxn(draft);
				if (!this.#params!.manualEntryAllowed) return;
				const entry = step.manual ?? EMPTY_DIGITS;
				return this.#entryKey(stepDigits(CARD_NUMBER_ENTRY, entry, key), (manual) => stay({ kind: "card", manual }), (pan) => stay({ kind: "expiry", pan, entry: EMPTY_DIGITS }), () => (key.key === "CANCEL" ? this.#cancelTxn(draft) : stay({ kind: "card" })));
			}
			case "expiry":
				return this.#entryKey(stepDigits(EXPIRY_ENTRY, step.entry, key), (entry) => stay({ ...step, entry }), (expiry) => {
					const card: DraftCard = { pan: step.pan, expiry, masked: maskPan(step.pan as Pan), entryMode: "manual", swiped: undefined };
					this.#next({ ...draft, card }, "card");
				}, back);
			case "amount":
				return this.#entryKey(stepAmount({ maxFen: this.#params!.maxAmountFen }, step.entry, key), (entry) => stay({ kind: "amount", entry }), (amountFen) => this.#next({ ...draft, amountFen }, "amount"), back);
			case "pin":
			case "online":
				return;
		}
	}

	#onSwipe(swipe: Swipe): void {
		const s = this.#state;
		const atCardStep = s.kind === "txn" && s.step.kind === "card";
		if (!atCardStep && s.kind !== "idle") return;
		const flow: Flow = s.kind === "txn" ? s.draft.flow : "sale";
		const card = cardFromSwipe(decodeSwipe(swipe));
		const draft: Draft = s.kind === "txn" ? s.draft : { flow };
		if (!card.ok) {
			this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
			if (s.kind === "idle") return this.#notice({ title: this.#t("menuSale"), lines: [this.#t("cardReadError")], ok: false }, "idle");
			return this.#set({ kind: "txn", draft, step: { kind: "card", notice: "cardReadError" } });
		}
		const accept = swipeAcceptance(card.value, { hasChipReader: true, fallbackAllowed: this.#params!.fallbackAllowed, chipFailed: this.#params!.fallbackAllowed });
		if (accept === "insert-chip") {
			card.value.erase();
			this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
			if (s.kind === "idle") return this.#notice({ title: this.#t("menuSale"), lines: [this.#t("useChip")], ok: false }, "idle");
			return this.#set({ kind: "txn", draft, step: { kind: "card", notice: "useChip" } });
		}
		const drafted: DraftCard = { pan: card.value.pan, expiry: card.value.expiry ?? "", masked: card.value.maskedPan, entryMode: accept === "fallback" ? "fallback" : "swipe", swiped: card.value };
		if (s.kind === "idle") return this.#beginTxn("sale", drafted);
		this.#next({ ...draft, card: drafted }, "card");
	}

	#startPin(draft: Draft): void {
		const { secure } = this.#hal;
		const key = secure.key(PIK_SLOT, "pin");
		const session = key.ok
			? secure.startPinEntry({ pan: draft.card!.pan, format: 0, key: key.value, minLength: 4, maxLength: 12, timeoutMs: this.#params!.stepTimeoutMs, allowBypass: this.#pinRule(draft).bypassAllowed })
			: key;
		if (!session.ok) {
			this.#endTxn(draft);
			return this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [this.#t("keyError", session.error.kind)], ok: false }, "idle");
		}
		this.#pinSession = session.value;
		const state: AppState = { kind: "txn", draft, step: { kind: "pin", digits: 0 } };
		this.#set(state);
		const off = session.value.onProgress((digits) => {
			if (this.#state.kind === "txn" && this.#state.step.kind === "pin") this.#set({ kind: "txn", draft, step: { kind: "pin", digits } });
		});
		void session.value.result.then((result) => {
			off();
			if (this.#pinSession !== session.value) return;
			this.#pinSession = undefined;
			if (result.ok) return this.#next({ ...draft, pin: result.value }, "pin");
			if (result.error.kind === "bypass") return this.#next({ ...draft, pin: undefined }, "pin");
			// PCI PTS paces PIN entries: wait as long as the element says, then ask again.
			if (result.error.kind === "rate-limited") {
				const waiting = this.#state;
				this.#stepTimer = this.#hal.clock.after(result.error.retryAfterMs, () => {
					if (this.#state === waiting) this.#startPin(draft);
				});
				return;
			}
			this.#endTxn(draft);
			const text = result.error.kind === "cancel" ? this.#t("cancelled") : result.error.kind === "timeout" ? this.#t("timedOut") : this.#t("keyError", result.error.kind);
			this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [text], ok: false }, "idle");
		});
	}

	/** Whether this card may skip the PIN in this flow (src/card/pin-policy.ts). */
	#pinRule(draft: Draft): PinEntryRule {
		const card = draft.card!;
		return pinEntryRule(draft.flow, cardKind(card.pan, this.#params!.creditBins), card.swiped?.serviceCode);
	}

	#cardRead(card: DraftCard): CardRead {
		if (card.swiped) {
			const tracks = card.swiped.onlineTrackData();
			return { entryMode: "magstripe", ...(tracks.track2 ? { track2: tracks.track2 } : {}), ...(tracks.track3 ? { track3: tracks.track3 } : {}), ...(card.expiry ? { expiry: card.expiry } : {}) };
		}
		return { entryMode: "manual", pan: card.pan, ...(card.expiry ? { expiry: card.expiry } : {}) };
	}

	#goOnline(draft: Draft): void {
		const online = this.#online!;
		const operator = this.#operator!.id;
		this.#set({ kind: "txn", draft, step: { kind: "online" } });
		const vault = new CardVault(this.#hal.secure);
		let card: DraftCard;
		if (draft.flow === "void" || draft.flow === "completion-void") {
			const stored = vault.openCard(draft.original!.cardData);
			// "damaged": sealed under a data key the element erased on tamper.
			if (!stored.ok) return this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [this.#t(stored.error.kind === "damaged" ? "cardDataLost" : "vaultError")], ok: false }, "idle");
			card = { pan: stored.value.pan, expiry: stored.value.expiry, masked: draft.original!.panMasked, entryMode: "manual", swiped: undefined };
		} else {
			card = draft.card!;
		}
		const read = protectTracks(this.#hal.secure, this.#cardRead(card), this.#params!.trackEncryption);
		if (!read.ok) {
			this.#endTxn(draft);
			return this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [this.#t("keyError", read.error.kind)], ok: false }, "idle");
		}
		const pin = draft.pin ? { pinBlock: draft.pin.pinBlock, algorithm: 6 as const } : undefined;
		const input = (stan: number): FinancialInput => ({ stan, card: read.value.card, tracksEncrypted: read.value.tracksEncrypted, ...(pin ? { pin } : {}) });
		const sealed = draft.flow === "balance" ? { ok: true as const, value: new Uint8Array(0) } : vault.sealCard({ pan: card.pan, expiry: card.expiry });
		if (!sealed.ok) {
			this.#endTxn(draft);
			return this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [this.#t("vaultError")], ok: false }, "idle");
		}
		if (draft.flow === "balance") return this.#balance(draft, (c, stan) => buildBalanceInquiry(c, input(stan)));
		const request = this.#financialRequest(draft, { operator, panMasked: card.masked, cardData: sealed.value, entryMode: card.entryMode }, input);
		void online.financial(request).then((result) => {
			if (!result.ok) return this.#failed(draft, result.error);
			const { txn } = result.value;
			if (txn.status !== "approved") return this.#declined(draft, txn.responseCode);
			this.#endTxn(draft);
			this.#printTxn(txn, false);
		});
	}

	/** The request of a financial flow: its journal kind, reversal eligibility (§6) and builder. */
	#financialRequest(draft: Draft, common: Pick<FinancialRequest, "operator" | "panMasked" | "cardData" | "entryMode">, input: (stan: number) => FinancialInput): FinancialRequest {
		const amount = draft.amountFen ?? 0;
		const preAuthRef = { authCode: draft.authCode ?? "", date: draft.originalDate ?? "" };
		const preAuthOriginal = { stan: 0, batch: 0, rrn: "", date: preAuthRef.date, authCode: preAuthRef.authCode };
		switch (draft.flow) {
			case "void":
			case "completion-void": {
				const o = draft.original!;
				const original = { amount: o.amountFen, rrn: o.rrn, batch: o.batch, stan: o.stan, ...(o.authCode ? { authCode: o.authCode } : {}) };
				return {
					...common, kind: draft.flow, amountFen: o.amountFen, reversible: true, closes: o.stan,
					original: { stan: o.stan, batch: o.batch, rrn: o.rrn, date: o.hostDate, authCode: o.authCode },
					build: (c, stan) => (draft.flow === "void" ? buildSaleVoid(c, { ...input(stan), original }) : buildCompletionVoid(c, { ...input(stan), original })),
				};
			}
			case "refund":
				return {
					...common, kind: "refund", amountFen: amount, reversible: false,
					original: { stan: 0, batch: 0, rrn: draft.originalRrn ?? "", date: draft.originalDate ?? "", authCode: "" },
					build: (c, stan) => buildRefund(c, { ...input(stan), amount, originalRrn: draft.originalRrn ?? "", originalDate: draft.originalDate ?? "" }),
				};
			case "preauth":
				return { ...common, kind: "preauth", amountFen: amount, reversible: true, original: undefined, build: (c, stan) => buildPreAuth(c, { ...input(stan), amount }) };
			case "preauth-void":
				return { ...common, kind: "preauth-void", amountFen: amount, reversible: true, original: preAuthOriginal, build: (c, stan) => buildPreAuthVoid(c, { ...input(stan), amount, original: preAuthRef }) };
			case "completion":
				return { ...common, kind: "completion", amountFen: amount, reversible: true, original: preAuthOriginal, build: (c, stan) => buildPreAuthCompletion(c, { ...input(stan), amount, original: preAuthRef }) };
			case "completion-advice":
				return { ...common, kind: "completion-advice", amountFen: amount, reversible: false, original: preAuthOriginal, build: (c, stan) => buildPreAuthCompletionAdvice(c, { ...input(stan), amount, original: preAuthRef }) };
			case "sale":
			case "balance":
				return { ...common, kind: "sale", amountFen: amount, reversible: true, original: undefined, build: (c, stan) => buildSale(c, { ...input(stan), amount }) };
		}
	}

	/** Balance inquiry: not journaled as a transaction (not in the totals), but it still takes a STAN. */
	#balance(draft: Draft, build: (c: TerminalContext, stan: number) => IsoMessage): void {
		void this.#online!.inquiry(this.#operator!.id, build).then((result) => {
			if (!result.ok) return this.#failed(draft, result.error);
			if (result.value.responseCode !== "00") return this.#declined(draft, result.value.responseCode);
			this.#endTxn(draft);
			const balance = result.value.balance?.amount ?? 0;
			this.#notice({ title: this.#t("menuBalance"), lines: [this.#t("cardLine", draft.card!.masked), this.#t("balanceLine", formatFen(balance))], ok: true }, "idle");
		});
	}

	/**
	 * Prints a transaction's slip copies; the "printed" journal point follows the last copy (or the
	 * operator's skip), then the result stays on screen.
	 */
	#printTxn(txn: TxnEntry, reprint: boolean): void {
		const title = this.#t(reprint ? "menuReprint" : flowTitle(txn.kind));
		const finished = (copies: number) => {
			if (!reprint && copies > txn.printedCopies) {
				const current = this.#journal!.txn(txn.stan) ?? txn;
				const saved = this.#journal!.commit([{ op: "txn", txn: { ...current, printedCopies: copies } }]);
				if (!saved.ok) return this.#notice({ title, lines: [this.#t("storageError")], ok: false }, "idle");
			}
			if (reprint) return this.#set({ kind: "idle" });
			this.#notice({ title, lines: this.#resultLines(txn), ok: true }, "idle");
		};
		const copies = reprint ? 1 : this.#params!.slipCopies;
		this.#set({ kind: "printing", title, copy: 1, tearOff: false });
		const started = printTransactionSlip(this.#printer!, slipTransaction(txn, this.#params!), { copies, reprint }, (event) => this.#printEvent(title, event, finished));
		if (!started.ok) return finished(0);
		this.#printSession = started.value;
	}

	/** Prints prepared copies (settlement, reprints), then `after`. */
	#print(title: string, copies: readonly Uint8Array[], after: (copiesPrinted: number) => void): void {
		this.#set({ kind: "printing", title, copy: 1, tearOff: false });
		const started = this.#printer!.print(copies, (event) => this.#printEvent(title, event, after));
		if (!started.ok) return after(0);
		this.#printSession = started.value;
	}

	#printEvent(title: string, event: PrintEvent, after: (copiesPrinted: number) => void): void {
		switch (event.kind) {
			case "printing":
			case "reprinting":
				return this.#set({ kind: "printing", title, copy: event.copy, tearOff: false });
			case "fault":
				this.#hal.indicators.beep(KEY_BEEP_HZ, ERROR_BEEP_MS);
				return this.#set({ kind: "printing", title, copy: event.copy, tearOff: false, fault: event.fault });
			case "tear-off":
				return this.#set({ kind: "printing", title, copy: event.copy, tearOff: true });
			case "copy-printed":
				return;
			case "done":
			case "cancelled": {
				const printed = event.kind === "done" ? (this.#printSession?.copiesPrinted ?? 1) : event.copiesPrinted;
				this.#printSession = undefined;
				return after(printed);
			}
		}
	}

	/** Menu 8: one transaction on screen, the batch totals on screen and printed, the transaction list printed. */
	#query(key: string): void {
		const journal = this.#journal!;
		const params = this.#params!;
		if (key === "1") return this.#set({ kind: "voucher-lookup", purpose: "query", entry: EMPTY_DIGITS });
		const txns = [...journal.state.txns.values()];
		const now = this.#hal.clock.nowMs();
		if (key === "2") {
			const totals = batchTotals(txns);
			const d = totals.domestic, f = totals.foreign;
			const lines = [
				this.#t("batchLine", String(journal.counters.batch).padStart(6, "0")),
				this.#t("totalsLine", this.#t("debitLabel"), d.debitCount + f.debitCount, formatFen(d.debitFen + f.debitFen)),
				this.#t("totalsLine", this.#t("creditLabel"), d.creditCount + f.creditCount, formatFen(d.creditFen + f.creditFen)),
			];
			const report = totalsReport({ ...settlementSlipData({ phase: "printing", batch: journal.counters.batch, totals, domestic: "0", foreign: "0", operator: this.#operator!.id, requestMs: now }, params) });
			return this.#print(this.#t("menuQueryTotals"), [report], () => this.#notice({ title: this.#t("menuQueryTotals"), lines, ok: true }, "idle"));
		}
		if (key === "3") {
			const listed = txns.filter((t) => t.status === "approved").map((t) => ({ type: slipTransaction(t, params).type, voucherNo: String(t.stan).padStart(6, "0"), cardNumber: t.panMasked, amount: t.amountFen, ...(t.authCode ? { authCode: t.authCode } : {}) }));
			if (listed.length === 0) return this.#notice({ title: this.#t("menuQueryList"), lines: [this.#t("noTransaction")], ok: false }, "idle");
			const list = transactionList({ merchant: slipMerchant(params), batchNo: String(journal.counters.batch).padStart(6, "0"), dateTimeMs: now, transactions: listed });
			return this.#print(this.#t("menuQueryList"), [list], () => this.#set({ kind: "idle" }));
		}
	}

	#txnLines(txn: TxnEntry): string[] {
		return [
			this.#t("amountLine", formatFen(txn.amountFen)),
			this.#t("cardLine", txn.panMasked),
			this.#t("voucherLine", String(txn.stan).padStart(6, "0")),
			this.#t("authLine", txn.authCode),
			this.#t("rrnLine", txn.rrn),
		];
	}

	#declined(draft: Draft, code: string): void {
		// 55 incorrect PIN: the cardholder enters it again; the retry is a new request with a new STAN.
		if (code === "55" && FLOW_STEPS[draft.flow].includes("pin") && draft.card) return this.#startPin({ ...draft, pin: undefined, pinRetry: true });
		this.#endTxn(draft);
		const meaning = RESPONSE_CODES[code]?.meaning ?? "";
		this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: [this.#t("declined", code), meaning], ok: false }, "idle");
	}

	#failed(draft: Draft, failure: OnlineFailure): void {
		this.#endTxn(draft);
		this.#notice({ title: this.#t(flowTitle(draft.flow)), lines: this.#failureText(failure), ok: false }, "idle");
	}

	#resultLines(txn: TxnEntry): string[] {
		const partial = txn.requestedFen !== undefined ? [this.#t("partialApproved", formatFen(txn.requestedFen), formatFen(txn.amountFen))] : [];
		return [this.#t("approved"), ...partial, ...this.#txnLines(txn)];
	}

	#failureText(failure: OnlineFailure | Declined): string[] {
		return failureLines(failure, this.#language);
	}

	// ---- settlement ----

	#settle(): void {
		if (this.#journal!.counters.signInDay !== this.#today() && !this.#journal!.state.settlement) {
			return this.#notice({ title: this.#t("titleSettle"), lines: [this.#t("notSignedIn")], ok: false }, "idle");
		}
		this.#set({ kind: "busy", title: "titleSettle", text: "processing" });
		void this.#online!.settle(this.#operator!.id, (done, total) => this.#set({ kind: "busy", title: "titleSettle", text: "uploading", progress: { done, total } })).then((result) => {
			if (!result.ok) return this.#notice({ title: this.#t("titleSettle"), lines: this.#failureText(result.error), ok: false }, "idle");
			const { summary, uploaded } = result.value;
			const balanced = summary.domestic === "1" && summary.foreign === "1";
			const t = summary.totals.domestic;
			this.#print(this.#t("titleSettle"), [settlementSlip(settlementSlipData(summary, this.#params!))], () => this.#notice({
				title: this.#t("titleSettle"),
				lines: [
					balanced ? this.#t("settleBalanced") : this.#t("settleUnbalanced", uploaded),
					this.#t("batchLine", String(summary.batch).padStart(6, "0")),
					this.#t("totalsLine", this.#t("debitLabel"), t.debitCount, formatFen(t.debitFen)),
					this.#t("totalsLine", this.#t("creditLabel"), t.creditCount, formatFen(t.creditFen)),
				],
				ok: true,
			}, "idle"));
		});
	}

	// ---- screens ----

	#compose(): Screen {
		const s = this.#state;
		const { title, lines, hints } = this.#body(s);
		const power = this.#hal.power.status();
		return {
			status: {
				title,
				clock: hhmm(localDateTime(this.#hal.clock.nowMs(), this.#params?.utcOffsetMinutes)),
				batteryPercent: power.batteryPercent,
				signalBars: this.#hal.network.signalBars,
			},
			lines,
			hints,
			...(s.kind === "menu" ? { menu: s.menu } : {}),
			...(s.kind === "busy" && s.progress ? { progress: s.progress } : {}),
		};
	}

	#body(s: AppState): { title: string; lines: ScreenLine[]; hints: string[] } {
		const t = (id: MessageId, ...args: (string | number)[]) => this.#t(id, ...args);
		const hints = [t("hintLanguage")];
		const noticeLine = (text: string | undefined) => (text ? [toneLine(text, "error")] : []);
		switch (s.kind) {
			case "self-test":
				return { title: t("stateSelfTest"), lines: [line(PRODUCT_NAME, "center", true), line(t("productLine"), "center"), line(t("version", FIRMWARE_VERSION), "center")], hints };
			case "locked":
				return { title: t("stateLocked"), lines: [line(PRODUCT_NAME, "center", true), line(t("version", FIRMWARE_VERSION), "center"), line(t("stateLocked"), "center"), line(s.detail, "center", true)], hints };
			case "not-configured":
				return { title: t("stateNotConfigured"), lines: [line(t("stateNotConfigured"), "center"), line(s.detail, "center", true)], hints };
			case "journal-damaged":
				return { title: t("titleJournalDamaged"), lines: [...journalDamageLines(this.#journal!.damage!, t).map((text) => line(text)), line(t("supervisorPassword")), largeLine(digitText(passwordConfig(PASSWORD_LENGTH.supervisor), s.entry)), ...noticeLine(s.notice)], hints };
			case "login-operator":
				return { title: t("titleLogin"), lines: [line(PRODUCT_NAME, "center", true), line(t("version", FIRMWARE_VERSION), "center"), line(t("loginOperator")), largeLine(digitText(OPERATOR_ID_ENTRY, s.entry)), ...noticeLine(s.notice)], hints };
			case "login-password":
				return { title: t("titleLogin"), lines: [line(t("loginPassword", s.id)), largeLine(digitText(passwordConfig(PASSWORD_LENGTH[s.role]), s.entry)), ...noticeLine(s.notice)], hints };
			case "change-password":
				return { title: t("titleChangePassword"), lines: [...noticeLine(s.notice), line(s.first === undefined ? t("newPassword") : t("newPasswordAgain")), largeLine(digitText(passwordConfig(PASSWORD_LENGTH[s.role]), s.entry))], hints };
			case "needs-sign-in":
				return { title: t("stateNeedsSignIn"), lines: [line(t("stateNeedsSignIn"), "center"), ...noticeLine(s.notice), line(t("pressAnyKeySignIn"), "center")], hints };
			case "busy":
				return { title: t(s.title), lines: [line(t(s.text), "center")], hints: [] };
			case "idle": {
				const counters = this.#journal!.counters;
				return {
					title: t("titleIdle"),
					lines: [line(PRODUCT_NAME, "center", true), line(this.#params!.merchantName, "center"), line(t("swipeCard"), "center"), line(t("idlePrompt"), "center"), line(t("operatorLine", this.#operator?.id ?? "")), line(t("batchLine", String(counters.batch).padStart(6, "0"))), ...this.#owedReversalLine()],
					hints,
				};
			}
			case "menu":
				return { title: t(MENU_TITLE[s.name]), lines: [], hints };
			case "notice":
				return { title: s.notice.title, lines: [...s.notice.lines.map((text, i) => (i === 0 ? toneLine(text, s.notice.ok ? "ok" : "error") : line(text))), line(t("pressAnyKey"), "center")], hints: [] };
			case "txn":
				return { title: t(flowTitle(s.draft.flow)), lines: this.#stepLines(s.draft, s.step), hints: [] };
			case "printing":
				return {
					title: s.title,
					lines: [line(s.tearOff ? t("tearOff") : t("printingCopy", s.copy), "center"), ...(s.fault ? [toneLine(t("printerFault", s.fault), "error")] : [])],
					hints: [],
				};
			case "params": {
				if (s.stage === "admin") return { title: t("menuParams"), lines: [line(t("adminPassword")), largeLine(digitText(passwordConfig(PASSWORD_LENGTH.admin), s.entry)), ...noticeLine(s.notice)], hints: [] };
				const spec = PARAM_SCHEMA[s.name!];
				const choices = spec.kind === "bool" ? ["1 / 0"] : spec.kind === "choice" ? [spec.values.map((v, i) => `${i + 1} ${v}`).join("  ")] : [];
				return { title: t("menuParams"), lines: [line(`${s.name}=${String(this.#params![s.name!])}`), ...choices.map((c) => line(c)), largeLine(s.entry.digits), ...noticeLine(s.notice)], hints: [] };
			}
			case "operator-admin": {
				const prompt: MessageId = s.stage === "supervisor" ? "supervisorPassword" : s.stage === "id" ? "loginOperator" : s.stage === "password" ? "newPassword" : "newPasswordAgain";
				return { title: t(s.action === "add" ? "menuOperatorAdd" : "menuOperatorDelete"), lines: [line(t(prompt)), largeLine(digitText(OPERATOR_ADMIN_ENTRY[s.stage], s.entry)), ...noticeLine(s.notice)], hints: [] };
			}
			case "voucher-lookup":
				return { title: t(s.purpose === "reprint" ? "menuReprint" : "menuQueryTxn"), lines: [line(t("enterVoucher")), largeLine(s.entry.digits), ...noticeLine(s.notice)], hints: [] };
		}
	}

	/** An owed reversal stays on the idle screen until the host confirms it (unionpay-8583.md §8). */
	#owedReversalLine(): ScreenLine[] {
		const owed = this.#journal!.state.reversal;
		return owed ? [toneLine(this.#t("reversalOwedLine", String(owed.stan).padStart(6, "0")), "error")] : [];
	}

	#stepLines(draft: Draft, step: Step): ScreenLine[] {
		const t = (id: MessageId, ...args: (string | number)[]) => this.#t(id, ...args);
		const amount = draft.amountFen !== undefined ? [line(t("amountLine", formatFen(draft.amountFen)))] : [];
		switch (step.kind) {
			case "supervisor":
				return [line(t("supervisorPassword")), largeLine(digitText(passwordConfig(PASSWORD_LENGTH.supervisor), step.entry)), ...(step.notice ? [toneLine(step.notice, "error")] : [])];
			case "voucher":
				return [line(t("enterVoucher")), largeLine(step.entry.digits), ...(step.notice ? [toneLine(step.notice, "error")] : [])];
			case "confirm-original": {
				const o = draft.original!;
				return [line(t("voucherLine", String(o.stan).padStart(6, "0"))), line(t("cardLine", o.panMasked)), line(t("amountLine", formatFen(o.amountFen))), line(t("confirmOriginal"))];
			}
			case "card":
				return [
					line(this.#params!.manualEntryAllowed ? t("swipeOrKey") : t("swipeCard"), "center"),
					...(step.manual ? [largeLine(digitText(CARD_NUMBER_ENTRY, step.manual))] : []),
					...(step.notice ? [toneLine(t(step.notice), "error")] : []),
					...(step.manual?.notice ? [toneLine(t(step.manual.notice), "error")] : []),
				];
			case "expiry":
				return [line(t("enterExpiry")), largeLine(step.entry.digits)];
			case "original-rrn":
			case "original-date":
			case "auth-code": {
				const prompt: MessageId = step.kind === "original-rrn" ? "enterOriginalRrn" : step.kind === "original-date" ? "enterOriginalDate" : "enterAuthCode";
				return [line(t(prompt)), largeLine(step.entry.digits), ...(step.entry.notice ? [toneLine(t(step.entry.notice), "error")] : [])];
			}
			case "confirm-card":
				return [line(t("confirmCard")), largeLine(draft.card!.masked)];
			case "amount":
				return [line(t("enterAmount")), largeLine(formatFen(step.entry.fen)), ...(step.entry.notice ? [toneLine(t(step.entry.notice), "error")] : [])];
			case "pin":
				return [...amount, ...(draft.pinRetry ? [toneLine(t("pinRetry"), "error")] : []), line(t("enterPin")), largeLine("*".repeat(step.digits)), ...(this.#pinRule(draft).bypassAllowed ? [line(t("pinBypassHint"))] : [])];
			case "online":
				return [...amount, line(t("processing"), "center")];
		}
	}
}

const MENU_TITLE: Readonly<Record<MenuName, MessageId>> = { main: "titleMenu", manage: "menuManage", reprint: "menuReprint", preauth: "menuPreAuth", query: "menuQuery", operators: "menuOperators", params: "menuParams" };

/** CANCEL goes back one level (issue 7): the menu each menu was opened from. */
const MENU_PARENT: Readonly<Record<MenuName, MenuName | "idle">> = { main: "idle", manage: "main", reprint: "main", preauth: "main", query: "main", operators: "manage", params: "manage" };

const FLOW_TITLE: Readonly<Record<Flow, MessageId>> = {
	sale: "menuSale", void: "menuVoid", balance: "menuBalance", refund: "menuRefund", preauth: "menuPreAuthNew", "preauth-void": "menuPreAuthVoid",
	completion: "menuCompletion", "completion-advice": "menuCompletionAdvice", "completion-void": "menuCompletionVoid",
};

function flowTitle(flow: Flow): MessageId {
	return FLOW_TITLE[flow];
}

/** Builds the terminal on a HAL and boots it. */
export function startTerminal(hal: Hal, options?: TerminalOptions): Terminal {
	const terminal = new Terminal(hal, options);
	terminal.start();
	return terminal;
}
